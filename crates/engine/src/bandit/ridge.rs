//! The reward model the three policies share: the hybrid linear model of Li et al. (2010), "A
//! contextual-bandit approach to personalized news article recommendation", section 3.2, as Bayesian ridge
//! regression.
//!
//! The expected reward of arm a in context x is zᵀβ + xᵀθ_a where
//! - x = (1, context) is the context with a bias,
//! - z = x ⊗ (1, item features) is the context crossed with the arm's features: β is shared by every arm,
//!   so what is learnt about "energetic tracks at the gym" carries over to tracks never played;
//! - θ_a is the arm's own coefficient vector (optional, `per_arm`): what this very item does beyond its
//!   features. Arms get a block only once they have been updated.
//!
//! With the prior β, θ_a ~ N(0, σ²/λ I) and reward noise N(0, σ²), the posterior of β has precision A₀
//! (Algorithm 2's A₀, the Schur complement of the joint precision) and mean β̂ = A₀⁻¹ b₀, and θ_a given β
//! has precision A_a and mean A_a⁻¹ (b_a − B_a β). The score of arm a is then Gaussian with
//!
//!   mean  = (z − w)ᵀ β̂ + xᵀ A_a⁻¹ b_a,    variance / σ² = (z − w)ᵀ A₀⁻¹ (z − w) + xᵀ A_a⁻¹ x,
//!
//! with w = B_aᵀ A_a⁻¹ x: the variance is Algorithm 2's s_{t,a}. σ is estimated from the rewards seen
//! (their running variance, with a fair coin's 0.25 as a prior worth one observation), so that
//! exploration is measured in the rewards' own units: a 0.4 % click rate and the app's rewards in
//! [−1, 1] get the same α.

use super::gaussian::standard_normal;
use super::Candidate;
use crate::linalg::Cholesky;
use crate::linalg::{axpy, dot};
use crate::linalg::{axpy64, dot64, matvec64, scaled_identity};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The prior variance of the reward noise, worth one observation.
const PRIOR_NOISE_VARIANCE: f64 = 0.25;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RidgeParams {
    /// λ: the prior precision of the coefficients relative to the noise (the ridge penalty).
    pub lambda: f32,
    /// Whether each arm also gets its own θ_a (the hybrid model) or only the shared β.
    pub per_arm: bool,
}

impl Default for RidgeParams {
    fn default() -> Self {
        RidgeParams {
            lambda: 1.0,
            per_arm: true,
        }
    }
}

/// One arm's block of Algorithm 2: A_a⁻¹ (kept inverted: A_a only grows by rank-one terms, so
/// Sherman–Morrison keeps it current), B_a (d × k) and b_a.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ArmBlock {
    a_inv: Vec<f64>,
    cross: Vec<f32>,
    b: Vec<f32>,
}

/// Running mean and sum of squared deviations of the rewards (Welford).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
struct RewardMoments {
    n: u64,
    mean: f64,
    m2: f64,
}

/// The model's state. A₀, b₀ and each A_a⁻¹ are in f64: A₀ is a difference of large sums (Σ zzᵀ minus
/// each arm's B_aᵀA_a⁻¹B_a), which in f32 drifts by more than λ over ten thousand updates and stops being
/// positive definite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HybridRidge {
    params: RidgeParams,
    /// d = 1 + context length.
    d: usize,
    /// 1 + item feature length.
    item_dim: usize,
    /// A₀ (k × k, k = d · item_dim) and b₀.
    a0: Vec<f64>,
    b0: Vec<f64>,
    arms: BTreeMap<u64, ArmBlock>,
    rewards: RewardMoments,
}

/// The model's view of one decision: each candidate's posterior mean and variance, and what a joint draw
/// of all the scores needs.
pub struct Scores {
    pub mean: Vec<f32>,
    /// Posterior variance of each score, in units of σ².
    pub variance: Vec<f32>,
    /// σ̂, the reward noise scale.
    pub noise: f32,
    /// L⁻¹ (z − w) per candidate (row-major, candidates × k), with A₀ = L Lᵀ: a draw of β is
    /// β̂ + σ L⁻ᵀ ξ, so the score moves by σ (L⁻¹ (z − w)) · ξ.
    whitened_direction: Vec<f32>,
    /// √(xᵀ A_a⁻¹ x) per candidate: the score's own spread given β.
    own_sd: Vec<f32>,
}

impl HybridRidge {
    pub fn new(context_len: usize, item_len: usize, params: RidgeParams) -> HybridRidge {
        let (d, item_dim) = (context_len + 1, item_len + 1);
        let k = d * item_dim;
        HybridRidge {
            params,
            d,
            item_dim,
            a0: scaled_identity(k, params.lambda as f64),
            b0: vec![0.0; k],
            arms: BTreeMap::new(),
            rewards: RewardMoments::default(),
        }
    }

    fn k(&self) -> usize {
        self.d * self.item_dim
    }

