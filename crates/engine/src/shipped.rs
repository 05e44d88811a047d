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

use crate::als::fold_in::FoldInTerms;
use crate::als::Als;
use crate::hybrid::{Hybrid, HybridParams};
use crate::interactions::Csr;
use crate::item_knn::ItemKnn;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ndarray::Array2;
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

#[derive(Debug, Error, PartialEq)]
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
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads an asset written by [`write`] (or the Spark pipeline), checking its hash and every row.
pub fn read(text: &str) -> Result<Shipped, ShippedError> {
    let body_end = text.trim_end_matches('\n').rfind('\n').map_or(0, |i| i + 1);
    let first = text.lines().next().unwrap_or_default();
    if first != MAGIC {
        return Err(ShippedError {
            line: 1,
            what: format!("not a factor asset: expected {MAGIC:?}, found {first:?}"),
        });
    }
    // Then the hash: a damaged file is reported as damaged, not by whatever its damage broke.
    let (body, last) = text.split_at(body_end);
    let expected = format!("hash {:016x}", fnv1a(body.as_bytes()));
    if last.trim_end_matches('\n') != expected {
        return Err(ShippedError {
            line: body.lines().count() + 1,
            what: "the hash does not match: the file is damaged or truncated".into(),
        });
    }
    let mut lines = Lines {
        lines: body.lines(),
        at: 0,
        rest: body.len(),
    };
    lines.next("the header")?;
    let spec = lines.field("settings")?;
    // Only what `write` writes, within bounds: an asset cannot set the fold-in's weight of unplayed
    // items (1e30 of it overflows every score into NaN) or blend weights that drown the rest.
    for pair in spec.split(',').filter(|p| !p.trim().is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let bounded = value
            .trim()
            .parse::<f32>()
            .is_ok_and(|v| (0.0..=MAX_WEIGHT).contains(&v));
        if !SETTINGS.contains(&key) || !bounded {
            return Err(lines.error(format!(
                "setting {pair:?}: expected one of {SETTINGS:?} in [0, {MAX_WEIGHT}]"
            )));
        }
    }
    let params = HybridParams::default()
        .with_settings(spec)
        .map_err(|e| lines.error(e))?;
    let terms: Vec<f32> = lines.numbers("fold-in", 4)?;
    // The bounds the engine's own training keeps (`AlsParams::check`, `Penalty::for_rows`): outside
    // them a fold-in overflows into NaN scores, silently.
    let terms = FoldInTerms {
        slope: terms[0],
        lambda: terms[1],
        exponent: terms[2],
        mean_plays: terms[3],
    };
    if !(terms.slope <= MAX_VALUE
        && terms.lambda > 0.0
        && terms.lambda <= MAX_VALUE
        && terms.exponent <= 2.0
        && terms.mean_plays >= 1.0
        && terms.mean_plays <= MAX_VALUE)
    {
        return Err(lines.error(format!("fold-in terms out of bounds: {terms:?}")));
    }
    let shape: Vec<usize> = lines.counts("items", 2)?;
    let (n, factors) = (shape[0], shape[1]);
    if factors == 0 || factors > 1024 || n > 10_000_000 {
        return Err(lines.error(format!("{n} items of {factors} factors")));
    }
    // A header is no reason to allocate: n rows of `factors` need at least this much of the text.
    let shortest_row = 3 + 4 * factors.div_ceil(3);
    if n.saturating_mul(shortest_row) > lines.rest {
        return Err(lines.error(format!(
            "{n} items of {factors} factors do not fit in the rest of the file"
        )));
    }
    let mut items = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n * factors);
    for _ in 0..n {
        let line = lines.next("an item")?;
        let mut fields = line.split('\t');
        let (Some(name), Some(scale), Some(row), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(lines.error("expected NAME<TAB>SCALE<TAB>FACTORS".into()));
        };
        let scale = lines.scale(scale)?;
        let bytes = lines.base64(row)?;
        if bytes.len() != factors {
            return Err(lines.error(format!("{} factors, expected {factors}", bytes.len())));
        }
        // The writer rounds into [-127, 127]; -128 is not a value it makes.
        if bytes.contains(&0x80) {
            return Err(lines.error("a factor of -128: outside the row's scale".into()));
        }
        y.extend(bytes.iter().map(|&b| scale * (f32::from(b as i8) / 127.0)));
        items.push(name.to_string());
    }
    let count: Vec<usize> = lines.counts("neighbours", 2)?;
    let (rows, total) = (count[0], count[1]);
    if rows != n {
        return Err(lines.error(format!("{rows} neighbour rows for {n} items")));
    }
    // Rows arrive in order, so the matrix is built as it is read, into vectors reserved once for the
    // total announced (at 10^5 items of 100 neighbours, a list of triples beside it would be 120 MB, and
    // a vector doubling as it grows would hold both copies at once). A neighbour takes at least two
    // bytes, 8/3 characters of base64, so the rest of the text bounds what a header can make us reserve.
    let reserved = total.min(lines.rest / 8 * 3);
    let mut similar = Csr {
        indptr: Vec::with_capacity(n + 1),
        indices: Vec::with_capacity(reserved),
        values: Vec::with_capacity(reserved),
        n_cols: n,
    };
    similar.indptr.push(0);
    for j in 0..n as u32 {
        let line = lines.next("a neighbour row")?;
        let (scale, encoded) = line
            .split_once('\t')
            .ok_or_else(|| lines.error("expected SCALE<TAB>NEIGHBOURS".into()))?;
        let scale = lines.scale(scale)?;
        let bytes = lines.base64(encoded)?;
        // Increasing by construction (every gap after the first is at least 1), so they go straight in.
        let (mut at, mut previous) = (0, None);
        while at < bytes.len() {
            let (gap, used) = read_varint(&bytes[at..])
                .ok_or_else(|| lines.error(format!("item {j}: a neighbour's gap is cut short")))?;
            let weight = *bytes
                .get(at + used)
                .ok_or_else(|| lines.error(format!("item {j}: a neighbour without its weight")))?;
            at += used + 1;
            let i = match previous {
                None => Some(gap),
                Some(_) if gap == 0 => {
                    return Err(lines.error(format!("item {j} lists a neighbour twice")))
                }
                Some(p) => u32::checked_add(p, gap),
            };
            let i = i.filter(|&i| (i as usize) < n && i != j).ok_or_else(|| {
                let named = previous.map_or(u64::from(gap), |p| u64::from(p) + u64::from(gap));
                lines.error(format!("neighbour {named} of item {j}"))
            })?;
            if similar.indices.len() == total {
                return Err(lines.error(format!(
                    "more neighbours than the header announced ({total})"
                )));
            }
            similar.indices.push(i);
            similar.values.push(scale * (f32::from(weight) / 255.0));
            previous = Some(i);
        }
        similar.indptr.push(similar.indices.len());
    }
    if similar.indices.len() != total {
        return Err(lines.error(format!(
            "{} neighbours where the header announced {total}",
            similar.indices.len()
        )));
    }
    if lines.lines.next().is_some() {
        return Err(lines.error("more lines than the sections announce".into()));
    }
    let item_factors = Array2::from_shape_vec((n, factors), y).expect("n rows of `factors`");
    let als = Als::from_item_factors(params.als, item_factors, terms);
    let neighbours = ItemKnn::from_neighbours(similar);
    let hybrid = Hybrid::from_parts(als, neighbours, params.neighbour_weight);
    Ok(Shipped {
        items,
        params,
        hybrid,
    })
}

