//! An online linear regressor over hashed features (Weinberger et al. 2009, the "hashing trick"), the
//! oracle [`super::squarecb`] acts on. An example is a context and one candidate, each a sparse list of
//! (feature id, value); the model sees
//!
//! - a constant, the context's features and the candidate's features;
//! - every context × candidate pair (Vowpal Wabbit's `-q UA`), so that a taste for a kind of candidate can
//!   depend on the context;
//! - their agreement Σ_f u_f · a_f over the features both have (the same id on both sides): one weight
//!   that says "candidates like the context are good" from the first examples on, before any pair has
//!   been seen often enough to have a weight of its own.
//!
//! Each is hashed into 2^bits weights. Squared loss, trained by AdaGrad (Duchi et al. 2011): a feature's
//! step shrinks with the gradients it has seen, so rare features (most pairs) keep learning while
//! common ones settle. The step is divided by the mean size of the examples seen (Σ|x|, online), so
//! that the first steps move a prediction by about the base rate however many features examples have.

use serde::{Deserialize, Serialize};

/// Sparse features: (feature id, value); an absent feature is 0.
pub type Sparse = Vec<(u32, f32)>;

/// AdaGrad's base step: Vowpal Wabbit's default learning rate.
const LEARNING_RATE: f32 = 0.5;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashedRegressor {
    bits: u8,
    weights: Vec<f32>,
    /// Σ of squared gradients per weight (AdaGrad).
    squares: Vec<f32>,
    /// Σ over the examples learnt of their size Σ|x|, and how many there were.
    sizes: f64,
    examples: u64,
}

/// What a feature is, for its hash: the kinds never collide by construction of the key.
#[derive(Clone, Copy)]
enum Kind {
    Constant,
    Context(u32),
    Candidate(u32),
    Pair(u32, u32),
    Agreement,
}

impl HashedRegressor {
    /// A zero model of 2^bits weights (bits from 4 to 24).
    pub fn new(bits: u8) -> HashedRegressor {
        let bits = bits.clamp(4, 24);
        HashedRegressor {
            bits,
            weights: vec![0.0; 1 << bits],
            squares: vec![0.0; 1 << bits],
            sizes: 0.0,
            examples: 0,
        }
    }

    /// The predicted reward of `candidate` in `context`.
    pub fn predict(&self, context: &Sparse, candidate: &Sparse) -> f32 {
        let mut sum = 0.0;
        self.for_each_feature(context, candidate, |slot, x| sum += self.weights[slot] * x);
        sum
    }

    /// What the pair of context feature `u` (value `u_value`) and candidate feature `a` adds to a
    /// prediction: the named part of a score, for explanations.
    pub fn pair_contribution(&self, u: u32, u_value: f32, a: u32, a_value: f32) -> f32 {
        self.weights[self.slot(Kind::Pair(u, a))] * u_value * a_value
    }

    /// One step of squared loss towards `reward`.
    pub fn learn(&mut self, context: &Sparse, candidate: &Sparse, reward: f32) {
        let error = self.predict(context, candidate) - reward;
        let mut features = Vec::with_capacity(2 + context.len() * (1 + candidate.len()));
        self.for_each_feature(context, candidate, |slot, x| features.push((slot, x)));
        self.sizes += features.iter().map(|(_, x)| x.abs() as f64).sum::<f64>();
        self.examples += 1;
        let mean_size = (self.sizes / self.examples as f64).max(1e-6) as f32;
        for (slot, x) in features {
            let gradient = error * x;
            self.squares[slot] += gradient * gradient;
            if self.squares[slot] > 0.0 {
                self.weights[slot] -=
                    LEARNING_RATE * gradient / self.squares[slot].sqrt() / mean_size;
            }
        }
    }

    fn for_each_feature(
        &self,
        context: &Sparse,
        candidate: &Sparse,
        mut f: impl FnMut(usize, f32),
    ) {
        f(self.slot(Kind::Constant), 1.0);
        let mut agreement = 0.0;
        for &(u, u_value) in context {
            f(self.slot(Kind::Context(u)), u_value);
            for &(a, a_value) in candidate {
                f(self.slot(Kind::Pair(u, a)), u_value * a_value);
                if a == u {
                    agreement += u_value * a_value;
                }
            }
        }
        for &(a, a_value) in candidate {
            f(self.slot(Kind::Candidate(a)), a_value);
        }
        if agreement != 0.0 {
            let norm = |x: &Sparse| x.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
            f(
                self.slot(Kind::Agreement),
                agreement / (norm(context) * norm(candidate)).max(1e-6),
            );
        }
    }

    fn slot(&self, kind: Kind) -> usize {
        // Each kind salts the hash of its ids, so no two kinds share a key.
        let (salt, ids) = match kind {
            Kind::Constant => (1u64, 0),
            Kind::Context(u) => (2, u as u64),
            Kind::Candidate(a) => (3, a as u64),
            Kind::Pair(u, a) => (4, (u as u64) << 32 | a as u64),
            Kind::Agreement => (5, 0),
        };
        let hashed = mix(mix(ids) ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        (hashed >> (64 - self.bits)) as usize
    }
}

/// A feature's id from its name (FNV-1a, 32 bits): the same name gets the same id in the context and in
/// a candidate, which is what their agreement counts on.
pub fn feature_id(name: &str) -> u32 {
    name.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

/// SplitMix64's finaliser: spreads any key over the 64 bits, so the top `bits` are a fair slot.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_fits_a_linear_target_over_pairs() {
        // Reward 1 when context feature 1 meets candidate feature 10, or 2 meets 20; else 0.
        let mut model = HashedRegressor::new(16);
        let examples = [
            (vec![(1, 1.0)], vec![(10, 1.0)], 1.0),
            (vec![(1, 1.0)], vec![(20, 1.0)], 0.0),
            (vec![(2, 1.0)], vec![(10, 1.0)], 0.0),
            (vec![(2, 1.0)], vec![(20, 1.0)], 1.0),
        ];
        for _ in 0..500 {
            for (u, a, y) in &examples {
                model.learn(u, a, *y);
            }
        }
        for (u, a, y) in &examples {
            assert!((model.predict(u, a) - y).abs() < 0.1, "{u:?} {a:?}");
        }
    }

    #[test]
    fn agreement_generalises_to_pairs_never_seen() {
        // Candidates matching the context pay; after learning on ids 1-5, id 9 matching itself scores
        // above id 9 against a mismatch, with no pair (9, 9) ever seen.
        let mut model = HashedRegressor::new(16);
        for _ in 0..200 {
            for id in 1..=5u32 {
                model.learn(&vec![(id, 1.0)], &vec![(id, 1.0)], 1.0);
                model.learn(&vec![(id, 1.0)], &vec![(id + 100, 1.0)], 0.0);
            }
        }
        let matched = model.predict(&vec![(9, 1.0)], &vec![(9, 1.0)]);
        let other = model.predict(&vec![(9, 1.0)], &vec![(7, 1.0)]);
        assert!(matched > other + 0.2, "{matched} vs {other}");
        assert_eq!(feature_id("t73"), feature_id("t73"));
        assert_ne!(feature_id("t73"), feature_id("t74"));
    }
}
