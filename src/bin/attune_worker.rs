//! The recommender worker: loads the catalog and the community assets, trains the hybrid (posting
//! progress), answers recommendation requests re-ranked for the listening moment, and learns from every
//! reaction, so the page never freezes while the model learns.

use attune::store::Store;
use attune::worker_learning::{forget_all, keep, Learning};
use attune::worker_lists::{
    history_plays, insights_of, items, mixes, played_together, playlist, reaction_rewards,
    taste_of_picks,
};
use attune::worker_protocol::{Asked, Basis, FromWorker, RecItem, ToWorker};
use attune::worker_training::train;
use attune_engine::bandit::{MusicContext, Reaction};
use attune_engine::community::{learning_curve, CommunityRecommender};
use attune_engine::taste::Taste;
use attune_engine::{Scored, Seed};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The sources propose this many times the tracks shown; the context model picks the shown ones.
const POOL_FACTOR: usize = 3;

/// The store's revision and the number of likes a taste was read at.
/// The store's revision, the number of likes, and whether the model was there to add the likes.
type TasteRevision = ((usize, f64), usize, bool);

thread_local! {
    static MODEL: RefCell<Option<CommunityRecommender>> = const { RefCell::new(None) };
    /// The listener's taste and the store revision it was read at: re-read when that changes.
    static TASTE: RefCell<Option<(TasteRevision, Rc<Taste>)>> = const { RefCell::new(None) };
    static LEARNING: RefCell<Learning> = RefCell::new(Learning::default());
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
                    let learnt = load_learning().await;
                    post(&scope, &learnt);
                    let progress =
                        |done, total| post(&scope, &FromWorker::Progress { done, total });
                    match train(&scope, &base_url, progress).await {
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
                context,
            }) => MODEL.with(|m| {
                if let Some(model) = m.borrow().as_ref() {
                    post(
                        &replies,
                        &FromWorker::Recommendations {
                            id,
                            items: recommend(model, &seeds, k, discovery, &context),
                        },
                    );
                }
            }),
            Ok(ToWorker::Recommend {
                id,
                basis: Basis::History,
                k,
                discovery,
                context,
            }) => reply(&replies, (Asked::Recommend, id), async move {
                let items = for_history(k, discovery, &context).await?;
                Ok(FromWorker::Recommendations { id, items })
            }),
            Ok(ToWorker::React {
                track_id,
                feedback,
                context,
                shown,
            }) => answer(&replies, async move {
                let reaction = Reaction {
                    at: js_sys::Date::now(),
                    context,
                    shown,
                    track_id,
                    propensity: 1.0,
                    reward: feedback.reward(),
                    feedback,
                };
                react(reaction).await
            }),
            Ok(ToWorker::Mixes {
                id,
                basis,
                day,
                week,
            }) => reply(&replies, (Asked::Mixes, id), async move {
                let taste = taste_for(&basis).await?;
                let (daily, weekly) = with_model(|model| Ok(mixes(model, &taste, day, week)))?;
                Ok(FromWorker::Mixes { id, daily, weekly })
            }),
            Ok(ToWorker::Insights {
                id,
                basis,
                now,
                utc_offset,
            }) => reply(&replies, (Asked::Insights, id), async move {
                let taste = taste_for(&basis).await?;
                let plays = match basis {
                    Basis::History => history_plays().await?,
                    Basis::Picks(_) => Vec::new(),
                };
                let (insights, recommended) =
                    with_model(|model| Ok(insights_of(model, &taste, &plays, now, utc_offset)))?;
                Ok(FromWorker::Insights {
                    id,
                    insights,
                    recommended,
                })
            }),
            Ok(ToWorker::Lab {
                id,
                basis,
                utc_offset,
            }) => reply(&replies, (Asked::Lab, id), async move {
                let plays = match basis {
                    Basis::History => history_plays().await?,
                    Basis::Picks(_) => Vec::new(),
                };
                let rewards = reaction_rewards().await?;
                let report = with_model(|model| Ok(model.lab(&plays, LAB_LENGTH, utc_offset)))?;
                let curve = learning_curve(&rewards, LEARNING_RUN);
                Ok(FromWorker::Lab { id, report, curve })
            }),
            Ok(ToWorker::Card { id, basis, name }) => {
                reply(&replies, (Asked::Card, id), async move {
                    let taste = taste_for(&basis).await?;
                    let card = with_model(|model| Ok(model.taste_card(&name, &taste)))?;
                    Ok(FromWorker::Card { id, card })
                })
            }
            Ok(ToWorker::Blend {
                id,
                basis,
                friend,
                k,
            }) => reply(&replies, (Asked::Blend, id), async move {
                let taste = taste_for(&basis).await?;
                let items =
                    with_model(|model| Ok(items(model, model.blend_for_two(&taste, &friend, k))))?;
                Ok(FromWorker::Blended { id, items })
            }),
            Ok(ToWorker::Build { id, basis, spec }) => {
                reply(&replies, (Asked::Build, id), async move {
                    let taste = taste_for(&basis).await?;
                    let (items, fitting, artist_level) =
                        with_model(|model| Ok(playlist(model, &taste, &spec)))?;
                    Ok(FromWorker::Built {
                        id,
                        items,
                        fitting,
                        artist_level,
                    })
                })
            }
            Ok(ToWorker::Together { id }) => reply(&replies, (Asked::Together, id), async move {
                let taste = taste_for(&Basis::History).await?;
                Ok(FromWorker::Together {
                    id,
                    tracks: played_together(&taste),
                })
            }),
            Ok(ToWorker::Forget) => answer(&replies, forget()),
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

