//! Item-based neighbourhood model: "listeners of A also play B".
//!
//! Two item similarities are offered:
//! - cosine of the items' columns of play weights, with a shrink term in the denominator so that two items
//!   shared by one listener do not look identical (Sarwar et al. 2001; shrink as in Koren 2008, §2.2);
//! - RP3beta (Paudel et al., "Updatable, accurate, diverse, and scalable recommendations for interactive
//!   applications", TiiS 2017): the probability of a three-step random walk item j → user → item i, with
//!   transition probabilities raised to `alpha`, divided by popularity(i)^`beta` so that the walk does not
//!   always end on the most played items.
//!
//! Each item keeps its `neighbours` most similar items, and a user's score for i is Σ_j w_uj · sim(j, i)
//! over the items j they played.

use crate::interactions::Csr;
use crate::recommend::{top_k, ItemScorer};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Similarity {
    /// Shrunk cosine; `shrink` is added to the denominator.
    Cosine { shrink: f32 },
    /// Random walk j → u → i with transitions raised to `alpha`, over popularity(i)^`beta`.
    Rp3Beta { alpha: f32, beta: f32 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemKnnParams {
    /// Neighbours kept per item (default 100).
    pub neighbours: usize,
    pub similarity: Similarity,
}

impl Default for ItemKnnParams {
    fn default() -> Self {
        ItemKnnParams {
            neighbours: 100,
            similarity: Similarity::Cosine { shrink: 10.0 },
        }
    }
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct ItemKnn {
    /// items × items, row j: the neighbours of j and their similarity.
    similar: Csr,
    /// The training plays, for scoring known users.
    plays: Csr,
}

impl ItemKnn {
    /// Fits on the plays; negative weights (skips, dislikes) are the factorization's to use, so the
    /// neighbours learn from plays only.
    pub fn fit(params: ItemKnnParams, plays: &Csr) -> ItemKnn {
        let plays = &only_plays(plays);
        let by_item = plays.transpose();
        let n_items = plays.n_cols;
        let row_sums = |m: &Csr, r: usize, f: &dyn Fn(f32) -> f32| {
            m.row(r).1.iter().map(|&w| f(w)).sum::<f32>()
        };
        // Per item: the norm of its column (cosine) or its popularity term (RP3beta).
        let item_term: Vec<f32> = match params.similarity {
            Similarity::Cosine { .. } => (0..n_items)
                .map(|i| row_sums(&by_item, i, &|w| w * w).sqrt())
                .collect(),
            Similarity::Rp3Beta { beta, .. } => (0..n_items)
                .map(|i| (by_item.row(i).0.len() as f32).max(1.0).powf(-beta))
                .collect(),
        };
        // RP3beta's transition probabilities: item → user over the item's column, user → item over the
        // user's row, each raised to alpha.
        let (item_to_user, user_to_item) = match params.similarity {
            Similarity::Cosine { .. } => (by_item.clone(), plays.clone()),
            Similarity::Rp3Beta { alpha, .. } => (
                normalise_rows(&by_item, alpha),
                normalise_rows(plays, alpha),
            ),
        };
        let mut triples = Vec::new();
        // Dense accumulator over items, reset after each row: Σ_u |I_u|² work in all.
        let mut acc = vec![0.0f32; n_items];
        let mut touched = Vec::new();
        let mut is_touched = vec![false; n_items];
        for j in 0..n_items {
            let (users, to_user) = item_to_user.row(j);
            for (&u, &p_ju) in users.iter().zip(to_user) {
                let (items, to_item) = user_to_item.row(u as usize);
                for (&i, &p_ui) in items.iter().zip(to_item) {
                    if !is_touched[i as usize] {
                        is_touched[i as usize] = true;
                        touched.push(i);
                    }
                    acc[i as usize] += p_ju * p_ui;
                }
            }
            let candidates: Vec<(u32, f32)> = touched
                .iter()
                .filter(|&&i| i as usize != j)
                .map(|&i| {
                    let a = acc[i as usize];
                    let sim = match params.similarity {
                        Similarity::Cosine { shrink } => {
                            a / (item_term[j] * item_term[i as usize] + shrink)
                        }
                        Similarity::Rp3Beta { .. } => a * item_term[i as usize],
                    };
                    (i, sim)
                })
                .collect();
            for i in touched.drain(..) {
                acc[i as usize] = 0.0;
                is_touched[i as usize] = false;
            }
            for (i, s) in top_k(candidates, params.neighbours) {
                triples.push((j as u32, i, s));
            }
        }
        ItemKnn {
            similar: Csr::from_triples(n_items, n_items, &triples),
            plays: plays.clone(),
        }
    }

    /// The model from neighbour lists computed elsewhere (a shipped asset): it scores listeners from
    /// their plays, and has no users of its own.
    pub fn from_neighbours(similar: Csr) -> ItemKnn {
        let plays = Csr {
            indptr: vec![0],
            n_cols: similar.n_cols,
            ..Csr::default()
        };
        ItemKnn { similar, plays }
    }

    /// items × items, row j: the neighbours of j and their similarity.
    pub fn neighbours(&self) -> &Csr {
        &self.similar
    }

    /// The training plays the model was fitted on.
    pub fn plays(&self) -> &Csr {
        &self.plays
    }

    /// Scores for any set of (item, weight) plays, known user or not.
    pub fn score_history(&self, items: &[u32], weights: &[f32], out: &mut [f32]) {
        out.fill(0.0);
        for (&j, &w) in items.iter().zip(weights) {
            let (neighbours, sims) = self.similar.row(j as usize);
            for (&i, &s) in neighbours.iter().zip(sims) {
                out[i as usize] += w * s;
            }
        }
    }
}

/// The cells with a positive weight.
fn only_plays(m: &Csr) -> Csr {
    let mut triples = Vec::with_capacity(m.nnz());
    for r in 0..m.n_rows() {
        let (cols, vals) = m.row(r);
        triples.extend(
            cols.iter()
                .zip(vals)
                .filter(|(_, &v)| v > 0.0)
                .map(|(&c, &v)| (r as u32, c, v)),
        );
    }
    Csr::from_triples(m.n_rows(), m.n_cols, &triples)
}

/// Each row divided by its sum, then raised to `alpha`.
fn normalise_rows(m: &Csr, alpha: f32) -> Csr {
    let mut out = m.clone();
    for r in 0..m.n_rows() {
        let (start, end) = (m.indptr[r], m.indptr[r + 1]);
        let sum: f32 = m.values[start..end].iter().sum();
        for v in &mut out.values[start..end] {
            *v = if sum > 0.0 {
                (*v / sum).powf(alpha)
            } else {
                0.0
            };
        }
    }
    out
}

impl ItemScorer for ItemKnn {
    fn n_items(&self) -> usize {
        self.similar.n_rows()
    }

    fn score_items(&self, user: usize, out: &mut [f32]) {
        let (items, weights) = self.plays.row(user);
        self.score_history(items, weights, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{assert_recommends_withheld_diagonal, checker_board};

    #[test]
    fn checkerboard_recommends_the_withheld_diagonal() {
        let plays = checker_board(12);
        assert_recommends_withheld_diagonal(
            &ItemKnn::fit(ItemKnnParams::default(), &plays),
            &plays,
        );
    }

    #[test]
    fn rp3beta_checkerboard_and_walk_probabilities() {
        let rp3 = ItemKnnParams {
            neighbours: 100,
            similarity: Similarity::Rp3Beta {
                alpha: 1.0,
                beta: 0.0,
            },
        };
        let board = checker_board(12);
        let model = ItemKnn::fit(rp3, &board);
        assert_recommends_withheld_diagonal(&model, &board);
        // Item 0 has users 0 and 1; user 0 has items 0, 1; user 1 has 0, 1, 2.
        // Walk 0 → 1: ½·½ + ½·⅓ = 5/12; walk 0 → 2: ½·⅓ = 1/6.
        let plays = two_listeners();
        let model = ItemKnn::fit(rp3, &plays);
        let (neighbours, sims) = model.similar.row(0);
        assert_eq!(neighbours, [1, 2]);
        assert!(
            (sims[0] - 5.0 / 12.0).abs() < 1e-6 && (sims[1] - 1.0 / 6.0).abs() < 1e-6,
            "{sims:?}"
        );
        // beta divides by popularity^beta: item 2 has one user, item 1 two.
        let penalised = ItemKnnParams {
            similarity: Similarity::Rp3Beta {
                alpha: 1.0,
                beta: 1.0,
            },
            ..rp3
        };
        let model = ItemKnn::fit(penalised, &plays);
        let (_, sims) = model.similar.row(0);
        assert!((sims[0] - 5.0 / 24.0).abs() < 1e-6, "{sims:?}");
    }

    #[test]
    fn rejections_and_zero_weights_do_not_make_neighbours() {
        // User 1 skipped item 2 (negative) and has a zero-weight cell on item 1.
        let plays = Csr::from_triples(
            2,
            3,
            &[
                (0, 0, 1.0),
                (0, 1, 1.0),
                (1, 0, 1.0),
                (1, 1, 0.0),
                (1, 2, -2.0),
            ],
        );
        for similarity in [
            Similarity::Cosine { shrink: 0.0 },
            Similarity::Rp3Beta {
                alpha: 1.0,
                beta: 0.0,
            },
        ] {
            let model = ItemKnn::fit(
                ItemKnnParams {
                    neighbours: 5,
                    similarity,
                },
                &plays,
            );
            let (neighbours, _) = model.similar.row(0);
            assert_eq!(
                neighbours,
                [1],
                "{similarity:?}: item 2 was only ever skipped"
            );
        }
    }

    /// User 0 has items 0 and 1; user 1 has items 0, 1 and 2.
    fn two_listeners() -> Csr {
        Csr::from_triples(
            2,
            3,
            &[
                (0, 0, 1.0),
                (0, 1, 1.0),
                (1, 0, 1.0),
                (1, 1, 1.0),
                (1, 2, 1.0),
            ],
        )
    }

    #[test]
    fn similarity_is_a_shrunk_cosine() {
        // Items 0 and 1 share both users; item 2 shares one user with item 0.
        let plays = two_listeners();
        let params = ItemKnnParams {
            neighbours: 5,
            similarity: Similarity::Cosine { shrink: 1.0 },
        };
        let model = ItemKnn::fit(params, &plays);
        let (neighbours, sims) = model.similar.row(0);
        assert_eq!(neighbours, [1, 2]);
        // cos(0,1) = 2 / (√2·√2 + 1) = 2/3; cos(0,2) = 1 / (√2·1 + 1).
        assert!((sims[0] - 2.0 / 3.0).abs() < 1e-6);
        assert!((sims[1] - 1.0 / (2f32.sqrt() + 1.0)).abs() < 1e-6);
    }
}
