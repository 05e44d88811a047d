//! The recommender worker's model: the bundled catalog and the listener community's factors downloaded
//! and read. The community was trained offline (on Spark, `scripts/community.sh`), so nothing is trained
//! here: the listener is folded into it per request. Answers [`Init`].

use super::learning::Learning;
use super::requests::{Init, RecommenderEvent};
use super::state::{loaded, LEARNING};
use crate::catalog_asset::{CATALOG_URL, COMMUNITY_URL};
use crate::fetch::{text, Download, ASSET_TIMEOUT_MS};
use crate::store::Store;
use crate::worker::protocol::WorkerError;
use crate::worker::serve::post_event;
use attune_engine::community::CommunityRecommender;
use attune_engine::shipped::{Reader, Shipped, ShippedError};
use attune_engine::{Catalog, ContentIndex};
use std::sync::Arc;

/// Loads what was learnt from reactions (told as an event at once), then the model; answered once the
/// model answers requests, which wait for it meanwhile.
pub async fn init(request: Init) -> Result<(), WorkerError> {
    match Learning::load().await {
        Ok(learning) => {
            let reactions = learning.reactions();
            LEARNING.with(|l| *l.borrow_mut() = learning);
            post_event(&RecommenderEvent::Learned { reactions });
        }
        Err(error) => post_event(&RecommenderEvent::NotLearnt {
            message: error.to_string(),
        }),
    }
    post_event(&RecommenderEvent::Loading);
    let model = load(&request.base_url).await;
    let answer = model.as_ref().map(drop).map_err(Clone::clone);
    loaded(model);
    // Space an earlier version used; if it cannot be freed now, the next start tries again.
    if let Ok(store) = Store::open().await {
        let _ = store.forget_kept_community().await;
    }
    answer
}

/// The catalog and the community's factors, joined.
async fn load(base_url: &str) -> Result<CommunityRecommender, WorkerError> {
    let download = |url: String| async move { text(&url, ASSET_TIMEOUT_MS).await };
    let catalog = download(format!("{base_url}{CATALOG_URL}")).await?;
    let catalog = Catalog::from_asset(&catalog).map_err(|e| WorkerError::Damaged {
        what: "the music catalog".into(),
        detail: e.to_string(),
    })?;
    let community = read_community(&format!("{base_url}{COMMUNITY_URL}")).await?;
    let index = Arc::new(ContentIndex::new(catalog, Default::default()));
    Ok(CommunityRecommender::from_shipped(index, community))
}

/// The community's factors, read as they download: at 10^5 artists the text (50 MB) would otherwise sit
/// whole in memory beside the model it becomes.
async fn read_community(url: &str) -> Result<Shipped, WorkerError> {
    let damaged = |e: ShippedError| WorkerError::Damaged {
        what: "the listener community data".into(),
        detail: e.to_string(),
    };
    let mut download = Download::open(url, ASSET_TIMEOUT_MS).await?;
    let mut reader = Reader::new(None);
    while let Some(bytes) = download.chunk().await? {
        reader.push(&bytes).map_err(damaged)?;
    }
    reader.finish().map_err(damaged)
}