/// Answers request `id` of kind `asked` once its work is done; a failure is reported for that request
/// alone.
fn reply(
    scope: &DedicatedWorkerGlobalScope,
    (asked, id): (Asked, u32),
    work: impl std::future::Future<Output = Result<FromWorker, String>> + 'static,
) {
    answer(scope, async move {
        work.await
            .unwrap_or_else(|message| FromWorker::Unanswered { asked, id, message })
    });
}

/// Posts the answer once its work is done.
fn answer(
    scope: &DedicatedWorkerGlobalScope,
    work: impl std::future::Future<Output = FromWorker> + 'static,
) {
    let scope = scope.clone();
    wasm_bindgen_futures::spawn_local(async move { post(&scope, &work.await) });
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    let text = serde_json::to_string(message).expect("messages serialise");
    let _ = scope.post_message(&JsValue::from_str(&text));
}

fn recommend(
    model: &CommunityRecommender,
    seed_keys: &[String],
    k: usize,
    discovery: f32,
    context: &MusicContext,
) -> Vec<RecItem> {
    let catalog = model.index().catalog();
    let mut seeds: Vec<Seed> = seed_keys
        .iter()
        .filter_map(|key| Seed::from_key(key, catalog))
        .collect();
    // A liked track joins the picks: the next list folds it in.
    LEARNING.with(|l| seeds.extend(l.borrow().liked_seeds(model.index())));
    let pool = model.recommend(&seeds, POOL_FACTOR * k, discovery);
    for_the_moment(model, pool, k, context)
}

/// Recommendations from the listener's stored history.
async fn for_history(
    k: usize,
    discovery: f32,
    context: &MusicContext,
) -> Result<Vec<RecItem>, String> {
    let taste = history_taste().await?;
    MODEL.with(|m| {
        let model = m.borrow();
        let model = model.as_ref().ok_or("the recommender is still learning")?;
        let pool = model.recommend_for_history(&taste, POOL_FACTOR * k, discovery);
        Ok(for_the_moment(model, pool, k, context))
    })
}

