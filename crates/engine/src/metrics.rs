//! Ranking and prediction metrics, each checked against values computed by hand in the tests.
//!
//! Conventions follow implicit's `ranking_metrics_at_k` where it has the metric: binary relevance, and the
//! ideal DCG and the MAP denominator both use min(k, |relevant|) so that a user with fewer held-out items
//! than k can still score 1. Users with nothing held out are not averaged in.

use std::collections::HashSet;

/// One user's ranking metrics at a cut-off k.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RankingMetrics {
    /// Hits in the top k, divided by k.
    pub precision: f64,
    /// Hits in the top k, divided by the number of relevant items.
    pub recall: f64,
    /// Average precision at k: Σ over hits at rank i ≤ k of (hits up to i) / i, over min(k, |relevant|).
    pub map: f64,
    /// DCG@k / ideal DCG@k with gains 1 / log2(rank + 1).
    pub ndcg: f64,
    /// 1 / rank of the first relevant item in the whole list given (not only the top k); 0 if none.
    pub mrr: f64,
}

/// Metrics of one ranked list against the sorted set of relevant items.
pub fn ranking_metrics(ranked: &[u32], relevant: &[u32], k: usize) -> RankingMetrics {
    if relevant.is_empty() || k == 0 {
        return RankingMetrics::default();
    }
    let is_relevant = |item: &u32| relevant.binary_search(item).is_ok();
    let (mut hits, mut dcg, mut ap) = (0usize, 0.0, 0.0);
    for (i, item) in ranked.iter().take(k).enumerate() {
        if is_relevant(item) {
            hits += 1;
            dcg += discount(i);
            ap += hits as f64 / (i + 1) as f64;
        }
    }
    let ideal_hits = k.min(relevant.len());
    let idcg: f64 = (0..ideal_hits).map(discount).sum();
    let first_hit = ranked.iter().position(is_relevant);
    RankingMetrics {
        precision: hits as f64 / k as f64,
        recall: hits as f64 / relevant.len() as f64,
        map: ap / ideal_hits as f64,
        ndcg: dcg / idcg,
        mrr: first_hit.map_or(0.0, |rank| 1.0 / (rank + 1) as f64),
    }
}

/// 1 / log2(rank + 2) for a 0-based rank.
fn discount(rank: usize) -> f64 {
    1.0 / ((rank + 2) as f64).log2()
}

/// Area under the ROC curve of `scores` (one per candidate item) for the relevant candidates: the
/// probability that a random relevant item outscores a random other one, ties counting half. `None` when
/// either class is empty.
pub fn auc(scores: &[f32], relevant: &[u32]) -> Option<f64> {
    let positives: HashSet<u32> = relevant.iter().copied().collect();
    let n_pos = positives.len();
    let n_neg = scores.len().checked_sub(n_pos)?;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    // Rank-sum (Mann-Whitney U) form: O(n log n) rather than comparing every pair.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut i) = (0.0f64, 0);
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let mid_rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += mid_rank
            * order[i..=j]
                .iter()
                .filter(|&&c| positives.contains(&(c as u32)))
                .count() as f64;
        i = j + 1;
    }
    let u = rank_sum - (n_pos * (n_pos + 1)) as f64 / 2.0;
    Some(u / (n_pos * n_neg) as f64)
}

/// Share of the catalogue that appears in at least one list.
pub fn coverage<'a>(lists: impl IntoIterator<Item = &'a [u32]>, n_items: usize) -> f64 {
    let shown: HashSet<u32> = lists.into_iter().flatten().copied().collect();
    shown.len() as f64 / n_items.max(1) as f64
}

/// Mean self-information −log2(p) of the recommended items, where p is the share of users who have the
/// item in training: recommending what few know scores high.
pub fn novelty<'a>(
    lists: impl IntoIterator<Item = &'a [u32]>,
    users_per_item: &[u32],
    n_users: usize,
) -> f64 {
    let (mut total, mut count) = (0.0, 0usize);
    for &item in lists.into_iter().flatten() {
        // An item no one has gets the information of one user, not infinity.
        let p = users_per_item[item as usize].max(1) as f64 / n_users.max(1) as f64;
        total += -p.log2();
        count += 1;
    }
    if count == 0 {
        0.0
    } else {
        total / count as f64
    }
}

/// Mean dissimilarity over all pairs of a list, given a dissimilarity of two items (0 when fewer than two).
pub fn intra_list_diversity(list: &[u32], dissimilarity: impl Fn(u32, u32) -> f64) -> f64 {
    let (mut total, mut pairs) = (0.0, 0usize);
    for (i, &a) in list.iter().enumerate() {
        for &b in &list[i + 1..] {
            total += dissimilarity(a, b);
            pairs += 1;
        }
    }
    if pairs == 0 {
        0.0
    } else {
        total / pairs as f64
    }
}

