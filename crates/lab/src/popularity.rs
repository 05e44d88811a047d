//! The popularity baseline: every user gets the items most users have. It anchors the metrics and fills
//! lists for listeners Attune knows nothing about yet.

use attune_engine::interactions::Csr;
use attune_engine::recommend::ItemScorer;

pub struct Popularity {
    users_per_item: Vec<f32>,
}

impl Popularity {
    pub fn fit(plays: &Csr) -> Popularity {
        let mut users_per_item = vec![0.0f32; plays.n_cols];
        for &i in &plays.indices {
            users_per_item[i as usize] += 1.0;
        }
        Popularity { users_per_item }
    }
}

impl ItemScorer for Popularity {
    fn n_items(&self) -> usize {
        self.users_per_item.len()
    }

    /// The same for every user.
    fn score_items(&self, _user: usize, out: &mut [f32]) {
        out.copy_from_slice(&self.users_per_item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_engine::recommend::recommend_items;

    #[test]
    fn ranks_by_number_of_users_and_skips_known_items() {
        let plays = Csr::from_triples(
            3,
            3,
            &[
                (0, 2, 9.0),
                (1, 2, 1.0),
                (2, 2, 1.0),
                (1, 0, 5.0),
                (2, 0, 1.0),
                (0, 1, 50.0),
            ],
        );
        let model = Popularity::fit(&plays);
        assert_eq!(
            recommend_items(&model, 0, &[], 3),
            vec![(2, 3.0), (0, 2.0), (1, 1.0)]
        );
        assert_eq!(recommend_items(&model, 0, &[2], 1), vec![(0, 2.0)]);
    }
}
