//! What passes between the page and a worker: typed requests, each with its own answer type, and events
//! the worker sends of its own accord (training progress, import progress).
//!
//! On the wire every message is a plain JS object: a request `{ id, kind, body }` (and, for requests that
//! carry browser objects such as `File`s, `attachment`); an answer `{ id, answer }` or `{ id, error }`; an
//! event `{ event }`. `body`, `answer`, `error` and `event` are JSON text, parsed by the browser's native
//! JSON on one side and serde on the other (measured against serde-wasm-bindgen in BENCHMARKS.md).

use crate::store::StoreError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use wasm_bindgen::JsValue;

/// A request a worker answers. Adding one is this impl and one handler in the worker's table.
pub trait Request: Serialize + DeserializeOwned + 'static {
    /// The request's name on the wire, unique within its worker.
    const KIND: &'static str;
    type Answer: Serialize + DeserializeOwned + 'static;
}

/// Why a worker could not answer: carried across as a value, shown to the listener as its message.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum WorkerError {
    #[error("{what} could not start in this browser ({detail}). Reload the page to try again.")]
    CouldNotStart { what: String, detail: String },
    #[error("{0} stopped with an error. Reload the page to start it again.")]
    Stopped(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the reaction was learnt but not kept: {0}")]
    NotKept(StoreError),
    #[error("what Attune learnt could not be forgotten: {0}")]
    NotForgotten(StoreError),
    #[error("{0}")]
    Download(#[from] crate::fetch::FetchError),
    #[error("{what} is damaged ({detail}). Reloading may fetch a good copy.")]
    Damaged { what: String, detail: String },
    #[error("{0}")]
    Refused(String),
    #[error("could not read {file}: {detail}")]
    CouldNotRead { file: String, detail: String },
    #[error("The import stopped at {file}: {source}. Files listed as stored before it are kept.")]
    ImportStopped { file: String, source: StoreError },
    #[error("a message between the page and a worker could not be read ({0}); reload the page")]
    Unreadable(String),
}

/// A body, answer, error or event as it travels.
pub(crate) fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("worker messages serialise")
}

/// The other side's text, back as a value.
pub(crate) fn decode<T: DeserializeOwned>(text: &str) -> Result<T, WorkerError> {
    serde_json::from_str(text).map_err(|e| WorkerError::Unreadable(e.to_string()))
}

/// `object[key]`, when it is a string.
pub(crate) fn text_field(object: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(object, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

/// A plain object of these fields.
pub(crate) fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}
