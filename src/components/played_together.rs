//! "What you play together": pick one of your tracks and see the ones you play with it. The worker learns
//! them from your own sessions and playlists (the engine's co-listening model) and sends them all at once,
//! so switching tracks is instant.

use crate::components::pending::Pending;
use crate::worker::recommender::client::{SharedRecommender, WorkerStatus};
use crate::worker::recommender::requests::PlayedWith;
use crate::worker::recommender::requests::Together;
use leptos::prelude::*;

#[component]
pub fn PlayedTogether() -> impl IntoView {
    let worker = expect_context::<SharedRecommender>().get();
    // Co-listening needs the stored history, not the trained model: ask as soon as the worker is
    // listening (it says it is loading the model), once.
    let asked = StoredValue::new(false);
    Effect::new(move || {
        let listening = matches!(
            worker.status.get(),
            WorkerStatus::Loading | WorkerStatus::Ready
        );
        if listening && !asked.get_value() {
            asked.set_value(true);
            worker.request(worker.together, Together);
        }
    });
    move || {
        match worker.together.current() {
        None if matches!(worker.status.get(), WorkerStatus::Failed(_)) => view! {
            <p class="notice-error" role="alert">
                "The recommender could not start, so this cannot be shown now. Reload the page to try again."
            </p>
        }
        .into_any(),
        None => view! {
            <Pending error=Signal::derive(move || worker.together.error()) loading="Finding what you play together…"/>
        }
        .into_any(),
        Some(tracks) if tracks.is_empty() => view! {
            <p class="empty">"Once you have played a few tracks in one sitting, the ones you play together show here."</p>
        }
        .into_any(),
        Some(tracks) => view! { <Picker tracks/> }.into_any(),
    }
    }
}

#[component]
fn Picker(tracks: Vec<PlayedWith>) -> impl IntoView {
    let chosen = RwSignal::new(0usize);
    let options = tracks
        .iter()
        .enumerate()
        .map(|(i, t)| view! { <option value=i.to_string()>{format!("{} — {}", t.title, t.artist)}</option> })
        .collect_view();
    let list = move || {
        tracks[chosen.get()]
            .with
            .iter()
            .map(|(title, artist, why)| {
                view! {
                    <li>
                        <span class="title">{title.clone()}</span>
                        " · "<span class="artist">{artist.clone()}</span>
                        <ul class="why"><li>{why.clone()}</li></ul>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <label>"Pick one of your tracks "
            <select
                prop:value=move || chosen.get().to_string()
                on:change=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse() {
                        chosen.set(i)
                    }
                }
            >
                {options}
            </select>
        </label>
        <ol class="played-together" aria-live="polite">{list}</ol>
    }
}