    /// x = (1, context).
    fn arm_features(&self, context: &[f32]) -> Vec<f32> {
        assert_eq!(context.len() + 1, self.d, "context length changed");
        std::iter::once(1.0)
            .chain(context.iter().copied())
            .collect()
    }

    /// z = x ⊗ (1, item), row-major.
    fn shared_features(&self, x: &[f32], item: &[f32]) -> Vec<f32> {
        assert_eq!(item.len() + 1, self.item_dim, "item feature length changed");
        let y: Vec<f32> = std::iter::once(1.0).chain(item.iter().copied()).collect();
        x.iter()
            .flat_map(|&xi| y.iter().map(move |&yj| xi * yj))
            .collect()
    }

    fn new_block(&self) -> ArmBlock {
        ArmBlock {
            a_inv: scaled_identity(self.d, 1.0 / self.params.lambda as f64),
            cross: vec![0.0; self.d * self.k()],
            b: vec![0.0; self.d],
        }
    }

    /// σ̂: the rewards' running standard deviation, shrunk towards √0.25 by one pseudo-observation.
    pub fn noise_scale(&self) -> f32 {
        let RewardMoments { n, m2, .. } = self.rewards;
        ((m2 + PRIOR_NOISE_VARIANCE) / (n as f64 + 1.0)).sqrt() as f32
    }

    /// How many arms have a block of their own.
    pub fn arms_learnt(&self) -> usize {
        self.arms.len()
    }

    /// The factor of A₀ and β̂ = A₀⁻¹ b₀.
    fn shared_posterior(&self) -> (Cholesky, Vec<f64>) {
        let a0 = Cholesky::factor_f64(&self.a0, self.k())
            .expect("A₀ is λI plus Schur complements: positive definite");
        let beta = a0.solve_f64(&self.b0);
        (a0, beta)
    }

    /// Every candidate's posterior score.
    pub fn scores(&self, context: &[f32], candidates: &[Candidate]) -> Scores {
        let k = self.k();
        let x = self.arm_features(context);
        let x64: Vec<f64> = x.iter().map(|&v| v as f64).collect();
        let (a0, beta) = self.shared_posterior();
        let beta: Vec<f32> = beta.iter().map(|&v| v as f32).collect();
        let mut scores = Scores {
            mean: Vec::with_capacity(candidates.len()),
            variance: Vec::with_capacity(candidates.len()),
            noise: self.noise_scale(),
            whitened_direction: Vec::with_capacity(candidates.len() * k),
            own_sd: Vec::with_capacity(candidates.len()),
        };
        for candidate in candidates {
            let mut g = self.shared_features(&x, &candidate.features);
            let (own_mean, own_variance) = match self.arms.get(&candidate.arm) {
                Some(block) if self.params.per_arm => {
                    let u: Vec<f32> = matvec64(&block.a_inv, &x64)
                        .iter()
                        .map(|&v| v as f32)
                        .collect();
                    // g = z − w, w = B_aᵀ u with u = A_a⁻¹ x.
                    for (row, &ui) in block.cross.chunks_exact(k).zip(&u) {
                        axpy(-ui, row, &mut g);
                    }
                    (dot(&u, &block.b), dot(&x, &u))
                }
                _ if self.params.per_arm => (0.0, dot(&x, &x) / self.params.lambda),
                _ => (0.0, 0.0),
            };
            // (z − w)ᵀ A₀⁻¹ (z − w) = ‖L⁻¹ (z − w)‖².
            let h = a0.forward(&g.iter().map(|&v| v as f64).collect::<Vec<_>>());
            let shared_variance = dot64(&h, &h) as f32;
            scores.mean.push(dot(&g, &beta) + own_mean);
            scores.variance.push(shared_variance + own_variance);
            scores
                .whitened_direction
                .extend(h.iter().map(|&v| v as f32));
            scores.own_sd.push(own_variance.max(0.0).sqrt());
        }
        scores
    }

    /// The variance of an item's score (in units of σ²) before anything was learnt: ‖z‖²/λ for the shared
    /// part, plus ‖x‖²/λ for the arm's own.
    pub fn prior_variance(&self, context: &[f32], item: &[f32]) -> f32 {
        let x = self.arm_features(context);
        let squared = |v: &[f32]| dot(v, v);
        let y_squared = 1.0 + squared(item);
        let own = if self.params.per_arm { 1.0 } else { 0.0 };
        squared(&x) * (y_squared + own) / self.params.lambda
    }

    /// What each shared coefficient adds to an item's mean score in this context: entry
    /// i · (1 + item length) + j is β̂_ij x_i y_j, where x = (1, context) and y = (1, item), so i = 0 is
    /// the item feature alone and j = 0 the context feature alone. The explanation of a card: the largest
    /// entries say which context × item pair moved it up.
    pub fn contributions(&self, context: &[f32], item: &[f32]) -> Vec<f32> {
        self.contributions_with(&self.shared_mean(), context, item)
    }

    /// β̂, the shared coefficients' posterior mean: one factorisation of A₀, to reuse for many items'
    /// [`HybridRidge::contributions_with`].
    pub fn shared_mean(&self) -> Vec<f64> {
        self.shared_posterior().1
    }

