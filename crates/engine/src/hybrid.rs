//! The collaborative hybrid: the factorization's view of a listener's whole taste, plus the
//! neighbourhood model's "listeners of A also play B", merged on a common scale.
//!
//! Each component's scores for a user are divided by that user's largest score, so both lie in (−∞, 1]
//! and the weight means the same for a light and a heavy listener. The factorization generalises across
//! the catalogue; the RP3beta neighbours add the specific co-listening it smooths away. On HetRec the
//! blend beats either part alone, and on a data set neither was tuned on (HetRec's tag counts) too; see
//! BENCHMARKS.md.

use crate::als::{Als, AlsParams};
use crate::interactions::Csr;
use crate::item_content::ItemContent;
use crate::item_knn::{ItemKnn, ItemKnnParams, Similarity};
use crate::recommend::ItemScorer;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HybridParams {
    pub als: AlsParams,
    pub neighbours: ItemKnnParams,
    /// Weight of the neighbourhood scores against the factorization's (default 0.1: with the
    /// frequency-scaled factorization, 0.1 to 0.3 leave accuracy unchanged on a HetRec validation split
    /// while the neighbours widen the catalogue coverage).
    pub neighbour_weight: f32,
    /// Weight of the content scores, when the items have content (default 0.05: on HetRec 0.02 to 0.05
    /// leaves warm-item quality unchanged and 0.2 lowers it, while cold items, which have no
    /// collaborative score, are ordered by content at any positive weight).
    pub content_weight: f32,
}

impl Default for HybridParams {
    /// RP3beta with α = 0.8, β = 0.4 and 100 neighbours: the middle of the ranges Paudel et al. report,
    /// and the best of a 3-point check on HetRec.
    fn default() -> Self {
        HybridParams {
            als: AlsParams::default(),
            neighbours: ItemKnnParams {
                neighbours: 100,
                similarity: Similarity::Rp3Beta {
                    alpha: 0.8,
                    beta: 0.4,
                },
            },
            neighbour_weight: 0.1,
            content_weight: 0.05,
        }
    }
}

impl HybridParams {
    /// The settings the tuner chooses, as `name=value` pairs (the form [`HybridParams::with_settings`]
    /// reads, and the community asset stores).
    pub fn settings(&self) -> String {
        let a = &self.als;
        let beta = match self.neighbours.similarity {
            Similarity::Rp3Beta { beta, .. } => format!(",rp3_beta={beta}"),
            Similarity::Cosine { .. } => String::new(),
        };
        format!(
            "alpha={},regularization={},reg_exponent={}{beta},neighbour_weight={},content_weight={}",
            a.alpha, a.regularization, a.reg_exponent, self.neighbour_weight, self.content_weight
        )
    }

    /// Applies `name=value,...` settings: the blend's weights here, the factorization's through
    /// [`AlsParams::with_overrides`]; the result is checked.
    pub fn with_settings(self, spec: &str) -> Result<HybridParams, String> {
        let mut p = self;
        let mut als = Vec::new();
        for pair in spec.split(',').filter(|s| !s.trim().is_empty()) {
            let weight = |value: &str| match value.trim().parse::<f32>() {
                Ok(w) if w >= 0.0 && w.is_finite() => Ok(w),
                _ => Err(format!("{pair:?}: a weight is a non-negative number")),
            };
            match pair.split_once('=') {
                Some(("neighbour_weight", v)) => p.neighbour_weight = weight(v)?,
                Some(("content_weight", v)) => p.content_weight = weight(v)?,
                Some(("rp3_beta", v)) => match &mut p.neighbours.similarity {
                    Similarity::Rp3Beta { beta, .. } => *beta = weight(v)?,
                    Similarity::Cosine { .. } => return Err("rp3_beta: not RP3beta".into()),
                },
                _ => als.push(pair),
            }
        }
        p.als = p.als.with_overrides(&als.join(","))?;
        p.als.check().map_err(|e| e.to_string())?;
        Ok(p)
    }
}

pub struct Hybrid {
    pub als: Als,
    pub neighbours: ItemKnn,
    neighbour_weight: f32,
    /// Content of the items and its weight: the only signal for items nobody has played.
    content: Option<(Arc<ItemContent>, f32)>,
}

impl Hybrid {
    pub fn fit(params: HybridParams, plays: &Csr) -> Result<Hybrid, crate::als::AlsError> {
        let als = Als::fit(params.als.check()?, plays);
        Ok(Hybrid::from_parts(
            als,
            ItemKnn::fit(params.neighbours, plays),
            params.neighbour_weight,
        ))
    }

    /// Joins components fitted on the same plays (the evaluation times them one by one).
    pub fn from_parts(als: Als, neighbours: ItemKnn, neighbour_weight: f32) -> Hybrid {
        Hybrid {
            als,
            neighbours,
            neighbour_weight,
            content: None,
        }
    }

    /// Adds the items' content to the blend.
    pub fn with_content(self, content: Arc<ItemContent>, weight: f32) -> Hybrid {
        Hybrid {
            content: Some((content, weight)),
            ..self
        }
    }

    /// The parts, borrowed.
    pub fn parts(&self) -> Parts<'_> {
        Parts {
            als: &self.als,
            neighbours: &self.neighbours,
            content: self.content.as_ref().map(|(c, _)| c.as_ref()),
        }
    }

    /// The blend's weights.
    pub fn blend(&self) -> Blend {
        Blend {
            neighbour_weight: self.neighbour_weight,
            content_weight: self.content.as_ref().map_or(0.0, |(_, w)| *w),
        }
    }

    /// Scores every item for a listener known by their plays; `user` is their row in training, if any
    /// (otherwise the factorization folds them in).
    pub fn score_history(
        &self,
        user: Option<usize>,
        items: &[u32],
        weights: &[f32],
        out: &mut [f32],
    ) {
        let blend = self.blend();
        self.parts()
            .scores(user, items, weights, blend)
            .blend(blend, out);
    }
}

