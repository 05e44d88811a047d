//! The app's contextual re-ranker: the engine's sources propose a pool of tracks, SquareCB over
//! (context × standardised audio features) decides which of them suit this moment and in what order, and
//! every reaction of the listener updates it at once. It is the policy that won the bandit benchmark
//! ([`super::squarecb`], BENCHMARKS.md), with the same code.
//!
//! A track's score is its place in the proposed pool (1 for the first, falling linearly to 0 for the
//! last) plus the regressor's predicted reward in this context. The list is drawn slot by slot: each
//! slot takes one of the tracks left by inverse-gap weighting of their scores, so the best is likely and
//! the others keep a chance, and the probability of every track shown is logged with what the listener
//! did, for off-policy estimates on the device. With nothing learnt every prediction is the same, the
//! scores are the pool's order, and a slot keeps the pool's pick with probability about 0.8 (γ₀ below).
//! The draw is seeded by what was learnt and the pool (not by the moment's small changes, such as the
//! session's length), so a reload or a nudge of the context bar does not reshuffle a list whose scores
//! did not move: the uniform numbers behind the draws are independent of any reward, which is all the
//! logged probabilities need.

use super::context::MusicContext;
use super::feedback::Feedback;
use super::hashed::{HashedRegressor, Sparse};
use super::squarecb::{inverse_gap_weighting, SquareCb, SquareCbParams};
use crate::catalog::TrackIdx;
use crate::content::ContentIndex;
use crate::features::{Feature, FEATURE_COUNT};
use crate::recommend::Scored;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// γ₀ for lists: the scores' gaps are in list positions (1/n each), not in reward units, so γ is scaled
/// up until one position's gap matters: with a pool of 60, a fresh list's slot keeps the pool's pick
/// with probability about 0.8, and γ grows with √(reactions) as the regressor learns.
const LIST_GAMMA: f32 = 1000.0;

/// 2^12 weights: 14 context signals × 10 audio features and their parts, with room against collisions.
const WEIGHT_BITS: u8 = 12;

/// Feature ids of the audio features, apart from the context's (0 to 13).
const FEATURE_IDS: u32 = 1000;

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
    /// The probability with which the re-ranker put this track in its slot (1 for a list it did not
    /// draw, such as a mix).
    pub propensity: f32,
    pub feedback: Feedback,
    pub reward: f32,
    /// The list shown ([`Impression`]'s id), when the re-ranker drew it.
    #[serde(default)]
    pub impression: Option<u64>,
}

/// A list the re-ranker drew, with what off-policy estimates need: each slot's probability, and every
/// pool track's score at the time (so another ranker can be replayed on the same pool).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnList {
    pub items: Vec<Scored>,
    /// The probability of each slot's track given the slots before it.
    pub propensities: Vec<f32>,
    /// The pool as proposed (catalog tracks, best first) and each one's score.
    pub pool: Vec<TrackIdx>,
    pub scores: Vec<f32>,
}

/// SquareCB over the catalog's tracks, with how many reactions it has learnt from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextRanker {
    policy: SquareCb,
    reactions: u64,
}

