use crate::components::{seed_search::SeedSearch, track_card::TrackCard};
use attune_engine::{ContentIndex, Seed};
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
            let cards = index
                .recommend(&chosen, LIST_LENGTH)
                .into_iter()
                .enumerate()
                .map(|(i, rec)| {
                    let track = catalog.track(rec.item);
                    view! {
                        <TrackCard
                            rank=i + 1
                            title=track.name.clone()
                            artists=catalog.credits(rec.item)
                            why=rec.why
                            spotify_id=track.id.clone()
                        />
                    }
                })
                .collect_view();
            view! { <ol class="recommendations" aria-label="Recommendations">{cards}</ol> }
                .into_any()
        }
    };
    view! {
        <div class="demo">
            <SeedSearch index=index.clone() on_pick=add/>
            <ul class="chips" aria-label="Your picks">{chips}</ul>
            <h2>"Recommended for you"</h2>
            {recommendations}
        </div>
    }
}
