//! Implicit-feedback matrix factorization: alternating least squares with conjugate-gradient updates.
//!
//! Hu, Koren & Volinsky, "Collaborative Filtering for Implicit Feedback Datasets" (ICDM 2008): every
//! user u and item i get factors x_u, y_i; the preference p_ui is 1 where u played i and 0 elsewhere, with
//! confidence c_ui = 1 + alpha · w_ui / w̄ for a played item (w: the play weight, log1p of a play count in
//! the CLI's protocol; w̄ the mean weight of the training plays) and `unobserved_weight` (1 in the paper)
//! elsewhere. A negative weight is negative feedback (a skip, a dislike): p_ui = 0 with confidence
//! 1 + alpha · |w_ui| / w̄, as in implicit. Dividing by w̄ makes alpha mean the same whatever the weights
//! count (plays, minutes, tags): the paper's alpha is in the data's units, so a value tuned on play counts
//! gave tag counts, whose log-weights are 4 to 6 times smaller, almost no confidence. Loss:
//!
//!   Σ_u,i c_ui (p_ui − x_uᵀ y_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)
//!
//! Each half-step solves, for every user, x_u = (α₀YᵀY + Yᵀ(C_u − α₀I)Y + λI)⁻¹ Yᵀ C_u p_u, where the
//! identity YᵀC_uY = α₀YᵀY + Yᵀ(C_u − α₀I)Y makes a user cost only their own plays. As in Takács et al.,
//! "Applications of the conjugate gradient method for implicit feedback collaborative filtering"
//! (RecSys 2011), and implicit's `AlternatingLeastSquares`, the solve is a few CG steps warm-started from
//! the previous factors ([`cg`]). Fold-in of a new or changed user is exact ([`fold_in`]), and every score
//! can be explained by the plays that contributed to it ([`explain`]).

pub(crate) mod cg;
pub mod explain;
pub mod fold_in;
mod stored;
mod woodbury;

use crate::interactions::Csr;
use crate::linalg::{dot, gram, row, rows};
use crate::recommend::ItemScorer;
use crate::rng::Rng;
use ndarray::linalg::general_mat_mul;
use ndarray::Array2;
use thiserror::Error;

/// Hyper-parameters, named as in implicit. Build with [`AlsParams::default`] and the setters, then
/// [`AlsParams::check`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AlsParams {
    /// Latent factors per user and item (default 64).
    pub factors: usize,
    /// λ, the L2 penalty on every factor vector (default 10; with `reg_exponent` 0.75 the best of a
    /// 6-point check on a validation split of HetRec, seed 1, never on the reported split).
    pub regularization: f32,
    /// Slope of confidence in the play weight relative to the mean weight w̄: c = 1 + alpha · w / w̄
    /// (default 5.5: the HetRec model tuned with the paper's unscaled c = 1 + w, whose w̄ is 5.49, is
    /// unchanged).
    pub alpha: f32,
    /// α₀, the confidence that an unplayed item is unwanted (default 1, as in the paper).
    pub unobserved_weight: f32,
    /// Alternating sweeps over users and items (default 15).
    pub iterations: usize,
    /// CG steps per vector and sweep (default 3, implicit's).
    pub cg_steps: usize,
    /// ν: a user or item with n plays is penalised regularization · (n / mean n)^ν (Rendle et al.,
    /// RecSys 2022; default 0.75). 0 is Hu et al.'s plain penalty.
    pub reg_exponent: f32,
    /// Seed of the initial factors: uniform in [0, 0.01), as implicit draws them.
    pub seed: u64,
}

