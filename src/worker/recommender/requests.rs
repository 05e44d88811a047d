//! The recommender worker's requests, each with its answer, and the events it sends of its own accord.

use crate::worker::protocol::Request;
use attune_engine::bandit::compare::Comparison;
use attune_engine::bandit::interleave::Team;
use attune_engine::bandit::{Feedback, MusicContext};
use attune_engine::blend::TasteCard;
use attune_engine::community::LabReport;
use attune_engine::insights::Insights;
use attune_engine::playlist::PlaylistSpec;
use serde::{Deserialize, Serialize};

/// Declares each request's kind on the wire and its answer.
macro_rules! requests {
    ($($request:ident => $answer:ty),* $(,)?) => {
        $(impl Request for $request {
            const KIND: &'static str = stringify!($request);
            type Answer = $answer;
        })*
    };
}

requests! {
    Init => (),
    Recommend => Vec<RecItem>,
    React => u64,
    Forget => u64,
    DailyMixes => Mixes,
    DrawInsights => (Insights, Vec<f32>),
    TestModels => (LabReport, Vec<f32>),
    TasteCardOf => TasteCard,
    BlendWith => Vec<RecItem>,
    Together => Vec<PlayedWith>,
    ArtistsFor => Vec<ArtistOut>,
    UpNext => Option<Vec<NextUpItem>>,
    BuildPlaylist => BuiltPlaylist,
    CompareRankers => Comparison,
}

/// Load the catalog and the community's factors under `base_url` (the page's base URL; a worker started
/// from a Blob has none); answered once the model answers. [`RecommenderEvent::Loading`] comes first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Init {
    pub base_url: String,
}

/// `k` tracks for this moment, spread out by `discovery` (0 familiar … 1 discover), drawn by the
/// re-ranker; with `compare`, the re-ranker's list interleaved with the sources' own order instead
/// (the model lab's comparison). Every list is logged for the lab.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Recommend {
    pub basis: Basis,
    pub k: usize,
    pub discovery: f32,
    pub context: MusicContext,
    #[serde(default)]
    pub compare: bool,
}

/// The listener reacted to `track_id` while `shown` was on screen: learn from it now, log it, keep what
/// was learnt; answered with how many reactions the context model has learnt from. `logged` is the
/// card's slot as drawn on Home, if it was.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct React {
    pub track_id: String,
    pub feedback: Feedback,
    pub context: MusicContext,
    pub shown: Vec<String>,
    pub logged: Option<Logged>,
}

/// Forget every reaction and what was learnt from them; answered with 0 reactions.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Forget;

/// The Daily Mixes of local day `day` and the Discover Weekly of week `week` (both counted from 1970 in
/// the listener's time zone, weeks from Monday).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DailyMixes {
    pub basis: Basis,
    pub day: i64,
    pub week: i64,
}

/// Pictures of the listener's listening at `now` (seconds since 1970), with their UTC offset in
/// seconds; answered with the insights and the profile of the "new to you" list, to compare with.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DrawInsights {
    pub basis: Basis,
    pub now: i64,
    pub utc_offset: i64,
}

/// The model lab on the stored history; answered with its report and the reactions' learning curve
/// (mean reward of each run of reactions, oldest first).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TestModels {
    pub basis: Basis,
    pub utc_offset: i64,
}

/// The listener's taste card, named `name`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TasteCardOf {
    pub basis: Basis,
    pub name: String,
}

/// `k` tracks for the listener and the friend whose card this is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BlendWith {
    pub basis: Basis,
    pub friend: TasteCard,
    pub k: usize,
}

/// What the listener plays together, from their stored history: their most played tracks that go with
/// others, each with the tracks that go with it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Together;

/// `k` artists the listener does not play yet, from everything Attune knows: the community's and the
/// artist table's, not only the artists with a catalog track.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArtistsFor {
    pub basis: Basis,
    pub k: usize,
}

/// An artist for the listener, with why, and a catalog track of theirs to play when there is one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArtistOut {
    pub name: String,
    pub why: Vec<String>,
    /// Spotify id and title.
    pub track: Option<(String, String)>,
}

/// What the listener would play after the track with this Spotify id, from their own sessions;
/// answered `None` when it is not one of their tracks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UpNext {
    pub track_id: String,
    /// What played before it in this visit, oldest first (Spotify ids).
    pub before: Vec<String>,
}

/// A playlist for the listener's ranges.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BuildPlaylist {
    pub basis: Basis,
    pub spec: PlaylistSpec,
}

/// What recommendations start from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Basis {
    /// Picks from the catalog, as seed keys (see `Seed::key`).
    Picks(Vec<String>),
    /// The listener's history in the store, read by the worker itself.
    History,
}

/// Rankers compared on the listener's own reactions: off-policy estimates and interleaved lists.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CompareRankers;

/// What the recommender worker says of its own accord.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum RecommenderEvent {
    /// The worker is listening, and loading the community's model.
    Loading,
    /// How many reactions the context model has learnt from, once loaded.
    Learned { reactions: u64 },
    /// What was learnt could not be loaded; recommendations still work.
    NotLearnt { message: String },
}

/// The Daily Mixes and Discover Weekly.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Mixes {
    pub daily: Vec<MixOut>,
    pub weekly: Vec<RecItem>,
}

/// A playlist built to the listener's ranges.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BuiltPlaylist {
    pub items: Vec<RecItem>,
    /// How many candidates fitted the ranges.
    pub fitting: usize,
    /// How many of the items were judged by their artist's features.
    pub artist_level: usize,
}

/// One of the listener's tracks and the ones they play with it, best first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlayedWith {
    pub title: String,
    pub artist: String,
    /// (title, artist, why).
    pub with: Vec<(String, String, String)>,
}

/// One of the listener's tracks to play next, and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NextUpItem {
    pub title: String,
    pub artist: String,
    pub why: String,
    /// Its Spotify id, the catalog's or the listener's history's (then it can be played).
    pub track_id: Option<String>,
    /// Whether the catalog has it (then what the listener does with it teaches the recommender).
    pub in_catalog: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecItem {
    /// Spotify track id, as in the catalog.
    pub track_id: String,
    pub why: Vec<String>,
    /// One of the listener's own tracks, in a mix.
    #[serde(default)]
    pub familiar: bool,
    /// For one of the listener's tracks that the catalog does not have: its title and artist, as their
    /// history spells them.
    #[serde(default)]
    pub outside_catalog: Option<OutsideCatalog>,
    /// How a Home card was drawn, for the log of what the listener does with it.
    #[serde(default)]
    pub logged: Option<Logged>,
}

/// A track the catalog does not have, named as the listener's history names it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OutsideCatalog {
    pub title: String,
    pub artist: String,
}

/// A Home card's slot as the re-ranker logged it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Logged {
    /// The list's id in the log ([`attune_engine::bandit::compare::Impression`]).
    pub impression: u64,
    /// The probability the card had of its slot.
    pub propensity: f32,
    /// In an interleaved list, which ranker put it there.
    pub team: Option<Team>,
}

/// One Daily Mix.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MixOut {
    pub name: String,
    pub description: String,
    pub tracks: Vec<RecItem>,
}
