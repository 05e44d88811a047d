//! Downloading Attune's own files (the catalog and community assets), in a page or a worker alike, with a
//! time limit: a request the network never answers is given up instead of holding its caller forever.

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long a download of one of Attune's files may take; the largest is 1.25 MB.
pub const ASSET_TIMEOUT_MS: i32 = 60_000;

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum FetchError {
    #[error("could not download {url} ({detail}). Check your connection and reload.")]
    Network { url: String, detail: String },
    #[error("{url} did not arrive within {seconds} seconds. Check your connection and reload.")]
    TimedOut { url: String, seconds: i32 },
    #[error("could not download {url} (HTTP {status}). Reload the page to try again.")]
    Status { url: String, status: u16 },
}

/// The text at `url`, given up after `timeout_ms`.
pub async fn text(url: &str, timeout_ms: i32) -> Result<String, FetchError> {
    let network = |detail: String| FetchError::Network {
        url: url.to_string(),
        detail,
    };
    let deadline = Deadline::start(timeout_ms).map_err(|e| network(format!("{e:?}")))?;
    let sent = Request::get(url)
        .abort_signal(Some(&deadline.controller.signal()))
        .send()
        .await;
    let response = match sent {
        Ok(response) => response,
        Err(_) if deadline.passed() => {
            return Err(FetchError::TimedOut {
                url: url.to_string(),
                seconds: timeout_ms / 1000,
            })
        }
        Err(err) => return Err(network(err.to_string())),
    };
    if !response.ok() {
        return Err(FetchError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    response.text().await.map_err(|e| network(e.to_string()))
}

/// An AbortController that aborts after a delay, unless dropped first.
pub struct Deadline {
    pub controller: web_sys::AbortController,
    timer: i32,
    passed: std::rc::Rc<std::cell::Cell<bool>>,
    _abort: Closure<dyn FnMut()>,
}

impl Deadline {
    pub fn start(timeout_ms: i32) -> Result<Deadline, JsValue> {
        let controller = web_sys::AbortController::new()?;
        let passed = std::rc::Rc::new(std::cell::Cell::new(false));
        let abort = {
            let (controller, passed) = (controller.clone(), passed.clone());
            Closure::<dyn FnMut()>::new(move || {
                passed.set(true);
                controller.abort();
            })
        };
        let timer = scope().set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.as_ref().unchecked_ref(),
            timeout_ms,
        )?;
        Ok(Deadline {
            controller,
            timer,
            passed,
            _abort: abort,
        })
    }

    /// Whether the time ran out (and the request was aborted for it).
    pub fn passed(&self) -> bool {
        self.passed.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        scope().clear_timeout_with_handle(self.timer);
    }
}

/// Window and worker scopes both have setTimeout; the cast only names the methods.
fn scope() -> web_sys::WorkerGlobalScope {
    js_sys::global().unchecked_into()
}
