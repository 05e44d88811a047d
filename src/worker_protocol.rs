//! Messages between the page and the recommender worker, sent as JSON strings with `postMessage`.

use attune_engine::bandit::{Feedback, MusicContext};
use attune_engine::blend::TasteCard;
use attune_engine::community::LabReport;
use attune_engine::insights::Insights;
use attune_engine::playlist::PlaylistSpec;
use serde::{Deserialize, Serialize};

/// Page → worker.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type")]
pub enum ToWorker {
    /// Load the assets under `base_url` (the page's base URL; a worker started from a Blob has none) and
    /// train.
    Init { base_url: String },
    /// Recommend `k` tracks for this moment, spread out by `discovery` (0 familiar … 1 discover);
    /// answered with the same `id`.
    Recommend {
        id: u32,
        basis: Basis,
        k: usize,
        discovery: f32,
        context: MusicContext,
    },
    /// The listener reacted to `track_id` while `shown` was on screen: learn from it now, log it, keep
    /// what was learnt; answered with [`FromWorker::Learned`].
    React {
        track_id: String,
        feedback: Feedback,
        context: MusicContext,
        shown: Vec<String>,
    },
    /// Forget every reaction and what was learnt from them; answered with [`FromWorker::Learned`].
    Forget,
    /// The Daily Mixes of local day `day` and the Discover Weekly of week `week` (both counted from
    /// 1970 in the listener's time zone, weeks from Monday); answered with [`FromWorker::Mixes`].
    Mixes {
        id: u32,
        basis: Basis,
        day: i64,
        week: i64,
    },
    /// Pictures of the listener's listening at `now` (seconds since 1970), with their UTC offset in
    /// seconds; answered with [`FromWorker::Insights`].
    Insights {
        id: u32,
        basis: Basis,
        now: i64,
        utc_offset: i64,
    },
    /// The model lab on the stored history, and the learning curve of the reactions; answered with
    /// [`FromWorker::Lab`].
    Lab {
        id: u32,
        basis: Basis,
        utc_offset: i64,
    },
    /// The listener's taste card, named `name`; answered with [`FromWorker::Card`].
    Card { id: u32, basis: Basis, name: String },
    /// Tracks for the listener and the friend whose card this is; answered with
    /// [`FromWorker::Blended`].
    Blend {
        id: u32,
        basis: Basis,
        friend: TasteCard,
        k: usize,
    },
    /// What the listener plays together, from their stored history; answered with
    /// [`FromWorker::Together`].
    Together { id: u32 },
    /// A playlist for the listener's ranges; answered with [`FromWorker::Built`].
    Build {
        id: u32,
        basis: Basis,
        spec: PlaylistSpec,
    },
}

/// What recommendations start from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Basis {
    /// Picks from the catalog, as seed keys (see `Seed::key`).
    Picks(Vec<String>),
    /// The listener's history in the store, read by the worker itself.
    History,
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
    /// How many reactions the context model has learnt from, after loading, a reaction or a reset.
    Learned {
        reactions: u64,
    },
    Mixes {
        id: u32,
        daily: Vec<MixOut>,
        weekly: Vec<RecItem>,
    },
    Built {
        id: u32,
        items: Vec<RecItem>,
        /// How many candidates fitted the ranges.
        fitting: usize,
        /// How many of the items were judged by their artist's features.
        artist_level: usize,
    },
    Insights {
        id: u32,
        insights: Insights,
        /// The profile of the listener's "new to you" list, to compare with theirs.
        recommended: Vec<f32>,
    },
    Card {
        id: u32,
        card: TasteCard,
    },
    Blended {
        id: u32,
        items: Vec<RecItem>,
    },
    Lab {
        id: u32,
        report: LabReport,
        /// Mean reward of each run of reactions, oldest first.
        curve: Vec<f32>,
    },
    /// The listener's most played tracks that go with others, each with the tracks that go with it.
    Together {
        id: u32,
        tracks: Vec<PlayedWith>,
    },
    /// A reaction, loading or reset failed; recommendations still work.
    NotLearnt {
        message: String,
    },
    /// The request `id` of this kind could not be answered (the store could not be read, say); the
    /// worker and every other request still work.
    Unanswered {
        asked: Asked,
        id: u32,
        message: String,
    },
}

/// The kinds of request that are answered by id (each kind counts its ids on its own).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Asked {
    Recommend,
    Mixes,
    Insights,
    Lab,
    Card,
    Blend,
    Build,
    Together,
}

/// One of the listener's tracks and the ones they play with it, best first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlayedWith {
    pub title: String,
    pub artist: String,
    /// (title, artist, why).
    pub with: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecItem {
    /// Spotify track id, as in the catalog.
    pub track_id: String,
    pub why: Vec<String>,
    /// One of the listener's own tracks, in a mix.
    #[serde(default)]
    pub familiar: bool,
}

/// One Daily Mix.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MixOut {
    pub name: String,
    pub description: String,
    pub tracks: Vec<RecItem>,
}
