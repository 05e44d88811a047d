use crate::components::artists_for_you::ArtistsForYou;
use crate::components::pending::Pending;
use crate::components::rec_list::{ranked, DiscoverySlider, LearningStatus, RecList};
use crate::components::save_to_spotify::SaveToSpotify;
use crate::format::day;
use crate::listening::ListeningMoment;
use crate::paths::app_href;
use crate::store::{Space, Store};
use crate::worker::recommender::client::{RecommenderWorker, WorkerStatus};
use crate::worker::recommender::requests::Recommend;
use crate::worker::recommender::requests::{Basis, RecItem};
use attune_engine::ContentIndex;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How many recommendations the list shows.
const LIST_LENGTH: usize = 20;

/// Recommendations from the listener's stored history: the worker reads the store itself, folds the
/// listener's artists into the community model and leaves out what they have played.
#[component]
pub fn HistoryRecommender(index: Arc<ContentIndex>) -> impl IntoView {
    let worker = expect_context::<RecommenderWorker>();
    let discovery = RwSignal::new(0.3f32);
    // Asked again for the moment (the context bar) and after every reaction it learnt from.
    let moment = expect_context::<ListeningMoment>();
    let compare = expect_context::<crate::prefs::Prefs>().compare;
    Effect::new(move || {
        worker.learned.track();
        if worker.status.get() == WorkerStatus::Ready {
            worker.request(
                worker.recs,
                Recommend {
                    basis: Basis::History,
                    k: LIST_LENGTH,
                    discovery: discovery.get(),
                    context: moment.context(),
                    compare: compare.get(),
                },
            );
        }
    });
    // The last list is kept in the store and shown at once on the next visit, offline too, until the
    // worker has a fresh one.
    let kept = LocalResource::new(load_mix);
    Effect::new(move || {
        if let Some(items) = worker.current().filter(|items| !items.is_empty()) {
            leptos::task::spawn_local(save_mix(items));
        }
    });
    // What shows, and the cards: the fresh list, else the one kept from last time. Kept apart so that a
    // new answer moves the cards of a keyed list instead of drawing the section again.
    let shown = Memo::new(move |_| match worker.current() {
        Some(items) => Some((items, None)),
        None => kept
            .get()
            .flatten()
            .map(|mix| (mix.items, Some((mix.at / 1000.0) as i64))),
    });
    let cards = {
        let index = index.clone();
        Memo::new(move |_| {
            shown.with(|shown| {
                ranked(
                    &index,
                    shown.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
                )
            })
        })
    };
    let state = Memo::new(move |_| {
        shown.with(|shown| match shown {
            Some((items, None)) if items.is_empty() => ListState::NothingKnown,
            Some((_, None)) => ListState::Fresh,
            Some((_, Some(at))) => ListState::Kept(*at),
            None => ListState::Waiting,
        })
    });
    let list = move || {
        let list = view! { <RecList list=cards/> };
        match state.get() {
            ListState::NothingKnown => view! {
                <p class="empty">
                    "None of the artists in your history are in Attune's catalog or listener community yet. "
                    <a href=app_href("/import")>"Import more of your history"</a>" or try the demo's picks."
                </p>
            }
            .into_any(),
            ListState::Fresh => list.into_any(),
            ListState::Kept(at) => {
                let kept = format!("Your mix from {}, kept on this device", day(at));
                let note = move || match worker.recs.error() {
                    Some(why) => format!("{kept}; it could not be updated: {why}."),
                    None => format!("{kept}; updating…"),
                };
                view! {
                    <p class="muted" role="status" data-field="offline-mix">{note}</p>
                    {list}
                }
                .into_any()
            }
            ListState::Waiting => view! { <Pending error=Signal::derive(move || worker.recs.error()) loading="Reading your history…"/> }.into_any(),
        }
    };
    view! {
        <div class="history-recs" aria-busy=move || worker.busy().to_string()>
            <div class="list-head">
                <h2>"New to you"</h2>
                <SaveToSpotify name="Attune · New to you" tracks=Signal::derive(move || {
                    worker.current().unwrap_or_default().into_iter().map(|i| i.track_id).collect::<Vec<_>>()
                })/>
                <DiscoverySlider discovery/>
            </div>
            <LearningStatus worker/>
            {list}
            <ArtistsForYou basis=Basis::History/>
        </div>
    }
}

/// What the "New to you" section shows.
#[derive(Clone, Copy, PartialEq)]
enum ListState {
    /// The worker answered with nothing: none of the listener's artists are known.
    NothingKnown,
    Fresh,
    /// The list kept from last time (made at these seconds since 1970), until the worker answers.
    Kept(i64),
    Waiting,
}

/// The last recommendations, with when they were made.
#[derive(Clone, Serialize, Deserialize)]
struct OfflineMix {
    /// Milliseconds since 1970.
    at: f64,
    items: Vec<RecItem>,
}

const MIX_KEY: &str = "offline_mix";

async fn load_mix() -> Option<OfflineMix> {
    Store::read_one(Space::Settings, MIX_KEY).await
}

async fn save_mix(items: Vec<RecItem>) {
    if let Ok(store) = Store::open().await {
        let mix = OfflineMix {
            at: js_sys::Date::now(),
            items,
        };
        // A mix that could not be kept only means no instant list next time.
        let _ = store.put_value(Space::Settings, MIX_KEY, &mix).await;
    }
}
