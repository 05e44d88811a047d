//! The app's contextual re-ranker: the engine's sources propose a pool of tracks, LinUCB over
//! (context × standardised audio features) decides which of them suit this moment, and every reaction of
//! the listener updates it at once.
//!
//! A track's final score is its place in the proposed pool (1 for the first, falling linearly to 0 for the
//! last) plus the bandit's view of it in this context: the posterior mean, plus α σ̂ times how much less
//! is known about it than about the others (√s − √s₀, where s₀ is its variance before anything was
//! learnt). That is LinUCB's bound with the prior's part taken out: the plain bound is largest for the
//! most unusual-sounding tracks, and with nothing learnt it would reorder a fresh list by oddity. This way
//! a fresh list keeps the pool's order, tracks the listener has reacted to lose their optimism first, and
//! after a few skips of loud tracks in "relax" the mean of every loud track in "relax" is negative and
//! calmer tracks move up.

use super::context::MusicContext;
use super::feedback::Feedback;
use super::policies::LinUcb;
use super::ridge::RidgeParams;
use super::Candidate;
use crate::catalog::TrackIdx;
use crate::content::ContentIndex;
use crate::features::{Feature, FEATURE_COUNT};
use crate::recommend::Scored;
use serde::{Deserialize, Serialize};

/// α of the upper confidence bound, in units of the reward noise. Small: a list is twenty tracks at once,
/// and a large bonus would reorder a fresh list by how unusual each track sounds.
const EXPLORATION: f32 = 0.05;

/// A context × feature pair must add at least this much to a track's score to be named as the reason it
/// moved up.
const NAMED_CONTRIBUTION: f32 = 0.02;

/// One reaction, as logged: the moment, what was on screen, what the listener reacted to and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    /// Milliseconds since 1970.
    pub at: f64,
    pub context: MusicContext,
    /// Spotify ids of the tracks on screen, in order: the action set.
    pub shown: Vec<String>,
    pub track_id: String,
    /// The probability that the policy showed this track. The re-ranker is deterministic given what it
    /// has learnt, so a shown track was shown with probability 1.
    pub propensity: f32,
    pub feedback: Feedback,
    pub reward: f32,
}

/// LinUCB over the catalog's tracks, with how many reactions it has learnt from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextRanker {
    policy: LinUcb,
    reactions: u64,
}

impl Default for ContextRanker {
    fn default() -> Self {
        ContextRanker {
            policy: LinUcb::new(
                MusicContext::LEN,
                FEATURE_COUNT,
                RidgeParams::default(),
                EXPLORATION,
            ),
            reactions: 0,
        }
    }
}

impl ContextRanker {
    /// How many reactions it has learnt from.
    pub fn reactions(&self) -> u64 {
        self.reactions
    }

    /// The best `k` of `pool` (best first, as a source proposed them) for this moment. A track the
    /// bandit moved up says which context signal did it.
    pub fn rerank(
        &self,
        index: &ContentIndex,
        context: &MusicContext,
        pool: Vec<Scored>,
        k: usize,
    ) -> Vec<Scored> {
        let x = context.to_vector();
        let candidates: Vec<Candidate> = pool.iter().map(|s| candidate(index, s.item)).collect();
        let model = &self.policy.model;
        let scores = model.scores(&x, &candidates);
        let bounds: Vec<f32> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let unknown = scores.variance[i].max(0.0).sqrt()
                    - model.prior_variance(&x, &c.features).sqrt();
                scores.mean[i] + self.policy.alpha * scores.noise * unknown
            })
            .collect();
        let n = pool.len().max(1) as f32;
        let mut ranked: Vec<(usize, f32, Scored)> = pool
            .into_iter()
            .enumerate()
            .map(|(i, s)| (i, 1.0 - i as f32 / n + bounds[i], s))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // β̂ once for every card's reason, not a factorisation of A₀ per card.
        let beta = model.shared_mean();
        ranked
            .into_iter()
            .take(k)
            .enumerate()
            .map(|(rank, (proposed, score, mut scored))| {
                if rank < proposed {
                    if let Some(reason) = self.reason(&beta, &x, &candidates[proposed].features) {
                        scored.why.insert(0, reason);
                    }
                }
                scored.score = score;
                scored
            })
            .collect()
    }

    /// Learns from one reaction to `track` in this moment.
    pub fn learn(
        &mut self,
        index: &ContentIndex,
        context: &MusicContext,
        track: TrackIdx,
        feedback: Feedback,
    ) {
        let arm = candidate(index, track);
        self.policy
            .model
            .update(&context.to_vector(), &arm, feedback.reward());
        self.reactions += 1;
    }

    /// "suits relax: lower energy": the context × audio feature pair that adds the most to the score, if
    /// it adds enough to matter. Signals that were on together in every reaction (the device and the
    /// activity, say) share the credit equally, so within a tenth of the best the one the listener chose
    /// is named first: the activity, then the time, then the rest.
    fn reason(&self, beta: &[f64], context: &[f32], features: &[f32]) -> Option<String> {
        let parts = self
            .policy
            .model
            .contributions_with(beta, context, features);
        let width = FEATURE_COUNT + 1;
        // Pairs only: row 0 is the feature alone, column 0 the context alone.
        let pairs = || {
            parts
                .iter()
                .enumerate()
                .filter(|(i, _)| i / width > 0 && i % width > 0)
                .map(|(i, &value)| (i / width - 1, i % width - 1, value))
        };
        let best = pairs().map(|(_, _, v)| v).fold(f32::NEG_INFINITY, f32::max);
        if best < NAMED_CONTRIBUTION {
            return None;
        }
        let (signal, feature, _) = pairs()
            .filter(|&(_, _, v)| v >= 0.9 * best)
            .min_by_key(|&(signal, _, v)| (priority(signal), std::cmp::Reverse(v.to_bits())))?;
        let direction = if features[feature] >= 0.0 {
            "higher"
        } else {
            "lower"
        };
        Some(format!(
            "suits {}: {direction} {}",
            signal_phrase(signal),
            Feature::ALL[feature].label()
        ))
    }
}

