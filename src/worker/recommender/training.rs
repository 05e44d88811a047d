//! The recommender worker's model: the bundled catalog and listener community downloaded, and the hybrid
//! trained on them, or the kept model reused when the community has not changed. Answers [`Init`].

use super::kept_model;
use super::learning::Learning;
use super::requests::{Init, RecommenderEvent};
use super::state::{trained, LEARNING};
use crate::catalog_asset::{CATALOG_URL, COMMUNITY_URL};
use crate::fetch::{text, ASSET_TIMEOUT_MS};
use crate::worker::protocol::WorkerError;
use crate::worker::serve::post_event;
use attune_engine::community::{Community, CommunityRecommender};
use attune_engine::{Catalog, ContentIndex};
use std::sync::Arc;

/// Loads what was learnt from reactions (told as an event at once), then trains; answered once the model
/// answers requests, which wait for it meanwhile.
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
    let model = train(&request.base_url).await;
    let answer = model.as_ref().map(drop).map_err(Clone::clone);
    trained(model);
    answer
}

/// The trained model, posting progress in factorization iterations.
async fn train(base_url: &str) -> Result<CommunityRecommender, WorkerError> {
    let download = |url: String| async move { text(&url, ASSET_TIMEOUT_MS).await };
    let catalog = download(format!("{base_url}{CATALOG_URL}")).await?;
    let catalog = Catalog::from_asset(&catalog).map_err(|e| WorkerError::Damaged {
        what: "the music catalog".into(),
        detail: e.to_string(),
    })?;
    let community_text = download(format!("{base_url}{COMMUNITY_URL}")).await?;
    let community = Community::from_asset(&community_text).map_err(|e| WorkerError::Damaged {
        what: "the listener community data".into(),
        detail: e.to_string(),
    })?;
    let index = Arc::new(ContentIndex::new(catalog, Default::default()));
    // The settings chosen when the asset was built (the defaults for an asset without them).
    let params = community.params();
    let total = params.als.iterations as u32;
    let listeners = community.plays.n_rows() as u32;
    let hash = kept_model::asset_hash(&community_text);
    if let Some(model) = kept_model::load(index.clone(), community.clone(), params, hash).await {
        post_event(&RecommenderEvent::Progress {
            done: total,
            total,
            listeners,
        });
        return Ok(model);
    }
    let model = CommunityRecommender::fit(index, community, params, |done| {
        post_event(&RecommenderEvent::Progress {
            done: done as u32,
            total,
            listeners,
        })
    });
    // Kept once the model is answering: the next visit starts without training.
    wasm_bindgen_futures::spawn_local(kept_model::keep(kept_model::kept_bytes(&model, hash)));
    Ok(model)
}
