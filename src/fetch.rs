//! Downloading Attune's own files (the catalog and community assets), in a page or a worker alike, with a
//! time limit: a request the network never answers is given up instead of holding its caller forever.

use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long a download of one of Attune's files may take; the largest is 2.9 MB.
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
    let (response, deadline) = respond(url, timeout_ms).await?;
    response
        .text()
        .await
        .map_err(|e| deadline.failure(url, e.to_string()))
}

/// The response to a GET of `url` that succeeded, with the deadline that still bounds reading its body.
async fn respond(url: &str, timeout_ms: i32) -> Result<(Response, Deadline), FetchError> {
    let network = |detail: String| FetchError::Network {
        url: url.to_string(),
        detail,
    };
    let deadline = Deadline::start(timeout_ms).map_err(|e| network(format!("{e:?}")))?;
    let response = Request::get(url)
        .abort_signal(Some(&deadline.controller.signal()))
        .send()
        .await
        .map_err(|e| deadline.failure(url, e.to_string()))?;
    if !response.ok() {
        return Err(FetchError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    Ok((response, deadline))
}

/// A download read as it arrives, so a large file is never whole in memory; the deadline it was opened
/// with bounds the whole of it. Its length is not told: a compressed body arrives decompressed, and
/// whether it was compressed is not always visible to the page.
pub struct Download {
    url: String,
    body: web_sys::ReadableStreamDefaultReader,
    deadline: Deadline,
}

impl Download {
    pub async fn open(url: &str, timeout_ms: i32) -> Result<Download, FetchError> {
        let (response, deadline) = respond(url, timeout_ms).await?;
        let body = response.body().ok_or_else(|| FetchError::Network {
            url: url.to_string(),
            detail: "the response has no body".into(),
        })?;
        Ok(Download {
            url: url.to_string(),
            body: body.get_reader().unchecked_into(),
            deadline,
        })
    }

    /// The next bytes, or `None` at the end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, FetchError> {
        let read = JsFuture::from(self.body.read())
            .await
            .map_err(|e| self.deadline.failure(&self.url, format!("{e:?}")))?;
        let field = |name: &str| js_sys::Reflect::get(&read, &name.into()).unwrap_or_default();
        if field("done").is_truthy() {
            return Ok(None);
        }
        Ok(Some(
            field("value")
                .unchecked_into::<js_sys::Uint8Array>()
                .to_vec(),
        ))
    }
}

/// A download given up before its end (its reader refused the file) is stopped, not left to arrive.
impl Drop for Download {
    fn drop(&mut self) {
        self.deadline.controller.abort();
    }
}

/// An AbortController that aborts after a delay, unless dropped first.
pub struct Deadline {
    pub controller: web_sys::AbortController,
    timeout_ms: i32,
    passed: std::rc::Rc<std::cell::Cell<bool>>,
    _timer: Timeout,
}

impl Deadline {
    pub fn start(timeout_ms: i32) -> Result<Deadline, JsValue> {
        let controller = web_sys::AbortController::new()?;
        let passed = std::rc::Rc::new(std::cell::Cell::new(false));
        let timer = {
            let (controller, passed) = (controller.clone(), passed.clone());
            Timeout::new(timeout_ms.max(0) as u32, move || {
                passed.set(true);
                controller.abort();
            })
        };
        Ok(Deadline {
            controller,
            timeout_ms,
            passed,
            _timer: timer,
        })
    }

    /// Whether the time ran out (and the request was aborted for it).
    pub fn passed(&self) -> bool {
        self.passed.get()
    }

    /// What a request or the reading of its body that failed with `detail` was: timed out when this
    /// deadline aborted it, else a broken network.
    fn failure(&self, url: &str, detail: String) -> FetchError {
        match self.passed() {
            true => FetchError::TimedOut {
                url: url.to_string(),
                seconds: self.timeout_ms / 1000,
            },
            false => FetchError::Network {
                url: url.to_string(),
                detail,
            },
        }
    }
}
