//! Saving back to Spotify: a generated list as a private playlist, a like into the library.

use super::client::Spotify;
use super::error::{ApiError, SpotifyError};
use crate::store::{Space, Store, StoreError};
use gloo_net::http::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

const PENDING_KEY: &str = "spotify.pending_saves";

/// A playlist to save once the connection is back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingSave {
    pub name: String,
    pub description: String,
    pub uris: Vec<String>,
}

/// Spotify adds at most this many items per request.
const ITEMS_PER_REQUEST: usize = 100;

/// Creates a private playlist with `uris` in order; returns its Spotify URL.
pub async fn save_playlist(
    name: &str,
    description: &str,
    uris: &[String],
) -> Result<String, ApiError> {
    let spotify = Spotify;
    let body = json!({ "name": name, "description": description, "public": false });
    let playlist = spotify
        .send(Method::POST, "/me/playlists", Some(&body))
        .await?;
    let id = playlist["id"]
        .as_str()
        .ok_or(ApiError::Incomplete("new playlist's id"))?
        .to_string();
    for chunk in uris.chunks(ITEMS_PER_REQUEST) {
        let body = json!({ "uris": chunk });
        spotify
            .send(Method::POST, &format!("/playlists/{id}/items"), Some(&body))
            .await?;
    }
    Ok(playlist["external_urls"]["spotify"]
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| format!("https://open.spotify.com/playlist/{id}")))
}

/// Keeps a playlist to save when the browser is back online.
pub async fn queue_playlist(save: PendingSave) -> Result<(), StoreError> {
    let store = Store::open().await?;
    let mut pending: Vec<PendingSave> = store
        .get_value(Space::Settings, PENDING_KEY)
        .await?
        .unwrap_or_default();
    pending.push(save);
    store
        .put_value(Space::Settings, PENDING_KEY, &pending)
        .await
}

/// Saves the queued playlists, oldest first; each leaves the queue once Spotify has it, so a failure
/// part-way keeps the rest for next time. Returns how many were saved.
pub async fn flush_pending() -> Result<usize, SpotifyError> {
    let store = Store::open().await?;
    let mut pending: Vec<PendingSave> = store
        .get_value(Space::Settings, PENDING_KEY)
        .await?
        .unwrap_or_default();
    let mut saved = 0;
    while let Some(next) = pending.first() {
        save_playlist(&next.name, &next.description, &next.uris).await?;
        pending.remove(0);
        saved += 1;
        store
            .put_value(Space::Settings, PENDING_KEY, &pending)
            .await?;
    }
    Ok(saved)
}

/// Adds a track to the listener's Spotify library ("Liked Songs").
pub async fn like(track_id: &str) -> Result<(), ApiError> {
    let uri = js_sys::encode_uri_component(&format!("spotify:track:{track_id}"));
    Spotify
        .send(Method::PUT, &format!("/me/library?uris={uri}"), None)
        .await
        .map(|_| ())
}
