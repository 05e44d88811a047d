//! Loads the bundled catalog asset lazily, the first time a page needs it, once for the whole app.

use crate::fetch::{text, FetchError, ASSET_TIMEOUT_MS};
use attune_engine::{Catalog, ContentIndex};
use leptos::prelude::*;
use std::sync::Arc;
use thiserror::Error;

/// Where the assets live, relative to the page's base URL so that the app works under a sub-path too.
pub const CATALOG_URL: &str = "catalog/catalog.txt";
/// The listener community as factors (`scripts/community.sh`, `crates/engine/src/shipped.rs`).
pub const COMMUNITY_URL: &str = "community/lastfm-2k.factors";

#[derive(Debug, Clone, PartialEq, Error)]
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

/// The catalog as the app loads it.
pub type LoadedCatalog = Result<Arc<ContentIndex>, CatalogLoadError>;

/// The app's one catalog: downloaded and indexed the first time a page asks, then shared by every page
/// (the 1.25 MB asset was once fetched and indexed again on each visit to a page that shows tracks).
#[derive(Clone, Copy)]
pub struct SharedCatalog {
    owner: StoredValue<Owner, LocalStorage>,
    catalog: StoredValue<Option<LocalResource<LoadedCatalog>>, LocalStorage>,
}

impl SharedCatalog {
    /// Call inside the app's root component: the resource will belong to it, not to a page.
    pub fn new() -> SharedCatalog {
        SharedCatalog {
            owner: StoredValue::new_local(Owner::current().expect("created inside the app")),
            catalog: StoredValue::new_local(None),
        }
    }

    /// The catalog's resource, started now if no page has asked before.
    pub fn get(&self) -> LocalResource<LoadedCatalog> {
        if let Some(catalog) = self.catalog.get_value() {
            return catalog;
        }
        let catalog = self
            .owner
            .with_value(|owner| owner.with(|| LocalResource::new(load_catalog)));
        self.catalog.set_value(Some(catalog));
        catalog
    }
}

impl Default for SharedCatalog {
    fn default() -> Self {
        SharedCatalog::new()
    }
}
