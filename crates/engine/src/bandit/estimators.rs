//! Off-policy estimates of what a target policy π would earn, from impressions logged under another
//! policy (the logger, which chose the logged action with probability p, its propensity). Over n logged
//! events (x, a, r, p):
//!
//! - replay (Li et al. 2011, "Unbiased offline evaluation of contextual-bandit-based news article
//!   recommendation algorithms"): the mean reward of the events on which an action drawn from π equals
//!   the logged one. Unbiased for a uniform logger. In the progressive protocol used here the policy
//!   learns from every logged event, not only from the matched ones as in the paper's Algorithm 3.
//! - IPS, inverse propensity scoring (Horvitz and Thompson 1952): (1/n) Σ r · π(a|x) / p.
//! - SNIPS, self-normalised IPS (Swaminathan and Joachims 2015): Σ r · π(a|x)/p ÷ Σ π(a|x)/p; a little
//!   biased, much less variance when the weights are large.
//! - DR, doubly robust (Dudík, Langford and Li 2011): (1/n) Σ [r̂(x, π) + π(a|x)/p · (r − r̂(x, a))], with
//!   r̂ a reward model and r̂(x, π) = Σ_b π(b|x) r̂(x, b): unbiased if either r̂ or p is right.
//!
//! [`ArmRateModel`] is the simple reward model used for DR: each arm's running reward rate, shrunk towards
//! the global running rate.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the estimators need to know about one logged event and the target policy at that moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedStep {
    pub reward: f32,
    /// p: the logger's probability of the logged action.
    pub propensity: f32,
    /// π(a|x): the target policy's probability of the logged action.
    pub target_probability: f32,
    /// Whether one action drawn from the target policy was the logged one.
    pub target_matches: bool,
    /// r̂(x, a): the reward model's prediction for the logged action.
    pub predicted_reward: f32,
    /// r̂(x, π) = Σ_b π(b|x) r̂(x, b).
    pub predicted_target_reward: f32,
}

/// The running sums behind every estimate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OffPolicy {
    pub events: usize,
    /// Events on which the target's draw matched the logged action (replay's sample).
    pub matched: usize,
    matched_reward: f64,
    weight_sum: f64,
    weighted_reward_sum: f64,
    doubly_robust_sum: f64,
    /// Second moments, for the intervals: Σ (w r)², Σ (DR term)², Σ w², Σ w² r, Σ w² r².
    weighted_reward_squares: f64,
    doubly_robust_squares: f64,
    weight_squares: f64,
    weight_squares_reward: f64,
    weight_squares_reward_squares: f64,
}

/// An estimate with its 95 % interval (normal approximation).
pub type Estimate = (f64, (f64, f64));

fn with_interval(mean: f64, sum_squares: f64, n: usize) -> Estimate {
    let n = n.max(1) as f64;
    let variance = (sum_squares / n - mean * mean).max(0.0) * n / (n - 1.0).max(1.0);
    let half = 1.96 * (variance / n).sqrt();
    (mean, (mean - half, mean + half))
}

impl OffPolicy {
    pub fn add(&mut self, step: &LoggedStep) {
        let weight = step.target_probability as f64 / step.propensity as f64;
        let reward = step.reward as f64;
        self.events += 1;
        if step.target_matches {
            self.matched += 1;
            self.matched_reward += reward;
        }
        self.weight_sum += weight;
        self.weighted_reward_sum += weight * reward;
        let doubly_robust =
            step.predicted_target_reward as f64 + weight * (reward - step.predicted_reward as f64);
        self.doubly_robust_sum += doubly_robust;
        self.weighted_reward_squares += (weight * reward).powi(2);
        self.doubly_robust_squares += doubly_robust.powi(2);
        self.weight_squares += weight * weight;
        self.weight_squares_reward += weight * weight * reward;
        self.weight_squares_reward_squares += weight * weight * reward * reward;
    }

    /// IPS with its interval.
    pub fn ips_interval(&self) -> Estimate {
        with_interval(self.ips(), self.weighted_reward_squares, self.events)
    }

    /// DR with its interval.
    pub fn doubly_robust_interval(&self) -> Estimate {
        with_interval(
            self.doubly_robust(),
            self.doubly_robust_squares,
            self.events,
        )
    }

    /// SNIPS with its interval by the delta method: Var ≈ Σ w² (r − ŝ)² / (Σ w)².
    pub fn snips_interval(&self) -> Option<Estimate> {
        let s = self.snips()?;
        let spread = self.weight_squares_reward_squares - 2.0 * s * self.weight_squares_reward
            + s * s * self.weight_squares;
        let half = 1.96 * spread.max(0.0).sqrt() / self.weight_sum;
        Some((s, (s - half, s + half)))
    }

    /// `None` before any event matched.
    pub fn replay(&self) -> Option<f64> {
        (self.matched > 0).then(|| self.matched_reward / self.matched as f64)
    }

    pub fn ips(&self) -> f64 {
        self.weighted_reward_sum / self.events.max(1) as f64
    }