/// The weights of the neighbours and the content against the factorization's (whose weight is 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blend {
    pub neighbour_weight: f32,
    pub content_weight: f32,
}

/// A hybrid's fitted parts, borrowed, so that the tuner can blend parts it fits one by one.
#[derive(Clone, Copy)]
pub struct Parts<'a> {
    pub als: &'a Als,
    pub neighbours: &'a ItemKnn,
    pub content: Option<&'a ItemContent>,
}

/// Each part's scores of every item for one listener, with the largest of each (see [`max_positive`]).
pub struct PartScores {
    als: (Vec<f32>, f32),
    neighbours: (Vec<f32>, f32),
    content: Option<(Vec<f32>, f32)>,
}

impl Parts<'_> {
    /// The factorization's vector of a listener: their row in training, or folded in from their plays.
    pub fn user_vector(&self, user: Option<usize>, items: &[u32], weights: &[f32]) -> Vec<f32> {
        match user {
            Some(u) => self.als.user(u).to_vec(),
            None => self.als.recalculate_user(items, weights),
        }
    }

    /// Every part's scores for a listener known by their plays; `user` is their row in training, if any
    /// (otherwise the factorization folds them in). A part `weighed` gives no weight is left unscored
    /// (zeros): the tuner spends most of its time here, scoring the factorization alone.
    pub fn scores(
        &self,
        user: Option<usize>,
        items: &[u32],
        weights: &[f32],
        weighed: Blend,
    ) -> PartScores {
        let mut als = vec![0.0f32; self.als.n_items()];
        self.als
            .score_vector(&self.user_vector(user, items, weights), &mut als);
        self.scores_with(als, items, weights, weighed)
    }

    /// [`Parts::scores`] with the factorization's scores given (the tuner scores listeners in blocks).
    pub fn scores_with(
        &self,
        als: Vec<f32>,
        items: &[u32],
        weights: &[f32],
        weighed: Blend,
    ) -> PartScores {
        let n = als.len();
        let mut neighbours = vec![0.0f32; n];
        if weighed.neighbour_weight != 0.0 {
            self.neighbours
                .score_history(items, weights, &mut neighbours);
        }
        let content = self
            .content
            .filter(|_| weighed.content_weight != 0.0)
            .map(|content| {
                let mut scores = vec![0.0f32; n];
                content.score_history(items, weights, &mut scores);
                scores
            });
        let with_max = |v: Vec<f32>| {
            let m = max_positive(&v);
            (v, m)
        };
        PartScores {
            als: with_max(als),
            neighbours: with_max(neighbours),
            content: content.map(with_max),
        }
    }
}

impl PartScores {
    /// Each part on its own per-listener scale, then weighted: a/max a + w_n·n/max n + w_c·c/max c.
    #[inline(always)] // into the tuner's ranking compiled for AVX2
    pub fn blend(&self, blend: Blend, out: &mut [f32]) {
        let ((als, a), (neighbours, n)) = (&self.als, &self.neighbours);
        for ((o, s), t) in out.iter_mut().zip(als).zip(neighbours) {
            *o = *s / a + blend.neighbour_weight * t / n;
        }
        if let Some((content, c)) = &self.content {
            for (o, s) in out.iter_mut().zip(content) {
                *o += blend.content_weight * s / c;
            }
        }
    }
}

/// The largest score, or 1 when none is positive (a listener with no signal keeps raw scores).
fn max_positive(scores: &[f32]) -> f32 {
    let max = scores.iter().fold(0.0f32, |m, &v| m.max(v));
    if max > 0.0 {
        max
    } else {
        1.0
    }
}

impl ItemScorer for Hybrid {
    fn n_items(&self) -> usize {
        self.als.n_items()
    }

    fn score_items(&self, user: usize, out: &mut [f32]) {
        let (items, weights) = self.neighbours.plays().row(user);
        self.score_history(Some(user), items, weights, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::top_items;
    use crate::testutil::{assert_recommends_withheld_diagonal, checker_board};

    fn small() -> HybridParams {
        let mut p = HybridParams::default();
        p.als = p.als.factors(2).regularization(0.1).iterations(20);
        p
    }

    #[test]
    fn checkerboard_recommends_the_withheld_diagonal() {
        let plays = checker_board(12);
        assert_recommends_withheld_diagonal(&Hybrid::fit(small(), &plays).unwrap(), &plays);
    }

    #[test]
    fn a_new_listener_is_folded_in() {
        let plays = checker_board(12);
        let model = Hybrid::fit(small(), &plays).unwrap();
        let mut scores = vec![0.0; 12];
        model.score_history(None, &[1, 3, 5], &[1.0, 1.0, 1.0], &mut scores);
        let best = top_items(&scores, &[1, 3, 5], 3);
        assert!(
            best.iter().all(|(i, _)| i % 2 == 1),
            "odd items for an odd listener: {best:?}"
        );
        assert!(
            best[0].1 <= 1.0 + small().neighbour_weight,
            "scores are on the blended scale"
        );
    }

    #[test]
    fn bad_factorization_parameters_are_reported() {
        let mut p = HybridParams::default();
        p.als = p.als.factors(0);
        assert!(Hybrid::fit(p, &checker_board(4)).is_err());
    }
}
