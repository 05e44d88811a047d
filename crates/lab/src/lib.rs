//! Attune's offline side: building the shipped assets and measuring the engine on data sets. The app never
//! depends on this crate; the `attune` command does.
//!
//! - [`catalog_source`] builds the catalog asset from the public track and artist feature tables.
//! - [`split`], [`eval`] (with the anchors [`popularity`] and [`ease`]) and [`cold_start`]: the protocols
//!   of `attune eval` and the file contract.
//! - [`next_track_eval`]: the next-track protocol on a listener's own sessions.
//! - [`obd`]: the bandit policies replayed on the Open Bandit Dataset; [`fullinfo`] on full-information
//!   streams (every candidate's reward known).
//! - [`reach`]: how much of what a listener plays Attune's world knows (`attune reach`).
//! - [`bench`]: the timings `attune bench` and the in-browser benchmarks print; [`community_load`] the
//!   factor asset read, folded into and scored at the scale of a large community.

pub mod bench;
pub mod catalog_source;
pub mod cold_start;
pub mod community_load;
pub mod ease;
pub mod eval;
pub mod fullinfo;
pub mod next_track_eval;
pub mod obd;
pub mod popularity;
pub mod reach;
pub mod split;