/// The listener's taste from the store, read again when the store or the likes have changed.
async fn history_taste() -> Result<Rc<Taste>, String> {
    let store = Store::open().await.map_err(|e| e.to_string())?;
    let revision = (
        store.revision().await.map_err(|e| e.to_string())?,
        LEARNING.with(|l| l.borrow().likes()),
        MODEL.with(|m| m.borrow().is_some()),
    );
    let cached = TASTE.with(|t| t.borrow().clone().filter(|(r, _)| *r == revision));
    let taste = match cached {
        Some((_, taste)) => taste,
        None => {
            let plays = store.music_plays().await.map_err(|e| e.to_string())?;
            let mut library = store.library().await.map_err(|e| e.to_string())?;
            MODEL.with(|m| {
                if let Some(model) = m.borrow().as_ref() {
                    let liked = LEARNING.with(|l| l.borrow().liked_songs(model.index()));
                    library.saved_tracks.extend(liked);
                }
            });
            let plays: Vec<_> = plays.iter().map(|p| p.to_play()).collect();
            let taste = Rc::new(Taste::from_history(&plays, &library));
            TASTE.with(|t| *t.borrow_mut() = Some((revision, taste.clone())));
            taste
        }
    };
    store.close();
    Ok(taste)
}

/// The lab's list length, and how many reactions one point of the learning curve averages.
const LAB_LENGTH: usize = 20;
const LEARNING_RUN: usize = 5;

/// The listener's taste for a request: their history, or the demo's picks.
async fn taste_for(basis: &Basis) -> Result<Rc<Taste>, String> {
    if let Basis::History = basis {
        return history_taste().await;
    }
    with_model(|model| Ok(Rc::new(taste_of_picks(model, basis).unwrap_or_default())))
}

/// Runs `f` on the trained model.
fn with_model<T>(f: impl FnOnce(&CommunityRecommender) -> Result<T, String>) -> Result<T, String> {
    MODEL.with(|m| {
        f(m.borrow()
            .as_ref()
            .ok_or("the recommender is still learning")?)
    })
}

/// The best `k` of a source's pool for this moment, leaving out what the listener turned down.
fn for_the_moment(
    model: &CommunityRecommender,
    pool: Vec<Scored>,
    k: usize,
    context: &MusicContext,
) -> Vec<RecItem> {
    let ranked = LEARNING.with(|l| l.borrow().rerank(model.index(), context, pool, k));
    items(model, ranked)
}

/// The stored context model and reactions; a model that cannot be read starts afresh and says so.
async fn load_learning() -> FromWorker {
    match Learning::load().await {
        Ok(learning) => {
            let reactions = learning.reactions();
            LEARNING.with(|l| *l.borrow_mut() = learning);
            FromWorker::Learned { reactions }
        }
        Err(message) => FromWorker::NotLearnt { message },
    }
}

/// Learns from a reaction at once, then keeps the reaction and the new state together.
async fn react(reaction: Reaction) -> FromWorker {
    let learnt = MODEL.with(|m| {
        let model = m.borrow();
        let model = model.as_ref().ok_or("the recommender is still learning")?;
        LEARNING.with(|l| {
            let mut learning = l.borrow_mut();
            let state = learning.learn(model.index(), &reaction)?;
            Ok::<_, String>((learning.reactions(), state))
        })
    });
    let kept = match learnt {
        Ok((reactions, state)) => keep(&reaction, &state)
            .await
            .map(|()| reactions)
            .map_err(|e| format!("the reaction was learnt but not kept: {e}")),
        Err(message) => Err(message),
    };
    match kept {
        Ok(reactions) => FromWorker::Learned { reactions },
        Err(message) => FromWorker::NotLearnt { message },
    }
}

/// Forgets every reaction, in the store and here.
async fn forget() -> FromWorker {
    match forget_all().await {
        Ok(()) => {
            LEARNING.with(|l| *l.borrow_mut() = Learning::default());
            FromWorker::Learned { reactions: 0 }
        }
        Err(err) => FromWorker::NotLearnt {
            message: format!("what Attune learnt could not be forgotten: {err}"),
        },
    }
}
