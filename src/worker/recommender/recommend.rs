//! For You: a source's pool re-ranked for the listening moment by what the worker learnt from reactions,
//! from the demo's picks or the stored history. Answers [`Recommend`].

use super::lists::items;
use super::requests::{Basis, RecItem, Recommend};
use super::state::{history_taste, with_model, LEARNING};
use crate::worker::protocol::WorkerError;
use attune_engine::community::CommunityRecommender;
use attune_engine::Seed;

/// The sources propose this many times the tracks shown; the context model picks the shown ones.
const POOL_FACTOR: usize = 3;

pub async fn recommend(request: Recommend) -> Result<Vec<RecItem>, WorkerError> {
    let Recommend {
        basis,
        k,
        discovery,
        context,
    } = request;
    let history = match basis {
        Basis::History => Some(history_taste().await?),
        Basis::Picks(_) => None,
    };
    with_model(|model| {
        let pool = match &history {
            Some(taste) => model.recommend_for_history(taste, POOL_FACTOR * k, discovery),
            None => model.recommend(&picked(model, &basis), POOL_FACTOR * k, discovery),
        };
        let ranked = LEARNING.with(|l| l.borrow().rerank(model.index(), &context, pool, k));
        Ok(items(model, ranked))
    })
    .await
}

/// The demo's picks, and the tracks liked since: a liked track joins the picks, so the next list folds
/// it in.
fn picked(model: &CommunityRecommender, basis: &Basis) -> Vec<Seed> {
    let catalog = model.index().catalog();
    let keys = match basis {
        Basis::Picks(keys) => keys.as_slice(),
        Basis::History => &[],
    };
    let mut seeds: Vec<Seed> = keys
        .iter()
        .filter_map(|key| Seed::from_key(key, catalog))
        .collect();
    LEARNING.with(|l| seeds.extend(l.borrow().liked_seeds(model.index())));
    seeds
}
