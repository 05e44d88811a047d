//! "Up next": what the listener usually plays after the track that is playing or was just liked, from
//! their own sessions (the engine's next-track model, in the worker), each with why. Tracks with a
//! Spotify id (the catalog's or their history's) can be played from here, so the listener can follow
//! their own habit.

use crate::components::pending::Pending;
use crate::components::player::{Playable, Player, Queue};
use crate::prefs::{Prefs, Source};
use crate::worker::recommender::client::RecommenderWorker;
use crate::worker::recommender::requests::NextUpItem;
use leptos::prelude::*;
use std::sync::Arc;

/// Shown once a track plays or is liked, for a listener whose history is in the store (the demo's
/// picks have no sessions to learn an order from).
#[component]
pub fn UpNext(worker: RecommenderWorker) -> impl IntoView {
    let from_history = use_context::<Prefs>().map(|p| p.source);
    let shown = move || {
        worker.focus.get().is_some()
            && from_history.is_none_or(|source| source.get() == Source::Library)
    };
    let heading = move || {
        worker
            .focus
            .get()
            .map(|(_, title)| format!("Up next after “{title}”"))
    };
    let body = move || {
        let (_, title) = worker.focus.get()?;
        Some(match worker.up_next.current() {
            None => view! {
                <Pending error=Signal::derive(move || worker.up_next.error()) loading="Looking at what you play next…"/>
            }
            .into_any(),
            Some(None) => view! {
                <p class="muted">{format!(
                    "“{title}” is not in your listening history yet, so there is no habit to continue."
                )}</p>
            }
            .into_any(),
            Some(Some(next)) if next.is_empty() => view! {
                <p class="muted">{format!("You have not played anything right after “{title}” yet.")}</p>
            }
            .into_any(),
            Some(Some(next)) => view! { <NextList next/> }.into_any(),
        })
    };
    view! {
        <section class="up-next" aria-label="Up next" hidden=move || !shown()>
            <h3>{heading}</h3>
            {body}
        </section>
    }
}

#[component]
fn NextList(next: Vec<NextUpItem>) -> impl IntoView {
    let player = use_context::<Player>();
    // The playable ones, in order: the player goes on through them with "Next".
    let playable: Queue = Arc::new(
        next.iter()
            .filter_map(|n| {
                Some(Playable {
                    id: n.track_id.clone()?,
                    title: n.title.clone(),
                    learns: n.in_catalog,
                    logged: None,
                })
            })
            .collect(),
    );
    let items = next
        .into_iter()
        .map(|n| {
            let play = n.track_id.clone().zip(player).map(|(id, player)| {
                let list = playable.clone();
                let label = format!("Play {}", n.title);
                view! {
                    <button class="play" aria-label=label on:click=move |_| player.play(&id, list.clone())>
                        "Play"
                    </button>
                }
            });
            view! {
                <li>
                    <span class="title">{n.title}</span>
                    " · "<span class="artist">{n.artist}</span>
                    {play}
                    <ul class="why"><li>{n.why}</li></ul>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="up-next-list">{items}</ol> }
}
