//! "Artists for you": artists the listener does not play yet, from everything Attune knows (the
//! community's and the artist table's, not only those with a track in the catalog), each with why, and
//! a way to hear them: a catalog track; once Spotify is connected, a track Spotify finds for them (a
//! few look-ups per list, kept for weeks); else a search on Spotify's site.

use crate::components::pending::Pending;
use crate::spotify::artist_tracks::{tracks_by, ArtistTrack};
use crate::spotify::scheduler::{SpotifySync, SyncState};
use crate::worker::recommender::client::{RecommenderWorker, WorkerStatus};
use crate::worker::recommender::requests::{ArtistOut, ArtistsFor, Basis};
use leptos::prelude::*;
use std::collections::HashMap;

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
    // Tracks Spotify has for the artists the catalog has none of. Asked when the list changes or the
    // connection settles (not at each step of a sync, nor while a sync failed: it may be Spotify
    // asking Attune to slow down).
    let idle = Memo::new(move |_| {
        use_context::<SpotifySync>().is_some_and(|s| matches!(s.state.get(), SyncState::Idle(_)))
    });
    let without_track = Memo::new(move |_| {
        worker
            .artists
            .current()
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.track.is_none())
            .map(|a| a.name)
            .collect::<Vec<String>>()
    });
    let found = RwSignal::new(HashMap::<String, ArtistTrack>::new());
    Effect::new(move || {
        let (idle, names) = (idle.get(), without_track.get());
        // What was found before is shown whatever the connection: playing it needs none.
        if !names.is_empty() {
            leptos::task::spawn_local(async move {
                let more = tracks_by(names, idle).await;
                // The section may be gone by now (another page): then nothing is kept.
                let _ = found.try_update(|found| found.extend(more));
            });
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
                        {artists.into_iter().map(|artist| {
                            let name = artist.name.clone();
                            let spotify = Signal::derive(move || found.with(|f| f.get(&name).cloned()));
                            view! { <ArtistCard artist spotify/> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ArtistCard(
    artist: ArtistOut,
    /// A track Spotify found for the artist, when the catalog has none.
    spotify: Signal<Option<ArtistTrack>>,
) -> impl IntoView {
    let ArtistOut { name, why, track } = artist;
    let in_catalog = track;
    let hear = {
        let name = name.clone();
        move || {
            match in_catalog.clone().or_else(|| spotify.get().map(|t| (t.id, t.title))) {
            Some((id, title)) => view! {
                <a class="open-spotify" href=format!("https://open.spotify.com/track/{id}")
                    target="_blank" rel="noopener noreferrer" aria-label=format!("Hear “{title}” by {name} on Spotify")
                    data-track-id=id>
                    {format!("Hear “{title}”")}
                </a>
            }
            .into_any(),
            // Spotify's own search for the artist: a link the listener follows, which sends nothing from here.
            None => view! {
                <a class="open-spotify" target="_blank" rel="noopener noreferrer"
                    href=format!("https://open.spotify.com/search/{}", String::from(js_sys::encode_uri_component(&name)))>
                    // The name is on the card already; a screen reader's list of links needs it in the link,
                    // and its accessible name must contain the visible words (WCAG 2.5.3).
                    "Find"<span class="visually-hidden">{format!(" {name}")}</span>" on Spotify"
                </a>
            }
            .into_any(),
        }
        }
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
