//! LinUCB, linear Thompson sampling and epsilon-greedy over the shared [`HybridRidge`] model.

use super::ridge::{HybridRidge, RidgeParams};
use super::{Candidate, Policy};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Probability 1 split evenly over the candidates with the highest value.
fn argmax_split(values: &[f32]) -> Vec<f32> {
    let best = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let ties = values.iter().filter(|&&v| v == best).count() as f32;
    values
        .iter()
        .map(|&v| if v == best { 1.0 / ties } else { 0.0 })
        .collect()
}

/// LinUCB (Li et al. 2010, Algorithm 2): plays argmax of mean + α σ̂ √s, the upper confidence bound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinUcb {
    pub model: HybridRidge,
    /// α, in units of the reward noise σ̂.
    pub alpha: f32,
}

impl LinUcb {
    pub fn new(context_len: usize, item_len: usize, params: RidgeParams, alpha: f32) -> LinUcb {
        LinUcb {
            model: HybridRidge::new(context_len, item_len, params),
            alpha,
        }
    }

    /// Each candidate's upper confidence bound.
    pub fn bounds(&self, context: &[f32], candidates: &[Candidate]) -> Vec<f32> {
        let s = self.model.scores(context, candidates);
        s.mean
            .iter()
            .zip(&s.variance)
            .map(|(m, v)| m + self.alpha * s.noise * v.max(0.0).sqrt())
            .collect()
    }
}

impl Policy for LinUcb {
    fn name(&self) -> String {
        format!("LinUCB α={}", self.alpha)
    }

    fn probabilities(&self, context: &[f32], candidates: &[Candidate], _: &mut Rng) -> Vec<f32> {
        argmax_split(&self.bounds(context, candidates))
    }

    fn update(&mut self, context: &[f32], chosen: &Candidate, reward: f32) {
        self.model.update(context, chosen, reward);
    }
}

/// Linear Thompson sampling (Agrawal and Goyal 2013): plays the best candidate under one draw from the
/// posterior, with its covariance inflated by v² (v in units of σ̂).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearThompson {
    pub model: HybridRidge,
    pub v: f32,
    /// Draws used to estimate the probabilities of choosing each candidate.
    pub draws: usize,
}

impl LinearThompson {
    pub fn new(
        context_len: usize,
        item_len: usize,
        params: RidgeParams,
        v: f32,
        draws: usize,
    ) -> LinearThompson {
        LinearThompson {
            model: HybridRidge::new(context_len, item_len, params),
            v,
            draws,
        }
    }
}

impl Policy for LinearThompson {
    fn name(&self) -> String {
        format!("Thompson v={}", self.v)
    }

    /// Monte Carlo: the share of `draws` posterior draws in which each candidate is best. Each share is
    /// an unbiased estimate of the probability, which is what IPS needs.
    fn probabilities(&self, context: &[f32], candidates: &[Candidate], rng: &mut Rng) -> Vec<f32> {
        let scores = self.model.scores(context, candidates);
        let mut total = vec![0.0f32; candidates.len()];
        for _ in 0..self.draws {
            let draw = self.model.draw(&scores, self.v, rng);
            for (t, p) in total.iter_mut().zip(argmax_split(&draw)) {
                *t += p;
            }
        }
        total.iter().map(|t| t / self.draws as f32).collect()
    }

    fn choose(&self, context: &[f32], candidates: &[Candidate], rng: &mut Rng) -> usize {
        let scores = self.model.scores(context, candidates);
        let draw = self.model.draw(&scores, self.v, rng);
        super::draw_index(&argmax_split(&draw), rng)
    }

    fn update(&mut self, context: &[f32], chosen: &Candidate, reward: f32) {
        self.model.update(context, chosen, reward);
    }
}

/// Epsilon-greedy: the best posterior mean with probability 1 − ε, a uniform candidate otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpsilonGreedy {
    pub model: HybridRidge,
    pub epsilon: f32,
}

impl EpsilonGreedy {
    pub fn new(
        context_len: usize,
        item_len: usize,
        params: RidgeParams,
        epsilon: f32,
    ) -> EpsilonGreedy {
        EpsilonGreedy {
            model: HybridRidge::new(context_len, item_len, params),
            epsilon,
        }
    }
}

impl Policy for EpsilonGreedy {
    fn name(&self) -> String {
        format!("ε-greedy ε={}", self.epsilon)
    }

