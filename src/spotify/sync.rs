//! The sync from the Web API into the store: the profile, recently played (incrementally from the `after`
//! cursor, so the history keeps growing past Spotify's 50 as long as the listener comes back), saved
//! tracks, the listener's own playlists, top tracks and artists for the three time ranges, and one try at
//! audio features per Client ID. Each step commits what it fetched and moves its cursor, so an
//! interrupted sync resumes where it stopped and never stores a play twice.

use super::client::Spotify;
use super::client_id;
use super::error::{ApiError, SpotifyError};
use super::ids::{is_id, track_id};
use crate::store::{Space, Store};
use attune_engine::import::{time, Library, Play, PlayKind, Playlist, SavedTrack};
use serde::{Deserialize, Serialize};
use serde_json::Value;

const RECENT_CURSOR: &str = "recently_played.after";
const SAVED_CURSOR: &str = "saved_tracks.offset";
const PROFILE_KEY: &str = "spotify.profile";
const LAST_SYNC_KEY: &str = "spotify.last_sync";
const NO_FEATURES_KEY: &str = "spotify.audio_features_forbidden";
const TIME_RANGES: [&str; 3] = ["short_term", "medium_term", "long_term"];

/// Where a running sync is, for the status line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub step: &'static str,
    pub steps_done: u32,
    pub steps: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncReport {
    pub account: String,
    pub new_plays: usize,
    pub saved_tracks: usize,
    pub playlists: usize,
    /// Playlists Spotify would not let this app read (not the listener's own).
    pub playlists_skipped: usize,
    pub audio_features: bool,
    /// Queued saves and likes dropped because they were for another Spotify account.
    #[serde(default)]
    pub dropped_for_another_account: usize,
    /// Milliseconds since 1970.
    pub finished_at: f64,
}

#[derive(Serialize, Deserialize)]
struct Profile {
    /// The 2026 profile's pseudonymous key for the listener's data (older answers: the `id`).
    account_id: String,
    /// The user id that playlists name as their owner.
    id: String,
    display_name: Option<String>,
}

/// Runs one sync, reporting each step to `progress`.
pub async fn sync(mut progress: impl FnMut(SyncProgress)) -> Result<SyncReport, SpotifyError> {
    let spotify = Spotify;
    let store = Store::open().await?;
    let mut report = SyncReport::default();
    let steps = [
        "your profile",
        "recently played",
        "saved tracks",
        "your playlists",
        "your top tracks and artists",
        "audio features",
    ];
    let mut step = |i: usize| {
        progress(SyncProgress {
            step: steps[i],
            steps_done: i as u32,
            steps: steps.len() as u32,
        })
    };

    step(0);
    let me = spotify.get("/me").await?;
    let id = text(&me, "id").unwrap_or_default();
    let profile = Profile {
        account_id: text(&me, "account_id").unwrap_or_else(|| id.clone()),
        id,
        display_name: text(&me, "display_name"),
    };
    report.account = profile
        .display_name
        .clone()
        .unwrap_or_else(|| profile.id.clone());
    store
        .put_value(Space::Settings, PROFILE_KEY, &profile)
        .await?;

    step(1);
    report.new_plays = recently_played(&spotify, &store).await?;
    step(2);
    report.saved_tracks = saved_tracks(&spotify, &store).await?;
    step(3);
    (report.playlists, report.playlists_skipped) = playlists(&spotify, &store, &profile.id).await?;
    step(4);
    for kind in ["tracks", "artists"] {
        for range in TIME_RANGES {
            let top = spotify
                .get(&format!("/me/top/{kind}?time_range={range}&limit=50"))
                .await?;
            let names: Vec<String> = items(&top).filter_map(|i| text(i, "name")).collect();
            store
                .put_value(
                    Space::Settings,
                    &format!("spotify.top.{kind}.{range}"),
                    &names,
                )
                .await?;
        }
    }
    step(5);
    report.audio_features = audio_features(&spotify, &store).await?;
    report.finished_at = js_sys::Date::now();
    store
        .put_value(Space::Settings, LAST_SYNC_KEY, &report)
        .await?;
    Ok(report)
}

