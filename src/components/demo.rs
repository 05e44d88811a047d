use crate::components::{seed_search::SeedSearch, track_card::TrackCard};
use crate::worker_client::{RecommenderWorker, WorkerStatus};
use attune_engine::{ContentIndex, Seed, TrackIdx};
use leptos::prelude::*;
use std::sync::Arc;

/// How many recommendations the demo shows.
const LIST_LENGTH: usize = 20;

/// The demo: pick seeds from the catalog, see similar tracks with their reasons.
#[component]
pub fn DemoRecommender(
    index: Arc<ContentIndex>,
    /// The chosen seeds as stable keys (see [`Seed::key`]); the caller decides where they persist.
    seeds: RwSignal<Vec<String>>,
) -> impl IntoView {
    let resolve = {
        let index = index.clone();
        move || -> Vec<Seed> {
            seeds
                .get()
                .iter()
                .filter_map(|key| Seed::from_key(key, index.catalog()))
                .collect()
        }
    };
    let add = {
        let index = index.clone();
        move |seed: Seed| {
            let key = seed.key(index.catalog());
            seeds.update(|keys| {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            });
        }
    };
    let chips = {
        let (index, resolve) = (index.clone(), resolve.clone());
        move || {
            resolve()
                .into_iter()
                .map(|seed| {
                    let key = seed.key(index.catalog());
                    let label = seed.label(index.catalog());
                    let remove_label = format!("Remove {label}");
                    view! {
                        <li class="chip">
                            <span>{label}</span>
                            <button
                                class="chip-remove"
                                aria-label=remove_label
                                on:click=move |_| seeds.update(|keys| keys.retain(|k| *k != key))
                            >
                                "×"
                            </button>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    // 0 keeps to the closest matches; 1 spreads the list out and away from the most popular tracks.
    let (discovery, set_discovery) = signal(0.3f32);
    // With a recommender worker in context, ask it whenever the picks or the knob change once trained.
    let worker = use_context::<RecommenderWorker>();
    if let Some(worker) = worker {
        Effect::new(move || {
            let keys = seeds.get();
            if worker.status.get() == WorkerStatus::Ready && !keys.is_empty() {
                worker.request(keys, LIST_LENGTH, discovery.get());
            }
        });
    }
    let recommendations = {
        let index = index.clone();
        move || {
            let chosen = resolve();
            if chosen.is_empty() {
                return view! {
                    <p class="empty">"Add one or more artists or songs above to see recommendations."</p>
                }
                .into_any();
            }
            let catalog = index.catalog();
            // The worker's list (collaborative and content picks) once it has answered for these picks;
            // until then the content list, which needs no training.
            let list: Vec<(TrackIdx, Vec<String>)> = match worker.and_then(|w| w.current()) {
                Some(items) => items
                    .into_iter()
                    .filter_map(|item| Some((catalog.track_by_id(&item.track_id)?, item.why)))
                    .collect(),
                None => index
                    .diversify(
                        index.recommend(&chosen, 2 * LIST_LENGTH),
                        LIST_LENGTH,
                        discovery.get(),
                    )
                    .into_iter()
                    .map(|r| (r.item, r.why))
                    .collect(),
            };
            let cards = list
                .into_iter()
                .enumerate()
                .map(|(i, (item, why))| {
                    let track = catalog.track(item);
                    view! {
                        <TrackCard
                            rank=i + 1
                            title=track.name.clone()
                            artists=catalog.credits(item)
                            why=why
                            spotify_id=track.id.clone()
                        />
                    }
                })
                .collect_view();
            view! { <ol class="recommendations" aria-label="Recommendations">{cards}</ol> }
                .into_any()
        }
    };
    let learning = move || {
        worker.map(|w| match w.status.get() {
            WorkerStatus::Starting | WorkerStatus::Training { .. } => {
                let (done, total) = match w.status.get() {
                    WorkerStatus::Training { done, total } => (done, total),
                    _ => (0, 1),
                };
                view! {
                    <div class="learning" role="status">
                        <span>"Learning from 1,885 listeners on this device…"</span>
                        <progress max=total value=done aria-label="Training progress"></progress>
                    </div>
                }
                .into_any()
            }
            WorkerStatus::Ready => view! {
                <p class="learning muted">"Including what listeners like you play, learned on this device."</p>
            }
            .into_any(),
            WorkerStatus::Failed(message) => view! {
                <p class="notice-error" role="alert">
                    {format!("Listener-based picks are unavailable: {message}. Showing sound-alike picks.")}
                </p>
            }
            .into_any(),
        })
    };
    view! {
        <div class="demo">
            <SeedSearch index=index.clone() on_pick=add/>
            <ul class="chips" aria-label="Your picks">{chips}</ul>
            <div class="list-head">
                <h2>"Recommended for you"</h2>
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
                                set_discovery.set(v);
                            }
                        }
                    />
                    <span>"Discover"</span>
                </label>
            </div>
            {learning}
            {recommendations}
        </div>
    }
}
