//! Messages between the import page and the import worker. The page sends the chosen `File`s as a JS
//! array (structured clone: the worker reads them itself, so no bytes pass through the page); the
//! worker answers with these, as JSON strings. Cancelling terminates the worker.

use attune_engine::import::Summary;
use serde::{Deserialize, Serialize};

/// Worker → page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type")]
pub enum FromImporter {
    /// The worker is listening; files sent before this would be lost.
    Started,
    Progress(ImportProgress),
    /// One file (or one file inside a zip) is done: stored, skipped or refused.
    FileDone(FileLine),
    Finished(ImportReport),
    /// The import stopped (the store refused a write, or could not open); files already done stay.
    Failed {
        message: String,
    },
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
