//! Why the factorization scores an item: section 5 of Hu, Koren & Volinsky. With W_u = (YᵀC_uY + λI)⁻¹,
//! the score is ŷ_ui = Σ_j c_uj · y_iᵀ W_u y_j, a sum over the user's own plays j, so the largest terms
//! name the plays that led to the recommendation. W_u is the user's alone: factored once
//! ([`Als::user_weights`]) and used for every item explained, as implicit's `explain(user_weights=…)`.

use super::{confidence_and_preference, signed_confidence, Als};
use crate::linalg::{dot, Cholesky};

/// The Cholesky factor of one user's system YᵀC_uY + λI, for explaining many items.
pub struct UserWeights(Option<Cholesky>);

#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The item's score for this user (equal to the folded-in score).
    pub score: f32,
    /// The `n` plays that contributed most, as (item, contribution), largest first.
    pub top_contributions: Vec<(u32, f32)>,
}

impl Als {
    /// Explains `item`'s score for a user with the given plays.
    pub fn explain(&self, items: &[u32], weights: &[f32], item: u32, n: usize) -> Explanation {
        let user = self.user_weights(items, weights);
        self.explain_with(&user, items, weights, item, n)
    }

    /// W_u of a user with the given plays, factored once for [`Als::explain_with`].
    pub fn user_weights(&self, items: &[u32], weights: &[f32]) -> UserWeights {
        let (a, _) = self.user_system(items, weights);
        UserWeights(Cholesky::factor(&a))
    }

    /// [`Als::explain`] with the user's W_u already factored.
    pub fn explain_with(
        &self,
        user: &UserWeights,
        items: &[u32],
        weights: &[f32],
        item: u32,
        n: usize,
    ) -> Explanation {
        let z = match &user.0 {
            Some(w_u) => w_u.solve(self.item(item as usize)),
            None => vec![0.0; self.params.factors],
        };
        let mut contributions: Vec<(u32, f32)> = items
            .iter()
            .zip(weights)
            .map(|(&j, &w)| {
                (j, {
                    let (c, p) = confidence_and_preference(signed_confidence(self.slope, w));
                    c * p * dot(&z, self.item(j as usize))
                })
            })
            .collect();
        let score = contributions.iter().map(|(_, c)| c).sum();
        contributions.sort_by(|a, b| b.1.total_cmp(&a.1));
        contributions.truncate(n);
        Explanation {
            score,
            top_contributions: contributions,
        }
    }
}
