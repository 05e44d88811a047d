//! The browser pieces the Spotify client needs, reached through the global scope so they work in a
//! window and in a worker.

use super::error::AuthError;

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
