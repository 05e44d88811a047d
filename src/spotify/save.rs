//! Saving a generated list back to Spotify as a private playlist, through the outbox's queue.

use super::client::Spotify;
use super::error::{ApiError, SpotifyError};
use super::ids::{is_id, track_id};
use super::outbox::{self, flush_pending, refused_for_good, Queued};
use super::permission::{connection_allows, Permission, NOT_CONNECTED};
use super::pkce::random_string;
use crate::locks::{exclusively, DATA};
use crate::store::{Store, StoreError};
use gloo_net::http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub(super) const PENDING_KEY: &str = "spotify.pending_saves";

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
    /// How many of `uris`, from `added`, the add in flight carries: kept before it is sent, so when its
    /// answer never comes the next try asks the playlist whether they landed.
    #[serde(default)]
    pub sending: usize,
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
    /// The Spotify user id of the account it is for.
    #[serde(default)]
    pub account: Option<String>,
}

impl Queued for PendingSave {
    fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }
}

impl PendingSave {
    pub fn new(name: &str, description: &str, uris: Vec<String>) -> PendingSave {
        PendingSave {
            name: name.into(),
            description: description.into(),
            uris,
            playlist_id: None,
            added: 0,
            sending: 0,
            url: None,
            // Without the CSPRNG, the time still tells two saves apart.
            marker: random_string::<12>()
                .unwrap_or_else(|_| format!("{:x}", js_sys::Date::now() as u64)),
            create_sent: false,
            account: None,
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
    /// Kept until the listener allows Attune to create playlists.
    WaitsForPermission,
    /// Not kept: [`MAX_QUEUED`] saves already wait.
    QueueFull,
}

/// Saves kept at most while they wait: beyond this, something is wrong that more saves will not fix.
pub const MAX_QUEUED: usize = 50;

/// Saves a generated list as a private playlist. It goes through the queue, so a save cut short
/// (offline, Spotify not answering, the tab closed) is finished at the next sync in the playlist it
/// started, never in a second one.
pub async fn save_playlist(mut save: PendingSave) -> Result<Saved, SpotifyError> {
    let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
    exclusively(DATA, async move {
        let store = Store::open().await?;
        save.account = outbox::account_now(&store).await?;
        let mut queue = pending(&store).await?;
        // A second click on a list still waiting (for the connection or a permission) is the same save.
        let waiting = |q: &PendingSave| {
            (&q.name, &q.uris, &q.account) == (&save.name, &save.uris, &save.account)
                && q.playlist_id.is_none()
                && !q.create_sent
        };
        if !queue.iter().any(waiting) {
            if queue.len() >= MAX_QUEUED {
                return Ok(Saved::QueueFull);
            }
            queue.push(save.clone());
            keep(&store, &queue).await?;
        }
        match connection_allows(Permission::SavePlaylists).await {
            None => return Ok(Saved::Queued(Some(NOT_CONNECTED.into()))),
            Some(false) => return Ok(Saved::WaitsForPermission),
            Some(true) => {}
        }
        if !online {
            return Ok(Saved::Queued(None));
        }
        // Older queued saves go first; this one is the last URL when everything went out. When
        // something failed, it is told as queued while this save is still in the queue (an older
        // one may be what failed).
        match flush_pending().await {
            Ok(mut flushed) => Ok(flushed.saved.pop().map_or(Saved::Queued(None), Saved::Open)),
            // Its playlist id and progress may have changed; the list it saves has not.
            Err(error) => match pending(&store)
                .await?
                .iter()
                .any(|q| (&q.name, &q.uris) == (&save.name, &save.uris))
            {
                true => Ok(Saved::Queued(Some(error.to_string()))),
                false => Err(error),
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
/// are sent. Not retried in place when the answer is lost (see [`flush_saves`]).
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

/// Spotify lists playlist items at most this many at a time.
const ITEMS_PER_PAGE: usize = 50;
/// How many tracks the listener may have added by hand after a lost add and it is still recognised.
const ADDED_BY_HAND: usize = 50;

/// Whether `batch` (an add whose answer never came) landed: its track URIs, in order, among the
/// playlist's last items. Tracks the listener added meanwhile come after it, so the tail is searched
/// rather than the item count trusted.
async fn landed(playlist_id: &str, batch: &[String]) -> Result<bool, ApiError> {
    let sent: Vec<&str> = batch
        .iter()
        .filter(|uri| track_id(uri).is_some())
        .map(String::as_str)
        .collect();
    if sent.is_empty() {
        return Ok(true);
    }
    let total = Spotify
        .get(&format!("/playlists/{playlist_id}/items?limit=1"))
        .await?["total"]
        .as_u64()
        // Not a refusal: the save is tried again later rather than dropped.
        .ok_or_else(|| ApiError::Unreachable("no item count for the playlist".into()))?
        as usize;
    let mut tail = Vec::new();
    let from = total.saturating_sub(sent.len() + ADDED_BY_HAND);
    for offset in (from..total).step_by(ITEMS_PER_PAGE) {
        let page = Spotify
            .get(&format!(
                "/playlists/{playlist_id}/items?limit={ITEMS_PER_PAGE}&offset={offset}"
            ))
            .await?;
        // The 2026 shape calls the entry `item`; older answers call it `track`.
        tail.extend(page["items"].as_array().into_iter().flatten().map(|entry| {
            let item = match entry["item"].is_object() {
                true => &entry["item"],
                false => &entry["track"],
            };
            item["uri"].as_str().unwrap_or_default().to_string()
        }));
    }
    Ok(tail
        .windows(sent.len())
        .any(|window| window == sent.as_slice()))
}

/// How many playlists wait to be saved.
pub(super) async fn queued(store: &Store) -> Result<usize, StoreError> {
    Ok(pending(store).await?.len())
}

async fn pending(store: &Store) -> Result<Vec<PendingSave>, StoreError> {
    outbox::load(store, PENDING_KEY).await
}

async fn keep(store: &Store, pending: &[PendingSave]) -> Result<(), StoreError> {
    outbox::keep(store, PENDING_KEY, pending).await
}

/// Saves the queued playlists, oldest first, keeping each step: the playlist's id once created and how
/// many tracks were added, so a failure part-way resumes where it stopped (never a second playlist).
/// Adding is not idempotent, and an add whose answer was lost may have landed: a resumed save first
/// looks for that batch among the playlist's last items. A save Spotify refuses for good (not a wait, a dead
/// connection or a missing playlist) is dropped, so it cannot hold the queue forever. Returns the
/// URLs of the playlists saved.
pub(super) async fn flush_saves(store: &Store) -> Result<Vec<String>, SpotifyError> {
    let mut pending = pending(store).await?;
    let mut saved = Vec::new();
    while !pending.is_empty() {
        match save_first(store, &mut pending).await {
            Ok(url) => saved.push(url),
            Err(SpotifyError::Api(error)) if refused_for_good(&error) => {
                pending.remove(0);
                keep(store, &pending).await?;
                return Err(error.into());
            }
            Err(error) => return Err(error),
        }
        pending.remove(0);
        keep(store, &pending).await?;
    }
    Ok(saved)
}

/// Saves `pending[0]`, keeping each step in the store; its URL.
async fn save_first(store: &Store, pending: &mut [PendingSave]) -> Result<String, SpotifyError> {
    let next = &mut pending[0];
    let (id, url) = match next.playlist_id.clone().filter(|id| is_id(id)) {
        Some(id) => {
            if next.sending > 0 {
                let batch =
                    &next.uris[next.added..(next.added + next.sending).min(next.uris.len())];
                match landed(&id, batch).await {
                    Ok(true) => next.added += next.sending,
                    Ok(false) => {}
                    Err(error) => return Err(restart(store, pending, error).await),
                }
                pending[0].sending = 0;
                keep(store, pending).await?;
            }
            let next = &mut pending[0];
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
        // Kept before it is sent: if the answer is lost, the next try asks whether it landed.
        pending[0].sending = to - from;
        keep(store, pending).await?;
        if let Err(error) = add_items(&id, &pending[0].uris[from..to]).await {
            return Err(restart(store, pending, error).await);
        }
        pending[0].added = to;
        pending[0].sending = 0;
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
        pending[0].sending = 0;
        pending[0].create_sent = false;
        if let Err(stored) = keep(store, pending).await {
            return stored.into();
        }
    }
    error.into()
}
