//! Online logistic regression on hashed sparse features, with per-coordinate AdaGrad steps (Duchi, Hazan
//! and Singer 2011), the learner of the hashed-context baseline and of Attune's skip model alike.
//!
//! AdaGrad still has a step size η, and the best one depends on the listener's data. Rather than pick it
//! on the one export we can score, [`MixedLogistic`] runs a few learners with η a factor 2 apart and
//! predicts with their Bayesian mixture: each weighted by its likelihood so far, exp(−its cumulative
//! log-loss). Under log-loss the mixture is never more than ln K worse in total than the best of the K
//! learners in hindsight (Vovk's aggregating algorithm; Cesa-Bianchi and Lugosi 2006, section 3.5), and it
//! uses only the past.

use serde::{Deserialize, Serialize};

/// A sparse feature: (bucket, value).
pub type Feature = (u32, f32);

/// The bucket of a named feature: FNV-1a of its name, folded to `bits` bits (the hashing trick of
/// Weinberger et al. 2009: no vocabulary to keep, and a new track or artist costs nothing).
pub fn bucket(name: &str, bits: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for byte in name.bytes() {
        h ^= byte as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h & ((1u32 << bits) - 1)
}

/// A one-hot feature "group=value" with value 1.
pub fn one_hot(group: &str, value: &str, bits: u32) -> Feature {
    (bucket(&format!("{group}={value}"), bits), 1.0)
}

/// The logistic function.
pub fn sigmoid(t: f32) -> f32 {
    1.0 / (1.0 + (-t).exp())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashedLogistic {
    /// η: the step of a coordinate's first update; later ones shrink as 1/√(Σ g²).
    eta: f32,
    weights: Vec<f32>,
    /// Σ g² per coordinate.
    squared_gradients: Vec<f32>,
}

impl HashedLogistic {
    pub fn new(bits: u32, eta: f32) -> HashedLogistic {
        HashedLogistic {
            eta,
            weights: vec![0.0; 1 << bits],
            squared_gradients: vec![0.0; 1 << bits],
        }
    }

    /// P(y = 1 | features) = σ(w · x).
    pub fn predict(&self, features: &[Feature]) -> f32 {
        sigmoid(
            features
                .iter()
                .map(|&(i, x)| self.weights[i as usize] * x)
                .sum(),
        )
    }

    /// One AdaGrad step on the log-loss: g = (p − y) x per coordinate.
    pub fn learn(&mut self, features: &[Feature], label: bool) {
        let error = self.predict(features) - label as u8 as f32;
        for &(i, x) in features {
            let g = error * x;
            if g == 0.0 {
                continue;
            }
            let i = i as usize;
            self.squared_gradients[i] += g * g;
            self.weights[i] -= self.eta * g / self.squared_gradients[i].sqrt();
        }
    }
}

/// Step sizes of [`MixedLogistic`]'s learners: 0.05 to 0.8, each twice the last.
pub const STEP_SIZES: [f32; 5] = [0.05, 0.1, 0.2, 0.4, 0.8];

/// The likelihood-weighted mixture of AdaGrad learners with the [`STEP_SIZES`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixedLogistic {
    learners: Vec<HashedLogistic>,
    /// Each learner's cumulative log-loss: its log-weight is minus this.
    losses: Vec<f64>,
}

impl MixedLogistic {
    pub fn new(bits: u32) -> MixedLogistic {
        MixedLogistic {
            learners: STEP_SIZES
                .iter()
                .map(|&eta| HashedLogistic::new(bits, eta))
                .collect(),
            losses: vec![0.0; STEP_SIZES.len()],
        }
    }

    /// The learners' posterior weights, exp(−loss) normalised (shifted by the least loss first, so
    /// that the exponentials neither overflow nor all vanish).
    pub fn weights(&self) -> Vec<f64> {
        let least = self.losses.iter().copied().fold(f64::INFINITY, f64::min);
        let raw: Vec<f64> = self.losses.iter().map(|l| (least - l).exp()).collect();
        let total: f64 = raw.iter().sum();
        raw.iter().map(|w| w / total).collect()
    }

    pub fn predict(&self, features: &[Feature]) -> f32 {
        self.learners
            .iter()
            .zip(self.weights())
            .map(|(learner, w)| w * learner.predict(features) as f64)
            .sum::<f64>() as f32
    }

    pub fn learn(&mut self, features: &[Feature], label: bool) {
        for (learner, loss) in self.learners.iter_mut().zip(&mut self.losses) {
            let p = learner.predict(features) as f64;
            let likelihood = if label { p } else { 1.0 - p };
            *loss -= likelihood.max(1e-12).ln();
            learner.learn(features, label);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_fnv1a() {
        // FNV-1a 32 of "a" is 0xe40c292c.
        assert_eq!(bucket("a", 32 - 1), 0xe40c292c & 0x7fff_ffff);
        assert_eq!(bucket("a", 4), 0xc);
        assert_ne!(one_hot("hour", "1", 18), one_hot("hour", "2", 18));
    }

    #[test]
    fn first_steps_by_hand() {
        let mut model = HashedLogistic::new(4, 0.5);
        let x = [(1, 1.0), (2, 2.0)];
        assert_eq!(model.predict(&x), 0.5);
        // Label 1 at p = 0.5: g = (−0.5, −1); each first AdaGrad step is η·g/|g| = −η·sign(g) → +0.5.
        model.learn(&x, true);
        assert_eq!(model.weights[1..3], [0.5, 0.5]);
        // w·x = 0.5 + 1 = 1.5.
        assert!((model.predict(&x) - sigmoid(1.5)).abs() < 1e-7);
    }

    #[test]
    fn the_mixture_weighs_learners_by_their_likelihood() {
        let mut mix = MixedLogistic::new(4);
        let x = [(1, 1.0)];
        // Before any data every learner says 0.5 and weighs 1/5.
        assert!(mix.weights().iter().all(|w| (w - 0.2).abs() < 1e-12));
        assert_eq!(mix.predict(&x), 0.5);
        // One label 1: every learner paid ln 2, so the weights stay equal, and each took its first
        // step to w = η, so the mixture predicts the mean of σ(η).
        mix.learn(&x, true);
        let mean: f32 = STEP_SIZES.iter().map(|&eta| sigmoid(eta)).sum::<f32>() / 5.0;
        assert!((mix.predict(&x) - mean).abs() < 1e-6);
        // A second label 1: learner k paid −ln σ(η_k), so the larger steps gain weight.
        mix.learn(&x, true);
        let w = mix.weights();
        let want: Vec<f64> = STEP_SIZES.iter().map(|&eta| sigmoid(eta) as f64).collect();
        let total: f64 = want.iter().sum();
        for (got, want) in w.iter().zip(&want) {
            assert!((got - want / total).abs() < 1e-6, "{w:?}");
        }
    }

    #[test]
    fn learns_a_separable_rule() {
        let mut model = HashedLogistic::new(8, 0.3);
        let features = |yes: bool| vec![one_hot("bias", "", 8), one_hot("x", &yes.to_string(), 8)];
        for _ in 0..200 {
            model.learn(&features(true), true);
            model.learn(&features(false), false);
        }
        assert!(model.predict(&features(true)) > 0.9);
        assert!(model.predict(&features(false)) < 0.1);
    }
}