/// The account last synced (its `account_id`), if any.
pub(super) async fn synced_account(store: &Store) -> Result<Option<String>, SpotifyError> {
    let profile: Option<Profile> = store.get_value(Space::Settings, PROFILE_KEY).await?;
    Ok(profile.map(|p| p.account_id).filter(|id| !id.is_empty()))
}

/// The account the stored tokens belong to, asked of Spotify: `/me`'s `account_id`, the key the
/// platform gives for telling accounts apart (older answers: the `id`).
pub(super) async fn connected_account() -> Result<String, SpotifyError> {
    let me = Spotify.get("/me").await?;
    text(&me, "account_id")
        .or_else(|| text(&me, "id"))
        .ok_or_else(|| ApiError::Incomplete("your Spotify account id").into())
}

/// The last finished sync, if any.
pub async fn last_sync() -> Option<SyncReport> {
    Store::read_one(Space::Settings, LAST_SYNC_KEY).await
}

/// New plays since the cursor, a page of at most 50 at a time, each page stored before the cursor moves.
async fn recently_played(spotify: &Spotify, store: &Store) -> Result<usize, SpotifyError> {
    let mut after: Option<i64> = store.get_value(Space::SyncCursors, RECENT_CURSOR).await?;
    let mut stored_plays = store.stored_plays().await?;
    let mut added = 0;
    loop {
        let query = match after {
            Some(ms) => format!("/me/player/recently-played?limit=50&after={ms}"),
            None => "/me/player/recently-played?limit=50".to_string(),
        };
        let page = spotify.get(&query).await?;
        let plays: Vec<Play> = items(&page).filter_map(play).collect();
        if plays.is_empty() {
            return Ok(added);
        }
        let newest = page["cursors"]["after"]
            .as_str()
            .and_then(|s| s.parse::<i64>().ok())
            .or_else(|| page["cursors"]["after"].as_i64());
        let count = plays.len();
        let record = store
            .import_batch(
                &mut stored_plays,
                plays,
                vec!["Spotify: recently played".into()],
                "api",
            )
            .await?;
        added += record.added;
        match newest {
            Some(ms) if Some(ms) != after => {
                after = Some(ms);
                store
                    .put_value(Space::SyncCursors, RECENT_CURSOR, &ms)
                    .await?;
            }
            _ => return Ok(added),
        }
        if count < 50 {
            return Ok(added);
        }
    }
}

/// A recently-played item as a play: it ended at `played_at`; the API does not say how long it was
/// listened to, so the track's length stands in.
fn play(item: &Value) -> Option<Play> {
    let track = &item["track"];
    let played_at = item["played_at"].as_str()?;
    Some(Play {
        ended_at: time::parse(&format!("{}Z", played_at.get(..19)?))?,
        minute_resolution: false,
        ms_played: track["duration_ms"].as_u64().unwrap_or(0),
        kind: PlayKind::Music,
        uri: text(track, "uri"),
        title: text(track, "name")?,
        artist: text(&track["artists"][0], "name")?,
        album: text(&track["album"], "name"),
        skipped: None,
        shuffle: None,
        reason_start: None,
        reason_end: None,
        platform: None,
    })
}

fn saved(track: &Value) -> Option<SavedTrack> {
    Some(SavedTrack {
        artist: text(&track["artists"][0], "name")?,
        title: text(track, "name")?,
        album: text(&track["album"], "name"),
        uri: text(track, "uri"),
    })
}

async fn saved_tracks(spotify: &Spotify, store: &Store) -> Result<usize, SpotifyError> {
    let mut offset: u32 = store
        .get_value(Space::SyncCursors, SAVED_CURSOR)
        .await?
        .unwrap_or(0);
    let mut total = 0;
    loop {
        let page = spotify
            .get(&format!("/me/tracks?limit=50&offset={offset}"))
            .await?;
        let library = Library {
            saved_tracks: items(&page).filter_map(|i| saved(&i["track"])).collect(),
            ..Library::default()
        };
        total += library.saved_tracks.len();
        save(store, &library).await?;
        offset += items(&page).count() as u32;
        if page["next"].is_null() || items(&page).count() == 0 {
            // Done: the next sync reads the whole list again (saved tracks carry no cursor of their own).
            store
                .put_value(Space::SyncCursors, SAVED_CURSOR, &0u32)
                .await?;
            return Ok(total);
        }
        store
            .put_value(Space::SyncCursors, SAVED_CURSOR, &offset)
            .await?;
    }
}

