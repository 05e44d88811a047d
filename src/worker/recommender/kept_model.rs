//! The trained community model kept in IndexedDB, so that a visit reuses it instead of training again
//! (most of the worker's 1.8 s start). It is kept with the hash of the community asset it was trained
//! on, and trained again when the asset (or the model's stored form, [`KEPT_FORMAT`]) changes.

use crate::store::Store;
use attune_engine::community::{Community, CommunityRecommender, TrainedCommunity};
use attune_engine::hybrid::HybridParams;
use attune_engine::ContentIndex;
use std::sync::Arc;

const KEY: &str = "community";
/// Bump when the trained parts' layout changes, so that an older kept model is trained again.
const KEPT_FORMAT: u64 = 2;

/// FNV-1a of the community asset's text, with the kept format mixed in.
pub fn asset_hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ KEPT_FORMAT;
    for byte in text.bytes() {
        hash ^= byte as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The kept model, if one was kept for this asset and reads back; anything else means training.
pub async fn load(
    index: Arc<ContentIndex>,
    community: Community,
    params: HybridParams,
    hash: u64,
) -> Option<CommunityRecommender> {
    let store = Store::open().await.ok()?;
    let bytes = store.model_bytes(KEY).await.ok().flatten();
    let (kept_hash, trained): (u64, TrainedCommunity) = postcard::from_bytes(&bytes?).ok()?;
    if kept_hash != hash {
        return None;
    }
    CommunityRecommender::from_trained(index, community, params, trained)
}

/// Keeps the trained parts for next time; a model that cannot be kept is only trained again.
pub async fn keep(model_bytes: Vec<u8>) {
    if let Ok(store) = Store::open().await {
        let _ = store.put_model_bytes(KEY, &model_bytes).await;
    }
}

/// The bytes [`keep`] stores: the asset's hash and the trained parts.
pub fn kept_bytes(model: &CommunityRecommender, hash: u64) -> Vec<u8> {
    postcard::to_allocvec(&(hash, model.trained())).expect("the trained parts serialise")
}
