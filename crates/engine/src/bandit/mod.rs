//! Contextual bandits: recommendations that adapt to the moment and learn from every skip, replay and like.
//!
//! # Arms: one linear model over context × item features
//!
//! An arm is a candidate item (a track, for the app), described by a feature vector: for music, the
//! catalog's standardised audio features (danceability, energy, valence, acousticness, …). The expected
//! reward of playing it in context x is linear in x ⊗ item features plus, once the item has feedback of its
//! own, a per-item term linear in x: the hybrid model of Li et al. (2010), see [`ridge`]. Why this rather
//! than a few arms such as "high energy", "calm" or "listeners like you":
//!
//! - It generalises: a skip of a loud track in "relax" lowers every loud track in "relax", including ones
//!   never shown, because the penalty lands on the shared coefficient of relax × energy. Source-level arms
//!   learn only "this source is bad now", and a per-item model without features learns nothing about items
//!   it has not tried.
//! - It stays small: with the 13 entries of [`MusicContext`] and the 9 audio features the shared model has
//!   (13 + 1) × (9 + 1) = 140 coefficients, a 140 × 140 matrix (160 KB in f64) that IndexedDB stores as
//!   it is (every model derives serde); natively an update takes 0.2 ms and scoring 200 candidates
//!   1.3 ms. Per-item blocks (14 × 14 plus 14 × 140) are added only for items with feedback of their own.
//! - It explains itself: each shared coefficient is a named pair ("relax × energy", see
//!   [`MusicContext::NAMES`] and [`ridge::HybridRidge::contributions`]), so a card can say which context
//!   signal moved it up.
//! - The candidate lists still come from the engine's sources (similar tracks, listeners like you, new to
//!   you): the bandit re-ranks what they propose, so a source stays one feature away (a one-hot of the
//!   source among the item features) if it should be learnt too.
//!
//! # Policies
//!
//! All three share that model and differ in how they act on it ([`policies`]): LinUCB (Li et al. 2010)
//! plays the highest upper confidence bound, linear Thompson sampling (Agrawal and Goyal 2013) the best of
//! one posterior draw, and epsilon-greedy the best mean, or a uniform arm with probability ε. Each reports
//! the probability of every candidate, so that every impression can be logged with its propensity and
//! policies compared offline ([`estimators`]: replay, IPS, self-normalised IPS, doubly robust).
//!
//! [`squarecb`] (SquareCB: inverse-gap weighting over [`hashed`], an online regressor over hashed context
//! × candidate features) won the full-information benchmark (BENCHMARKS.md), and is what the app uses:
//! [`ranker::ContextRanker`] draws Home's list from the pool the engine's sources propose for the moment
//! at hand, logs each slot's probability, and learns from each like, skip and dislike as it happens.
//! [`compare`] and [`interleave`] compare rankers on the listener's own reactions, on the device.
//!
//! [`context`] turns the moment (hour, weekday, the activity picked, device, session, recent skips) into
//! the context vector, [`feedback`] what the listener did into a reward, and [`skip`] predicts skips on
//! a real listening history. (`attune-lab`'s `obd` replays the policies on the Open Bandit Dataset.)

pub mod compare;
pub mod context;
pub mod estimators;
pub mod feedback;
pub mod gaussian;
pub mod hashed;
pub mod interleave;
pub mod playback;
pub mod policies;
pub mod ranker;
pub mod ridge;
pub mod skip;
pub mod squarecb;

use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub use context::{Activity, Device, MusicContext};
pub use feedback::Feedback;
pub use playback::PlaybackTracker;
pub use policies::{EpsilonGreedy, LinUcb, LinearThompson};
pub use ranker::{ContextRanker, Reaction};

/// One action a policy may take: an arm id (a track index, an item id) and its features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub arm: u64,
    pub features: Vec<f32>,
}

/// What every policy does: say how likely it is to choose each candidate, choose, and learn.
pub trait Policy {
    fn name(&self) -> String;

    /// The probability of choosing each candidate in this context (they sum to 1). Deterministic policies
    /// split ties evenly; Thompson sampling estimates its probabilities by drawing from `rng`.
    fn probabilities(&self, context: &[f32], candidates: &[Candidate], rng: &mut Rng) -> Vec<f32>;

