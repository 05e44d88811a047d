//! Spotify's "Download your data" export, read into plays. Both history formats are understood:
//! account data (`StreamingHistory_music_N.json`, `StreamingHistoryN.json`: minute resolution, no ids)
//! and extended history (`Streaming_History_Audio_*.json`, the older `endsong_N.json`: UTC seconds, track
//! URIs, skips, shuffle). Podcasts and audiobooks are kept apart from music. Every record is checked on its
//! own: an absurd one (negative or day-long play, a date before Spotify or in the future) is rejected with
//! its reason and the rest of the file still counts. A whole file fails only when it is not a history.

mod archive;
mod dedupe;
mod library;
mod records;
mod summary;
pub mod time;

pub use archive::{check_size, import_paths, import_zip, unpack_zip, Unpacked, ZipLimits};
pub use dedupe::{PlayId, StoredPlays};
pub use library::{parse_library, Library, Playlist, SavedTrack};
pub use records::{check_play, parse_history};
pub use summary::Summary;

use std::collections::BTreeMap;
use thiserror::Error;

/// What a play was of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlayKind {
    Music,
    Podcast,
    Audiobook,
}

/// One listening event.
#[derive(Debug, Clone, PartialEq)]
pub struct Play {
    /// When the play ended, in seconds since 1970 UTC (account data: to the minute).
    pub ended_at: i64,
    /// `ended_at` was cut to the minute (account data), so it may be up to 59 s early.
    pub minute_resolution: bool,
    pub ms_played: u64,
    pub kind: PlayKind,
    /// `spotify:track:…` (or episode/audiobook URI) when the export has it.
    pub uri: Option<String>,
    /// Track, episode or chapter title.
    pub title: String,
    /// Artist, show or audiobook.
    pub artist: String,
    pub album: Option<String>,
    pub skipped: Option<bool>,
    pub shuffle: Option<bool>,
    pub reason_start: Option<String>,
    pub reason_end: Option<String>,
    pub platform: Option<String>,
}

/// Why records were left out, with how many.
pub type Rejections = BTreeMap<String, usize>;

/// Why a whole file could not be read.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum ImportError {
    #[error("{file} is not valid JSON ({what})")]
    NotJson { file: String, what: String },
    #[error("{file} is not a Spotify listening history: {what}")]
    NotAHistory { file: String, what: String },
    #[error("{file} could not be read as a zip archive ({what})")]
    BadZip { file: String, what: String },
    #[error("{file} holds more than {limit_mb} MB, which no Spotify export does; it was not read")]
    TooLarge { file: String, limit_mb: u64 },
    #[error("{file} inside the zip could not be unpacked ({what}); the other files were read")]
    UnreadableEntry { file: String, what: String },
    #[error("{file} has no listening history in it (files seen: {seen})")]
    NotAnExport { file: String, seen: String },
    #[error("cannot read {file}: {what}")]
    Io { file: String, what: String },
}

/// The result of importing files: the plays, the records left out, and what happened to each file.
#[derive(Debug, Default)]
pub struct Import {
    pub plays: Vec<Play>,
    /// Liked Songs, saved artists and playlists from `YourLibrary.json` and `PlaylistN.json`.
    pub library: Library,
    pub rejected: Rejections,
    pub files: Vec<FileReport>,
}

#[derive(Debug, PartialEq)]
pub struct FileReport {
    pub name: String,
    pub outcome: FileOutcome,
}

#[derive(Debug, PartialEq)]
pub enum FileOutcome {
    /// Records read and plays kept.
    Imported {
        records: usize,
        plays: usize,
    },
    /// A file of the export Attune does not read (yet), or not part of an export.
    Skipped {
        why: String,
    },
    Failed(ImportError),
}

/// What a file of the export is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Either history format; which one is decided by the records.
    History,
    /// Streaming_History_Video_*: kept apart, not read.
    Video,
    /// YourLibrary.json, Playlist1.json, …: what the listener saved.
    LibraryOrPlaylists,
    Other,
}

impl FileKind {
    pub fn of(path: &str) -> FileKind {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        if !name.ends_with(".json") {
            return FileKind::Other;
        }
        if name.starts_with("Streaming_History_Video") {
            FileKind::Video
        } else if name.starts_with("StreamingHistory")
            || name.starts_with("Streaming_History_Audio")
            || name.starts_with("endsong")
        {
            FileKind::History
        } else if name.starts_with("YourLibrary") || name.starts_with("Playlist") {
            FileKind::LibraryOrPlaylists
        } else {
            FileKind::Other
        }
    }
}

impl Import {
    /// Adds one file's bytes, whatever its name says; problems are recorded in `files`, never fatal.
    pub fn add_file(&mut self, name: &str, bytes: &[u8], now: i64) {
        let outcome = match FileKind::of(name) {
            FileKind::Video => FileOutcome::Skipped {
                why: "video history is not used".into(),
            },
            FileKind::LibraryOrPlaylists => match parse_library(name, bytes) {
                Ok(library) => {
                    let records = library.saved_tracks.len()
                        + library.saved_artists.len()
                        + library.playlists.len();
                    self.library.extend(library);
                    FileOutcome::Imported { records, plays: 0 }
                }
                Err(err) => FileOutcome::Failed(err),
            },
            FileKind::Other if !name.ends_with(".json") => FileOutcome::Skipped {
                why: "not part of the listening history".into(),
            },
            FileKind::History | FileKind::Other => match parse_history(name, bytes, now) {
                Ok(parsed) => {
                    let plays = parsed.plays.len();
                    self.plays.extend(parsed.plays);
                    for (reason, n) in parsed.rejected {
                        *self.rejected.entry(reason).or_default() += n;
                    }
                    FileOutcome::Imported {
                        records: parsed.records,
                        plays,
                    }
                }
                Err(err) => FileOutcome::Failed(err),
            },
        };
        self.files.push(FileReport {
            name: name.to_string(),
            outcome,
        });
    }

    pub fn summary(&self) -> Summary {
        Summary::of(&self.plays, &self.rejected)
    }
}

#[cfg(test)]
mod bad_inputs;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
