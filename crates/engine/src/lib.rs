//! Attune's recommender engine.
//!
//! The engine is pure Rust so that the browser app, the `attune` CLI and the native tests all run the same
//! code. Brief overview:
//!
//! - [`Catalog`] holds the tracks, artists and genres Attune knows features for. It is loaded from the
//!   compact text asset the app ships ([`Catalog::from_asset`]), which `attune-lab` builds from public
//!   data tables.
//! - [`ContentIndex`] turns the catalog into standardised audio-feature vectors and TF-IDF genre vectors and
//!   answers "tracks similar to these seeds" with a reason for every result.
//! - [`Scored`] is the one shape every model answers in: an item, a score and why.
//!
//! ```
//! use attune_engine::{Catalog, ContentIndex, Seed};
//! let catalog = Catalog::from_asset(include_str!("../../../public/catalog/catalog.txt")).unwrap();
//! let seed = catalog.find_track("Get Lucky").unwrap();
//! let index = ContentIndex::new(catalog, Default::default());
//! let recs = index.recommend(&[Seed::Track(seed)], 3);
//! assert_eq!(recs.len(), 3);
//! assert!(recs.iter().all(|r| r.item != seed));
//! ```

pub mod als;
pub mod bandit;
pub mod blend;
pub mod catalog;
pub mod cluster;
pub mod colisten;
pub mod community;
pub mod content;
pub mod diversify;
pub mod error;
pub mod features;
pub mod hybrid;
pub mod ids;
pub mod import;
pub mod insights;
pub mod interactions;
pub mod item_content;
pub mod item_knn;
pub mod linalg;
pub mod list_item;
pub mod metrics;
pub mod names;
pub mod next_track;
pub mod playlist;
pub mod recommend;
pub mod rng;
pub mod shipped;
pub mod split;
pub mod taste;
#[cfg(any(test, feature = "testutil"))]
pub mod testutil;
pub mod tune;

pub use catalog::{Artist, ArtistIdx, Catalog, SearchHit, Track, TrackIdx};
pub use content::{ContentIndex, ContentParams, Seed};
pub use error::{CatalogError, DataError};
pub use features::{Feature, Features};
pub use recommend::Scored;