    /// The index of the chosen candidate, drawn from [`Policy::probabilities`] unless the policy has a
    /// cheaper way to act.
    fn choose(&self, context: &[f32], candidates: &[Candidate], rng: &mut Rng) -> usize {
        draw_index(&self.probabilities(context, candidates, rng), rng)
    }

    /// Learns that `chosen` earned `reward` in this context.
    fn update(&mut self, context: &[f32], chosen: &Candidate, reward: f32);
}

/// An index drawn with the given probabilities.
pub fn draw_index(probabilities: &[f32], rng: &mut Rng) -> usize {
    let total: f32 = probabilities.iter().sum();
    let mut target = rng.next_f32() * total;
    for (i, &p) in probabilities.iter().enumerate() {
        if target < p {
            return i;
        }
        target -= p;
    }
    // Rounding left a sliver past the last bucket: it belongs to the last candidate with any mass.
    probabilities.iter().rposition(|&p| p > 0.0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bandit::ridge::{HybridRidge, RidgeParams};

    /// Ten tracks described by one standardised audio feature, energy, from −1.5 to 1.5.
    fn tracks() -> Vec<Candidate> {
        (0..10)
            .map(|i| Candidate {
                arm: i,
                features: vec![-1.5 + i as f32 / 3.0],
            })
            .collect()
    }

    /// The mean energy of the five tracks with the best posterior mean: the list a greedy pick shows.
    fn mean_energy_of_list(model: &HybridRidge, context: &MusicContext) -> f32 {
        let means = model.scores(&context.to_vector(), &tracks()).mean;
        let mut order: Vec<usize> = (0..means.len()).collect();
        order.sort_by(|&a, &b| means[b].total_cmp(&means[a]).then(a.cmp(&b)));
        order[..5]
            .iter()
            .map(|&i| tracks()[i].features[0])
            .sum::<f32>()
            / 5.0
    }

    /// How much more the model expects of energy +1 than of energy −1 in a context.
    fn energy_slope(model: &HybridRidge, context: &MusicContext) -> f32 {
        let probe = |arm, energy| Candidate {
            arm,
            features: vec![energy],
        };
        let s = model.scores(&context.to_vector(), &[probe(100, 1.0), probe(101, -1.0)]);
        s.mean[0] - s.mean[1]
    }

    #[test]
    fn three_early_skips_of_energetic_tracks_in_relax_calm_the_next_list() {
        let relax = MusicContext {
            hour: 22.0,
            activity: Activity::Relax,
            ..MusicContext::default()
        };
        let workout = MusicContext {
            activity: Activity::Workout,
            ..relax
        };
        let mut model = HybridRidge::new(MusicContext::LEN, 1, RidgeParams::default());
        // At the gym the listener liked the energetic half and let the calm half play.
        for track in &tracks() {
            let liked = track.features[0] > 0.0;
            let feedback = if liked {
                Feedback::Liked
            } else {
                Feedback::Completed
            };
            model.update(&workout.to_vector(), track, feedback.reward());
        }
        // That taste carries over to relax for now: the list is energetic there too.
        let before = mean_energy_of_list(&model, &relax);
        assert!(before > 0.0, "{before}");
        for track in &tracks()[7..] {
            let skip = Feedback::Skipped { listened: 0.05 }.reward();
            model.update(&relax.to_vector(), track, skip);
        }
        let after = mean_energy_of_list(&model, &relax);
        assert!(after < before, "{before} → {after}");
        // The lesson is about relaxing: relax × energy now pulls the most energetic track down, and energy
        // keeps its value at the gym.
        let item_len = 1 + 1;
        let relax_slot = 1 + MusicContext::NAMES
            .iter()
            .position(|&n| n == "relax")
            .unwrap();
        let parts = model.contributions(&relax.to_vector(), &tracks()[9].features);
        assert!(parts[relax_slot * item_len + 1] < 0.0, "{parts:?}");
        assert!(energy_slope(&model, &workout) > 0.0);
        assert!(energy_slope(&model, &relax) < energy_slope(&model, &workout));
    }

    #[test]
    fn draws_follow_the_probabilities() {
        let mut rng = Rng::new(1);
        let mut counts = [0usize; 3];
        for _ in 0..10_000 {
            counts[draw_index(&[0.2, 0.0, 0.8], &mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((1_800..2_200).contains(&counts[0]), "{counts:?}");
    }
}
