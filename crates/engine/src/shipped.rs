//! A community model shipped as factors rather than plays: what a listener is folded into when the
//! community is too large to train on the device (issue #19). Written by `attune recommend
//! --write-factors` from the engine's own training, and by the Spark pipeline in `spark/` from
//! distributed training; read by the same code either way.
//!
//! Layout (text, one record a line; binary rows in standard base64):
//! ```text
//! attune-factors 2
//! settings alpha=…,…             the hybrid's settings (HybridParams::settings)
//! fold-in SLOPE LAMBDA EXPONENT MEAN_PLAYS
//! items N K                      then N lines: NAME<TAB>SCALE<TAB>base64(K × i8)
//! neighbours N M                 then N lines: SCALE<TAB>base64((varint gap, u8 weight) × n), M in all
//! hash H                         FNV-1a 64 of every byte before this line, 16 hex digits
//! ```
//! A factor row is y = SCALE · q / 127 (SCALE the row's largest |y|); a neighbour's similarity is
//! SCALE · q / 255. A row's neighbours come by increasing item, each as the gap from the previous one
//! (from 0 for the first) in unsigned LEB128: 2.2 bytes a neighbour on HetRec instead of 5 for a u32,
//! which roughly halves the file. The hash only detects a damaged or truncated file; it is not a
//! signature.

mod parse;
mod reader;

use crate::hybrid::{Hybrid, HybridParams};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
pub use reader::Reader;
use std::fmt::Write;
use thiserror::Error;

const MAGIC: &str = "attune-factors 2";
/// The largest scale or fold-in term read: far above any trained model's, far below overflow.
const MAX_VALUE: f32 = 1e6;
/// The settings an asset carries ([`HybridParams::settings`]), and the largest value read for one.
const SETTINGS: [&str; 6] = [
    "alpha",
    "regularization",
    "reg_exponent",
    "rp3_beta",
    "neighbour_weight",
    "content_weight",
];
const MAX_WEIGHT: f32 = 1e3;
/// The most items, factor values and neighbours a device is asked to load: a 10^5-artist community of 64
/// factors and 100 neighbours an artist fits. Where a download's length is not known, they bound what a
/// damaged header can make the reader reserve before the bytes arrive: 34 MB of f32 factors and 96 MB of
/// neighbours (u32 + f32), 130 MB in all, inside the worker's 150 MB budget.
const MAX_ITEMS: usize = 1 << 20;
const MAX_FACTOR_VALUES: usize = 1 << 23;
const MAX_NEIGHBOURS: usize = 12_000_000;

#[derive(Debug, Clone, Error, PartialEq)]
#[error("factor asset line {line}: {what}")]
pub struct ShippedError {
    pub line: usize,
    pub what: String,
}

/// A hybrid read from a factor asset, with its items' names and settings.
pub struct Shipped {
    pub items: Vec<String>,
    pub params: HybridParams,
    pub hybrid: Hybrid,
}

/// The asset text for a trained hybrid over `items`.
pub fn write(items: &[String], params: &HybridParams, hybrid: &Hybrid) -> String {
    let (als, neighbours) = (&hybrid.als, hybrid.neighbours.neighbours());
    let terms = als.fold_in_terms();
    let factors = als.item_factors.ncols();
    let mut out = format!("{MAGIC}\nsettings {}\n", params.settings());
    let _ = writeln!(
        out,
        "fold-in {} {} {} {}",
        terms.slope, terms.lambda, terms.exponent, terms.mean_plays
    );
    let _ = writeln!(out, "items {} {factors}", items.len());
    for (i, name) in items.iter().enumerate() {
        let (scale, q) = quantise(als.item(i), 127.0);
        let bytes: Vec<u8> = q.iter().map(|&v| v as i8 as u8).collect();
        let name: String = name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "{name}\t{scale}\t{}", STANDARD.encode(bytes));
    }
    let _ = writeln!(
        out,
        "neighbours {} {}",
        items.len(),
        neighbours.indices.len()
    );
    for j in 0..items.len() {
        let (others, similarity) = neighbours.row(j);
        let (scale, q) = quantise(similarity, 255.0);
        let mut row: Vec<(u32, u8)> = others
            .iter()
            .zip(&q)
            .map(|(&i, &w)| (i, w.max(0.0) as u8))
            .collect();
        row.sort_unstable_by_key(|&(i, _)| i);
        let mut bytes = Vec::with_capacity(3 * row.len());
        let mut previous = 0;
        for (i, w) in row {
            push_varint(&mut bytes, i - previous);
            bytes.push(w);
            previous = i;
        }
        let _ = writeln!(out, "{scale}\t{}", STANDARD.encode(bytes));
    }
    let hash = fnv1a(out.as_bytes());
    let _ = writeln!(out, "hash {hash:016x}");
    out
}

/// Values as integers of at most `levels` in magnitude, and the scale that restores them.
fn quantise(values: &[f32], levels: f32) -> (f32, Vec<f32>) {
    let scale = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let q = values
        .iter()
        .map(|v| match scale > 0.0 {
            true => (v / scale * levels).round(),
            false => 0.0,
        })
        .collect();
    (scale, q)
}

/// Appends `value` as unsigned LEB128: seven bits a byte, low bits first, the high bit on all but the
/// last.
pub fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The unsigned LEB128 value at the start of `bytes` and the bytes it took; `None` when it is cut short,
/// longer than it needs to be, or does not fit in 32 bits.
fn read_varint(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for (k, &byte) in bytes.iter().enumerate().take(5) {
        let bits = u32::from(byte & 0x7f);
        if k == 4 && bits > 0x0f {
            return None;
        }
        value |= bits << (7 * k);
        if byte & 0x80 == 0 {
            // The shortest form only: a trailing zero byte would give one row several spellings.
            return (k == 0 || byte != 0).then_some((value, k + 1));
        }
    }
    None
}

/// FNV-1a, 64 bits: the asset's `hash` line, over every byte before it.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_OFFSET, bytes)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of what gave `hash`, followed by `bytes`.
fn fnv1a_from(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads an asset written by [`write`] (or the Spark pipeline) from its whole text, checking its hash
/// and every row. A download is better read as it arrives, with a [`Reader`].
pub fn read(text: &str) -> Result<Shipped, ShippedError> {
    let mut reader = Reader::new(Some(text.len()));
    reader.push(text.as_bytes())?;
    reader.finish()
}

#[cfg(test)]
mod tests;
