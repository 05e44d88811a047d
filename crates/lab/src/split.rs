//! The evaluation protocol's split: for every user with at least `min_items` items, a seeded random
//! `fraction` of their items is held out as the test set and the rest is the training set.

use attune_engine::interactions::Interactions;
pub use attune_engine::split::SplitParams;
use attune_engine::split::{hold_out_items, hold_out_users};

/// A training matrix over the same users and items, and each user's held-out items (empty for users who
/// are not evaluated).
#[derive(Debug, Clone)]
pub struct Split {
    pub train: Interactions,
    pub test: Vec<Vec<u32>>,
}

impl Split {
    pub fn new(data: &Interactions, params: SplitParams) -> Split {
        let (matrix, test) = hold_out_items(&data.matrix, params);
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

/// The strong-generalisation split: a seeded `fraction` of users is held out entirely (the community is
/// trained on the others); each held-out user's items are split by [`Split`] into what is folded in
/// (`folded.train`) and what is held out (`folded.test`).
pub struct FoldInSplit {
    /// Everyone else's plays; the held-out users' rows are empty.
    pub community: Interactions,
    /// The held-out users, in the seeded order they were drawn.
    pub users: Vec<usize>,
    pub folded: Split,
}

impl FoldInSplit {
    pub fn new(data: &Interactions, params: SplitParams) -> FoldInSplit {
        let (community, users) = hold_out_users(&data.matrix, params);
        FoldInSplit {
            community: data.with_matrix(community),
            users,
            folded: Split::new(data, params),
        }
    }

    /// Held-out users with items to answer.
    pub fn evaluated_users(&self) -> impl Iterator<Item = usize> + '_ {
        self.users
            .iter()
            .copied()
            .filter(|&u| !self.folded.test[u].is_empty())
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
