//! Mounts the app; everything else lives in the library so that browser tests can mount pieces of it.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(attune::App);
}
