//! Starting Trunk-built workers. Trunk emits each worker as a no-modules script plus its wasm, next
//! to the page; a worker started from a Blob that loads them by absolute URL works under any base
//! path (`/`, `/attune/`, …).

use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, Url, Worker};

/// The directory of the page's base URL, which is where Trunk puts the workers and the assets.
pub fn base_url() -> String {
    let base = leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    match base.rfind('/') {
        Some(slash) => base[..=slash].to_string(),
        None => base,
    }
}

/// Starts the worker built from the binary `bin` (e.g. `attune-worker`).
pub fn spawn_worker(bin: &str) -> Result<Worker, JsValue> {
    let base = base_url();
    let script = format!(r#"importScripts("{base}{bin}.js");wasm_bindgen("{base}{bin}_bg.wasm");"#);
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    Worker::new(&Url::create_object_url_with_blob(&blob)?)
}
