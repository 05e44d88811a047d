//! What can be done with a finished list: export it as M3U, CSV or JSON, or save it to Spotify.

use crate::components::save_to_spotify::SaveToSpotify;
use crate::my_data::download;
use crate::playlist_export::{csv, json, m3u, ExportedTrack};
use attune_engine::ContentIndex;
use leptos::prelude::*;
use std::sync::Arc;

/// Export buttons and "Save to Spotify" for catalog tracks given by Spotify id; `file` names the exports.
#[component]
pub fn PlaylistActions(
    name: &'static str,
    file: &'static str,
    index: Arc<ContentIndex>,
    ids: Vec<String>,
) -> impl IntoView {
    let catalog = index.catalog();
    let tracks: Vec<ExportedTrack> = ids
        .iter()
        .filter_map(|id| {
            let t = catalog.track_by_id(id)?;
            Some(ExportedTrack {
                title: catalog.track(t).name.clone(),
                artists: catalog.credits(t),
                spotify_id: id.clone(),
            })
        })
        .collect();
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
