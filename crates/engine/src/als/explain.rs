//! Why the factorization scores an item: section 5 of Hu, Koren & Volinsky. With W_u = (YᵀC_uY + λI)⁻¹,
//! the score is ŷ_ui = Σ_j c_uj · y_iᵀ W_u y_j, a sum over the user's own plays j, so the largest terms
//! name the plays that led to the recommendation.

use super::{confidence_and_preference, signed_confidence, Als};
use crate::linalg::{cholesky_solve, dot};

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
        let (a, _) = self.user_system(items, weights);
        let z = cholesky_solve(&a, self.item(item as usize))
            .unwrap_or_else(|| vec![0.0; self.params.factors]);
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
