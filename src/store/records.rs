//! The records as stored: in blocks of postcard bytes in the database (so every field is always written,
//! in this order: changing them needs a schema step), and as JSON in the backup file.

use attune_engine::import::{Play, PlayKind};
use serde::{Deserialize, Serialize};

/// One listening event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPlay {
    /// [`attune_engine::import::PlayId`]: sorts by time, and is what deduplication compares.
    pub id: String,
    /// Seconds since 1970 UTC.
    pub ended_at: i64,
    #[serde(default)]
    pub minute_resolution: bool,
    pub ms_played: u64,
    pub kind: PlayKind,
    pub title: String,
    pub artist: String,
    #[serde(default)]
    pub uri: Option<String>,
    #[serde(default)]
    pub album: Option<String>,
    #[serde(default)]
    pub skipped: Option<bool>,
    #[serde(default)]
    pub shuffle: Option<bool>,
    #[serde(default)]
    pub reason_start: Option<String>,
    #[serde(default)]
    pub reason_end: Option<String>,
    #[serde(default)]
    pub platform: Option<String>,
    /// Where the play came from: `export` or `api`.
    pub source: String,
}

impl StoredPlay {
    /// A play with its key from [`attune_engine::import::StoredPlays::admit`].
    pub fn new(id: String, play: Play, source: &str) -> StoredPlay {
        StoredPlay {
            id,
            ended_at: play.ended_at,
            minute_resolution: play.minute_resolution,
            ms_played: play.ms_played,
            kind: play.kind,
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
