//! The import worker's one request and the events it sends while it works. The chosen `File`s go along
//! with the request as they are (structured clone: the worker reads them itself, so no bytes pass
//! through the page). Cancelling terminates the worker.

use crate::worker::protocol::Request;
use attune_engine::import::Summary;
use serde::{Deserialize, Serialize};

/// Import the files sent along (zips, JSON files, or a folder's files); answered with the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportFiles;

impl Request for ImportFiles {
    const KIND: &'static str = "ImportFiles";
    type Answer = ImportReport;
}

/// What the import worker says while it works.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum ImportEvent {
    Progress(ImportProgress),
    /// One file (or one file inside a zip) is done: stored, skipped or refused.
    FileDone(FileLine),
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportProgress {
    pub file: String,
    /// Files finished, and how many there are (the files inside a zip count once they are known).
    pub files_done: usize,
    pub files_total: usize,
    /// Records read so far in this import.
    pub records: usize,
    /// Share of the bytes handled, 0–100.
    pub percent: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileLine {
    pub name: String,
    pub outcome: FileOutcome,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind")]
pub enum FileOutcome {
    Stored {
        records: usize,
        added: usize,
        duplicates: usize,
    },
    /// A library or playlist file: what it held was saved.
    Saved {
        tracks: usize,
        artists: usize,
        playlists: usize,
    },
    Skipped {
        why: String,
    },
    Refused {
        why: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportReport {
    /// What the files held (duplicates included), as `attune import` prints it.
    pub this_import: Summary,
    pub added: usize,
    pub duplicates: usize,
    /// Everything stored now, from a fresh read of the store.
    pub library: Summary,
    /// Liked songs, followed artists and playlists stored now.
    pub saved: Saved,
    /// How long reading every stored play back took, in milliseconds (the engine's start-up cost).
    pub read_back_ms: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Saved {
    pub tracks: usize,
    pub artists: usize,
    pub playlists: usize,
}
