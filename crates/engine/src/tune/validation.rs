//! The tuner's validation split, carved from the training data it is given (never from anything else), and
//! its one measure: mean NDCG@10 of a blend of fitted parts over the validation listeners.

use super::Target;
use crate::hybrid::{Blend, PartScores, Parts};
use crate::interactions::Csr;
use crate::metrics::ranking_metrics;
use crate::rng::Rng;
use crate::split::{hold_out_items, hold_out_users, SplitParams};

/// The cut-off of the measure, as in the reported protocol.
const K: usize = 10;
/// Listeners whose factorization scores are computed together (see [`crate::als::Als::score_vectors`]):
/// as many as keep a block's scores within [`BLOCK_SCORES`], between 16 and 128. The product copies every
/// item's factors once a block, so a block of 16 spent more time copying than multiplying.
fn block_size(n_items: usize) -> usize {
    (BLOCK_SCORES / n_items.max(1)).clamp(16, 128)
}
/// 8 MB of scores.
const BLOCK_SCORES: usize = 1 << 21;

/// One validation listener: a row of the validation training matrix (`Known`) or a history folded in
/// (`FoldIn`), and the items held out from it.
pub(super) struct Case {
    user: Option<usize>,
    items: Vec<u32>,
    weights: Vec<f32>,
    held_out: Vec<u32>,
}

impl Case {
    crate::linalg::avx2_twin! {
        /// Pushes the case's NDCG@10 under each blend onto `ndcg` (one vector a blend); `blended` is
        /// scratch. A fifth of `attune recommend`'s time was here, blending and ranking every item for
        /// every blend, so it runs compiled for AVX2 where the CPU has it.
        fn rank, rank_avx2 => rank_as_written(
            &self,
            scores: &PartScores,
            blends: &[Blend],
            blended: &mut [f32],
            ndcg: &mut [Vec<f64>],
        )
    }