/// The asset's lines, counted for messages.
struct Lines<'a> {
    lines: std::str::Lines<'a>,
    at: usize,
    /// Bytes of the text not read yet.
    rest: usize,
}

impl<'a> Lines<'a> {
    fn error(&self, what: String) -> ShippedError {
        ShippedError {
            line: self.at,
            what,
        }
    }

    fn next(&mut self, expected: &str) -> Result<&'a str, ShippedError> {
        self.at += 1;
        let line = self
            .lines
            .next()
            .ok_or_else(|| self.error(format!("the file ended where {expected} was expected")))?;
        self.rest = self.rest.saturating_sub(line.len() + 1);
        Ok(line)
    }

    /// The rest of a `NAME rest` line.
    fn field(&mut self, name: &str) -> Result<&'a str, ShippedError> {
        let line = self.next(name)?;
        line.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or_else(|| self.error(format!("expected \"{name} …\", found {line:?}")))
    }

    /// `count` finite numbers after `name`.
    fn numbers(&mut self, name: &str, count: usize) -> Result<Vec<f32>, ShippedError> {
        let values: Vec<f32> = self
            .field(name)?
            .split(' ')
            .map(|v| v.parse::<f32>().ok().filter(|v| v.is_finite() && *v >= 0.0))
            .collect::<Option<_>>()
            .filter(|v: &Vec<f32>| v.len() == count)
            .ok_or_else(|| self.error(format!("\"{name}\" takes {count} non-negative numbers")))?;
        Ok(values)
    }

    /// `count` whole numbers after `name`.
    fn counts(&mut self, name: &str, count: usize) -> Result<Vec<usize>, ShippedError> {
        self.field(name)?
            .split(' ')
            .map(|v| v.parse::<usize>().ok())
            .collect::<Option<Vec<_>>>()
            .filter(|v| v.len() == count)
            .ok_or_else(|| self.error(format!("\"{name}\" takes {count} whole numbers")))
    }

    /// A row's scale: factors and similarities are small numbers, so a huge one is damage that
    /// would overflow the Gram matrix.
    fn scale(&self, text: &str) -> Result<f32, ShippedError> {
        text.parse::<f32>()
            .ok()
            .filter(|s| (0.0..=MAX_VALUE).contains(s))
            .ok_or_else(|| {
                self.error(format!(
                    "scale {text:?} is not a number in [0, {MAX_VALUE}]"
                ))
            })
    }

    fn base64(&self, text: &str) -> Result<Vec<u8>, ShippedError> {
        STANDARD
            .decode(text)
            .map_err(|e| self.error(format!("not base64: {e}")))
    }
}

#[cfg(test)]
mod tests;
