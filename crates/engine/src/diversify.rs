//! Diversification with a familiar-vs-discover knob: maximal marginal relevance (Carbonell & Goldstein,
//! SIGIR 1998) over a ranked candidate list.
//!
//! Each next pick maximises (1 − w)·relevance − w·(similarity to what is already picked) − p·popularity,
//! with relevance from the candidate's rank (the models' scores are not comparable across sources).
//! `discovery` sets both w = discovery / 2 and p = discovery / 4: at 0 the list is the candidates' order,
//! at 1 it spreads out and leans away from the most popular tracks.

use crate::catalog::TrackIdx;
use crate::recommend::Scored;

/// Picks `k` of `candidates` (best first) by MMR. `similarity` is in [0, 1], `popularity` in [0, 1].
pub fn diversify(
    candidates: Vec<Scored>,
    k: usize,
    discovery: f32,
    similarity: impl Fn(TrackIdx, TrackIdx) -> f32,
    popularity: impl Fn(TrackIdx) -> f32,
) -> Vec<Scored> {
    let discovery = discovery.clamp(0.0, 1.0);
    if discovery == 0.0 {
        return candidates.into_iter().take(k).collect();
    }
    let (w, p) = (discovery / 2.0, discovery / 4.0);
    let n = candidates.len().max(1) as f32;
    let relevance: Vec<f32> = (0..candidates.len())
        .map(|rank| 1.0 - rank as f32 / n)
        .collect();
    let mut left: Vec<usize> = (0..candidates.len()).collect();
    // The largest similarity of each candidate to the picks so far.
    let mut nearest = vec![0.0f32; candidates.len()];
    let mut picked: Vec<usize> = Vec::with_capacity(k);
    while picked.len() < k && !left.is_empty() {
        let value = |c: usize| {
            (1.0 - w) * relevance[c] - w * nearest[c] - p * popularity(candidates[c].item)
        };
        let (pos, &best) = left
            .iter()
            .enumerate()
            .max_by(|a, b| value(*a.1).total_cmp(&value(*b.1)))
            .expect("left is not empty");
        left.swap_remove(pos);
        picked.push(best);
        for &c in &left {
            nearest[c] = nearest[c].max(similarity(candidates[best].item, candidates[c].item));
        }
    }
    let mut slots: Vec<Option<Scored>> = candidates.into_iter().map(Some).collect();
    picked
        .into_iter()
        .map(|c| slots[c].take().expect("picked once"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::content::{ContentIndex, Seed};
    use crate::metrics::intra_list_diversity;
    use crate::testutil::TINY_ASSET;

    fn index() -> ContentIndex {
        ContentIndex::new(Catalog::from_asset(TINY_ASSET).unwrap(), Default::default())
    }

    #[test]
    fn no_discovery_keeps_the_order() {
        let index = index();
        let seed = index.catalog().find_track("Neon Nights").unwrap();
        let ranked = index.recommend(&[Seed::Track(seed)], 8);
        let kept = diversify(ranked.clone(), 5, 0.0, |_, _| 1.0, |_| 1.0);
        assert_eq!(kept, ranked[..5].to_vec());
    }

    #[test]
    fn discovery_spreads_the_list_out_and_lowers_popularity() {
        let index = index();
        let catalog = index.catalog();
        let seed = index.catalog().find_track("Neon Nights").unwrap();
        let ranked = index.recommend(&[Seed::Track(seed)], 11);
        let similarity =
            |a: TrackIdx, b: TrackIdx| index.similarity(&Seed::Track(a), b).clamp(0.0, 1.0);
        let popularity = |t: TrackIdx| catalog.track(t).popularity as f32 / 100.0;
        let spread = |list: &[Scored]| {
            let items: Vec<u32> = list.iter().map(|r| r.item.0).collect();
            intra_list_diversity(&items, |a, b| {
                1.0 - similarity(TrackIdx(a), TrackIdx(b)) as f64
            })
        };
        let familiar = diversify(ranked.clone(), 4, 0.0, similarity, popularity);
        let discover = diversify(ranked, 4, 1.0, similarity, popularity);
        assert!(
            spread(&discover) > spread(&familiar),
            "{} vs {}",
            spread(&discover),
            spread(&familiar)
        );
        let mean_pop =
            |l: &[Scored]| l.iter().map(|r| popularity(r.item)).sum::<f32>() / l.len() as f32;
        assert!(mean_pop(&discover) <= mean_pop(&familiar));
        assert_eq!(discover[0], familiar[0], "the best match still comes first");
    }
}
