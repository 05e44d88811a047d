//! The recommender worker's model: the bundled catalog and listener community downloaded, and the hybrid
//! trained on them, or the kept model reused when the community has not changed.

use crate::kept_model;
use attune_engine::community::{Community, CommunityRecommender};
use attune_engine::hybrid::HybridParams;
use attune_engine::{Catalog, ContentIndex};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::DedicatedWorkerGlobalScope;

/// The trained model, calling `progress(done, total)` in factorization iterations.
pub async fn train(
    scope: &DedicatedWorkerGlobalScope,
    base_url: &str,
    progress: impl Fn(u32, u32),
) -> Result<CommunityRecommender, String> {
    let catalog = fetch_text(scope, &format!("{base_url}catalog/catalog.txt")).await?;
    let catalog =
        Catalog::from_asset(&catalog).map_err(|e| format!("the music catalog is damaged ({e})"))?;
    let community_text = fetch_text(scope, &format!("{base_url}community/lastfm-2k.txt")).await?;
    let community = Community::from_asset(&community_text)
        .map_err(|e| format!("the listener community data is damaged ({e})"))?;
    let index = Arc::new(ContentIndex::new(catalog, Default::default()));
    let params = HybridParams::default();
    let total = params.als.iterations as u32;
    let hash = kept_model::asset_hash(&community_text);
    if let Some(model) = kept_model::load(index.clone(), community.clone(), params, hash).await {
        progress(total, total);
        return Ok(model);
    }
    let model = CommunityRecommender::fit(index, community, params, |done| {
        progress(done as u32, total)
    });
    // Kept once the model is answering: the next visit starts without training.
    wasm_bindgen_futures::spawn_local(kept_model::keep(kept_model::kept_bytes(&model, hash)));
    Ok(model)
}

async fn fetch_text(scope: &DedicatedWorkerGlobalScope, url: &str) -> Result<String, String> {
    let failed = |e: JsValue| format!("could not download {url} ({e:?})");
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(url))
        .await
        .map_err(failed)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "could not download {url} (HTTP {})",
            response.status()
        ));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    text.as_string().ok_or_else(|| format!("{url} is not text"))
}
