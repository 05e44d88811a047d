//! Speed and memory benchmarks of the factorization (and of co-listening and the re-ranker, each against
//! an anchor measured alongside), run natively by `attune bench` and in headless
//! Chromium by the app's `tests/bench.rs`, on the same data and with the same code. Timing comes from a
//! clock the caller passes (milliseconds), because `std::time::Instant` does not exist in the browser.

use attune_engine::als::{Als, AlsParams};
use attune_engine::interactions::Csr;
use attune_engine::recommend::top_items;
use attune_engine::rng::Rng;
use attune_engine::{ContentIndex, Seed, TrackIdx};

/// HetRec Last.fm-2k's shape: 1,892 users, 17,632 artists, 92,834 play counts.
pub const HETREC_SHAPE: (usize, usize, usize) = (1892, 17632, 92834);
/// A big listener's history for co-listening: 100,000 plays of 5,000 tracks (issue #4's import size).
pub const COLISTEN_SHAPE: (usize, usize) = (100_000, 5_000);

/// A users × items matrix with `nnz` distinct cells spread evenly over users (HetRec lists each user's
/// top 50 artists), item popularity following a Zipf law (exponent 1) and log-normal-like play counts;
/// the seed fixes it, natively and in wasm. `nnz` must leave each user fewer items than the catalogue.
pub fn synthetic_plays(n_users: usize, n_items: usize, nnz: usize, seed: u64) -> Csr {
    let mut rng = Rng::new(seed);
    // Cumulative Zipf weights over items, sampled by binary search.
    let mut cumulative = Vec::with_capacity(n_items);
    let mut total = 0.0f64;
    for rank in 1..=n_items {
        total += 1.0 / rank as f64;
        cumulative.push(total);
    }
    let mut triples = Vec::with_capacity(nnz);
    for user in 0..n_users {
        let quota = nnz / n_users + usize::from(user < nnz % n_users);
        let mut items: Vec<u32> = Vec::with_capacity(quota);
        while items.len() < quota {
            let target = rng.next_f32() as f64 * total;
            let item = cumulative.partition_point(|&c| c < target).min(n_items - 1) as u32;
            if !items.contains(&item) {
                items.push(item);
            }
        }
        for item in items {
            let plays = (rng.next_f32() * 8.0).exp().round().max(1.0);
            triples.push((user as u32, item, plays));
        }
    }
    Csr::from_triples(n_users, n_items, &triples)
}

#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// Fit of 64 factors, 15 iterations, one thread: the fastest and the median of the repeats.
    pub fit_ms_min: f64,
    pub fit_ms_median: f64,
    /// Exact fold-in of one listener, mean over `fold_in_users` listeners.
    pub fold_in_ms: f64,
    /// Scoring 20,000 items × 64 factors and taking the top 50, mean over 100 runs.
    pub score_20k_top50_ms: f64,
    /// Bytes of the trained model's factors and cached Gram matrix.
    pub model_bytes: usize,
}

/// Runs the benchmark on `plays` (already in confidence units) with `repeats` fits.
pub fn run(plays: &Csr, repeats: usize, now_ms: impl Fn() -> f64) -> BenchReport {
    let params = AlsParams::default()
        .factors(64)
        .iterations(15)
        .check()
        .expect("valid");
    let mut fits = Vec::new();
    let mut model = None;
    for _ in 0..repeats.max(1) {
        let start = now_ms();
        model = Some(Als::fit(params, plays));
        fits.push(now_ms() - start);
    }
    let model = model.expect("at least one fit");
    fits.sort_by(f64::total_cmp);

    let users: Vec<usize> = (0..plays.n_rows())
        .step_by((plays.n_rows() / 200).max(1))
        .collect();
    let start = now_ms();
    let mut checksum = 0.0f32;
    for &u in &users {
        let (items, weights) = plays.row(u);
        checksum += model.recalculate_user(items, weights)[0];
    }
    let fold_in_ms = (now_ms() - start) / users.len() as f64;

    let scorer = twenty_thousand_items(&model);
    let mut scores = vec![0.0f32; 20_000];
    let start = now_ms();
    for r in 0..100 {
        scorer.score_vector(model.user(r % plays.n_rows()), &mut scores);
        checksum += top_items(&scores, &[], 50)[0].1;
    }
    let score_20k_top50_ms = (now_ms() - start) / 100.0;
    // Keeps the optimiser from discarding the timed work.
    assert!(checksum.is_finite());

    BenchReport {
        fit_ms_min: fits[0],
        fit_ms_median: fits[fits.len() / 2],
        fold_in_ms,
        score_20k_top50_ms,
        model_bytes: (model.user_factors.len() + model.item_factors.len() + 64 * 64) * 4,
    }
}

