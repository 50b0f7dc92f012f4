//! The agenda bundle: mounts reception's calendar and the dentist's agenda on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(turnaki_frontend::app::AgendaApp);
}
