//! Loads the bundled catalog asset lazily, the first time a page needs it.

use crate::fetch::{text, FetchError, ASSET_TIMEOUT_MS};
use attune_engine::{Catalog, ContentIndex};
use std::sync::Arc;
use thiserror::Error;

/// Where the assets live, relative to the page's base URL so that the app works under a sub-path too.
pub const CATALOG_URL: &str = "catalog/catalog.txt";
pub const COMMUNITY_URL: &str = "community/lastfm-2k.txt";

#[derive(Debug, Clone, Error)]
pub enum CatalogLoadError {
    #[error("{0}")]
    Network(#[from] FetchError),
    #[error("the music catalog is damaged ({0}). Reloading may fetch a good copy.")]
    Corrupt(String),
}

/// Downloads and indexes the catalog, from the page's base URL.
pub async fn load_catalog() -> Result<Arc<ContentIndex>, CatalogLoadError> {
    load_catalog_from("").await
}

/// Downloads and indexes the catalog found under `base` (the embeddable widget's own origin).
pub async fn load_catalog_from(base: &str) -> Result<Arc<ContentIndex>, CatalogLoadError> {
    let text = text(&format!("{base}{CATALOG_URL}"), ASSET_TIMEOUT_MS).await?;
    let catalog =
        Catalog::from_asset(&text).map_err(|e| CatalogLoadError::Corrupt(e.to_string()))?;
    Ok(Arc::new(ContentIndex::new(catalog, Default::default())))
}
