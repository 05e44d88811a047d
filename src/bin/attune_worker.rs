//! The recommender worker: loads the catalog and the community assets, trains the hybrid (posting
//! progress), and answers recommendation requests, so the page never freezes while the model learns.

use attune::store::Store;
use attune::worker_protocol::{Basis, FromWorker, RecItem, ToWorker};
use attune_engine::community::{Community, CommunityRecommender};
use attune_engine::hybrid::HybridParams;
use attune_engine::taste::Taste;
use attune_engine::{Catalog, ContentIndex, Scored, Seed};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    static MODEL: RefCell<Option<CommunityRecommender>> = const { RefCell::new(None) };
    /// The listener's taste and the store revision it was read at: re-read when that changes.
    static TASTE: RefCell<Option<((usize, f64), Rc<Taste>)>> = const { RefCell::new(None) };
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        match serde_json::from_str::<ToWorker>(&text) {
            Ok(ToWorker::Init { base_url }) => {
                let scope = replies.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match train(&scope, &base_url).await {
                        Ok(model) => {
                            MODEL.with(|m| *m.borrow_mut() = Some(model));
                            post(&scope, &FromWorker::Ready);
                        }
                        Err(message) => post(&scope, &FromWorker::Failed { message }),
                    }
                });
            }
            Ok(ToWorker::Recommend {
                id,
                basis: Basis::Picks(seeds),
                k,
                discovery,
            }) => MODEL.with(|m| {
                if let Some(model) = m.borrow().as_ref() {
                    post(
                        &replies,
                        &FromWorker::Recommendations {
                            id,
                            items: recommend(model, &seeds, k, discovery),
                        },
                    );
                }
            }),
            Ok(ToWorker::Recommend {
                id,
                basis: Basis::History,
                k,
                discovery,
            }) => {
                let scope = replies.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let message = match for_history(k, discovery).await {
                        Ok(items) => FromWorker::Recommendations { id, items },
                        Err(message) => FromWorker::Failed { message },
                    };
                    post(&scope, &message);
                });
            }
            Err(err) => post(
                &replies,
                &FromWorker::Failed {
                    message: format!("unreadable request: {err}"),
                },
            ),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &FromWorker::Started);
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    let text = serde_json::to_string(message).expect("messages serialise");
    let _ = scope.post_message(&JsValue::from_str(&text));
}

async fn train(
    scope: &DedicatedWorkerGlobalScope,
    base_url: &str,
) -> Result<CommunityRecommender, String> {
    let catalog = fetch_text(scope, &format!("{base_url}catalog/catalog.txt")).await?;
    let catalog =
        Catalog::from_asset(&catalog).map_err(|e| format!("the music catalog is damaged ({e})"))?;
    let community = fetch_text(scope, &format!("{base_url}community/lastfm-2k.txt")).await?;
    let community = Community::from_asset(&community)
        .map_err(|e| format!("the listener community data is damaged ({e})"))?;
    let index = Arc::new(ContentIndex::new(catalog, Default::default()));
    let params = HybridParams::default();
    let total = params.als.iterations as u32;
    Ok(CommunityRecommender::fit(
        index,
        community,
        params,
        |done| {
            post(
                scope,
                &FromWorker::Progress {
                    done: done as u32,
                    total,
                },
            )
        },
    ))
}

fn recommend(
    model: &CommunityRecommender,
    seed_keys: &[String],
    k: usize,
    discovery: f32,
) -> Vec<RecItem> {
    let catalog = model.index().catalog();
    let seeds: Vec<Seed> = seed_keys
        .iter()
        .filter_map(|key| Seed::from_key(key, catalog))
        .collect();
    items(model, model.recommend(&seeds, k, discovery))
}

/// Recommendations from the listener's stored history, read from the store when it has changed.
async fn for_history(k: usize, discovery: f32) -> Result<Vec<RecItem>, String> {
    let store = Store::open().await.map_err(|e| e.to_string())?;
    let revision = store.revision().await.map_err(|e| e.to_string())?;
    let cached = TASTE.with(|t| t.borrow().clone().filter(|(r, _)| *r == revision));
    let taste = match cached {
        Some((_, taste)) => taste,
        None => {
            let plays = store.music_plays().await.map_err(|e| e.to_string())?;
            let library = store.library().await.map_err(|e| e.to_string())?;
            let plays: Vec<_> = plays.iter().map(|p| p.to_play()).collect();
            let taste = Rc::new(Taste::from_history(&plays, &library));
            TASTE.with(|t| *t.borrow_mut() = Some((revision, taste.clone())));
            taste
        }
    };
    store.close();
    MODEL.with(|m| {
        let model = m.borrow();
        let model = model.as_ref().ok_or("the recommender is still learning")?;
        Ok(items(
            model,
            model.recommend_for_history(&taste, k, discovery),
        ))
    })
}

fn items(model: &CommunityRecommender, recs: Vec<Scored>) -> Vec<RecItem> {
    let catalog = model.index().catalog();
    recs.into_iter()
        .map(|rec| RecItem {
            track_id: catalog.track(rec.item).id.clone(),
            why: rec.why,
        })
        .collect()
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
