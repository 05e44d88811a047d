//! The one shape every model answers in.

use crate::catalog::TrackIdx;

/// A recommended item with its score and the reasons a listener is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub item: TrackIdx,
    /// Higher is better; comparable only within one list.
    pub score: f32,
    /// Short phrases, most important first: "close to Neon Nights", "shares dance pop".
    pub why: Vec<String>,
}

/// A model that scores every item for a known user; [`recommend_items`] turns scores into a list.
pub trait ItemScorer {
    fn n_items(&self) -> usize;
    /// Writes a score for every item into `out` (length [`ItemScorer::n_items`]); higher is better.
    fn score_items(&self, user: usize, out: &mut [f32]);
}

/// The `n` best items for `user` as (item, score), best first, leaving out the sorted `exclude` (what the
/// user already has, when asked).
pub fn recommend_items(
    model: &impl ItemScorer,
    user: usize,
    exclude: &[u32],
    n: usize,
) -> Vec<(u32, f32)> {
    let mut scores = vec![0.0f32; model.n_items()];
    model.score_items(user, &mut scores);
    top_items(&scores, exclude, n)
}

/// The `n` best of `scores` as (item, score), skipping the sorted `exclude`.
pub fn top_items(scores: &[f32], exclude: &[u32], n: usize) -> Vec<(u32, f32)> {
    let candidates = scores
        .iter()
        .enumerate()
        .filter(|(i, _)| exclude.binary_search(&(*i as u32)).is_err())
        .map(|(i, &s)| (i as u32, s))
        .collect();
    top_k(candidates, n)
}

/// Keeps the `k` best of `scored` (by score, ties by item for a stable order), best first.
pub fn top_k<T: Copy + Ord>(mut scored: Vec<(T, f32)>, k: usize) -> Vec<(T, f32)> {
    let order = |a: &(T, f32), b: &(T, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if scored.len() > k && k > 0 {
        scored.select_nth_unstable_by(k - 1, order);
        scored.truncate(k);
    }
    scored.truncate(k);
    scored.sort_by(order);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_keeps_the_best_in_order() {
        let scored = vec![
            (TrackIdx(0), 0.1),
            (TrackIdx(1), 0.9),
            (TrackIdx(2), 0.5),
            (TrackIdx(3), 0.9),
        ];
        let best = top_k(scored.clone(), 3);
        assert_eq!(
            best,
            vec![(TrackIdx(1), 0.9), (TrackIdx(3), 0.9), (TrackIdx(2), 0.5)]
        );
        assert_eq!(top_k(scored.clone(), 10).len(), 4);
        assert!(top_k(scored, 0).is_empty());
    }

    #[test]
    fn top_items_skips_excluded() {
        let scores = [0.5, 0.9, 0.1, 0.7];
        assert_eq!(top_items(&scores, &[1], 2), vec![(3, 0.7), (0, 0.5)]);
    }
}
