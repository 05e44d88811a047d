//! The community's factor asset at the scale of a real community: a generated asset of many artists,
//! and the time to read it, fold a listener in and score every artist, beside the shipped asset in the
//! same run (issue #19's browser budget). Run natively by `attune bench --community-load` and in headless
//! Chromium by the app's `tests/bench.rs`.

use attune_engine::hybrid::HybridParams;
use attune_engine::recommend::top_items;
use attune_engine::rng::Rng;
use attune_engine::shipped;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::fmt::Write;

/// Artists, factors and neighbours of the generated asset: ListenBrainz-sized (10^5 artists), with the
/// engine's 64 factors and 100 RP3beta neighbours.
pub const LARGE_COMMUNITY: (usize, usize, usize) = (100_000, 64, 100);
/// The artists a listener folded in has played (a typical export holds a few hundred; the fold-in's cost
/// grows with them).
const LISTENER_ARTISTS: usize = 200;

/// A factor asset in `attune_engine::shipped`'s layout with random factors and neighbours: the size and
/// shape of a large community, not its content.
pub fn synthetic_factor_asset(
    items: usize,
    factors: usize,
    neighbours: usize,
    seed: u64,
) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(items * (factors + neighbours * 5) * 4 / 3 + 64 * items);
    let _ = writeln!(out, "attune-factors 2");
    let _ = writeln!(out, "settings {}", HybridParams::default().settings());
    let _ = writeln!(out, "fold-in 1 0.1 1 1");
    let _ = writeln!(out, "items {items} {factors}");
    let mut bytes = Vec::with_capacity(5 * neighbours.max(factors));
    for i in 0..items {
        bytes.clear();
        bytes.extend((0..factors).map(|_| (rng.below(255) as i16 - 127) as i8 as u8));
        let _ = writeln!(out, "artist {i}\t0.5\t{}", STANDARD.encode(&bytes));
    }
    let _ = writeln!(
        out,
        "neighbours {items} {}",
        items * neighbours.min(items - 1)
    );
    let mut row: Vec<u32> = Vec::with_capacity(neighbours);
    for j in 0..items as u32 {
        row.clear();
        while row.len() < neighbours.min(items - 1) {
            let i = rng.below(items) as u32;
            if i != j && !row.contains(&i) {
                row.push(i);
            }
        }
        row.sort_unstable();
        bytes.clear();
        let mut previous = 0;
        for (rank, &i) in row.iter().enumerate() {
            shipped::push_varint(&mut bytes, i - previous);
            bytes.push((255 - rank.min(255)) as u8);
            previous = i;
        }
        let _ = writeln!(out, "0.2\t{}", STANDARD.encode(&bytes));
    }
    let hash = shipped::fnv1a(out.as_bytes());
    let _ = writeln!(out, "hash {hash:016x}");
    out
}

/// Median milliseconds of each step on one asset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadTimes {
    pub items: usize,
    /// Reading the asset: hash, factors and neighbours.
    pub read_ms: f64,
    /// Folding in a listener of [`LISTENER_ARTISTS`] artists.
    pub fold_in_ms: f64,
    /// Scoring every artist for them (fold-in, neighbours and the blend) and taking the top 20.
    pub score_ms: f64,
}

impl LoadTimes {
    pub fn to_json(&self) -> String {
        format!(
            "{{\"items\":{},\"read_ms\":{:.1},\"fold_in_ms\":{:.2},\"score_ms\":{:.2}}}",
            self.items, self.read_ms, self.fold_in_ms, self.score_ms
        )
    }
}

/// The bytes a download hands over at a time (Chromium's network chunks are 64 KiB at most).
const CHUNK: usize = 64 << 10;

/// Reads `text` `repeats` times as the worker reads a (compressed) download, in chunks of unknown total,
/// and folds in and scores a listener `10 × repeats` times.
pub fn load_run(text: &str, repeats: usize, now_ms: impl Fn() -> f64) -> LoadTimes {
    let repeats = repeats.max(1);
    let mut read = Vec::with_capacity(repeats);
    let mut model = None;
    for _ in 0..repeats {
        // One model at a time, as in the worker.
        drop(model.take());
        let started = now_ms();
        let mut reader = shipped::Reader::new(None);
        for chunk in text.as_bytes().chunks(CHUNK) {
            reader.push(chunk).expect("a well-formed asset");
        }
        let loaded = reader.finish().expect("a well-formed asset");
        read.push(now_ms() - started);
        model = Some(loaded);
    }
    let model = model.expect("read at least once");
    let n = model.items.len();
    let step = (n / LISTENER_ARTISTS).max(1);
    let items: Vec<u32> = (0..n)
        .step_by(step)
        .take(LISTENER_ARTISTS)
        .map(|i| i as u32)
        .collect();
    let weights: Vec<f32> = items
        .iter()
        .map(|&i| (1.0 + (i % 300) as f32).ln_1p())
        .collect();
    let (mut fold_in, mut score) = (Vec::new(), Vec::new());
    let mut scores = vec![0.0f32; n];
    for _ in 0..10 * repeats {
        let started = now_ms();
        std::hint::black_box(model.hybrid.als.user_weights(&items, &weights));
        fold_in.push(now_ms() - started);
        let started = now_ms();
        model
            .hybrid
            .score_history(None, &items, &weights, &mut scores);
        std::hint::black_box(top_items(&scores, &items, 20));
        score.push(now_ms() - started);
    }
    LoadTimes {
        items: n,
        read_ms: median(read),
        fold_in_ms: median(fold_in),
        score_ms: median(score),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_asset_reads_as_a_community_of_its_shape() {
        let text = synthetic_factor_asset(500, 8, 20, 3);
        let model = shipped::read(&text).expect("the engine reads it");
        assert_eq!(model.items.len(), 500);
        assert_eq!(model.hybrid.als.item_factors.ncols(), 8);
        let neighbours = model.hybrid.neighbours.neighbours();
        assert_eq!(neighbours.indices.len(), 500 * 20);
        let times = load_run(&text, 1, || 0.0);
        assert_eq!(times.items, 500);
    }
}
