//! The records as stored. Field names are short and stable: they are the database's format, and the
//! backup file's.

use attune_engine::import::{Play, PlayId, PlayKind};
use attune_engine::names::normalise;
use serde::{Deserialize, Serialize};

/// One listening event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPlay {
    /// [`PlayId`]: sorts by time, and is what deduplication compares.
    pub id: String,
    /// Seconds since 1970 UTC.
    pub ended_at: i64,
    #[serde(default)]
    pub minute_resolution: bool,
    pub ms_played: u64,
    pub kind: PlayKind,
    /// Normalised `artist|title` (the `by_track` index).
    pub track: String,
    /// Normalised artist (the `by_artist` index, schema v2).
    #[serde(default)]
    pub artist_key: String,
    pub title: String,
    pub artist: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub album: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shuffle: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Where the play came from: `export` or `api`.
    pub source: String,
}

pub fn artist_key(artist: &str) -> String {
    normalise(artist)
}

impl StoredPlay {
    /// A play with its key from [`attune_engine::import::StoredPlays::admit`].
    pub fn new(id: String, play: Play, source: &str) -> StoredPlay {
        let track = PlayId::decode(&id).map(|id| id.track).unwrap_or_default();
        StoredPlay {
            id,
            ended_at: play.ended_at,
            minute_resolution: play.minute_resolution,
            ms_played: play.ms_played,
            kind: play.kind,
            track,
            artist_key: artist_key(&play.artist),
            title: play.title,
            artist: play.artist,
            uri: play.uri,
            album: play.album,
            skipped: play.skipped,
            shuffle: play.shuffle,
            reason_start: play.reason_start,
            reason_end: play.reason_end,
            platform: play.platform,
            source: source.into(),
        }
    }

    /// Back to the engine's shape, for summaries and training.
    pub fn to_play(&self) -> Play {
        Play {
            ended_at: self.ended_at,
            minute_resolution: self.minute_resolution,
            ms_played: self.ms_played,
            kind: self.kind,
            uri: self.uri.clone(),
            title: self.title.clone(),
            artist: self.artist.clone(),
            album: self.album.clone(),
            skipped: self.skipped,
            shuffle: self.shuffle,
            reason_start: self.reason_start.clone(),
            reason_end: self.reason_end.clone(),
            platform: self.platform.clone(),
        }
    }
}

/// One import, for the listener's record of what came from where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRecord {
    /// Milliseconds since 1970, when the import finished.
    pub at: f64,
    pub files: Vec<String>,
    /// Plays stored by this import, and plays that were already there.
    pub added: usize,
    pub duplicates: usize,
}
