//! Saving back to Spotify: a generated list as a private playlist, a like into the library.

use super::client::Spotify;
use super::error::{ApiError, SpotifyError};
use super::ids::{is_id, track_id};
use crate::locks::{exclusively, DATA};
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
    /// The playlist created for it, once Spotify has answered: a retry adds to it instead of creating
    /// another one.
    #[serde(default)]
    pub playlist_id: Option<String>,
    /// How many of `uris` (counted by position, the ones not sent included) are done.
    #[serde(default)]
    pub added: usize,
}

impl PendingSave {
    pub fn new(name: &str, description: &str, uris: Vec<String>) -> PendingSave {
        PendingSave {
            name: name.into(),
            description: description.into(),
            uris,
            playlist_id: None,
            added: 0,
        }
    }
}

/// Spotify adds at most this many items per request.
const ITEMS_PER_REQUEST: usize = 100;

/// Creates a private playlist with `uris` in order; returns its Spotify URL.
pub async fn save_playlist(
    name: &str,
    description: &str,
    uris: &[String],
) -> Result<String, ApiError> {
    let (id, url) = create_playlist(name, description).await?;
    for chunk in uris.chunks(ITEMS_PER_REQUEST) {
        add_items(&id, chunk).await?;
    }
    Ok(url)
}

/// An empty private playlist: its id and URL.
async fn create_playlist(name: &str, description: &str) -> Result<(String, String), ApiError> {
    let body = json!({ "name": name, "description": description, "public": false });
    let playlist = Spotify
        .send(Method::POST, "/me/playlists", Some(&body))
        .await?;
    let id = playlist["id"]
        .as_str()
        .filter(|id| is_id(id))
        .ok_or(ApiError::Incomplete("new playlist's id"))?
        .to_string();
    let url = playlist["external_urls"]["spotify"]
        .as_str()
        .filter(|url| url.starts_with("https://open.spotify.com/"))
        .map(String::from)
        .unwrap_or_else(|| format!("https://open.spotify.com/playlist/{id}"));
    Ok((id, url))
}

/// Appends `uris` (at most [`ITEMS_PER_REQUEST`]) to the playlist; only track URIs of Spotify's form
/// are sent.
async fn add_items(playlist_id: &str, uris: &[String]) -> Result<(), ApiError> {
    let uris: Vec<&String> = uris.iter().filter(|u| track_id(u).is_some()).collect();
    if uris.is_empty() {
        return Ok(());
    }
    let body = json!({ "uris": uris });
    Spotify
        .send(
            Method::POST,
            &format!("/playlists/{playlist_id}/items"),
            Some(&body),
        )
        .await
        .map(|_| ())
}

/// Keeps a playlist to save when the browser is back online.
pub async fn queue_playlist(save: PendingSave) -> Result<(), StoreError> {
    exclusively(DATA, async move {
        let store = Store::open().await?;
        let mut pending = pending(&store).await?;
        pending.push(save);
        store
            .put_value(Space::Settings, PENDING_KEY, &pending)
            .await
    })
    .await
}

async fn pending(store: &Store) -> Result<Vec<PendingSave>, StoreError> {
    Ok(store
        .get_value(Space::Settings, PENDING_KEY)
        .await?
        .unwrap_or_default())
}

/// Saves the queued playlists, oldest first, keeping each step: the playlist's id once created and how
/// many tracks were added, so a failure part-way resumes where it stopped (never a second playlist).
/// Returns how many were saved. The caller holds [`DATA`] (the sync does, around this and itself).
pub async fn flush_pending() -> Result<usize, SpotifyError> {
    let store = Store::open().await?;
    let mut pending = pending(&store).await?;
    let keep = |pending: Vec<PendingSave>| {
        let store = &store;
        async move {
            store
                .put_value(Space::Settings, PENDING_KEY, &pending)
                .await
        }
    };
    let mut saved = 0;
    while let Some(next) = pending.first_mut() {
        let id = match next.playlist_id.clone().filter(|id| is_id(id)) {
            Some(id) => id,
            None => {
                let (id, _) = create_playlist(&next.name, &next.description).await?;
                next.playlist_id = Some(id.clone());
                keep(pending.clone()).await?;
                id
            }
        };
        while pending[0].added < pending[0].uris.len() {
            let from = pending[0].added;
            let to = (from + ITEMS_PER_REQUEST).min(pending[0].uris.len());
            match add_items(&id, &pending[0].uris[from..to]).await {
                Ok(()) => {}
                // The playlist was deleted meanwhile, or belongs to another account: the next try
                // makes a new one with every track.
                Err(error @ (ApiError::NotFound(_) | ApiError::Forbidden(_))) => {
                    pending[0].playlist_id = None;
                    pending[0].added = 0;
                    keep(pending.clone()).await?;
                    return Err(error.into());
                }
                Err(other) => return Err(other.into()),
            }
            pending[0].added = to;
            keep(pending.clone()).await?;
        }
        pending.remove(0);
        saved += 1;
        keep(pending.clone()).await?;
    }
    Ok(saved)
}

/// Adds a track to the listener's Spotify library ("Liked Songs").
pub async fn like(track_id: &str) -> Result<(), ApiError> {
    if !is_id(track_id) {
        return Err(ApiError::NotAnId(track_id.chars().take(40).collect()));
    }
    let uri = js_sys::encode_uri_component(&format!("spotify:track:{track_id}"));
    Spotify
        .send(Method::PUT, &format!("/me/library?uris={uri}"), None)
        .await
        .map(|_| ())
}
