//! The model lab: how well each of Attune's models would have predicted the listener's own recent
//! discoveries. The history is cut in time: the models learn from the earlier 80 % of the plays, and a
//! recommended track counts as a hit when its artist is one the listener first played in the later 20 %
//! (a new track by an artist already known is no discovery). Also what the skip rate did month by month.

use super::CommunityRecommender;
use crate::catalog::ArtistIdx;
use crate::import::{Library, Play, PlayKind};
use crate::metrics::{ranking_metrics, RankingMetrics};
use crate::recommend::Scored;
use crate::taste::Taste;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The share of the plays, the latest, held out.
const HELD_OUT: f64 = 0.2;
/// A play shorter than this counts as skipped when the export does not say.
const SKIP_MS: u64 = 30_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabRow {
    pub model: String,
    pub precision: f64,
    pub recall: f64,
    pub map: f64,
    pub mrr: f64,
    pub ndcg: f64,
    /// Distinct artists over list length.
    pub variety: f64,
    /// Mean −log2 of the tracks' popularity share (catalog popularity 0..100 as a share): higher is
    /// further from the hits.
    pub novelty: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LabReport {
    pub k: usize,
    pub train_plays: usize,
    pub test_plays: usize,
    /// Catalog artists first played in the held-out period: what a model could have found.
    pub discoveries: usize,
    pub rows: Vec<LabRow>,
    /// ("2024-03", share of that month's plays skipped), oldest first.
    pub skip_rate: Vec<(String, f64)>,
}

impl CommunityRecommender {
    /// Each model's top `k` from the earlier plays, scored against the later discoveries.
    pub fn lab(&self, plays: &[Play], k: usize, utc_offset: i64) -> LabReport {
        let mut music: Vec<&Play> = plays.iter().filter(|p| p.kind == PlayKind::Music).collect();
        music.sort_by_key(|p| p.ended_at);
        let skip_rate = skip_rate_by_month(&music, utc_offset);
        let cut = ((music.len() as f64) * (1.0 - HELD_OUT)).round() as usize;
        let (train, test) = music.split_at(cut);
        let catalog = self.index.catalog();
        let artists_of = |plays: &[&Play]| -> HashSet<ArtistIdx> {
            plays
                .iter()
                .filter_map(|p| catalog.find_artist(&p.artist))
                .collect()
        };
        let known = artists_of(train);
        let mut discoveries: Vec<u32> = artists_of(test).difference(&known).map(|a| a.0).collect();
        discoveries.sort_unstable();
        let taste = Taste::listening(train.iter().copied(), &Library::default());
        let rows = if discoveries.is_empty() || taste.is_empty() {
            Vec::new()
        } else {
            self.lab_lists(&taste, k)
                .into_iter()
                .map(|(model, list)| self.score_list(model, &list, &discoveries, k))
                .collect()
        };
        LabReport {
            k,
            train_plays: train.len(),
            test_plays: test.len(),
            discoveries: discoveries.len(),
            rows,
            skip_rate,
        }
    }

    /// The top `k` of each model for a taste: sound-alikes, listeners like you, popular, and the hybrid.
    fn lab_lists(&self, taste: &Taste, k: usize) -> Vec<(&'static str, Vec<Scored>)> {
        let inputs = self.history_inputs(taste);
        let unknown = |list: Vec<Scored>| -> Vec<Scored> {
            list.into_iter()
                .filter(|s| !inputs.known.contains(&s.item))
                .take(k)
                .collect()
        };
        let catalog = self.index.catalog();
        let mut popular: Vec<Scored> = (0..catalog.tracks.len() as u32)
            .map(crate::catalog::TrackIdx)
            .map(|item| Scored {
                item,
                score: catalog.track(item).popularity as f32,
                why: Vec::new(),
            })
            .collect();
        popular.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.item.0.cmp(&b.item.0)));
        let extra = k + inputs.known.len();
        vec![
            (
                "Sound-alikes",
                unknown(self.index.recommend(&inputs.seeds, extra)),
            ),
            (
                "Listeners like you",
                self.listeners_also_play(
                    &inputs.seeds,
                    &inputs.items,
                    &inputs.weights,
                    &inputs.known,
                    k,
                ),
            ),
            ("Popular", unknown(popular)),
            (
                "Hybrid (For you)",
                self.recommend_for_history(taste, k, 0.3),
            ),
        ]
    }

    fn score_list(&self, model: &str, list: &[Scored], discoveries: &[u32], k: usize) -> LabRow {
        let catalog = self.index.catalog();
        // A hit is the first track of a discovered artist; a second of the same artist is no new find.
        let mut found = HashSet::new();
        let ranked: Vec<u32> = list
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let hit = catalog
                    .track(s.item)
                    .artists
                    .iter()
                    .find(|a| discoveries.binary_search(&a.0).is_ok() && found.insert(a.0));
                hit.map_or(u32::MAX - i as u32, |a| a.0)
            })
            .collect();
        let RankingMetrics {
            precision,
            recall,
            map,
            ndcg,
            mrr,
        } = ranking_metrics(&ranked, discoveries, k);
        let artists: HashSet<_> = list
            .iter()
            .filter_map(|s| catalog.track(s.item).artists.first())
            .collect();
        let novelty = list
            .iter()
            .map(|s| -((catalog.track(s.item).popularity as f64 + 1.0) / 101.0).log2())
            .sum::<f64>()
            / list.len().max(1) as f64;
        LabRow {
            model: model.to_string(),
            precision,
            recall,
            map,
            mrr,
            ndcg,
            variety: artists.len() as f64 / list.len().max(1) as f64,
            novelty,
        }
    }
}

/// The share of good reactions (a like, a full play, a replay) in each run of `window` reactions, oldest
/// first: the bandit's learning curve, rising as it learns what suits (the last run may be shorter).
pub fn learning_curve(rewards: &[f32], window: usize) -> Vec<f32> {
    rewards
        .chunks(window.max(1))
        .map(|run| run.iter().filter(|&&r| r > 0.0).count() as f32 / run.len() as f32)
        .collect()
}

/// The share of each month's plays that were skipped: the export's flag where it has one, else a play
/// under 30 seconds.
fn skip_rate_by_month(music: &[&Play], utc_offset: i64) -> Vec<(String, f64)> {
    let mut months: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for p in music {
        let month = crate::insights::month_label((p.ended_at + utc_offset).div_euclid(86_400));
        let skipped = p.skipped.unwrap_or(p.ms_played < SKIP_MS);
        let entry = months.entry(month).or_default();
        entry.0 += skipped as usize;
        entry.1 += 1;
    }
    months
        .into_iter()
        .map(|(m, (skipped, all))| (m, skipped as f64 / all as f64))
        .collect()
}

#[cfg(test)]
mod tests;