impl Default for ContextRanker {
    fn default() -> Self {
        ContextRanker {
            policy: SquareCb::new(
                HashedRegressor::new(WEIGHT_BITS),
                SquareCbParams {
                    gamma_scale: LIST_GAMMA,
                    ..SquareCbParams::default()
                },
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

    /// Each pool track's score in this moment: its place in the pool plus its predicted reward.
    pub fn scores(
        &self,
        index: &ContentIndex,
        context: &MusicContext,
        pool: &[Scored],
    ) -> Vec<f32> {
        let x = context_features(context);
        let n = pool.len().max(1) as f32;
        pool.iter()
            .enumerate()
            .map(|(i, s)| {
                1.0 - i as f32 / n
                    + self
                        .policy
                        .regressor
                        .predict(&x, &track_features(index, s.item))
            })
            .collect()
    }

    /// `k` of `pool` (best first, as a source proposed them) for this moment, drawn slot by slot; a track
    /// drawn above its place in the pool says which context signal moved it up.
    pub fn rerank(
        &self,
        index: &ContentIndex,
        context: &MusicContext,
        pool: Vec<Scored>,
        k: usize,
    ) -> DrawnList {
        let scores = self.scores(index, context, &pool);
        let gamma = self.policy.gamma_at(self.reactions);
        let mut rng = Rng::new(self.seed(&pool));
        let mut left: Vec<usize> = (0..pool.len()).collect();
        let mut order = Vec::with_capacity(k.min(pool.len()));
        let mut propensities = Vec::with_capacity(k);
        while order.len() < k && !left.is_empty() {
            let left_scores: Vec<f32> = left.iter().map(|&i| scores[i]).collect();
            let p = inverse_gap_weighting(&left_scores, gamma);
            let drawn = super::draw_index(&p, &mut rng);
            propensities.push(p[drawn]);
            order.push(left.remove(drawn));
        }
        self.list(index, context, pool, order, propensities, scores)
    }

    /// The best `k` of `pool` by score, without drawing: what the re-ranker would show if it did not
    /// explore (one side of the comparisons in the model lab).
    pub fn greedy(
        &self,
        index: &ContentIndex,
        context: &MusicContext,
        pool: Vec<Scored>,
        k: usize,
    ) -> DrawnList {
        let scores = self.scores(index, context, &pool);
        let order = greedy_order(&scores, k);
        let propensities = vec![1.0; order.len()];
        self.list(index, context, pool, order, propensities, scores)
    }

    fn list(
        &self,
        index: &ContentIndex,
        context: &MusicContext,
        pool: Vec<Scored>,
        order: Vec<usize>,
        propensities: Vec<f32>,
        scores: Vec<f32>,
    ) -> DrawnList {
        let x = context_features(context);
        let tracks: Vec<TrackIdx> = pool.iter().map(|s| s.item).collect();
        let items = order
            .iter()
            .enumerate()
            .map(|(rank, &proposed)| {
                let mut scored = pool[proposed].clone();
                if rank < proposed {
                    if let Some(reason) = self.reason(&x, &track_features(index, scored.item)) {
                        scored.why.insert(0, reason);
                    }
                }
                scored.score = scores[proposed];
                scored
            })
            .collect();
        DrawnList {
            items,
            propensities,
            pool: tracks,
            scores,
        }
    }

    /// Learns from one reaction to `track` in this moment.
    pub fn learn(
        &mut self,
        index: &ContentIndex,
        context: &MusicContext,
        track: TrackIdx,
        feedback: Feedback,
    ) {
        self.policy.update(
            &context_features(context),
            &track_features(index, track),
            feedback.reward(),
        );
        self.reactions += 1;
    }

    /// The draw's seed: how much was learnt, and the pool.
    fn seed(&self, pool: &[Scored]) -> u64 {
        pool.iter()
            .fold(0xcbf2_9ce4_8422_2325u64 ^ self.reactions, |hash, s| {
                (hash ^ s.item.0 as u64).wrapping_mul(0x0100_0000_01b3)
            })
    }

    /// "suits relax: lower energy": the context × audio feature pair that adds the most to the score, if
    /// it adds enough to matter. Signals that were on together in every reaction (the device and the
    /// activity, say) share the credit equally, so within a tenth of the best the one the listener chose
    /// is named first: the activity, then the time, then the rest.
    fn reason(&self, context: &Sparse, features: &Sparse) -> Option<String> {
        let pairs: Vec<(usize, usize, f32)> = context
            .iter()
            .flat_map(|&(signal, u)| {
                features.iter().map(move |&(feature, a)| {
                    let value = self
                        .policy
                        .regressor
                        .pair_contribution(signal, u, feature, a);
                    (signal as usize, (feature - FEATURE_IDS) as usize, value)
                })
            })
            .collect();
        let best = pairs.iter().map(|p| p.2).fold(f32::NEG_INFINITY, f32::max);
        if best < NAMED_CONTRIBUTION {
            return None;
        }
        let &(signal, feature, _) = pairs
            .iter()
            .filter(|p| p.2 >= 0.9 * best)
            .min_by_key(|&&(signal, _, v)| (priority(signal), std::cmp::Reverse(v.to_bits())))?;
        let value = features
            .iter()
            .find(|(f, _)| *f == FEATURE_IDS + feature as u32)
            .map_or(0.0, |f| f.1);
        let direction = if value >= 0.0 { "higher" } else { "lower" };
        Some(format!(
            "suits {}: {direction} {}",
            signal_phrase(signal),
            Feature::ALL[feature].label()
        ))
    }
}

/// The indices of the `k` best scores, best first (ties to the earlier).
pub fn greedy_order(scores: &[f32], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order.truncate(k);
    order
}

/// How much the activity the listener chose counts next to the signals the moment has anyway (the time,
/// the device, the session). Reactions in one moment share all of them, and a lesson is spread over the
/// signals in proportion to their values: the listener's own choice should take most of it, so that three
/// skips of loud tracks in "relax" mean "not in relax" more than "not at nine in the evening".
const ACTIVITY_WEIGHT: f32 = 3.0;

/// The moment as sparse features: each signal of [`MusicContext::NAMES`] by its slot.
fn context_features(context: &MusicContext) -> Sparse {
    context
        .to_vector()
        .into_iter()
        .enumerate()
        .filter(|(_, v)| *v != 0.0)
        .map(|(i, v)| {
            let chosen = priority(i) == 0;
            (i as u32, if chosen { ACTIVITY_WEIGHT * v } else { v })
        })
        .collect()
}

/// A track as the regressor sees it: its standardised audio features.
fn track_features(index: &ContentIndex, track: TrackIdx) -> Sparse {
    index
        .standardised_features(track)
        .iter()
        .take(FEATURE_COUNT)
        .enumerate()
        .filter(|(_, v)| **v != 0.0)
        .map(|(j, &v)| (FEATURE_IDS + j as u32, v))
        .collect()
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
    fn with_nothing_learnt_the_pool_order_stands_and_each_slot_mostly_keeps_it() {
        let index = index();
        let ranker = ContextRanker::default();
        let greedy = ranker.greedy(&index, &MusicContext::default(), pool(&index), 12);
        let order: Vec<u32> = greedy.items.iter().map(|s| s.item.0).collect();
        assert_eq!(order, (0..12).collect::<Vec<_>>());
        assert!(greedy.items.iter().all(|s| s.why.is_empty()), "{greedy:?}");
        // Drawn: a pool of 24, the first slot keeps the pool's first with probability over 0.7, every
        // logged probability is a real one, and the same state draws the same list.
        let drawn = ranker.rerank(&index, &MusicContext::default(), pool(&index), 12);
        assert_eq!(drawn.items.len(), 12);
        let p_first = inverse_gap_weighting(&drawn.scores, ranker.policy.gamma_at(0))[0];
        assert!(p_first > 0.7, "{p_first}");
        assert!(drawn.propensities.iter().all(|&p| p > 0.0 && p <= 1.0));
        assert_eq!(
            drawn,
            ranker.rerank(&index, &MusicContext::default(), pool(&index), 12)
        );
    }

    #[test]
    fn drawn_lists_follow_the_logged_probabilities() {
        // Over many pools (the same first track, the rest in another order each time) the first slot is
        // the pool's first about as often as its logged probability says.
        let index = index();
        let ranker = ContextRanker::default();
        let (mut kept, mut expected) = (0.0, 0.0);
        for shuffle in 0..400 {
            let mut pool = pool(&index);
            Rng::new(shuffle).shuffle(&mut pool[1..]);
            let drawn = ranker.rerank(&index, &MusicContext::default(), pool, 3);
            let p = inverse_gap_weighting(&drawn.scores, ranker.policy.gamma_at(0));
            expected += p[0];
            kept += (drawn.items[0].item == TrackIdx(0)) as u8 as f32;
        }
        // Binomial sd at 400 draws with p ≈ 0.8 is 8: four of them.
        assert!((kept - expected).abs() < 32.0, "{kept} vs {expected}");
        assert!(kept < 400.0, "the draw explores");
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
        let before = ranker.greedy(&index, &relax, pool(&index), 6).items;
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
        let after = ranker.greedy(&index, &relax, pool(&index), 6).items;
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
        assert_eq!(
            restored.greedy(&index, &relax, pool(&index), 6).items,
            after
        );
    }
}
