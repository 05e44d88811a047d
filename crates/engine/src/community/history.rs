//! Recommendations from the listener's own history rather than a few picks.

use super::CommunityRecommender;
use crate::catalog::TrackIdx;
use crate::content::Seed;
use crate::names::normalise;
use crate::recommend::Scored;
use crate::taste::Taste;
use std::collections::{HashMap, HashSet};

/// The inputs of a history-based list (see [`CommunityRecommender::history_inputs`]).
pub(super) struct HistoryInputs {
    pub seeds: Vec<Seed>,
    /// Community artists and their confidences (log1p of the listening).
    pub items: Vec<u32>,
    pub weights: Vec<f32>,
    pub known: HashSet<TrackIdx>,
}

/// How many of the most-played artists and tracks seed the content list.
const CONTENT_SEEDS: usize = 10;

impl CommunityRecommender {
    /// `k` tracks the listener has not played: every artist of theirs that the community knows is
    /// folded in, with its listening as confidence (log1p, as the community's own counts); the most
    /// played artists and tracks found in the catalog seed the content list.
    pub fn recommend_for_history(&self, taste: &Taste, k: usize, discovery: f32) -> Vec<Scored> {
        let inputs = self.history_inputs(taste);
        self.blend(
            &inputs.seeds,
            &inputs.items,
            &inputs.weights,
            &inputs.known,
            k,
            discovery,
        )
    }

    /// What every history-based list starts from: the folded-in community artists with their
    /// confidences, the content seeds, and the tracks to leave out.
    pub(super) fn history_inputs(&self, taste: &Taste) -> HistoryInputs {
        let catalog = self.index.catalog();
        let mut weight_by_item: HashMap<u32, f32> = HashMap::new();
        for artist in &taste.artists {
            if let Some(&item) = self.item_by_name.get(&normalise(&artist.name)) {
                *weight_by_item.entry(item).or_default() += artist.plays;
            }
        }
        let mut items: Vec<(u32, f32)> = weight_by_item.into_iter().collect();
        items.sort_unstable_by_key(|(item, _)| *item);
        let (items, weights): (Vec<u32>, Vec<f32>) =
            items.into_iter().map(|(i, w)| (i, w.ln_1p())).unzip();

        let known = self.played_catalog_tracks(taste);
        let mut seeds: Vec<Seed> = known
            .iter()
            .take(CONTENT_SEEDS)
            .map(|&t| Seed::Track(t))
            .collect();
        seeds.extend(
            taste
                .artists
                .iter()
                .filter_map(|a| catalog.find_artist(&a.name))
                .take(CONTENT_SEEDS)
                .map(Seed::Artist),
        );
        HistoryInputs {
            seeds,
            items,
            weights,
            known: known.into_iter().collect(),
        }
    }

    /// The catalog tracks the listener has played, most played first, matched on title and artist.
    pub(super) fn played_catalog_tracks(&self, taste: &Taste) -> Vec<TrackIdx> {
        let catalog = self.index.catalog();
        taste
            .tracks
            .iter()
            .filter_map(|listened| catalog.find_by_artist(&listened.artist, &listened.name))
            .collect()
    }
}
