//! What can be done with a finished list: export it as M3U, CSV or JSON, or save it to Spotify.

use crate::components::rec_list::Ranked;
use crate::components::save_to_spotify::SaveToSpotify;
use crate::my_data::download;
use crate::playlist_export::{csv, json, m3u, ExportedTrack};
use leptos::prelude::*;

/// Export buttons and "Save to Spotify" for a list on screen; `file` names the exports.
#[component]
pub fn PlaylistActions(name: &'static str, file: &'static str, list: Vec<Ranked>) -> impl IntoView {
    let tracks: Vec<ExportedTrack> = list
        .iter()
        .map(|r| ExportedTrack {
            title: r.title.clone(),
            artists: r.artists.clone(),
            spotify_id: r.id.clone(),
        })
        .collect();
    let ids: Vec<String> = list.into_iter().map(|r| r.id).collect();
    let exports = [
        ("M3U", "m3u", "audio/x-mpegurl", m3u(name, &tracks)),
        ("CSV", "csv", "text/csv", csv(&tracks)),
        ("JSON", "json", "application/json", json(name, &tracks)),
    ]
    .into_iter()
    .map(|(label, extension, mime, text)| {
        let file_name = format!("{file}.{extension}");
        let label_for_readers = format!("Export {label} of {name}");
        view! {
            <button aria-label=label_for_readers on:click=move |_| { let _ = download(&file_name, mime, text.as_bytes()); }>
                {format!("Export {label}")}
            </button>
        }
    })
    .collect_view();
    view! {
        <div class="actions">{exports}<SaveToSpotify name tracks=Signal::derive(move || ids.clone())/></div>
    }
}
