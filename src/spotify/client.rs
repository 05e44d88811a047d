//! The Web API client: every call carries a fresh token; a 401 refreshes once and retries (then signs
//! out cleanly); a 429 waits for Retry-After; a network error with no readable status (Spotify's 429s
//! sometimes lack CORS headers, so the browser hides them) backs off exponentially with jitter; a 5xx
//! retries a bounded number of times.

use super::auth::{disconnect, fresh_access_token, RefreshError};
use super::browser::sleep;
use super::API;
use serde_json::Value;
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const MAX_RATE_LIMITED: u32 = 6;
const MAX_NETWORK_ERRORS: u32 = 5;
const MAX_SERVER_ERRORS: u32 = 3;
/// The longest Retry-After honoured in place; a longer one ends this sync, the next resumes.
const MAX_RETRY_AFTER_S: f64 = 60.0;

#[derive(Debug, Clone, Error, PartialEq)]
pub enum ApiError {
    #[error("{0}")]
    SignInAgain(String),
    #[error("Spotify does not allow this app to read that ({0})")]
    Forbidden(String),
    #[error("Spotify has no {0}")]
    NotFound(String),
    #[error("Spotify asks Attune to slow down; syncing resumes later")]
    RateLimited,
    #[error("Spotify cannot be reached right now ({0}); syncing resumes later")]
    Unreachable(String),
    #[error("Spotify answered HTTP {0}")]
    Failed(u16),
}

/// A connection to the Web API for the signed-in listener.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spotify;

impl Spotify {
    pub async fn get(&self, path: &str) -> Result<Value, ApiError> {
        self.send("GET", path, None).await
    }

    /// `path` is relative to the API root (`/me/...`); `body` is sent as JSON.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, ApiError> {
        let url = format!("{API}{path}");
        // The token the API refused with a 401, once: it is refreshed, and a second 401 signs out.
        let mut rejected: Option<String> = None;
        let (mut limited, mut network, mut server) = (0, 0, 0);
        loop {
            let token = fresh_access_token(rejected.clone())
                .await
                .map_err(|e| match e {
                    RefreshError::SignInAgain(message) => ApiError::SignInAgain(message),
                    RefreshError::Later(message) => ApiError::Unreachable(message),
                })?;
            let response = match fetch(&url, &request(method, &token, body)?).await {
                Ok(response) => response,
                Err(message) => {
                    network += 1;
                    if network > MAX_NETWORK_ERRORS {
                        return Err(ApiError::Unreachable(message));
                    }
                    sleep(backoff_ms(network)).await;
                    continue;
                }
            };
            match response.status() {
                200..=299 => {
                    let text = text(&response).await.map_err(ApiError::Unreachable)?;
                    return Ok(serde_json::from_str(&text).unwrap_or(Value::Null));
                }
                401 if rejected.is_none() => rejected = Some(token),
                401 => {
                    let _ = disconnect().await;
                    return Err(ApiError::SignInAgain(
                        "Spotify no longer accepts this connection. Connect again to keep syncing."
                            .into(),
                    ));
                }
                403 => {
                    return Err(ApiError::Forbidden(
                        path.split('?').next().unwrap_or(path).into(),
                    ))
                }
                404 => return Err(ApiError::NotFound(path.into())),
                429 => {
                    limited += 1;
                    let wait = retry_after_s(&response);
                    if limited > MAX_RATE_LIMITED || wait > MAX_RETRY_AFTER_S {
                        return Err(ApiError::RateLimited);
                    }
                    sleep(wait * 1000.0).await;
                }
                status @ 500..=599 => {
                    server += 1;
                    if server > MAX_SERVER_ERRORS {
                        return Err(ApiError::Failed(status));
                    }
                    sleep(backoff_ms(server)).await;
                }
                status => return Err(ApiError::Failed(status)),
            }
        }
    }
}

fn request(
    method: &str,
    token: &str,
    body: Option<&Value>,
) -> Result<web_sys::RequestInit, ApiError> {
    let failed = |e: JsValue| ApiError::Unreachable(format!("{e:?}"));
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(failed)?;
    headers
        .set("Authorization", &format!("Bearer {token}"))
        .map_err(failed)?;
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(failed)?;
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&headers);
    Ok(init)
}

/// Exponential backoff with full jitter: up to 0.5 s, 1 s, 2 s, … capped at 30 s.
fn backoff_ms(attempt: u32) -> f64 {
    let ceiling = (500.0 * 2f64.powi(attempt as i32 - 1)).min(30_000.0);
    ceiling * (0.5 + 0.5 * js_sys::Math::random())
}

fn retry_after_s(response: &web_sys::Response) -> f64 {
    response
        .headers()
        .get("Retry-After")
        .ok()
        .flatten()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .unwrap_or(1.0)
        .max(0.0)
}

/// `fetch` from the global scope (window or worker); a rejection (no readable response) is an `Err`.
pub(super) async fn fetch(
    url: &str,
    init: &web_sys::RequestInit,
) -> Result<web_sys::Response, String> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let promise = scope.fetch_with_str_and_init(url, init);
    JsFuture::from(promise)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "network error".into())
        })
}

pub(super) async fn text(response: &web_sys::Response) -> Result<String, String> {
    let promise = response.text().map_err(|e| format!("{e:?}"))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| format!("{e:?}"))?
        .as_string()
        .ok_or_else(|| "not text".into())
}