    #[inline(always)]
    fn rank_as_written(
        &self,
        scores: &PartScores,
        blends: &[Blend],
        blended: &mut [f32],
        ndcg: &mut [Vec<f64>],
    ) {
        for (of_blend, &blend) in ndcg.iter_mut().zip(blends) {
            scores.blend(blend, blended);
            for &i in &self.items {
                blended[i as usize] = f32::NEG_INFINITY;
            }
            of_blend.push(ranking_metrics(&top(blended), &self.held_out, K).ndcg);
        }
    }
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
        for block in self.cases.chunks(block_size(blended.len())) {
            let xs: Vec<Vec<f32>> = block
                .iter()
                .map(|c| parts.user_vector(c.user, &c.items, &c.weights))
                .collect();
            let als = parts.als.score_vectors(&xs);
            for (case, als) in block.iter().zip(als.rows()) {
                let scores = parts.scores_with(als.to_vec(), &case.items, &case.weights, weighed);
                case.rank(&scores, blends, &mut blended, &mut ndcg);
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

/// Scores [`top`] tests at once.
const CHUNK: usize = 32;

/// The K best items, best first (ties by item), in one pass: the tuner ranks every item of every
/// validation listener for every blend, so a full sort or a candidate list per ranking would dominate.
#[inline(always)]
fn top(scores: &[f32]) -> [u32; K] {
    let mut best = [(f32::NEG_INFINITY, u32::MAX); K];
    for (c, chunk) in scores.chunks(CHUNK).enumerate() {
        // Past the first items nearly every score is below the tenth best: one test a chunk, which the
        // compiler vectorises, skips them. The floor only rises, so a skipped item could not have entered.
        let floor = best[K - 1].0;
        let mut above = false;
        for &s in chunk {
            above |= s > floor;
        }
        if !above {
            continue;
        }
        for (j, &s) in chunk.iter().enumerate() {
            enter(&mut best, s, (c * CHUNK + j) as u32);
        }
    }
    best.map(|(_, i)| i)
}

/// Puts `item` in its place in `best` (best first, earlier items first among ties) if it beats the last.
#[inline(always)]
fn enter(best: &mut [(f32, u32); K], score: f32, item: u32) {
    if score > best[K - 1].0 {
        let mut at = K - 1;
        while at > 0 && score > best[at - 1].0 {
            best[at] = best[at - 1];
            at -= 1;
        }
        best[at] = (score, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::als::{Als, AlsParams};
    use crate::hybrid::HybridParams;
    use crate::item_knn::ItemKnn;
    use crate::rng::Rng;

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

    /// The scan `top` replaced: every item offered to the list, one at a time, none skipped.
    fn top_one_at_a_time(scores: &[f32]) -> [u32; K] {
        let mut best = [(f32::NEG_INFINITY, u32::MAX); K];
        for (i, &s) in scores.iter().enumerate() {
            enter(&mut best, s, i as u32);
        }
        best.map(|(_, i)| i)
    }

    #[test]
    fn top_skipping_chunks_finds_what_the_scan_one_at_a_time_found() {
        let mut rng = Rng::new(3);
        for seed in 0..400 {
            let n = [1, 9, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 7, 3000][seed % 7];
            // Continuous scores, rising on average (so the floor moves late), with ties, NaN, ±∞ and
            // items masked as played.
            let scores: Vec<f32> = (0..n)
                .map(|i| match rng.below(40) {
                    0 => f32::NEG_INFINITY,
                    1 => f32::NAN,
                    2 if seed % 5 == 0 => f32::INFINITY,
                    3 | 4 => 1.0,
                    _ => rng.next_f32() + i as f32 / n as f32,
                })
                .collect();
            assert_eq!(
                top(&scores),
                top_one_at_a_time(&scores),
                "seed {seed}, n {n}"
            );
        }
    }

    #[test]
    fn a_block_holds_16_to_128_listeners() {
        assert_eq!(block_size(12_000), 128);
        assert_eq!(block_size(100_000), 20);
        assert_eq!(block_size(10_000_000), 16);
        assert_eq!(block_size(0), 128, "no items: no division by zero");
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_ranking_compiled_for_avx2_gives_the_same_ndcg() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            eprintln!("skipped: this CPU has no AVX2");
            return;
        }
        let mut rng = Rng::new(9);
        let triples: Vec<(u32, u32, f32)> = (0..120u32)
            .flat_map(|u| (0..12).map(move |k| (u, (u * 7 + k * 13) % 90)))
            .map(|(u, i)| (u, i, 1.0 + rng.below(9) as f32))
            .collect();
        let plays = Csr::from_triples(120, 90, &triples);
        let validation = Validation::carve(&plays, Target::Known, 1, 2000);
        let params = HybridParams::default();
        let als = Als::fit(
            AlsParams::default().factors(8).check().unwrap(),
            &validation.train,
        );
        let neighbours = ItemKnn::fit(params.neighbours, &validation.train);
        let parts = Parts {
            als: &als,
            neighbours: &neighbours,
            content: None,
        };
        let blends: Vec<Blend> = [0.0, 0.25, 4.0]
            .map(|neighbour_weight| Blend {
                neighbour_weight,
                content_weight: 0.0,
            })
            .to_vec();
        let weighed = Blend {
            neighbour_weight: 1.0,
            content_weight: 0.0,
        };
        let mut blended = vec![0.0f32; 90];
        for case in &validation.cases {
            let scores = parts.scores(case.user, &case.items, &case.weights, weighed);
            let (mut written, mut avx2) = (vec![Vec::new(); 3], vec![Vec::new(); 3]);
            let mut blended_avx2 = blended.clone();
            case.rank_as_written(&scores, &blends, &mut blended, &mut written);
            // SAFETY: the CPU has AVX2, checked above.
            unsafe { case.rank_avx2(&scores, &blends, &mut blended_avx2, &mut avx2) };
            assert_eq!(written, avx2);
            // The last blend's scores, bit for bit, and so its ranking.
            let bits = |v: &[f32]| v.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&blended), bits(&blended_avx2));
            assert_eq!(top(&blended), top(&blended_avx2));
        }
        assert!(validation.cases.len() > 50);
    }
}