/// Which signal an explanation names first when several did as much: what the listener chose, then
/// what they live by, then the rest.
fn priority(slot: usize) -> u8 {
    match MusicContext::NAMES[slot] {
        "workout" | "focus" | "relax" | "commute" | "party" => 0,
        "hour (sin)" | "hour (cos)" | "weekend" => 1,
        "recent skips" | "session length" => 2,
        _ => 3,
    }
}

/// A track as the bandit sees it: its catalog index and standardised audio features.
fn candidate(index: &ContentIndex, track: TrackIdx) -> Candidate {
    Candidate {
        arm: track.0 as u64,
        features: index.standardised_features(track).to_vec(),
    }
}

/// How a listener would name a context signal (see [`MusicContext::NAMES`]).
fn signal_phrase(slot: usize) -> &'static str {
    match MusicContext::NAMES[slot] {
        "hour (sin)" | "hour (cos)" => "this time of day",
        "weekend" => "the weekend",
        "phone" => "your phone",
        "computer" => "your computer",
        "speaker" => "a speaker",
        "session length" => "a long session",
        "recent skips" => "a run of skips",
        activity => activity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bandit::Activity;
    use crate::testutil::TINY_ASSET;
    use crate::Catalog;

    fn index() -> ContentIndex {
        ContentIndex::new(Catalog::from_asset(TINY_ASSET).unwrap(), Default::default())
    }

    /// Every catalog track in catalog order, as a source would propose them.
    fn pool(index: &ContentIndex) -> Vec<Scored> {
        (0..index.catalog().tracks.len() as u32)
            .map(|i| Scored {
                item: TrackIdx(i),
                score: 0.0,
                why: vec![],
            })
            .collect()
    }

    fn mean_energy(index: &ContentIndex, list: &[Scored]) -> f32 {
        let energy = |s: &Scored| index.standardised_features(s.item)[Feature::Energy.index()];
        list.iter().map(energy).sum::<f32>() / list.len() as f32
    }

    #[test]
    fn with_nothing_learnt_the_pool_order_stands() {
        let index = index();
        let list =
            ContextRanker::default().rerank(&index, &MusicContext::default(), pool(&index), 12);
        let order: Vec<u32> = list.iter().map(|s| s.item.0).collect();
        assert_eq!(order, (0..12).collect::<Vec<_>>());
        assert!(list.iter().all(|s| s.why.is_empty()), "{list:?}");
    }

    #[test]
    fn three_skips_of_energetic_tracks_in_relax_calm_the_next_list_and_say_why() {
        let index = index();
        let relax = MusicContext {
            hour: 22.0,
            activity: Activity::Relax,
            ..MusicContext::default()
        };
        let mut ranker = ContextRanker::default();
        let before = ranker.rerank(&index, &relax, pool(&index), 6);
        let mut by_energy = before.clone();
        by_energy.sort_by(|a, b| {
            let energy = |s: &Scored| mean_energy(&index, std::slice::from_ref(s));
            energy(b).total_cmp(&energy(a))
        });
        for skipped in &by_energy[..3] {
            ranker.learn(
                &index,
                &relax,
                skipped.item,
                Feedback::Skipped { listened: 0.05 },
            );
        }
        assert_eq!(ranker.reactions(), 3);
        let after = ranker.rerank(&index, &relax, pool(&index), 6);
        assert!(
            mean_energy(&index, &after) < mean_energy(&index, &before),
            "{} → {}",
            mean_energy(&index, &before),
            mean_energy(&index, &after)
        );
        let reasons: Vec<&String> = after.iter().flat_map(|s| s.why.first()).collect();
        assert!(
            reasons.iter().any(|r| r.starts_with("suits relax: lower ")),
            "{reasons:?}"
        );
        // The state survives a round trip through storage.
        let text = serde_json::to_string(&ranker).unwrap();
        let restored: ContextRanker = serde_json::from_str(&text).unwrap();
        assert_eq!(restored.rerank(&index, &relax, pool(&index), 6), after);
    }
}
