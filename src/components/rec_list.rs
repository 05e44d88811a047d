//! The pieces every recommendation list shares: the cards, the familiar-to-discover knob, and the
//! collaborative model's training status.

use crate::components::player::Playable;
use crate::components::track_card::TrackCard;
use crate::spotify::ids::is_id;
use crate::worker::recommender::client::{RecommenderWorker, WorkerStatus};
use crate::worker::recommender::requests::{Logged, RecItem};
use attune_engine::{ContentIndex, TrackIdx};
use leptos::prelude::*;
use std::sync::Arc;

/// A track of a list, with the reasons it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Spotify's track id.
    pub id: String,
    pub title: String,
    pub artists: String,
    pub why: Vec<String>,
    /// A catalog track, which the recommender can learn from reactions to.
    pub in_catalog: bool,
    /// A Home card's slot as the re-ranker logged it: a reaction to it, now or while it plays later,
    /// is logged against the list it was drawn in.
    pub logged: Option<Logged>,
}

impl Ranked {
    pub fn of(index: &ContentIndex, item: TrackIdx, why: Vec<String>) -> Ranked {
        let catalog = index.catalog();
        let track = catalog.track(item);
        Ranked {
            id: track.id.clone(),
            title: track.name.clone(),
            artists: catalog.credits(item),
            why,
            in_catalog: true,
            logged: None,
        }
    }
}

/// Ranked tracks with their reasons. The list is keyed by track and reasons: when it changes, cards that
/// stay are moved (keeping their state and focus), not drawn again.
#[component]
pub fn RecList(#[prop(into)] list: Signal<Vec<Ranked>>) -> impl IntoView {
    // The list on screen: logged with a reaction, played through by the player.
    let on_screen = Memo::new(move |_| {
        Arc::new(list.with(|list| {
            list.iter()
                .map(|r| Playable {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    learns: r.in_catalog,
                    logged: r.logged,
                })
                .collect::<Vec<_>>()
        }))
    });
    let card = move |ranked: Ranked| {
        let id = ranked.id.clone();
        let rank = Signal::derive(move || {
            list.with(|list| list.iter().position(|r| r.id == id))
                .map_or(0, |p| p + 1)
        });
        view! {
            <TrackCard
                rank
                title=ranked.title
                artists=ranked.artists
                why=ranked.why
                spotify_id=ranked.id
                learns=ranked.in_catalog
                list=on_screen
            />
        }
    };
    view! {
        <ol class="recommendations" aria-label="Recommendations">
            <For each=move || list.get() key=|ranked| (ranked.id.clone(), ranked.why.clone()) children=card/>
        </ol>
    }
}

/// The worker's answer as cards, with their reasons.
pub fn worker_cards(index: &Arc<ContentIndex>, items: Vec<RecItem>) -> AnyView {
    let list = ranked(index, items);
    view! { <RecList list/> }.into_any()
}

/// The worker's tracks as the page shows them: a catalog track from the catalog, one of the listener's
/// own as their history names it. An id of another form is left out: it would go into links and the
/// player.
pub fn ranked(index: &ContentIndex, items: Vec<RecItem>) -> Vec<Ranked> {
    let catalog = index.catalog();
    items
        .into_iter()
        .filter_map(
            |item| match (catalog.track_by_id(&item.track_id), item.outside_catalog) {
                (Some(t), _) => Some(Ranked {
                    logged: item.logged,
                    ..Ranked::of(index, t, item.why)
                }),
                (None, Some(own)) if is_id(&item.track_id) => Some(Ranked {
                    id: item.track_id,
                    title: own.title,
                    artists: own.artist,
                    why: item.why,
                    in_catalog: false,
                    logged: item.logged,
                }),
                (None, _) => None,
            },
        )
        .collect()
}

/// 0 keeps to the closest matches; 1 spreads the list out and away from the most popular tracks.
#[component]
pub fn DiscoverySlider(discovery: RwSignal<f32>) -> impl IntoView {
    view! {
        <label class="discovery">
            <span>"Familiar"</span>
            <input
                type="range"
                min="0"
                max="1"
                step="0.1"
                aria-label="From familiar to discover"
                prop:value=move || discovery.get().to_string()
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                        discovery.set(v);
                    }
                }
            />
            <span>"Discover"</span>
        </label>
    }
}

/// Where the collaborative model is: loading, ready, or unavailable.
#[component]
pub fn LearningStatus(worker: RecommenderWorker) -> impl IntoView {
    move || {
        match worker.status.get() {
        WorkerStatus::Starting | WorkerStatus::Loading => view! {
            <div class="learning" role="status">
                <span>"Fetching what listeners like you play…"</span>
                <progress aria-label="Loading the listener community"></progress>
            </div>
        }
        .into_any(),
        WorkerStatus::Ready => view! {
            <p class="learning muted">"Including what listeners like you play, matched to you on this device."</p>
        }
        .into_any(),
        WorkerStatus::Failed(message) => view! {
            <p class="notice-error" role="alert">
                {format!("Listener-based picks are unavailable: {message}. Showing sound-alike picks.")}
            </p>
        }
        .into_any(),
    }
    }
}