    /// `None` while every weight is zero.
    pub fn snips(&self) -> Option<f64> {
        (self.weight_sum > 0.0).then(|| self.weighted_reward_sum / self.weight_sum)
    }

    pub fn doubly_robust(&self) -> f64 {
        self.doubly_robust_sum / self.events.max(1) as f64
    }
}

/// r̂(a) = (rewards of a + m · ḡ) / (times a was logged + m): each arm's running reward rate with m
/// pseudo-observations at the global running rate ḡ, so that a new arm starts at ḡ and one click in a
/// handful of impressions does not make an arm look like a sure thing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArmRateModel {
    count: u64,
    reward_sum: f64,
    arms: BTreeMap<u64, (u64, f64)>,
}

impl ArmRateModel {
    /// m: a new arm's rate counts as this many observations of the global rate.
    pub const PRIOR_OBSERVATIONS: f64 = 10.0;

    pub fn predict(&self, arm: u64) -> f32 {
        let global = if self.count == 0 {
            0.0
        } else {
            self.reward_sum / self.count as f64
        };
        let (n, sum) = self.arms.get(&arm).copied().unwrap_or_default();
        let m = Self::PRIOR_OBSERVATIONS;
        ((sum + m * global) / (n as f64 + m)) as f32
    }

    pub fn update(&mut self, arm: u64, reward: f32) {
        self.count += 1;
        self.reward_sum += reward as f64;
        let entry = self.arms.entry(arm).or_default();
        entry.0 += 1;
        entry.1 += reward as f64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(reward: f32, p: f32, pi: f32, matches: bool, r_a: f32, r_pi: f32) -> LoggedStep {
        LoggedStep {
            reward,
            propensity: p,
            target_probability: pi,
            target_matches: matches,
            predicted_reward: r_a,
            predicted_target_reward: r_pi,
        }
    }

    #[test]
    fn four_logged_events_by_hand() {
        let mut est = OffPolicy::default();
        assert_eq!((est.replay(), est.snips(), est.ips()), (None, None, 0.0));
        let log = [
            step(1.0, 0.5, 1.0, true, 0.5, 0.5),
            step(0.0, 0.5, 0.0, false, 0.2, 0.6),
            step(1.0, 0.25, 0.5, false, 0.4, 0.3),
            step(0.0, 0.25, 0.5, true, 0.0, 0.1),
        ];
        log.iter().for_each(|s| est.add(s));
        // Weights π/p: 2, 0, 2, 2.
        // IPS = (2·1 + 0 + 2·1 + 2·0) / 4 = 1.
        assert!((est.ips() - 1.0).abs() < 1e-12);
        // SNIPS = 4 / 6.
        assert!((est.snips().unwrap() - 4.0 / 6.0).abs() < 1e-12);
        // DR terms: 0.5 + 2·0.5 = 1.5; 0.6; 0.3 + 2·0.6 = 1.5; 0.1 + 2·0 = 0.1; mean 3.7 / 4.
        assert!((est.doubly_robust() - 0.925).abs() < 1e-6);
        // Replay: events 1 and 4 matched, rewards 1 and 0.
        assert_eq!((est.matched, est.replay()), (2, Some(0.5)));
        // IPS terms 2, 0, 2, 0: mean 1, sample variance 4/3, half-width 1.96·√(1/3).
        let (ips, (low, high)) = est.ips_interval();
        assert!((ips - 1.0).abs() < 1e-12);
        assert!((high - low - 2.0 * 1.96 * (1.0f64 / 3.0).sqrt()).abs() < 1e-9);
        let (snips, (low, high)) = est.snips_interval().unwrap();
        assert!(low < snips && snips < high);
    }

    #[test]
    fn a_uniform_target_under_a_uniform_logger_estimates_the_logged_rate() {
        // π = p everywhere: every weight is 1, so IPS = SNIPS = the mean reward, and DR too.
        let mut est = OffPolicy::default();
        for (i, reward) in [1.0, 0.0, 0.0, 1.0, 0.0].iter().enumerate() {
            est.add(&step(*reward, 0.2, 0.2, i == 0, 0.3, 0.3));
        }
        assert!((est.ips() - 0.4).abs() < 1e-6);
        assert!((est.snips().unwrap() - 0.4).abs() < 1e-6);
        assert!((est.doubly_robust() - 0.4).abs() < 1e-6);
    }

    #[test]
    fn arm_rates_are_shrunk_to_the_global_rate() {
        let mut model = ArmRateModel::default();
        assert_eq!(model.predict(1), 0.0);
        model.update(1, 1.0);
        model.update(1, 0.0);
        model.update(2, 0.0);
        model.update(2, 0.0);
        // Global rate 1/4: arm 1 = (1 + 10/4) / (2 + 10), an unseen arm = 2.5 / 10.
        assert!((model.predict(1) - 3.5 / 12.0).abs() < 1e-6);
        assert!((model.predict(2) - 2.5 / 12.0).abs() < 1e-6);
        assert!((model.predict(3) - 0.25).abs() < 1e-6);
    }
}