impl Default for AlsParams {
    fn default() -> Self {
        AlsParams {
            factors: 64,
            regularization: 10.0,
            alpha: 5.5,
            unobserved_weight: 1.0,
            iterations: 15,
            cg_steps: 3,
            reg_exponent: 0.75,
            seed: 42,
        }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum AlsError {
    #[error("factors must be between 1 and 1024, but is {0}")]
    Factors(usize),
    #[error("regularization must be positive and finite, but is {0}")]
    Regularization(f32),
    #[error("alpha must be non-negative and finite, but is {0}")]
    Alpha(f32),
    #[error("unobserved_weight must be positive and finite, but is {0}")]
    UnobservedWeight(f32),
    #[error("cg_steps must be at least 1")]
    CgSteps,
    #[error("reg_exponent must be between 0 and 2, but is {0}")]
    RegExponent(f32),
}

/// Parameters that passed [`AlsParams::check`]; only these can fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckedAlsParams(AlsParams);

impl AlsParams {
    pub fn factors(self, factors: usize) -> Self {
        AlsParams { factors, ..self }
    }
    pub fn regularization(self, regularization: f32) -> Self {
        AlsParams {
            regularization,
            ..self
        }
    }
    pub fn alpha(self, alpha: f32) -> Self {
        AlsParams { alpha, ..self }
    }
    pub fn unobserved_weight(self, unobserved_weight: f32) -> Self {
        AlsParams {
            unobserved_weight,
            ..self
        }
    }
    pub fn iterations(self, iterations: usize) -> Self {
        AlsParams { iterations, ..self }
    }
    pub fn cg_steps(self, cg_steps: usize) -> Self {
        AlsParams { cg_steps, ..self }
    }
    pub fn reg_exponent(self, reg_exponent: f32) -> Self {
        AlsParams {
            reg_exponent,
            ..self
        }
    }
    pub fn seed(self, seed: u64) -> Self {
        AlsParams { seed, ..self }
    }

    /// Applies `name=value` overrides such as `factors=128,regularization=10` (for experiments).
    pub fn with_overrides(self, spec: &str) -> Result<AlsParams, String> {
        let mut p = self;
        for pair in spec.split(',').filter(|s| !s.trim().is_empty()) {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("expected name=value, got {pair:?}"))?;
            let bad = || format!("{name}: {value:?} is not a number");
            match name.trim() {
                "factors" => p.factors = value.parse().map_err(|_| bad())?,
                "regularization" => p.regularization = value.parse().map_err(|_| bad())?,
                "alpha" => p.alpha = value.parse().map_err(|_| bad())?,
                "unobserved_weight" => p.unobserved_weight = value.parse().map_err(|_| bad())?,
                "iterations" => p.iterations = value.parse().map_err(|_| bad())?,
                "cg_steps" => p.cg_steps = value.parse().map_err(|_| bad())?,
                "seed" => p.seed = value.parse().map_err(|_| bad())?,
                "reg_exponent" => p.reg_exponent = value.parse().map_err(|_| bad())?,
                other => return Err(format!("unknown ALS parameter {other:?}")),
            }
        }
        Ok(p)
    }

    pub fn check(self) -> Result<CheckedAlsParams, AlsError> {
        if !(1..=1024).contains(&self.factors) {
            return Err(AlsError::Factors(self.factors));
        }
        if !(self.regularization > 0.0 && self.regularization.is_finite()) {
            return Err(AlsError::Regularization(self.regularization));
        }
        if !(self.alpha >= 0.0 && self.alpha.is_finite()) {
            return Err(AlsError::Alpha(self.alpha));
        }
        if !(self.unobserved_weight > 0.0 && self.unobserved_weight.is_finite()) {
            return Err(AlsError::UnobservedWeight(self.unobserved_weight));
        }
        if self.cg_steps == 0 {
            return Err(AlsError::CgSteps);
        }
        if !(0.0..=2.0).contains(&self.reg_exponent) {
            return Err(AlsError::RegExponent(self.reg_exponent));
        }
        Ok(CheckedAlsParams(self))
    }
}

/// A trained factorization; it serialises (as flat row-major vectors, see [`stored`]), so that a trained
/// model can be kept and reused.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(try_from = "stored::StoredAls")]
pub struct Als {
    params: AlsParams,
    /// X: n_users × factors, row x_u for user u.
    pub user_factors: Array2<f32>,
    /// Y: n_items × factors, row y_i for item i.
    pub item_factors: Array2<f32>,
    /// YᵀY of the final item factors (factors × factors), kept for fold-in and explanations.
    yty: Array2<f32>,
    /// The users' penalty, so that a folded-in listener is penalised as a trained one.
    user_penalty: cg::Penalty,
    /// alpha / w̄ of the training plays: confidence per unit of weight, for fold-in as for training.
    slope: f32,
}

impl Als {
    /// Fits on a users × items matrix of play weights.
    pub fn fit(params: CheckedAlsParams, plays: &Csr) -> Als {
        let mut als = Als::init(params, plays);
        als.train(plays, params.0.iterations);
        als
    }

    /// The starting point: factors uniform in [0, 0.01), as implicit draws them, before any sweep.
    fn init(params: CheckedAlsParams, plays: &Csr) -> Als {
        let p = params.0;
        let mut rng = Rng::new(p.seed);
        let mut init =
            |rows: usize| Array2::from_shape_simple_fn((rows, p.factors), || rng.next_f32() * 0.01);
        let user_factors = init(plays.n_rows());
        let item_factors = init(plays.n_cols);
        Als {
            params: p,
            user_factors,
            item_factors,
            yty: Array2::zeros((p.factors, p.factors)),
            user_penalty: cg::Penalty::for_rows(plays, p.regularization, p.reg_exponent),
            slope: p.alpha / mean_weight(plays),
        }
    }

