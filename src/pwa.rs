//! The installable, offline app: registers the service worker (`pwa/sw.template.js`, written into each
//! build by `scripts/service-worker.sh`), notices when a newer build is waiting, and follows whether the
//! browser is online.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration};

/// What the page shows about the app itself.
#[derive(Clone, Copy)]
pub struct AppStatus {
    pub online: RwSignal<bool>,
    /// A newer build's service worker, installed and waiting for the listener's go-ahead.
    pub update: RwSignal<Option<ServiceWorker>, LocalStorage>,
}

impl AppStatus {
    /// Registers the service worker and starts following the connection.
    pub fn start() -> AppStatus {
        let window = window();
        let status = AppStatus {
            online: RwSignal::new(window.navigator().on_line()),
            update: RwSignal::new_local(None),
        };
        for (event, online) in [("online", true), ("offline", false)] {
            let on_change = Closure::<dyn Fn()>::new(move || status.online.set(online));
            let _ =
                window.add_event_listener_with_callback(event, on_change.as_ref().unchecked_ref());
            on_change.forget();
        }
        leptos::task::spawn_local(register(status));
        status
    }

    /// Lets the waiting worker take over; the page reloads when it has.
    pub fn apply_update(&self) {
        if let Some(waiting) = self.update.get_untracked() {
            // Only now: the first install also changes the controller, and must not reload the page.
            let reload = Closure::<dyn Fn()>::new(|| {
                let _ = window().location().reload();
            });
            if let Some(container) = service_workers() {
                container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
            }
            reload.forget();
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            let _ = waiting.post_message(&message);
        }
    }
}

/// `navigator.serviceWorker`, where the browser has it: Firefox's private windows and plain-http origins
/// do not, and web-sys's getter throws there.
pub fn service_workers() -> Option<web_sys::ServiceWorkerContainer> {
    js_sys::Reflect::get(&window().navigator(), &"serviceWorker".into())
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .map(|c| c.unchecked_into())
}

async fn register(status: AppStatus) {
    let Some(container) = service_workers() else {
        return;
    };
    let registration = match JsFuture::from(container.register("sw.js")).await {
        Ok(registration) => registration.unchecked_into::<ServiceWorkerRegistration>(),
        // No service worker (a private window, an old browser, plain http on a LAN address): the app
        // still works online, it just cannot work offline.
        Err(_) => return,
    };
    // A worker already waiting at start-up is a newer build (the first install never waits).
    if let Some(waiting) = registration.waiting() {
        status.update.set(Some(waiting));
    }
    let watched = registration.clone();
    let on_update = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = watched.installing() else {
            return;
        };
        let worker = installing.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            // Installed while another worker controls the page: an update, not the first install.
            let installed = worker.state() == web_sys::ServiceWorkerState::Installed;
            if installed && window().navigator().service_worker().controller().is_some() {
                status.update.set(Some(worker.clone()));
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
    on_update.forget();
}
