//! The tuner's validation split, carved from the training data it is given (never from anything else), and
//! its one measure: mean NDCG@10 of a blend of fitted parts over the validation listeners.

use super::Target;
use crate::hybrid::{Blend, Parts};
use crate::interactions::Csr;
use crate::metrics::ranking_metrics;
use crate::rng::Rng;
use crate::split::{hold_out_items, hold_out_users, SplitParams};

/// The cut-off of the measure, as in the reported protocol.
const K: usize = 10;
/// Listeners whose factorization scores are computed together (see [`crate::als::Als::score_vectors`]).
const BLOCK: usize = 16;

/// One validation listener: a row of the validation training matrix (`Known`) or a history folded in
/// (`FoldIn`), and the items held out from it.
pub(super) struct Case {
    user: Option<usize>,
    items: Vec<u32>,
    weights: Vec<f32>,
    held_out: Vec<u32>,
}

pub(super) struct Validation {
    /// What the parts are fitted on during the search.
    pub train: Csr,
    pub cases: Vec<Case>,
}

impl Validation {
    /// The split `attune split` (or `attune split --fold-in-out` for [`Target::FoldIn`]) would make of
    /// `plays` with this seed; at most `max_cases` listeners are kept (a seeded sample) so that a large
    /// data set is tuned in bounded time.
    pub fn carve(plays: &Csr, target: Target, seed: u64, max_cases: usize) -> Validation {
        let params = SplitParams {
            seed,
            ..Default::default()
        };
        let (folded, held_out) = hold_out_items(plays, params);
        let (train, users, known) = match target {
            Target::Known => (folded.clone(), (0..plays.n_rows()).collect(), true),
            Target::FoldIn => {
                let (community, users) = hold_out_users(plays, params);
                (community, users, false)
            }
        };
        let mut users: Vec<usize> = users
            .into_iter()
            .filter(|&u| !held_out[u].is_empty())
            .collect();
        if users.len() > max_cases {
            Rng::new(seed).shuffle(&mut users);
            users.truncate(max_cases);
            users.sort_unstable();
        }
        let cases = users
            .into_iter()
            .map(|u| {
                let (items, weights) = folded.row(u);
                Case {
                    user: known.then_some(u),
                    items: items.to_vec(),
                    weights: weights.to_vec(),
                    held_out: held_out[u].clone(),
                }
            })
            .collect();
        Validation { train, cases }
    }

    /// NDCG@10 of each case under each blend of the parts (one vector of cases a blend).
    pub fn ndcg(&self, parts: Parts<'_>, blends: &[Blend]) -> Vec<Vec<f64>> {
        let mut ndcg = vec![Vec::with_capacity(self.cases.len()); blends.len()];
        let mut blended = vec![0.0f32; parts.als.item_factors.nrows()];
        // The parts some blend weighs (the factorization alone while it is tuned).
        let weighed = Blend {
            neighbour_weight: blends.iter().map(|b| b.neighbour_weight.abs()).sum(),
            content_weight: blends.iter().map(|b| b.content_weight.abs()).sum(),
        };
        for block in self.cases.chunks(BLOCK) {
            let xs: Vec<Vec<f32>> = block
                .iter()
                .map(|c| parts.user_vector(c.user, &c.items, &c.weights))
                .collect();
            let mut als = vec![vec![0.0f32; blended.len()]; block.len()];
            parts.als.score_vectors(&xs, &mut als);
            for (case, als) in block.iter().zip(als) {
                let scores = parts.scores_with(als, &case.items, &case.weights, weighed);
                for (of_blend, &blend) in ndcg.iter_mut().zip(blends) {
                    scores.blend(blend, &mut blended);
                    for &i in &case.items {
                        blended[i as usize] = f32::NEG_INFINITY;
                    }
                    of_blend.push(ranking_metrics(&top(&blended), &case.held_out, K).ndcg);
                }
            }
        }
        ndcg
    }

    /// Whether an item is held out of some case (for tests: it must be absent from `train` for that row).
    #[cfg(test)]
    pub fn held_out(&self) -> impl Iterator<Item = (Option<usize>, &[u32], &[u32])> {
        self.cases
            .iter()
            .map(|c| (c.user, c.items.as_slice(), c.held_out.as_slice()))
    }
}

/// The K best items, best first (ties by item), in one pass: the tuner ranks every item of every
/// validation listener for every blend, so a full sort or a candidate list per ranking would dominate.
fn top(scores: &[f32]) -> [u32; K] {
    let mut best = [(f32::NEG_INFINITY, u32::MAX); K];
    for (i, &s) in scores.iter().enumerate() {
        if s > best[K - 1].0 {
            let mut at = K - 1;
            while at > 0 && s > best[at - 1].0 {
                best[at] = best[at - 1];
                at -= 1;
            }
            best[at] = (s, i as u32);
        }
    }
    best.map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::top;

    #[test]
    fn top_keeps_the_best_in_order_and_the_first_of_ties() {
        let mut scores = vec![0.0f32; 30];
        scores[7] = 3.0;
        scores[2] = 5.0;
        scores[20] = 5.0;
        let best = top(&scores);
        assert_eq!(&best[..3], &[2, 20, 7]);
        assert_eq!(best[3], 0, "then the zeros, first item first");
    }
}