    /// `sweeps` more alternating sweeps over users and items from the current factors, on the plays the
    /// model was started on: a warm start, which is how the tuner continues a promising setting, or
    /// starts a neighbouring one from its factors ([`Als::with_params`]).
    pub fn train(&mut self, plays: &Csr, sweeps: usize) {
        let p = self.params;
        let confidence = plays.map_values(|w| signed_confidence(self.slope, w));
        let confidence_t = confidence.transpose();
        let solver = cg::Solver {
            factors: p.factors,
            alpha0: p.unobserved_weight,
            steps: p.cg_steps,
        };
        let item_penalty = cg::Penalty::for_rows(&confidence_t, p.regularization, p.reg_exponent);
        for _ in 0..sweeps {
            solver.sweep(
                &mut self.user_factors,
                &self.item_factors,
                &confidence,
                self.user_penalty,
            );
            solver.sweep(
                &mut self.item_factors,
                &self.user_factors,
                &confidence_t,
                item_penalty,
            );
        }
        self.yty = gram(&self.item_factors);
    }

    /// The same factors under other settings with as many factors, to be trained further with
    /// [`Als::train`] on the same plays; `None` when the factor counts differ. The item factors get the
    /// starting draw (uniform in [0, 0.01), small beside trained factors) added, because zero factors are
    /// a fixed point of the sweeps: a solution collapsed under a huge penalty could not move otherwise.
    pub fn with_params(mut self, params: CheckedAlsParams, plays: &Csr) -> Option<Als> {
        let p = params.0;
        if p.factors != self.params.factors {
            return None;
        }
        let mut rng = Rng::new(p.seed);
        self.item_factors
            .map_inplace(|y| *y += rng.next_f32() * 0.01);
        self.params = p;
        self.user_penalty = cg::Penalty::for_rows(plays, p.regularization, p.reg_exponent);
        self.slope = p.alpha / mean_weight(plays);
        Some(self)
    }

    /// Confidence per unit of play weight: c = 1 + slope · |w|.
    pub fn slope(&self) -> f32 {
        self.slope
    }

    pub fn params(&self) -> AlsParams {
        self.params
    }

    pub fn n_users(&self) -> usize {
        self.user_factors.nrows()
    }

    /// x_u
    pub fn user(&self, u: usize) -> &[f32] {
        row(&self.user_factors, u)
    }

    /// y_i
    pub fn item(&self, i: usize) -> &[f32] {
        row(&self.item_factors, i)
    }

    /// Scores of every item for a user vector (trained or folded in): out[i] = x · y_i.
    pub fn score_vector(&self, x: &[f32], out: &mut [f32]) {
        for (o, y) in out.iter_mut().zip(rows(&self.item_factors)) {
            *o = dot(x, y);
        }
    }

    /// [`Als::score_vector`] of several user vectors at once (row b for `xs[b]`), as one matrix product:
    /// an optimised kernel reads the item factors once for the lot, in cache-sized blocks and with the
    /// CPU's widest instructions. The tuner scores 2,000 validation listeners this way for each of some
    /// twenty settings; a dot product per item and listener took a third of `attune recommend`.
    pub fn score_vectors(&self, xs: &[Vec<f32>]) -> Array2<f32> {
        let k = self.item_factors.ncols();
        let x = Array2::from_shape_fn((xs.len(), k), |(b, f)| xs[b][f]);
        // Computed as Y·Xᵀ into the transposed view of a listeners × items array: the kernel then copies
        // the item factors row by row into its panels, where X·Yᵀ had it gather them column by column (the
        // copy, made again for every block, had cost more than the products). Each score is the same sum
        // in the same order either way.
        let mut scores = Array2::zeros((xs.len(), self.item_factors.nrows()));
        general_mat_mul(
            1.0,
            &self.item_factors,
            &x.t(),
            0.0,
            &mut scores.view_mut().reversed_axes(),
        );
        scores
    }
}

/// The mean |weight| of the plays, or 1 when there are none (or all are 0).
fn mean_weight(plays: &Csr) -> f32 {
    let sum: f64 = plays.values.iter().map(|w| f64::from(w.abs())).sum();
    if sum > 0.0 {
        (sum / plays.values.len() as f64) as f32
    } else {
        1.0
    }
}

/// The confidence of a play weight, signed as implicit encodes negative feedback: a positive weight is a
/// play (preference 1), a negative one a rejection such as a skip or a dislike (preference 0); either way
/// c = 1 + slope · |w|.
pub(crate) fn signed_confidence(slope: f32, w: f32) -> f32 {
    let c = 1.0 + slope * w.abs();
    if w < 0.0 {
        -c
    } else {
        c
    }
}

/// (confidence, preference) of a signed confidence.
pub(crate) fn confidence_and_preference(signed: f32) -> (f32, f32) {
    if signed < 0.0 {
        (-signed, 0.0)
    } else {
        (signed, 1.0)
    }
}

impl ItemScorer for Als {
    fn n_items(&self) -> usize {
        self.item_factors.nrows()
    }

    fn score_items(&self, user: usize, out: &mut [f32]) {
        self.score_vector(self.user(user), out);
    }
}

#[cfg(test)]
mod tests;
