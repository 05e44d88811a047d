use crate::components::artists_for_you::ArtistsForYou;
use crate::components::rec_list::{ranked, DiscoverySlider, LearningStatus, Ranked, RecList};
use crate::components::seed_search::SeedSearch;
use crate::listening::ListeningMoment;
use crate::worker::recommender::client::{RecommenderWorker, WorkerStatus};
use crate::worker::recommender::requests::Basis;
use crate::worker::recommender::requests::Recommend;
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
    // 0 keeps to the closest matches; 1 spreads the list out and away from the most popular tracks.
    let discovery = RwSignal::new(0.3f32);
    // With a recommender worker in context, ask it whenever the picks or the knob change once trained.
    // Asked again for the moment (the context bar) and after every reaction it learnt from.
    let worker = use_context::<RecommenderWorker>();
    if let Some(worker) = worker {
        let moment = expect_context::<ListeningMoment>();
        let compare = expect_context::<crate::prefs::Prefs>().compare;
        Effect::new(move || {
            let keys = seeds.get();
            worker.learned.track();
            if worker.status.get() == WorkerStatus::Ready && !keys.is_empty() {
                let basis = Basis::Picks(keys);
                worker.request(
                    worker.recs,
                    Recommend {
                        basis,
                        k: LIST_LENGTH,
                        discovery: discovery.get(),
                        context: moment.context(),
                        compare: compare.get(),
                    },
                );
            }
        });
    }
    // The worker's list (collaborative and content picks) once it has answered for these picks; until
    // then the content list, computed here because it needs no training: on a first visit the worker
    // trains for about 1.9 s before its first list, and this keeps the first cards near 0.3 s
    // (BENCHMARKS.md, time to first recommendations).
    let list = {
        let (index, resolve) = (index.clone(), resolve.clone());
        Memo::new(move |_| -> Vec<Ranked> {
            match worker.and_then(|w| w.current()) {
                Some(items) => ranked(&index, items),
                None => index
                    .diversify(
                        index.recommend(&resolve(), 2 * LIST_LENGTH),
                        LIST_LENGTH,
                        discovery.get(),
                    )
                    .into_iter()
                    .map(|r| Ranked::of(&index, r.item, r.why))
                    .collect(),
            }
        })
    };
    let recommendations = {
        let resolve = resolve.clone();
        let nothing_chosen = Memo::new(move |_| resolve().is_empty());
        move || {
            if nothing_chosen.get() {
                return view! {
                    <p class="empty">"Add one or more artists or songs above to see recommendations."</p>
                }
                .into_any();
            }
            view! { <RecList list/> }.into_any()
        }
    };
    view! {
        <div class="demo" aria-busy=move || worker.is_some_and(|w| w.busy()).to_string()>
            <SeedSearch index=index.clone() on_pick=add/>
            <ul class="chips" aria-label="Your picks">{chips}</ul>
            <div class="list-head">
                <h2>"Recommended for you"</h2>
                <DiscoverySlider discovery/>
            </div>
            {worker.map(|worker| view! { <LearningStatus worker/> })}
            {recommendations}
            // Artists come from the worker's model: without it (no worker in this browser) there are none.
            {worker.map(|_| view! { <ArtistsForYou basis=Signal::derive(move || Basis::Picks(seeds.get()))/> })}
        </div>
    }
}
