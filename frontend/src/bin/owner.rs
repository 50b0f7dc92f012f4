//! The owner bundle: mounts the owner's console on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(turnaki_frontend::app::OwnerApp);
}
