//! "Artists for you": artists the listener does not play yet, from everything Attune knows (the
//! community's and the artist table's, not only those with a track in the catalog), each with why, and
//! a way to hear them: a catalog track to open, else a search on Spotify.

use crate::components::pending::Pending;
use crate::worker::recommender::client::{RecommenderWorker, WorkerStatus};
use crate::worker::recommender::requests::{ArtistOut, ArtistsFor, Basis};
use leptos::prelude::*;

/// How many artists show.
const ARTISTS: usize = 8;

#[component]
pub fn ArtistsForYou(#[prop(into)] basis: Signal<Basis>) -> impl IntoView {
    let worker = expect_context::<RecommenderWorker>();
    Effect::new(move || {
        worker.learned.track();
        if worker.status.get() == WorkerStatus::Ready {
            worker.request(
                worker.artists,
                ArtistsFor {
                    basis: basis.get(),
                    k: ARTISTS,
                },
            );
        }
    });
    view! {
        <section class="artists-for-you" aria-labelledby="artists-for-you-title">
            <h2 id="artists-for-you-title">"Artists for you"</h2>
            <p class="muted">"Artists you do not play yet, from listeners like you and from the sound of the artists you play, not only those with a track in Attune's catalog."</p>
            {move || match worker.artists.current() {
                None => view! {
                    <Pending error=Signal::derive(move || worker.artists.error()) loading="Finding artists for you…"/>
                }.into_any(),
                Some(artists) if artists.is_empty() => view! {
                    <p class="empty">"Play, import or pick a few artists Attune knows, and artists for you show here."</p>
                }.into_any(),
                Some(artists) => view! {
                    <ul class="artist-cards">
                        {artists.into_iter().map(|artist| view! { <ArtistCard artist/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ArtistCard(artist: ArtistOut) -> impl IntoView {
    let ArtistOut { name, why, track } = artist;
    // Spotify's own search for the artist: a link the listener follows, which sends nothing from here.
    let search = format!(
        "https://open.spotify.com/search/{}",
        String::from(js_sys::encode_uri_component(&name))
    );
    let hear = match track {
        Some((id, title)) => view! {
            <a class="open-spotify" href=format!("https://open.spotify.com/track/{id}")
                target="_blank" rel="noopener noreferrer" aria-label=format!("Open {title} by {name} in Spotify")>
                {format!("Hear “{title}”")}
            </a>
        }
        .into_any(),
        None => view! {
            <a class="open-spotify" href=search target="_blank" rel="noopener noreferrer"
                aria-label=format!("Find {name} on Spotify")>
                "Find on Spotify"
            </a>
        }
        .into_any(),
    };
    view! {
        <li class="artist-card" data-artist=name.clone()>
            <p class="artist-name">{name.clone()}</p>
            <ul class="why" aria-label="Why this artist">
                {why.into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
            </ul>
            {hear}
        </li>
    }
}