    fn probabilities(&self, context: &[f32], candidates: &[Candidate], _: &mut Rng) -> Vec<f32> {
        let uniform = self.epsilon / candidates.len() as f32;
        argmax_split(&self.model.scores(context, candidates).mean)
            .into_iter()
            .map(|p| (1.0 - self.epsilon) * p + uniform)
            .collect()
    }

    fn update(&mut self, context: &[f32], chosen: &Candidate, reward: f32) {
        self.model.update(context, chosen, reward);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<Candidate> {
        (0..3)
            .map(|arm| Candidate {
                arm,
                features: vec![],
            })
            .collect()
    }

    /// Arm 1 pays 1 and the others 0, each tried twice: every policy then prefers arm 1.
    fn trained<P: Policy>(mut policy: P) -> P {
        for _ in 0..2 {
            for (arm, c) in items().iter().enumerate() {
                policy.update(&[], c, (arm == 1) as u8 as f32);
            }
        }
        policy
    }

    #[test]
    fn untrained_policies_are_uniform() {
        let mut rng = Rng::new(1);
        let params = RidgeParams::default();
        let ucb = LinUcb::new(0, 0, params, 1.0).probabilities(&[], &items(), &mut rng);
        let greedy = EpsilonGreedy::new(0, 0, params, 0.1).probabilities(&[], &items(), &mut rng);
        for p in ucb.iter().chain(&greedy) {
            assert!((p - 1.0 / 3.0).abs() < 1e-6, "{ucb:?} {greedy:?}");
        }
    }

    #[test]
    fn epsilon_greedy_probabilities_by_hand() {
        let policy = trained(EpsilonGreedy::new(0, 0, RidgeParams::default(), 0.3));
        let p = policy.probabilities(&[], &items(), &mut Rng::new(1));
        // 0.7 on the best arm plus 0.3 / 3 on each.
        assert!(
            (p[1] - 0.8).abs() < 1e-6 && (p[0] - 0.1).abs() < 1e-6,
            "{p:?}"
        );
    }

    #[test]
    fn linucb_bounds_by_hand() {
        // No context or item features, so x = z = (1). Each arm tried twice, arm 1 earning 1 both times.
        // Algorithm 2's blocks: A_a = 1 + 2 = 3, B_a = 2, b₁ = 2; A₀ = 1 + 6 − 3·(2·2/3) = 3,
        // b₀ = 2 − 2·(2/3) = 2/3, β̂ = 2/9, θ̂₁ = (2 − 2·2/9)/3 = 14/27, θ̂₀ = −4/27.
        // Means: 2/9 + 14/27 = 20/27 and 2/27. s = (1 − 2/3)²/3 + 1/3 = 10/27 for every arm.
        // Rewards 0,1,0,0,1,0: m2 = 4/3, σ̂² = (4/3 + 1/4)/7 = 19/84.
        let policy = trained(LinUcb::new(0, 0, RidgeParams::default(), 2.0));
        let s = policy.model.scores(&[], &items());
        let close = |a: f32, b: f64| (a as f64 - b).abs() < 1e-5;
        assert!(
            close(s.mean[1], 20.0 / 27.0) && close(s.mean[0], 2.0 / 27.0),
            "{:?}",
            s.mean
        );
        assert!(
            s.variance.iter().all(|&v| close(v, 10.0 / 27.0)),
            "{:?}",
            s.variance
        );
        assert!(close(s.noise, (19.0f64 / 84.0).sqrt()));
        let bounds = policy.bounds(&[], &items());
        let bonus = 2.0 * (19.0f64 / 84.0).sqrt() * (10.0f64 / 27.0).sqrt();
        assert!(close(bounds[1], 20.0 / 27.0 + bonus), "{bounds:?}");
        assert_eq!(
            policy.probabilities(&[], &items(), &mut Rng::new(1)),
            [0.0, 1.0, 0.0]
        );
    }

    #[test]
    fn thompson_prefers_the_paying_arm_and_its_probabilities_match_its_choices() {
        let policy = trained(LinearThompson::new(0, 0, RidgeParams::default(), 1.0, 400));
        let mut rng = Rng::new(2);
        let p = policy.probabilities(&[], &items(), &mut rng);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[1] > 0.6, "{p:?}");
        let chosen_1 = (0..400)
            .filter(|_| policy.choose(&[], &items(), &mut rng) == 1)
            .count() as f32
            / 400.0;
        assert!((chosen_1 - p[1]).abs() < 0.1, "{chosen_1} vs {p:?}");
    }
}