/// Root mean squared error of predictions against outcomes.
pub fn rmse(pairs: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for (predicted, actual) in pairs {
        sum += (predicted - actual).powi(2);
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        (sum / n as f64).sqrt()
    }
}

/// Averages [`RankingMetrics`] over users.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeanRanking {
    sum: RankingMetrics,
    pub users: usize,
}

impl MeanRanking {
    pub fn add(&mut self, m: RankingMetrics) {
        self.sum.precision += m.precision;
        self.sum.recall += m.recall;
        self.sum.map += m.map;
        self.sum.ndcg += m.ndcg;
        self.sum.mrr += m.mrr;
        self.users += 1;
    }

    pub fn mean(&self) -> RankingMetrics {
        let n = self.users.max(1) as f64;
        RankingMetrics {
            precision: self.sum.precision / n,
            recall: self.sum.recall / n,
            map: self.sum.map / n,
            ndcg: self.sum.ndcg / n,
            mrr: self.sum.mrr / n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ranking_metrics_match_hand_computed_values() {
        // Relevant {2, 5, 9}; ranked 5, 1, 2, 7, 9: hits at ranks 1, 3 and 5.
        let m = ranking_metrics(&[5, 1, 2, 7, 9], &[2, 5, 9], 4);
        assert!(close(m.precision, 2.0 / 4.0));
        assert!(close(m.recall, 2.0 / 3.0));
        // AP@4 = (1/1 + 2/3) / min(4, 3)
        assert!(close(m.map, (1.0 + 2.0 / 3.0) / 3.0));
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) + 1/log2(4)
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5;
        assert!(close(m.ndcg, 1.5 / idcg), "{}", m.ndcg);
        assert!(close(m.mrr, 1.0));
    }

    #[test]
    fn perfect_and_empty_lists() {
        let perfect = ranking_metrics(&[3, 1], &[1, 3], 10);
        assert!(close(perfect.ndcg, 1.0) && close(perfect.map, 1.0) && close(perfect.recall, 1.0));
        assert!(close(perfect.precision, 0.2), "precision divides by k");
        let miss = ranking_metrics(&[4, 5, 6], &[1], 3);
        assert_eq!(miss, RankingMetrics::default());
        let late = ranking_metrics(&[4, 5, 6, 1], &[1], 3);
        assert!(close(late.mrr, 0.25), "MRR looks past k");
        assert!(close(late.ndcg, 0.0));
        assert_eq!(ranking_metrics(&[1], &[], 5), RankingMetrics::default());
    }

    #[test]
    fn auc_counts_ordered_pairs_and_half_ties() {
        // Scores of items 0..5; relevant 1 and 3.
        let scores = [0.1, 0.9, 0.3, 0.5, 0.2];
        // Item 1 beats all 3 negatives; item 3 beats 0, 2 and 4 as well: AUC 1.
        assert_eq!(auc(&scores, &[1, 3]), Some(1.0));
        // Relevant 0 (0.1) and 2 (0.3) against negatives 1, 3, 4 (0.9, 0.5, 0.2): only 2 beats 4, 1 pair of 6.
        assert!(close(auc(&scores, &[0, 2]).unwrap(), 1.0 / 6.0));
        // All tied: 0.5.
        assert!(close(auc(&[0.0; 4], &[0]).unwrap(), 0.5));
        assert_eq!(auc(&scores, &[]), None);
        assert_eq!(auc(&[1.0], &[0]), None);
    }

    #[test]
    fn coverage_novelty_diversity_rmse() {
        let lists: [&[u32]; 2] = [&[0, 1], &[1, 2]];
        assert!(close(coverage(lists, 6), 0.5));
        // 8 users; item 0 known by 4 (p = 1/2, 1 bit), item 1 by 2 (2 bits), item 2 by none (3 bits).
        let users_per_item = [4, 2, 0];
        assert!(close(
            novelty(lists, &users_per_item, 8),
            (1.0 + 2.0 + 2.0 + 3.0) / 4.0
        ));
        let ild = intra_list_diversity(&[1, 2, 4], |a, b| (a as f64 - b as f64).abs());
        assert!(close(ild, (1.0 + 3.0 + 2.0) / 3.0));
        assert!(close(intra_list_diversity(&[1], |_, _| 1.0), 0.0));
        assert!(close(
            rmse([(1.0, 0.0), (0.0, 0.0), (0.5, 0.5), (0.0, 1.0)]),
            (2.0f64 / 4.0).sqrt()
        ));
    }

    #[test]
    fn mean_over_users() {
        let mut mean = MeanRanking::default();
        mean.add(ranking_metrics(&[1], &[1], 1));
        mean.add(ranking_metrics(&[2], &[1], 1));
        assert_eq!(mean.users, 2);
        assert!(close(mean.mean().ndcg, 0.5) && close(mean.mean().mrr, 0.5));
    }
}
