//! Saving back to Spotify: a generated list as a private playlist, a like into the library.

use super::client::Spotify;
use super::error::{ApiError, SpotifyError};
use super::ids::{is_id, track_id};
use super::pkce::random_string;
use crate::locks::{exclusively, DATA};
use crate::store::{Space, Store, StoreError};
use gloo_net::http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

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
    /// The created playlist's Spotify URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Random, written into the playlist's description: a playlist whose creation was answered with
    /// nothing (the answer lost) is found by it instead of being made again.
    #[serde(default)]
    pub marker: String,
    /// The request creating the playlist was sent, so the playlist may exist without its id here.
    #[serde(default)]
    pub create_sent: bool,
}

impl PendingSave {
    pub fn new(name: &str, description: &str, uris: Vec<String>) -> PendingSave {
        PendingSave {
            name: name.into(),
            description: description.into(),
            uris,
            playlist_id: None,
            added: 0,
            url: None,
            // Without the CSPRNG, the time still tells two saves apart.
            marker: random_string::<12>()
                .unwrap_or_else(|_| format!("{:x}", js_sys::Date::now() as u64)),
            create_sent: false,
        }
    }
}

/// Spotify adds at most this many items per request.
const ITEMS_PER_REQUEST: usize = 100;

/// How "Save to Spotify" ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Saved: the playlist's Spotify URL.
    Open(String),
    /// Kept to finish later: the next sync saves it, in the same playlist if one was made. With
    /// why it was not saved now (none: offline).
    Queued(Option<String>),
}

/// Saves a generated list as a private playlist. It goes through the queue, so a save cut short
/// (offline, Spotify not answering, the tab closed) is finished at the next sync in the playlist it
/// started, never in a second one.
pub async fn save_playlist(save: PendingSave) -> Result<Saved, SpotifyError> {
    let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
    exclusively(DATA, async move {
        let store = Store::open().await?;
        let mut queue = pending(&store).await?;
        queue.push(save);
        keep(&store, &queue).await?;
        let save_copy = queue.last().cloned().expect("just queued");
        if !online {
            return Ok(Saved::Queued(None));
        }
        // Older queued saves go first; this one is the last URL when everything went out. When
        // something failed, it is told as queued while this save is still in the queue (an older
        // one may be what failed), so a second click does not queue it twice.
        match flush_pending().await {
            Ok(mut urls) => Ok(urls.pop().map_or(Saved::Queued(None), Saved::Open)),
            Err(error) => match pending(&store).await?.last() {
                // Its playlist id and progress may have changed; the list it saves has not.
                Some(last) if (&last.name, &last.uris) == (&save_copy.name, &save_copy.uris) => {
                    Ok(Saved::Queued(Some(error.to_string())))
                }
                _ => Err(error),
            },
        }
    })
    .await
}

/// The description a saved playlist gets: the save's own, then its marker.
fn described(save: &PendingSave) -> String {
    if save.marker.is_empty() {
        return save.description.clone();
    }
    format!("{} (save {})", save.description, save.marker)
}

/// An empty private playlist: its id and URL.
async fn create_playlist(save: &PendingSave) -> Result<(String, String), ApiError> {
    let body = json!({ "name": save.name, "description": described(save), "public": false });
    let playlist = Spotify
        .send(Method::POST, "/me/playlists", Some(&body))
        .await?;
    id_and_url(&playlist).ok_or(ApiError::Incomplete("new playlist's id"))
}

/// The listener's playlist that carries `save`'s marker: one whose creation was answered with
/// nothing. Spotify lists the newest first; the first page is enough for a save just tried.
async fn created_unanswered(save: &PendingSave) -> Result<Option<(String, String)>, ApiError> {
    if save.marker.is_empty() {
        return Ok(None);
    }
    let page = Spotify.get("/me/playlists?limit=50").await?;
    let marked = format!("(save {})", save.marker);
    Ok(page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| {
            p["description"]
                .as_str()
                .is_some_and(|d| d.contains(&marked))
        })
        .and_then(id_and_url))
}

/// A playlist object's id (checked) and its Spotify URL.
fn id_and_url(playlist: &Value) -> Option<(String, String)> {
    let id = playlist["id"].as_str().filter(|id| is_id(id))?.to_string();
    let url = playlist["external_urls"]["spotify"]
        .as_str()
        .filter(|url| url.starts_with("https://open.spotify.com/"))
        .map(String::from)
        .unwrap_or_else(|| format!("https://open.spotify.com/playlist/{id}"));
    Some((id, url))
}

/// Appends `uris` (at most [`ITEMS_PER_REQUEST`]) to the playlist; only track URIs of Spotify's form
/// are sent. Not retried in place when the answer is lost (see [`flush_pending`]).
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

/// How many items the playlist holds now.
async fn items_in(playlist_id: &str) -> Result<usize, ApiError> {
    let page = Spotify
        .get(&format!(
            "/playlists/{playlist_id}/items?limit=1&fields=total"
        ))
        .await?;
    page["total"]
        .as_u64()
        .map(|n| n as usize)
        .ok_or(ApiError::Incomplete("playlist's item count"))
}