/// A model with 20,000 items (HetRec has 17,632): the trained one on a synthetic matrix of that width.
fn twenty_thousand_items(model: &Als) -> Als {
    let plays = synthetic_plays(200, 20_000, 20_000, 1);
    let params = model.params().iterations(1).check().expect("valid");
    Als::fit(params, &plays)
}

impl BenchReport {
    pub fn to_json(&self) -> String {
        format!(
            "{{\"fit_ms_min\":{:.1},\"fit_ms_median\":{:.1},\"fold_in_ms\":{:.3},\"score_20k_top50_ms\":{:.3},\"model_bytes\":{}}}",
            self.fit_ms_min, self.fit_ms_median, self.fold_in_ms, self.score_20k_top50_ms, self.model_bytes
        )
    }
}

/// The contextual re-ranker's cost on the app's path (after a dozen reactions, 60 proposed tracks ranked
/// to 20 for "relax", with their reasons) against its anchor measured alongside: the content list of 60
/// it re-ranks. Returns (anchor ms, re-rank ms), each the mean of `repeats` runs.
pub fn rerank_run(index: &ContentIndex, repeats: usize, now_ms: impl Fn() -> f64) -> (f64, f64) {
    use attune_engine::bandit::{Activity, ContextRanker, Feedback, MusicContext};
    let catalog = index.catalog();
    let seeds = [Seed::Track(TrackIdx(0))];
    let relax = MusicContext {
        hour: 21.0,
        activity: Activity::Relax,
        ..MusicContext::default()
    };
    let mut ranker = ContextRanker::default();
    let step = (catalog.tracks.len() / 12).max(1) as u32;
    for t in 0..12u32.min(catalog.tracks.len() as u32) {
        let skip = Feedback::Skipped { listened: 0.1 };
        ranker.learn(index, &relax, TrackIdx(t * step), skip);
    }
    let repeats = repeats.max(1);
    let started = now_ms();
    let mut pool = Vec::new();
    for _ in 0..repeats {
        pool = index.recommend(&seeds, 60);
    }
    let anchor = (now_ms() - started) / repeats as f64;
    let started = now_ms();
    for _ in 0..repeats {
        std::hint::black_box(ranker.rerank(index, &relax, pool.clone(), 20));
    }
    (anchor, (now_ms() - started) / repeats as f64)
}

/// Artists for you against its anchor, For You, for the same listener on the same model: a taste of five
/// picked artists of the catalog (the demo's shape), 20 of each. Returns (For You ms, Artists for you
/// ms), each the mean of `repeats` runs.
pub fn artists_run(
    model: &attune_engine::community::CommunityRecommender,
    repeats: usize,
    now_ms: impl Fn() -> f64,
) -> (f64, f64) {
    let catalog = model.index().catalog();
    let seeds: Vec<Seed> = [
        "Linkin Park",
        "Daft Punk",
        "Eminem",
        "Burna Boy",
        "Norah Jones",
    ]
    .iter()
    .filter_map(|name| catalog.find_artist(name).map(Seed::Artist))
    .collect();
    let taste = attune_engine::taste::Taste::from_picks(&seeds, catalog);
    let repeats = repeats.max(1);
    let started = now_ms();
    for _ in 0..repeats {
        std::hint::black_box(model.recommend_for_history(&taste, 20, 0.3));
    }
    let anchor = (now_ms() - started) / repeats as f64;
    let started = now_ms();
    for _ in 0..repeats {
        std::hint::black_box(model.artists_for(&taste, 20));
    }
    (anchor, (now_ms() - started) / repeats as f64)
}

