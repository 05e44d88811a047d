//! The Web API client: every call carries a fresh token; a 401 refreshes once and retries (then signs
//! out cleanly); a 429 waits for Retry-After; a network error with no readable status (Spotify's 429s
//! sometimes lack CORS headers, so the browser hides them) backs off exponentially with jitter; a 5xx
//! retries a bounded number of times. A POST is never sent twice by this client (see [`Spotify::send`]).

use super::auth::{disconnect, fresh_access_token, RefreshError};
use super::error::ApiError;
use super::API;
use crate::fetch::Deadline;
use gloo_net::http::{Method, RequestBuilder, Response};
use gloo_timers::future::TimeoutFuture;
use serde_json::Value;

const MAX_RATE_LIMITED: u32 = 6;
const MAX_NETWORK_ERRORS: u32 = 5;
const MAX_SERVER_ERRORS: u32 = 3;
/// The longest Retry-After believed.
const MAX_WAIT_S: f64 = 2.0 * 24.0 * 3600.0;
/// The longest Retry-After honoured in place; a longer one ends this sync, the next resumes.
const MAX_RETRY_AFTER_S: f64 = 60.0;
/// A request Spotify has not answered in this long is given up (and counted as a network error): a hung
/// request would otherwise hold the sync, or the refresh lock every tab waits on, forever.
pub(super) const TIMEOUT_MS: i32 = 30_000;

/// A connection to the Web API for the signed-in listener.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spotify;

impl Spotify {
    pub async fn get(&self, path: &str) -> Result<Value, ApiError> {
        self.send(Method::GET, path, None).await
    }

    /// A GET that waits for nothing: a 429 answers [`ApiError::RateLimitedFor`] and a network error
    /// (which may be a 429 without CORS headers, hidden by the browser) [`ApiError::Unreachable`] at
    /// once, without a retry, for look-ups that must never hold a list up (the caller backs off).
    pub async fn get_unless_limited(&self, path: &str) -> Result<Value, ApiError> {
        self.send_with(Method::GET, path, None, false).await
    }

    /// `path` is relative to the API root (`/me/...`); `body` is sent as JSON.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, ApiError> {
        self.send_with(method, path, body, true).await
    }

    async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        wait_when_limited: bool,
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
                    RefreshError::Later(error) => ApiError::Unreachable(error.to_string()),
                })?;
            let request = RequestBuilder::new(&url)
                .method(method.clone())
                .header("Authorization", &format!("Bearer {token}"));
            let request = match body {
                Some(_) => request.header("Content-Type", "application/json"),
                None => request,
            };
            // A POST is not idempotent: one whose answer is lost may have been applied, so it is not
            // sent again here (the save queue checks what landed before it resumes). A 401 or a 429
            // is Spotify refusing before doing anything, so those are retried for every method.
            let replayable = method != Method::POST;
            let response = match send(request, body.map(Value::to_string)).await {
                Ok(response) => response,
                Err(message) => {
                    network += 1;
                    if network > MAX_NETWORK_ERRORS || !replayable || !wait_when_limited {
                        return Err(ApiError::Unreachable(message));
                    }
                    TimeoutFuture::new(backoff_ms(network)).await;
                    continue;
                }
            };
            match response.status() {
                200..=299 => {
                    let text = response
                        .text()
                        .await
                        .map_err(|e| ApiError::Unreachable(e.to_string()))?;
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
                    if !wait_when_limited {
                        return Err(ApiError::RateLimitedFor(wait));
                    }
                    if limited > MAX_RATE_LIMITED || wait > MAX_RETRY_AFTER_S {
                        return Err(ApiError::RateLimited);
                    }
                    TimeoutFuture::new((wait * 1000.0) as u32).await;
                }
                status @ 500..=599 => {
                    server += 1;
                    if server > MAX_SERVER_ERRORS || !replayable {
                        return Err(ApiError::Failed(status));
                    }
                    TimeoutFuture::new(backoff_ms(server)).await;
                }
                status => return Err(ApiError::Failed(status)),
            }
        }
    }
}

/// Exponential backoff with full jitter: up to 0.5 s, 1 s, 2 s, … capped at 30 s.
fn backoff_ms(attempt: u32) -> u32 {
    let ceiling = (500.0 * 2f64.powi(attempt as i32 - 1)).min(30_000.0);
    (ceiling * (0.5 + 0.5 * js_sys::Math::random())) as u32
}

fn retry_after_s(response: &Response) -> f64 {
    response
        .headers()
        .get("Retry-After")
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite())
        .unwrap_or(1.0)
        // Two days at most: a larger or absurd value must not stop a feature for good.
        .clamp(0.0, MAX_WAIT_S)
}

/// Sends a request to Spotify with `body`, given up after [`TIMEOUT_MS`]; a rejection (no readable
/// response, as when a 429 lacks CORS headers) is an `Err` with the browser's reason.
pub(super) async fn send(
    request: RequestBuilder,
    body: Option<String>,
) -> Result<Response, String> {
    let deadline = Deadline::start(TIMEOUT_MS).map_err(|e| format!("{e:?}"))?;
    let request = request.abort_signal(Some(&deadline.controller.signal()));
    let request = match body {
        Some(body) => request.body(body),
        None => request.build(),
    }
    .map_err(|e| e.to_string())?;
    match request.send().await {
        Ok(response) => Ok(response),
        Err(_) if deadline.passed() => {
            Err(format!("no answer within {} seconds", TIMEOUT_MS / 1000))
        }
        Err(err) => Err(err.to_string()),
    }
}