    /// [`HybridRidge::contributions`] with β̂ computed once by [`HybridRidge::shared_mean`].
    pub fn contributions_with(&self, beta: &[f64], context: &[f32], item: &[f32]) -> Vec<f32> {
        let z = self.shared_features(&self.arm_features(context), item);
        beta.iter()
            .zip(&z)
            .map(|(&beta, &z)| beta as f32 * z)
            .collect()
    }

    /// One joint posterior draw of the candidates' scores, inflated by `scale` (Agrawal and Goyal's v,
    /// here in units of σ̂): β̃ ~ N(β̂, (scale σ̂)² A₀⁻¹) shared by every candidate, then each θ_a given β̃.
    pub fn draw(&self, scores: &Scores, scale: f32, rng: &mut Rng) -> Vec<f32> {
        let spread = scale * scores.noise;
        let xi: Vec<f32> = (0..self.k()).map(|_| standard_normal(rng)).collect();
        scores
            .whitened_direction
            .chunks_exact(self.k())
            .zip(&scores.mean)
            .zip(&scores.own_sd)
            .map(|((h, mean), sd)| mean + spread * (dot(h, &xi) + sd * standard_normal(rng)))
            .collect()
    }

    /// Learns that `arm` with these features earned `reward` in this context (Algorithm 2, lines 17-23).
    pub fn update(&mut self, context: &[f32], arm: &Candidate, reward: f32) {
        let x = self.arm_features(context);
        let z = self.shared_features(&x, &arm.features);
        let k = self.k();
        if self.params.per_arm {
            let mut block = self
                .arms
                .remove(&arm.arm)
                .unwrap_or_else(|| self.new_block());
            // A₀ and b₀ hold minus this arm's Schur terms: put the old ones back, take the new ones out.
            let (old_m, old_v) = self.schur_terms(&block);
            sherman_morrison(&mut block.a_inv, &x);
            for (row, &xi) in block.cross.chunks_exact_mut(k).zip(&x) {
                axpy(xi, &z, row);
            }
            axpy(reward, &x, &mut block.b);
            let (new_m, new_v) = self.schur_terms(&block);
            for (a, (o, n)) in self.a0.iter_mut().zip(old_m.iter().zip(&new_m)) {
                *a += o - n;
            }
            for (b, (o, n)) in self.b0.iter_mut().zip(old_v.iter().zip(&new_v)) {
                *b += o - n;
            }
            self.arms.insert(arm.arm, block);
        }
        let z64: Vec<f64> = z.iter().map(|&v| v as f64).collect();
        for (row, &zi) in self.a0.chunks_exact_mut(k).zip(&z64) {
            axpy64(zi, &z64, row);
        }
        axpy64(reward as f64, &z64, &mut self.b0);
        let r = &mut self.rewards;
        r.n += 1;
        let delta = reward as f64 - r.mean;
        r.mean += delta / r.n as f64;
        r.m2 += delta * (reward as f64 - r.mean);
    }

    /// (B_aᵀ A_a⁻¹ B_a, B_aᵀ A_a⁻¹ b_a): what an arm's block takes out of A₀ and b₀.
    fn schur_terms(&self, block: &ArmBlock) -> (Vec<f64>, Vec<f64>) {
        let (d, k) = (self.d, self.k());
        let cross: Vec<f64> = block.cross.iter().map(|&v| v as f64).collect();
        // C = A_a⁻¹ B_a (d × k), row by row.
        let mut c = vec![0.0; d * k];
        for (c_row, a_row) in c.chunks_exact_mut(k).zip(block.a_inv.chunks_exact(d)) {
            for (&a, b_row) in a_row.iter().zip(cross.chunks_exact(k)) {
                axpy64(a, b_row, c_row);
            }
        }
        let mut m = vec![0.0; k * k];
        for (b_row, c_row) in cross.chunks_exact(k).zip(c.chunks_exact(k)) {
            for (m_row, &bp) in m.chunks_exact_mut(k).zip(b_row) {
                if bp != 0.0 {
                    axpy64(bp, c_row, m_row);
                }
            }
        }
        let b: Vec<f64> = block.b.iter().map(|&v| v as f64).collect();
        let u = matvec64(&block.a_inv, &b);
        let mut v = vec![0.0; k];
        for (b_row, &ui) in cross.chunks_exact(k).zip(&u) {
            axpy64(ui, b_row, &mut v);
        }
        (m, v)
    }
}

/// (A + x xᵀ)⁻¹ = A⁻¹ − (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x), in place on a symmetric A⁻¹.
fn sherman_morrison(a_inv: &mut [f64], x: &[f32]) {
    let x: Vec<f64> = x.iter().map(|&v| v as f64).collect();
    let u = matvec64(a_inv, &x);
    let denominator = 1.0 + dot64(&x, &u);
    for (row, &ui) in a_inv.chunks_exact_mut(x.len()).zip(&u) {
        axpy64(-ui / denominator, &u, row);
    }
}

#[cfg(test)]
mod tests;
