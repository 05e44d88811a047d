//! SquareCB (Foster and Rakhlin 2020, "Beyond UCB"): an online regressor predicts every candidate's reward,
//! and inverse-gap weighting (Abe and Long 1999) turns the predictions into probabilities. With ŷ* the
//! best prediction among K candidates and γ the exploration strength,
//!
//! p(a) = 1 / (K + γ (ŷ* − ŷ_a))   for every a but the best, which keeps 1 − Σ p(a).
//!
//! γ grows with the number of choices made, γ_t = γ₀ · t^ρ, so exploration fades as the regressor learns;
//! γ₀ 10 and ρ 0.5 are Vowpal Wabbit's defaults for `--squarecb`, fixed here rather than tuned. The
//! regressor is [`HashedRegressor`]: squared loss, as the analysis requires.

use super::hashed::{HashedRegressor, Sparse};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SquareCbParams {
    /// γ₀: exploration strength at the first choice.
    pub gamma_scale: f32,
    /// ρ: how fast γ grows with the number of choices.
    pub gamma_exponent: f32,
}

impl Default for SquareCbParams {
    /// Vowpal Wabbit's `--squarecb` defaults (`--gamma_scale 10 --gamma_exponent 0.5`).
    fn default() -> Self {
        SquareCbParams {
            gamma_scale: 10.0,
            gamma_exponent: 0.5,
        }
    }
}

/// SquareCB over a hashed linear regressor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SquareCb {
    pub regressor: HashedRegressor,
    pub params: SquareCbParams,
    /// Choices made so far (t).
    pub choices: u64,
}

impl SquareCb {
    pub fn new(regressor: HashedRegressor, params: SquareCbParams) -> SquareCb {
        SquareCb {
            regressor,
            params,
            choices: 0,
        }
    }

    /// γ_t for the next choice.
    pub fn gamma(&self) -> f32 {
        self.gamma_at(self.choices)
    }

    /// γ after `t` choices (or, for a re-ranker, `t` reactions learnt).
    pub fn gamma_at(&self, t: u64) -> f32 {
        self.params.gamma_scale * ((t + 1) as f32).powf(self.params.gamma_exponent)
    }

    /// Each candidate's predicted reward. (Clipping them to the rewards' range before weighing their
    /// gaps, as the analysis assumes, made no difference beyond noise on the streams of BENCHMARKS.md:
    /// it ties candidates at the bounds, so it is left out.)
    pub fn predictions(&self, context: &Sparse, candidates: &[Sparse]) -> Vec<f32> {
        candidates
            .iter()
            .map(|action| self.regressor.predict(context, action))
            .collect()
    }

    /// The probability of choosing each candidate (they sum to 1).
    pub fn probabilities(&self, context: &Sparse, candidates: &[Sparse]) -> Vec<f32> {
        inverse_gap_weighting(&self.predictions(context, candidates), self.gamma())
    }

    /// Draws a candidate; returns its index and the probability it had.
    pub fn choose(
        &mut self,
        context: &Sparse,
        candidates: &[Sparse],
        rng: &mut Rng,
    ) -> (usize, f32) {
        let p = self.probabilities(context, candidates);
        let chosen = super::draw_index(&p, rng);
        self.choices += 1;
        (chosen, p[chosen])
    }

    /// Learns the reward of the candidate chosen (and only of it).
    pub fn update(&mut self, context: &Sparse, chosen: &Sparse, reward: f32) {
        self.regressor.learn(context, chosen, reward);
    }
}

/// Inverse-gap weighting of predicted rewards with strength `gamma`; ties for the best share its mass.
pub fn inverse_gap_weighting(predictions: &[f32], gamma: f32) -> Vec<f32> {
    let k = predictions.len();
    if k == 0 {
        return Vec::new();
    }
    let best = predictions
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, f32::max);
    let mut p: Vec<f32> = predictions
        .iter()
        .map(|&y| {
            if y == best {
                0.0
            } else {
                1.0 / (k as f32 + gamma * (best - y))
            }
        })
        .collect();
    let rest = (1.0 - p.iter().sum::<f32>()).max(0.0);
    let leaders = predictions.iter().filter(|&&y| y == best).count() as f32;
    for (pa, &y) in p.iter_mut().zip(predictions) {
        if y == best {
            *pa = rest / leaders;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_gap_weighting_favours_the_best_and_keeps_every_candidate_possible() {
        let p = inverse_gap_weighting(&[0.1, 0.5, 0.4, 0.5], 10.0);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p.iter().all(|&x| x > 0.0), "{p:?}");
        assert_eq!(p[1], p[3], "ties share the leader's mass");
        assert!(p[1] > p[2] && p[2] > p[0], "{p:?}");
        // p(a) = 1 / (K + γ gap): 1 / (4 + 10 · 0.4) for the worst.
        assert!((p[0] - 1.0 / 8.0).abs() < 1e-6);
        // Stronger γ, less exploration.
        let sharper = inverse_gap_weighting(&[0.1, 0.5, 0.4, 0.5], 1000.0);
        assert!(sharper[0] < p[0] && sharper[1] > p[1]);
    }

    #[test]
    fn it_learns_which_feature_pays_from_the_chosen_rewards_only() {
        // Two kinds of candidate; the one with feature 7 pays. Only the chosen reward is revealed.
        let mut policy = SquareCb::new(HashedRegressor::new(12), SquareCbParams::default());
        let mut rng = Rng::new(3);
        let context: Sparse = vec![(1, 1.0)];
        let candidates: Vec<Sparse> = (0..10)
            .map(|i| {
                if i == 6 {
                    vec![(7, 1.0)]
                } else {
                    vec![(8, 1.0)]
                }
            })
            .collect();
        let mut late_reward = 0.0;
        for t in 0..2000 {
            let (chosen, _) = policy.choose(&context, &candidates, &mut rng);
            let reward = (chosen == 6) as u8 as f32;
            policy.update(&context, &candidates[chosen], reward);
            if t >= 1000 {
                late_reward += reward;
            }
        }
        assert!(late_reward / 1000.0 > 0.8, "{late_reward}");
    }
}
