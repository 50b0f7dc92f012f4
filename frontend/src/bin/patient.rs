//! The patient bundle: mounts the patient pages on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(turnaki_frontend::app::PatientApp);
}