/// A listening history of `n_plays` music plays over `n_tracks` (at least one) tracks (ten a artist, Zipf popularity) in
/// sessions of 5 to 40 back-to-back plays, two hours apart; the seed fixes it, natively and in wasm.
pub fn synthetic_history(
    n_plays: usize,
    n_tracks: usize,
    seed: u64,
) -> Vec<attune_engine::import::Play> {
    let mut rng = Rng::new(seed);
    let cumulative: Vec<f64> = (1..=n_tracks)
        .scan(0.0, |total, rank| {
            *total += 1.0 / rank as f64;
            Some(*total)
        })
        .collect();
    let total = cumulative.last().copied().unwrap_or(1.0);
    let (mut plays, mut clock) = (Vec::with_capacity(n_plays), 1_600_000_000i64);
    while plays.len() < n_plays {
        let length = 5 + (rng.next_f32() * 36.0) as usize;
        for _ in 0..length.min(n_plays - plays.len()) {
            let target = rng.next_f32() as f64 * total;
            let track = cumulative
                .partition_point(|&c| c < target)
                .min(n_tracks.max(1) - 1);
            clock += 210;
            plays.push(attune_engine::testutil::music_play(
                &format!("Artist {}", track / 10),
                &format!("Track {track}"),
                clock,
                200_000,
            ));
        }
        clock += 2 * 3600;
    }
    plays
}

/// Co-listening's cost on a history against its anchor measured alongside: the import summary of the same
/// plays, the per-play pass every imported history gets. Returns (anchor ms, co-listening ms), each the
/// fastest of `repeats` runs.
pub fn colisten_run(
    plays: &[attune_engine::import::Play],
    repeats: usize,
    now_ms: impl Fn() -> f64,
) -> (f64, f64) {
    let fastest = |work: &dyn Fn()| {
        (0..repeats.max(1))
            .map(|_| {
                let started = now_ms();
                work();
                now_ms() - started
            })
            .fold(f64::INFINITY, f64::min)
    };
    let anchor = fastest(&|| {
        std::hint::black_box(attune_engine::import::Summary::of(
            plays,
            &Default::default(),
        ));
    });
    let colisten = fastest(&|| {
        std::hint::black_box(attune_engine::colisten::CoListening::from_history(
            plays,
            &Default::default(),
        ));
    });
    (anchor, colisten)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rerank_bench_times_both_sides_with_the_clock_it_is_given() {
        use attune_engine::testutil::TINY_ASSET;
        let index = ContentIndex::new(
            attune_engine::Catalog::from_asset(TINY_ASSET).unwrap(),
            Default::default(),
        );
        // A clock that advances 1 ms per reading: each side's mean is 1 ms whatever the repeats.
        let ticks = std::cell::Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        assert_eq!(rerank_run(&index, 3, clock), (1.0 / 3.0, 1.0 / 3.0));
    }

    #[test]
    fn the_synthetic_history_is_in_sessions_and_the_colisten_bench_times_both_sides() {
        let plays = synthetic_history(1000, 200, 5);
        assert_eq!(plays.len(), 1000);
        assert_eq!(plays, synthetic_history(1000, 200, 5), "the seed fixes it");
        let sessions = attune_engine::colisten::sessions(&plays);
        assert!((25..=200).contains(&sessions.len()), "{}", sessions.len());
        let ticks = std::cell::Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        assert_eq!(colisten_run(&plays, 2, clock), (1.0, 1.0));
    }

    #[test]
    fn synthetic_data_has_the_asked_shape_and_a_long_tail() {
        let plays = synthetic_plays(100, 1000, 5000, 3);
        assert_eq!((plays.n_rows(), plays.n_cols), (100, 1000));
        assert_eq!(plays.nnz(), 5000);
        let mut per_item = vec![0; 1000];
        plays
            .indices
            .iter()
            .for_each(|&i| per_item[i as usize] += 1);
        assert!(
            per_item[0] > 20 * per_item[500].max(1) / 2,
            "head item {} vs mid item {}",
            per_item[0],
            per_item[500]
        );
        assert_eq!(
            synthetic_plays(100, 1000, 5000, 3),
            plays,
            "the seed fixes the data"
        );
    }

    #[test]
    fn report_serialises_every_figure() {
        let plays = synthetic_plays(50, 300, 1000, 1);
        let clock = std::cell::Cell::new(0.0);
        let report = run(&plays, 1, || {
            clock.set(clock.get() + 1.0);
            clock.get()
        });
        assert_eq!(report.fit_ms_min, 1.0, "one tick around the fit");
        let json = report.to_json();
        for key in [
            "fit_ms_min",
            "fit_ms_median",
            "fold_in_ms",
            "score_20k_top50_ms",
            "model_bytes",
        ] {
            assert!(json.contains(key), "{json}");
        }
    }
}
