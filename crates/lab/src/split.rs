//! The evaluation protocol's split: for every user with at least `min_items` items, a seeded random
//! `fraction` of their items is held out as the test set and the rest is the training set.

use attune_engine::interactions::{Csr, Interactions};
use attune_engine::rng::Rng;

#[derive(Debug, Clone, Copy)]
pub struct SplitParams {
    /// Share of each eligible user's items held out, rounded to the nearest whole item (at least one).
    pub fraction: f64,
    /// Users with fewer items keep them all in training and are not evaluated.
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

/// A training matrix over the same users and items, and each user's held-out items (empty for users who
/// are not evaluated).
#[derive(Debug, Clone)]
pub struct Split {
    pub train: Interactions,
    pub test: Vec<Vec<u32>>,
}

impl Split {
    pub fn new(data: &Interactions, params: SplitParams) -> Split {
        let mut rng = Rng::new(params.seed);
        let mut train = Vec::with_capacity(data.matrix.nnz());
        let mut test = vec![Vec::new(); data.n_users()];
        for (u, held_out) in test.iter_mut().enumerate() {
            let (items, values) = data.matrix.row(u);
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
        let matrix = Csr::from_triples(data.n_users(), data.n_items(), &train);
        Split {
            train: data.with_matrix(matrix),
            test,
        }
    }

    /// Users with held-out items.
    pub fn evaluated_users(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.test.len()).filter(|&u| !self.test[u].is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Interactions {
        let mut text = String::new();
        for item in 0..10 {
            text.push_str(&format!("heavy\ti{item}\t{}\n", item + 1));
        }
        for item in 0..4 {
            text.push_str(&format!("light\ti{item}\n"));
        }
        Interactions::read_tsv(text.as_bytes(), "test").unwrap()
    }

    #[test]
    fn holds_out_a_fifth_of_eligible_users_only() {
        let split = Split::new(&data(), SplitParams::default());
        assert_eq!(split.test[0].len(), 2, "20 % of 10");
        assert!(split.test[1].is_empty(), "4 items < 5: not evaluated");
        assert_eq!(split.train.matrix.row(0).0.len(), 8);
        assert_eq!(split.train.matrix.row(1).0.len(), 4);
        for &item in &split.test[0] {
            assert!(
                !split.train.matrix.row(0).0.contains(&item),
                "test and train are disjoint"
            );
        }
        assert_eq!(split.evaluated_users().collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn the_seed_decides_the_split() {
        let a = Split::new(&data(), SplitParams::default());
        let b = Split::new(&data(), SplitParams::default());
        assert_eq!(a.test, b.test);
        let other = (1..20)
            .map(|seed| {
                Split::new(
                    &data(),
                    SplitParams {
                        seed,
                        ..Default::default()
                    },
                )
                .test
            })
            .any(|t| t != a.test);
        assert!(other, "some other seed gives another split");
    }
}
