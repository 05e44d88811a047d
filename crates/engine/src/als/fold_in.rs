//! Exact fold-in: the factors of a new or changed user from their plays, with the item factors fixed
//! (implicit's `recalculate_user`). It solves the user's normal equations by Cholesky rather than CG on
//! purpose: there is no previous vector to warm-start from, and one f × f solve is well under a millisecond.

use super::{confidence_and_preference, signed_confidence, Als, AlsParams};
use crate::linalg::{axpy, cholesky_solve, rows_mut};
use ndarray::Array2;

impl Als {
    /// x_u = (α₀YᵀY + Yᵀ(C_u − α₀I)Y + λ_uI)⁻¹ Yᵀ C_u p_u for the given (item, play weight) pairs, with
    /// the penalty λ_u a trained user with as many plays would get.
    /// Stores nothing: the caller keeps the vector and scores with [`Als::score_vector`].
    pub fn recalculate_user(&self, items: &[u32], weights: &[f32]) -> Vec<f32> {
        let (a, b) = self.user_system(items, weights);
        cholesky_solve(&a, &b).unwrap_or_else(|| vec![0.0; self.params.factors])
    }

    /// The user's normal equations A x = b (shared with explanations).
    pub(super) fn user_system(&self, items: &[u32], weights: &[f32]) -> (Array2<f32>, Vec<f32>) {
        let p = &self.params;
        let f = p.factors;
        let mut a = &self.yty * p.unobserved_weight;
        let lambda = self.user_penalty.of(items.len());
        a.diag_mut().map_inplace(|v| *v += lambda);
        let mut b = vec![0.0f32; f];
        for (&i, &w) in items.iter().zip(weights) {
            let (c, preference) = confidence_and_preference(signed_confidence(self.slope, w));
            let yi = self.item(i as usize);
            for (&yd, a_d) in yi.iter().zip(rows_mut(&mut a)) {
                axpy((c - p.unobserved_weight) * yd, yi, a_d);
            }
            axpy(c * preference, yi, &mut b);
        }
        (a, b)
    }
}

/// What folding a listener in needs besides the item factors: the confidence slope and the penalty a
/// trained user with as many plays got. A model shipped as factors carries these instead of its users.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoldInTerms {
    /// c = 1 + slope · w.
    pub slope: f32,
    /// λ · (n / mean_plays)^exponent for a listener with n plays.
    pub lambda: f32,
    pub exponent: f32,
    pub mean_plays: f32,
}

impl Als {
    pub fn fold_in_terms(&self) -> FoldInTerms {
        FoldInTerms {
            slope: self.slope,
            lambda: self.user_penalty.lambda,
            exponent: self.user_penalty.exponent,
            mean_plays: self.user_penalty.mean_plays,
        }
    }

    /// A model that can fold listeners in and score them, from item factors trained elsewhere (a
    /// shipped asset); it has no users of its own.
    pub fn from_item_factors(
        params: AlsParams,
        item_factors: Array2<f32>,
        terms: FoldInTerms,
    ) -> Als {
        Als {
            params: AlsParams {
                factors: item_factors.ncols(),
                ..params
            },
            user_factors: Array2::zeros((0, item_factors.ncols())),
            yty: crate::linalg::gram(&item_factors),
            item_factors,
            user_penalty: super::cg::Penalty {
                lambda: terms.lambda,
                exponent: terms.exponent,
                mean_plays: terms.mean_plays,
            },
            slope: terms.slope,
        }
    }
}
