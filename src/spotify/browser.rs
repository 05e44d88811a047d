//! The browser pieces the Spotify client needs, reached through the global scope so they work in a
//! window and in a worker.

use wasm_bindgen::{JsCast, JsValue};

pub fn crypto() -> Result<web_sys::Crypto, String> {
    js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| "this browser has no WebCrypto".to_string())
}

pub fn subtle() -> Result<web_sys::SubtleCrypto, String> {
    let subtle = crypto()?.subtle();
    if JsValue::from(subtle.clone()).is_undefined() {
        return Err("signing in needs a secure page (https, or http on 127.0.0.1)".into());
    }
    Ok(subtle)
}

/// sessionStorage: the verifier and state of a sign-in in progress live only as long as this tab.
pub fn session() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .ok_or_else(|| "this browser blocks session storage, which signing in needs".to_string())
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