/// The listener's own and collaborative playlists with their tracks; others' are skipped (403).
async fn playlists(
    spotify: &Spotify,
    store: &Store,
    me: &str,
) -> Result<(usize, usize), SpotifyError> {
    let (mut read, mut skipped, mut offset) = (0, 0, 0);
    loop {
        let page = spotify
            .get(&format!("/me/playlists?limit=50&offset={offset}"))
            .await?;
        for summary in items(&page) {
            // The id goes into the next request's path: only Spotify's form is followed.
            let (Some(id), Some(name)) = (
                text(summary, "id").filter(|id| is_id(id)),
                text(summary, "name"),
            ) else {
                continue;
            };
            let own = text(&summary["owner"], "id").as_deref() == Some(me)
                || summary["collaborative"] == true;
            if !own {
                skipped += 1;
                continue;
            }
            match playlist_tracks(spotify, &id).await {
                Ok(tracks) => {
                    let library = Library {
                        playlists: vec![Playlist {
                            id: Some(id.clone()),
                            name,
                            last_modified: None,
                            tracks,
                        }],
                        ..Library::default()
                    };
                    save(store, &library).await?;
                    read += 1;
                }
                Err(ApiError::Forbidden(_)) | Err(ApiError::NotFound(_)) => skipped += 1,
                Err(other) => return Err(other.into()),
            }
        }
        offset += items(&page).count();
        if page["next"].is_null() || items(&page).count() == 0 {
            return Ok((read, skipped));
        }
    }
}

/// 50 a page: the 2026 reference caps `limit` at 50 for playlist items.
async fn playlist_tracks(spotify: &Spotify, id: &str) -> Result<Vec<SavedTrack>, ApiError> {
    let (mut tracks, mut offset) = (Vec::new(), 0);
    loop {
        let page = spotify
            .get(&format!("/playlists/{id}/items?limit=50&offset={offset}"))
            .await?;
        // The 2026 shape calls the entry `item`; older answers call it `track`.
        tracks.extend(items(&page).filter_map(|i| {
            saved(if i["item"].is_object() {
                &i["item"]
            } else {
                &i["track"]
            })
        }));
        offset += items(&page).count();
        if page["next"].is_null() || items(&page).count() == 0 {
            return Ok(tracks);
        }
    }
}

/// Tries audio features once per Client ID: apps created since late 2024 get 403, which is remembered
/// so later syncs do not ask again (the bundled catalog's features stand in).
async fn audio_features(spotify: &Spotify, store: &Store) -> Result<bool, SpotifyError> {
    let client = client_id().unwrap_or_default();
    let forbidden: Option<String> = store.get_value(Space::Settings, NO_FEATURES_KEY).await?;
    if forbidden.as_deref() == Some(client.as_str()) {
        return Ok(false);
    }
    let library = store.library().await?;
    let ids: Vec<&str> = library
        .saved_tracks
        .iter()
        .filter_map(|t| track_id(t.uri.as_deref()?))
        .take(100)
        .collect();
    if ids.is_empty() {
        return Ok(false);
    }
    match spotify
        .get(&format!("/audio-features?ids={}", ids.join(",")))
        .await
    {
        Ok(_) => Ok(true),
        Err(ApiError::Forbidden(_)) => {
            store
                .put_value(Space::Settings, NO_FEATURES_KEY, &client)
                .await?;
            Ok(false)
        }
        Err(other) => Err(other.into()),
    }
}

/// Keeps a page of the library. No import record: a sync writes one page after another every 15
/// minutes, and a record for each made the import history grow without end.
async fn save(store: &Store, library: &Library) -> Result<(), SpotifyError> {
    Ok(store.save_library(library, None).await?)
}

fn items(page: &Value) -> impl Iterator<Item = &Value> {
    page["items"].as_array().into_iter().flatten()
}

fn text(value: &Value, key: &str) -> Option<String> {
    value[key]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(String::from)
}
