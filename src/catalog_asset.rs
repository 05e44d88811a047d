//! Loads the bundled catalog asset lazily, the first time a page needs it.

use attune_engine::{Catalog, ContentIndex};
use std::sync::Arc;
use thiserror::Error;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the asset lives, relative to the page's base URL so that the app works under a sub-path too.
pub const CATALOG_URL: &str = "catalog/catalog.txt";

#[derive(Debug, Clone, Error)]
pub enum CatalogLoadError {
    #[error("could not download the music catalog ({0}). Check your connection and reload.")]
    Network(String),
    #[error("the music catalog is damaged ({0}). Reloading may fetch a good copy.")]
    Corrupt(String),
}

/// Downloads and indexes the catalog, from the page's base URL.
pub async fn load_catalog() -> Result<Arc<ContentIndex>, CatalogLoadError> {
    load_catalog_from("").await
}

/// Downloads and indexes the catalog found under `base` (the embeddable widget's own origin).
pub async fn load_catalog_from(base: &str) -> Result<Arc<ContentIndex>, CatalogLoadError> {
    let text = fetch_text(&format!("{base}{CATALOG_URL}")).await?;
    let catalog =
        Catalog::from_asset(&text).map_err(|e| CatalogLoadError::Corrupt(e.to_string()))?;
    Ok(Arc::new(ContentIndex::new(catalog, Default::default())))
}

async fn fetch_text(url: &str) -> Result<String, CatalogLoadError> {
    let network = |e: wasm_bindgen::JsValue| CatalogLoadError::Network(describe(&e));
    let window = web_sys::window().ok_or_else(|| CatalogLoadError::Network("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(network)?
        .unchecked_into();
    if !response.ok() {
        return Err(CatalogLoadError::Network(format!(
            "HTTP {}",
            response.status()
        )));
    }
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?;
    text.as_string()
        .ok_or_else(|| CatalogLoadError::Corrupt("not text".into()))
}

fn describe(err: &wasm_bindgen::JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{err:?}"))
}
