//! The browser pieces the Spotify client needs, reached through the global scope so they work in a
//! window and in a worker.

use super::error::AuthError;
use wasm_bindgen::JsCast;

/// sessionStorage: the verifier and state of a sign-in in progress live only as long as this tab.
pub fn session() -> Result<web_sys::Storage, AuthError> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .ok_or(AuthError::Browser(
            "this browser blocks session storage, which signing in needs",
        ))
}

/// Milliseconds since 1970.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Waits `ms` milliseconds without blocking.
pub async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
        // Window and worker scopes both have setTimeout; the cast only names the method.
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
