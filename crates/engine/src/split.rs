//! Held-out splits of a play matrix, the same for the evaluation protocols (`attune split`, `attune eval`)
//! and for the tuner's validation split ([`crate::tune`]), which carves one out of the training data it is
//! given exactly as `attune split` would.
//!
//! - [`hold_out_items`]: for every row with at least `min_items` items, a seeded random `fraction` of its
//!   items is held out and the rest is trained on (weak generalisation: the listener is known).
//! - [`hold_out_users`]: a seeded random `fraction` of rows is held out entirely; each of them is then split
//!   by [`hold_out_items`] into what is folded in and what is held out (strong generalisation: the
//!   listener arrives with their own history, as in the app).

use crate::interactions::Csr;
use crate::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitParams {
    /// Share of each eligible row's items held out, rounded to the nearest whole item (at least one); also
    /// the share of rows held out by [`hold_out_users`].
    pub fraction: f64,
    /// Rows with fewer items keep them all in training and are not evaluated.
    pub min_items: usize,
    pub seed: u64,
}

impl Default for SplitParams {
    /// The protocol of the project's quality targets: 20 % of items of users with ≥ 5 items.
    fn default() -> Self {
        SplitParams {
            fraction: 0.2,
            min_items: 5,
            seed: 20261130,
        }
    }
}

/// The training matrix (same shape) and each row's held-out items, sorted (empty for rows not evaluated).
pub fn hold_out_items(plays: &Csr, params: SplitParams) -> (Csr, Vec<Vec<u32>>) {
    let mut rng = Rng::new(params.seed);
    let mut train = Vec::with_capacity(plays.nnz());
    let mut test = vec![Vec::new(); plays.n_rows()];
    for (u, held_out) in test.iter_mut().enumerate() {
        let (items, values) = plays.row(u);
        let mut order: Vec<usize> = (0..items.len()).collect();
        let n_test = if items.len() >= params.min_items {
            rng.shuffle(&mut order);
            ((items.len() as f64 * params.fraction).round() as usize).max(1)
        } else {
            0
        };
        for (rank, &pos) in order.iter().enumerate() {
            if rank < n_test {
                held_out.push(items[pos]);
            } else {
                train.push((u as u32, items[pos], values[pos]));
            }
        }
        held_out.sort_unstable();
    }
    (
        Csr::from_triples(plays.n_rows(), plays.n_cols, &train),
        test,
    )
}

/// Rows held out whole: the matrix without them (same shape, their rows empty) and the held-out rows in
/// the seeded order they were drawn.
pub fn hold_out_users(plays: &Csr, params: SplitParams) -> (Csr, Vec<usize>) {
    let mut users: Vec<usize> = (0..plays.n_rows()).collect();
    Rng::new(params.seed).shuffle(&mut users);
    let n_test = (users.len() as f64 * params.fraction).round() as usize;
    users.truncate(n_test);
    let mut is_test = vec![false; plays.n_rows()];
    users.iter().for_each(|&u| is_test[u] = true);
    let mut train = Vec::new();
    for u in (0..plays.n_rows()).filter(|&u| !is_test[u]) {
        let (items, weights) = plays.row(u);
        train.extend(items.iter().zip(weights).map(|(&i, &w)| (u as u32, i, w)));
    }
    (
        Csr::from_triples(plays.n_rows(), plays.n_cols, &train),
        users,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plays() -> Csr {
        let mut triples: Vec<(u32, u32, f32)> = (0..10).map(|i| (0, i, i as f32 + 1.0)).collect();
        triples.extend((0..4).map(|i| (1, i, 1.0)));
        triples.extend((0..30).flat_map(|u| (0..6).map(move |i| (u + 2, i, 1.0))));
        Csr::from_triples(32, 10, &triples)
    }

    #[test]
    fn items_held_out_are_a_fifth_and_disjoint_from_training() {
        let (train, test) = hold_out_items(&plays(), SplitParams::default());
        assert_eq!(test[0].len(), 2, "20 % of 10");
        assert!(test[1].is_empty(), "4 items < 5: not evaluated");
        assert_eq!(train.row(0).0.len(), 8);
        assert!(test[0].iter().all(|i| !train.row(0).0.contains(i)));
    }

    #[test]
    fn users_held_out_are_a_fifth_and_absent_from_training() {
        let (train, held) = hold_out_users(&plays(), SplitParams::default());
        assert_eq!(held.len(), 6, "20 % of 32 rows");
        assert!(held.iter().all(|&u| train.row(u).0.is_empty()));
        let kept = (0..32).filter(|u| !held.contains(u));
        assert!(kept.into_iter().all(|u| !train.row(u).0.is_empty()));
        let again = hold_out_users(&plays(), SplitParams::default()).1;
        assert_eq!(held, again, "the seed decides");
    }
}
