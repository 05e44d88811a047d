//! Turning an artist Attune recommends into a track Spotify can play, when the catalog has none of
//! theirs: `GET /search?type=track&q=artist:"…"` (limit at most 10 since February 2026). Answers are
//! kept in the store for weeks, only a few artists are asked about per list, one after another, one tab
//! at a time, and nothing is retried: a 429 makes every later look-up wait out its Retry-After (Spotify
//! has answered a burst of single look-ups with a day-long one), and a failure without a readable
//! answer (which may be a 429 the browser hides for want of CORS headers) a wait that doubles from an
//! hour to a day. Nothing here holds a list up: the cards show at once and gain their track when found.

use super::browser::now_ms;
use super::client::Spotify;
use super::error::{ApiError, SpotifyError};
use super::ids::is_id;
use crate::locks::{exclusively, ARTIST_LOOKUPS};
use crate::store::{Space, Store};
use attune_engine::names::name_key;
use gloo_timers::future::TimeoutFuture;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

const CACHE_PREFIX: &str = "spotify.track_by_artist.";
const BACKOFF_KEY: &str = "spotify.search_backoff";
const DAY_MS: f64 = 24.0 * 3600.0 * 1000.0;
/// A found track is kept this long; "Spotify has none" a shorter while.
const FOUND_FOR_MS: f64 = 30.0 * DAY_MS;
const NONE_FOR_MS: f64 = 7.0 * DAY_MS;
/// At most this many artists are asked about for one list; the rest wait for a later one.
pub const LOOKUPS_PER_LIST: usize = 5;
/// Between two look-ups, so a list never sends a burst.
const PAUSE_MS: u32 = 300;
/// How many tracks a search returns (Spotify's default; its maximum is 10).
const SEARCH_LIMIT: usize = 5;
/// The wait after a look-up got no readable answer, doubled each time in a row up to a day.
const FIRST_WAIT_MS: f64 = 3600.0 * 1000.0;
/// The shortest wait after a 429.
const MIN_WAIT_MS: f64 = 60_000.0;

/// A track of the artist's that Spotify has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtistTrack {
    pub id: String,
    pub title: String,
}

/// No look-up before `until`; `last_wait` is the wait after the last failure without an answer.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Backoff {
    until: f64,
    last_wait: f64,
}

#[derive(Serialize, Deserialize)]
struct Kept {
    track: Option<ArtistTrack>,
    /// Milliseconds since 1970.
    at: f64,
}

/// A track for each of `artists` that has one, from the store or, when `may_ask` (connected, and the
/// connection idle), for at most [`LOOKUPS_PER_LIST`] of them and unless Spotify asked to wait, from a
/// search. What was found before a failure is kept.
pub async fn tracks_by(artists: Vec<String>, may_ask: bool) -> HashMap<String, ArtistTrack> {
    exclusively(ARTIST_LOOKUPS, async move {
        let mut found = HashMap::new();
        if let Ok(store) = Store::open().await {
            // A store that fails part-way leaves what was found so far.
            let budget = if may_ask { LOOKUPS_PER_LIST } else { 0 };
            let _ = look_up(&store, &artists, budget, &mut found).await;
        }
        found
    })
    .await
}

async fn look_up(
    store: &Store,
    artists: &[String],
    budget: usize,
    found: &mut HashMap<String, ArtistTrack>,
) -> Result<(), SpotifyError> {
    let mut asked = 0;
    for artist in artists {
        let key = format!("{CACHE_PREFIX}{}", name_key(artist));
        if let Some(kept) = store.get_value::<Kept>(Space::Settings, &key).await? {
            let lasts = if kept.track.is_some() {
                FOUND_FOR_MS
            } else {
                NONE_FOR_MS
            };
            if now_ms() - kept.at < lasts {
                if let Some(track) = kept.track {
                    found.insert(artist.clone(), track);
                }
                continue;
            }
        }
        // Read each time: another tab, or this one, may have been told to wait meanwhile.
        let backoff: Backoff = store
            .get_value(Space::Settings, BACKOFF_KEY)
            .await?
            .unwrap_or_default();
        let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
        if asked == budget || now_ms() < backoff.until || !online {
            continue;
        }
        if asked > 0 {
            TimeoutFuture::new(PAUSE_MS).await;
        }
        asked += 1;
        let wait_ms = match search(artist).await {
            Ok(track) => {
                let kept = Kept {
                    track: track.clone(),
                    at: now_ms(),
                };
                store.put_value(Space::Settings, &key, &kept).await?;
                if let Some(track) = track {
                    found.insert(artist.clone(), track);
                }
                if backoff.last_wait > 0.0 {
                    store.delete_value(Space::Settings, BACKOFF_KEY).await?;
                }
                continue;
            }
            Err(ApiError::SignInAgain(_)) => return Ok(()),
            Err(ApiError::RateLimitedFor(seconds)) => (seconds * 1000.0).max(MIN_WAIT_MS),
            Err(_) => (2.0 * backoff.last_wait).clamp(FIRST_WAIT_MS, DAY_MS),
        };
        let backoff = Backoff {
            until: now_ms() + wait_ms,
            last_wait: wait_ms,
        };
        store
            .put_value(Space::Settings, BACKOFF_KEY, &backoff)
            .await?;
    }
    Ok(())
}

/// The first track Spotify finds credited to `artist` (by the same normalised name).
async fn search(artist: &str) -> Result<Option<ArtistTrack>, ApiError> {
    // Quotes would end the field filter early; nothing else in a name changes the query's meaning.
    let name: String = artist.chars().filter(|&c| c != '"').collect();
    let query = js_sys::encode_uri_component(&format!("artist:\"{name}\""));
    let answer = Spotify
        .get_unless_limited(&format!(
            "/search?type=track&limit={SEARCH_LIMIT}&q={query}"
        ))
        .await?;
    Ok(first_by(&answer, artist))
}

/// The first track in a search answer credited first to `artist`, else the first that credits them
/// at all (a feature), with a checked id.
fn first_by(answer: &Value, artist: &str) -> Option<ArtistTrack> {
    let wanted = name_key(artist);
    let tracks = answer["tracks"]["items"].as_array()?;
    let credited = |track: &Value, first_only: bool| {
        track["artists"].as_array().is_some_and(|credits| {
            let names = credits.iter().filter_map(|c| c["name"].as_str());
            let mut names = names.take(if first_only { 1 } else { usize::MAX });
            names.any(|n| name_key(n) == wanted)
        })
    };
    let usable = |track: &Value| {
        let id = track["id"].as_str().filter(|id| is_id(id))?;
        let title: String = track["name"].as_str()?.chars().take(200).collect();
        Some(ArtistTrack {
            id: id.to_string(),
            title,
        })
    };
    [true, false].into_iter().find_map(|first_only| {
        tracks
            .iter()
            .filter(|t| credited(t, first_only))
            .find_map(usable)
    })
}
