//! Likes added to the listener's Liked Songs on Spotify: at once when the connection may, otherwise kept
//! in the outbox until the listener allows it, then sent by the next sync.

use super::client::Spotify;
use super::error::{ApiError, SpotifyError};
use super::ids::is_id;
use super::outbox::{self, refused_for_good, Queued};
use super::permission::{connection_allows, Permission, NOT_CONNECTED};
use crate::locks::{exclusively, DATA};
use crate::store::{Store, StoreError};
use gloo_net::http::Method;
use serde::{Deserialize, Serialize};

pub(super) const PENDING_KEY: &str = "spotify.pending_likes";
/// Spotify takes at most this many tracks in one save to the library.
const TRACKS_PER_REQUEST: usize = 40;
/// Likes kept at most while the permission is not given: the listener has been asked, and a queue
/// must not grow without end.
const MAX_WAITING: usize = 1_000;

/// A track to like on Spotify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PendingLike {
    /// Its Spotify id (checked when queued).
    track: String,
    /// The Spotify user id of the account it is for.
    #[serde(default)]
    account: Option<String>,
}

impl Queued for PendingLike {
    fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }
}

/// How a like reached Spotify.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Liked {
    OnSpotify,
    /// Kept until the listener allows Attune to add to their Liked Songs.
    WaitsForPermission,
}

/// Adds a track to the listener's Liked Songs, or keeps it until they allow it.
pub async fn like(track_id: &str) -> Result<Liked, SpotifyError> {
    if !is_id(track_id) {
        return Err(ApiError::NotAnId(track_id.chars().take(40).collect()).into());
    }
    match connection_allows(Permission::Like).await {
        None => return Err(ApiError::SignInAgain(NOT_CONNECTED.into()).into()),
        Some(true) => {
            save_to_library(&[track_id]).await?;
            return Ok(Liked::OnSpotify);
        }
        Some(false) => {}
    }
    let track = track_id.to_string();
    exclusively(DATA, async move {
        let store = Store::open().await?;
        let mut pending = pending(&store).await?;
        if !pending.iter().any(|like| like.track == track) {
            if pending.len() >= MAX_WAITING {
                return Err(StoreError::Failed(format!(
                    "{MAX_WAITING} likes already wait for your permission; allow it on Connect to send them"
                ))
                .into());
            }
            let account = outbox::account_now(&store).await?;
            pending.push(PendingLike { track, account });
            outbox::keep(&store, PENDING_KEY, &pending).await?;
        }
        Ok(Liked::WaitsForPermission)
    })
    .await
}

/// How many likes wait.
pub(super) async fn queued(store: &Store) -> Result<usize, StoreError> {
    Ok(pending(store).await?.len())
}

async fn pending(store: &Store) -> Result<Vec<PendingLike>, StoreError> {
    outbox::load(store, PENDING_KEY).await
}

/// Sends the waiting likes, a batch at a time, each batch forgotten once Spotify has it. Saving to the
/// library twice changes nothing, so a batch whose answer was lost is simply sent again. A batch Spotify
/// refuses for good is dropped.
pub(super) async fn flush_likes(store: &Store) -> Result<(), SpotifyError> {
    let mut pending = pending(store).await?;
    while !pending.is_empty() {
        let batch = pending.len().min(TRACKS_PER_REQUEST);
        let tracks: Vec<&str> = pending[..batch].iter().map(|l| l.track.as_str()).collect();
        let sent = save_to_library(&tracks).await;
        if let Err(error) = &sent {
            if !refused_for_good(error) {
                return Err(error.clone().into());
            }
        }
        pending.drain(..batch);
        outbox::keep(store, PENDING_KEY, &pending).await?;
        sent?;
    }
    Ok(())
}

/// `PUT /me/library` with the tracks' URIs (ids checked by the caller).
async fn save_to_library(track_ids: &[&str]) -> Result<(), ApiError> {
    let uris: Vec<String> = track_ids
        .iter()
        .map(|id| format!("spotify:track:{id}"))
        .collect();
    let uris = js_sys::encode_uri_component(&uris.join(","));
    Spotify
        .send(
            Method::PUT,
            &format!("/me/library?uris={uri}", uri = uris),
            None,
        )
        .await
        .map(|_| ())
}
