//! Messages between the page and the recommender worker, sent as JSON strings with `postMessage`.

use serde::{Deserialize, Serialize};

/// Page → worker.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type")]
pub enum ToWorker {
    /// Load the assets under `base_url` (the page's base URL; a worker started from a Blob has none) and
    /// train.
    Init { base_url: String },
    /// Recommend `k` tracks for the picks (seed keys, see `Seed::key`), spread out by `discovery`
    /// (0 familiar … 1 discover); answered with the same `id`.
    Recommend {
        id: u32,
        seeds: Vec<String>,
        k: usize,
        discovery: f32,
    },
}

/// Worker → page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type")]
pub enum FromWorker {
    /// The worker's code is running and listening; messages sent before this would be lost.
    Started,
    /// Training progress, in factorization iterations.
    Progress {
        done: u32,
        total: u32,
    },
    Ready,
    Failed {
        message: String,
    },
    Recommendations {
        id: u32,
        items: Vec<RecItem>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecItem {
    /// Spotify track id, as in the catalog.
    pub track_id: String,
    pub why: Vec<String>,
}