/// The position in `uris` just after the first `sent` of them that [`add_items`] sends.
fn position_after(uris: &[String], sent: usize) -> usize {
    let mut seen = 0;
    for (at, uri) in uris.iter().enumerate() {
        if seen == sent {
            return at;
        }
        seen += usize::from(track_id(uri).is_some());
    }
    uris.len()
}

/// Keeps a playlist to save when the browser is back online.
async fn keep(store: &Store, pending: &[PendingSave]) -> Result<(), StoreError> {
    store
        .put_value(Space::Settings, PENDING_KEY, &pending)
        .await
}

/// Disconnects at the listener's request: forgets the tokens and the playlists still queued, which
/// were meant for the account being left and must not go to the next one connected. Returns how many
/// queued playlists were dropped. (A connection Spotify ends keeps the queue: the listener signs in
/// again to the same account to send it.)
pub async fn sign_out() -> Result<usize, StoreError> {
    exclusively(DATA, async move {
        // The queue first: if forgetting it fails, the listener is still connected and can retry.
        let store = Store::open().await?;
        let dropped = pending(&store).await?.len();
        store.delete_value(Space::Settings, PENDING_KEY).await?;
        super::disconnect().await?;
        Ok(dropped)
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
/// Adding is not idempotent, and an add whose answer was lost may have landed: a resumed save first
/// asks the playlist how many items it holds. A save Spotify refuses for good (not a wait, a dead
/// connection or a missing playlist) is dropped, so it cannot hold the queue forever. Returns the
/// URLs of the playlists saved. The caller holds [`DATA`] (the sync does, around this and itself).
pub async fn flush_pending() -> Result<Vec<String>, SpotifyError> {
    let store = Store::open().await?;
    let mut pending = pending(&store).await?;
    let mut saved = Vec::new();
    while !pending.is_empty() {
        match save_first(&store, &mut pending).await {
            Ok(url) => saved.push(url),
            Err(SpotifyError::Api(error)) if refused_for_good(&error) => {
                pending.remove(0);
                keep(&store, &pending).await?;
                return Err(error.into());
            }
            Err(error) => return Err(error),
        }
        pending.remove(0);
        keep(&store, &pending).await?;
    }
    Ok(saved)
}

/// Saves `pending[0]`, keeping each step in the store; its URL.
async fn save_first(store: &Store, pending: &mut [PendingSave]) -> Result<String, SpotifyError> {
    let next = &mut pending[0];
    let (id, url) = match next.playlist_id.clone().filter(|id| is_id(id)) {
        Some(id) => {
            match items_in(&id).await {
                Ok(landed) => next.added = next.added.max(position_after(&next.uris, landed)),
                Err(error) => return Err(restart(store, pending, error).await),
            }
            let url = next.url.clone();
            (
                id.clone(),
                url.unwrap_or_else(|| format!("https://open.spotify.com/playlist/{id}")),
            )
        }
        None => {
            let found = match next.create_sent {
                true => created_unanswered(next).await?,
                false => None,
            };
            let (id, url) = match found {
                Some(found) => found,
                None => {
                    // Kept before it is sent: if the answer is lost, the next try looks first.
                    next.create_sent = true;
                    keep(store, pending).await?;
                    create_playlist(&pending[0]).await?
                }
            };
            let next = &mut pending[0];
            next.playlist_id = Some(id.clone());
            next.url = Some(url.clone());
            keep(store, pending).await?;
            (id, url)
        }
    };
    while pending[0].added < pending[0].uris.len() {
        let from = pending[0].added;
        let to = (from + ITEMS_PER_REQUEST).min(pending[0].uris.len());
        if let Err(error) = add_items(&id, &pending[0].uris[from..to]).await {
            return Err(restart(store, pending, error).await);
        }
        pending[0].added = to;
        keep(store, pending).await?;
    }
    Ok(url)
}

/// After `error` on the playlist of `pending[0]`: when it was deleted meanwhile, the next try makes a
/// new one with every track. (A 403 does not: a new playlist would meet the same refusal, and each try
/// would leave one more behind.) The error, to return.
async fn restart(store: &Store, pending: &mut [PendingSave], error: ApiError) -> SpotifyError {
    if matches!(error, ApiError::NotFound(_)) {
        pending[0].playlist_id = None;
        pending[0].url = None;
        pending[0].added = 0;
        pending[0].create_sent = false;
        if let Err(stored) = keep(store, pending).await {
            return stored.into();
        }
    }
    error.into()
}

/// Whether Spotify refused the save itself (a malformed request, a playlist this account may not
/// change, an answer without the playlist), which no later try would change; waits, dead connections
/// and deleted playlists are tried again.
fn refused_for_good(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Failed(400..=499)
            | ApiError::Forbidden(_)
            | ApiError::Incomplete(_)
            | ApiError::NotAnId(_)
    )
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
