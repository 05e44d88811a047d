//! Turning an artist Attune recommends into a track Spotify can play, when the catalog has none of
//! theirs: `GET /search?type=track&q=artist:"…"` (limit at most 10 since February 2026). Answers are
//! kept in the store for weeks, only a few artists are asked about per list, one after another, and a
//! 429 makes every later look-up wait out its Retry-After (Spotify has answered a burst of single
//! look-ups with a day-long one). Nothing here holds a list up: the cards show at once and gain their
//! track when it is found.

use super::browser::now_ms;
use super::client::Spotify;
use super::error::{ApiError, SpotifyError};
use super::ids::is_id;
use crate::store::{Space, Store};
use attune_engine::names::normalise;
use gloo_timers::future::TimeoutFuture;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

const CACHE_PREFIX: &str = "spotify.track_by_artist.";
const BACKOFF_KEY: &str = "spotify.search_backoff_until";
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
/// The shortest back-off after Spotify refused or could not be reached.
const MIN_BACKOFF_MS: f64 = 60_000.0;

/// A track of the artist's that Spotify has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtistTrack {
    pub id: String,
    pub title: String,
}

#[derive(Serialize, Deserialize)]
struct Kept {
    track: Option<ArtistTrack>,
    /// Milliseconds since 1970.
    at: f64,
}

/// A track for each of `artists` that has one, from the store or, for at most [`LOOKUPS_PER_LIST`] of
/// them and unless Spotify asked to wait, from a search.
pub async fn tracks_by(artists: &[String]) -> Result<HashMap<String, ArtistTrack>, SpotifyError> {
    let store = Store::open().await?;
    let mut found = HashMap::new();
    let mut asked = 0;
    let mut wait_until: f64 = store
        .get_value(Space::Settings, BACKOFF_KEY)
        .await?
        .unwrap_or(0.0);
    for artist in artists {
        let key = format!("{CACHE_PREFIX}{}", normalise(artist));
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
        if asked == LOOKUPS_PER_LIST || now_ms() < wait_until {
            continue;
        }
        if asked > 0 {
            TimeoutFuture::new(PAUSE_MS).await;
        }
        asked += 1;
        match search(artist).await {
            Ok(track) => {
                let kept = Kept {
                    track: track.clone(),
                    at: now_ms(),
                };
                store.put_value(Space::Settings, &key, &kept).await?;
                if let Some(track) = track {
                    found.insert(artist.clone(), track);
                }
            }
            Err(ApiError::SignInAgain(_)) => break,
            Err(error) => {
                let wait_ms = match error {
                    ApiError::RateLimitedFor(seconds) => (seconds * 1000.0).max(MIN_BACKOFF_MS),
                    _ => MIN_BACKOFF_MS,
                };
                wait_until = now_ms() + wait_ms;
                store
                    .put_value(Space::Settings, BACKOFF_KEY, &wait_until)
                    .await?;
            }
        }
    }
    Ok(found)
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

/// The first track in a search answer whose credits name `artist`, with a checked id.
fn first_by(answer: &Value, artist: &str) -> Option<ArtistTrack> {
    let wanted = normalise(artist);
    answer["tracks"]["items"]
        .as_array()?
        .iter()
        .find(|track| {
            track["artists"].as_array().is_some_and(|credits| {
                credits
                    .iter()
                    .any(|c| c["name"].as_str().is_some_and(|n| normalise(n) == wanted))
            })
        })
        .and_then(|track| {
            let id = track["id"].as_str().filter(|id| is_id(id))?;
            let title: String = track["name"].as_str()?.chars().take(200).collect();
            Some(ArtistTrack {
                id: id.to_string(),
                title,
            })
        })
}
