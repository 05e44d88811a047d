use crate::components::rec_list::{DiscoverySlider, LearningStatus, RecList};
use crate::components::save_to_spotify::SaveToSpotify;
use crate::worker_client::{RecommenderWorker, WorkerStatus};
use crate::worker_protocol::Basis;
use attune_engine::ContentIndex;
use leptos::prelude::*;
use std::sync::Arc;

/// How many recommendations the list shows.
const LIST_LENGTH: usize = 20;

/// Recommendations from the listener's stored history: the worker reads the store itself, folds the
/// listener's artists into the community model and leaves out what they have played.
#[component]
pub fn HistoryRecommender(index: Arc<ContentIndex>) -> impl IntoView {
    let worker = expect_context::<RecommenderWorker>();
    let discovery = RwSignal::new(0.3f32);
    Effect::new(move || {
        if worker.status.get() == WorkerStatus::Ready {
            worker.request(Basis::History, LIST_LENGTH, discovery.get());
        }
    });
    let list = move || {
        match worker.current() {
        Some(items) if items.is_empty() => view! {
            <p class="empty">
                "None of the artists in your history are in Attune's catalog or listener community yet. "
                <a href="/import">"Import more of your history"</a>" or try the demo's picks."
            </p>
        }
        .into_any(),
        Some(items) => {
            let catalog = index.catalog();
            let list = items
                .into_iter()
                .filter_map(|item| Some((catalog.track_by_id(&item.track_id)?, item.why)))
                .collect();
            view! { <RecList list index=index.clone()/> }.into_any()
        }
        None => view! { <p class="loading" role="status">"Reading your history…"</p> }.into_any(),
    }
    };
    view! {
        <div class="history-recs">
            <div class="list-head">
                <h2>"New to you"</h2>
                <SaveToSpotify name="Attune · New to you" tracks=Signal::derive(move || {
                    worker.current().unwrap_or_default().into_iter().map(|i| i.track_id).collect::<Vec<_>>()
                })/>
                <DiscoverySlider discovery/>
            </div>
            <LearningStatus worker/>
            {list}
        </div>
    }
}
