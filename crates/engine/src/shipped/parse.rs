//! The asset's records one line at a time, each checked as it arrives and put straight into the model
//! being built: a reader never needs the whole text (at 10^5 artists the text is 50 MB, a third of the
//! browser's budget). [`super::Reader`] cuts the lines and checks the hash.

use super::{read_varint, Shipped, ShippedError, MAGIC, MAX_NEIGHBOURS, MAX_VALUE, MAX_WEIGHT};
use super::{MAX_FACTOR_VALUES, MAX_ITEMS, SETTINGS};
use crate::als::fold_in::FoldInTerms;
use crate::als::Als;
use crate::hybrid::{Hybrid, HybridParams};
use crate::interactions::Csr;
use crate::item_knn::ItemKnn;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ndarray::Array2;

/// How a fault of the first line begins: the file is not an asset at all, and reading it further is
/// pointless.
pub(super) const NOT_AN_ASSET: &str = "not a factor asset";

/// Where in the layout the next line belongs.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    Magic,
    Settings,
    FoldIn,
    ItemsHeader,
    Items,
    NeighboursHeader,
    Neighbours,
    /// Every section read: only the hash line may follow.
    Hash,
    /// The hash line read: only empty lines may follow.
    End,
}

pub(super) struct Parser {
    section: Section,
    /// The line being read, from 1, for messages.
    at: usize,
    params: HybridParams,
    terms: Option<FoldInTerms>,
    n: usize,
    factors: usize,
    items: Vec<String>,
    y: Vec<f32>,
    similar: Csr,
    total: usize,
}

impl Parser {
    pub(super) fn new() -> Parser {
        Parser {
            section: Section::Magic,
            at: 0,
            params: HybridParams::default(),
            terms: None,
            n: 0,
            factors: 0,
            items: Vec::new(),
            y: Vec::new(),
            similar: Csr::default(),
            total: 0,
        }
    }

    /// The longest line the format makes here: 64 KiB for a header or an item (a name and at most 1,024
    /// factors), and from the neighbour rows on, a row of every other item (base64 of a gap and a weight
    /// each, 8 characters at most).
    pub(super) fn longest_line(&self) -> usize {
        const SHORT: usize = 64 << 10;
        match self.section {
            Section::Neighbours | Section::Hash | Section::End => SHORT.max(8 * self.n + 64),
            _ => SHORT,
        }
    }

    fn error(&self, what: String) -> ShippedError {
        ShippedError {
            line: self.at,
            what,
        }
    }

    /// Reads the next line (without its end). `rest` is how many bytes of the file follow it, where the
    /// file's length is known: a header is no reason to reserve more than the file could fill.
    pub(super) fn line(&mut self, line: &str, rest: Option<usize>) -> Result<(), ShippedError> {
        self.at += 1;
        if is_hash_line(line) && self.section != Section::Hash {
            return Err(match self.section {
                Section::End => self.error("more lines than the sections announce".into()),
                _ => self.error(format!(
                    "the file ended where {} was expected",
                    self.expected()
                )),
            });
        }
        match self.section {
            Section::Magic if line != MAGIC => Err(ShippedError {
                line: 1,
                what: format!("{NOT_AN_ASSET}: expected {MAGIC:?}, found {line:?}"),
            }),
            Section::Magic => self.then(Section::Settings),
            Section::Settings => {
                self.settings(field(line, "settings").map_err(|e| self.error(e))?)?;
                self.then(Section::FoldIn)
            }
            Section::FoldIn => {
                self.fold_in(line)?;
                self.then(Section::ItemsHeader)
            }
            Section::ItemsHeader => {
                self.items_header(line, rest)?;
                self.then(match self.n {
                    0 => Section::NeighboursHeader,
                    _ => Section::Items,
                })
            }
            Section::Items => {
                self.item(line)?;
                match self.items.len() == self.n {
                    true => self.then(Section::NeighboursHeader),
                    false => Ok(()),
                }
            }
            Section::NeighboursHeader => {
                self.neighbours_header(line, rest)?;
                self.then(match self.n {
                    0 => Section::Hash,
                    _ => Section::Neighbours,
                })
            }
            Section::Neighbours => {
                self.neighbour_row(line)?;
                match self.similar.indptr.len() == self.n + 1 {
                    true => self.then(Section::Hash),
                    false => Ok(()),
                }
            }
            Section::Hash if is_hash_line(line) => self.then(Section::End),
            Section::End if line.is_empty() => Ok(()),
            Section::Hash | Section::End => {
                Err(self.error("more lines than the sections announce".into()))
            }
        }
    }

    fn then(&mut self, section: Section) -> Result<(), ShippedError> {
        self.section = section;
        Ok(())
    }

    fn expected(&self) -> &'static str {
        match self.section {
            Section::Magic => "the header",
            Section::Settings => "settings",
            Section::FoldIn => "fold-in",
            Section::ItemsHeader => "items",
            Section::Items => "an item",
            Section::NeighboursHeader => "neighbours",
            Section::Neighbours => "a neighbour row",
            Section::Hash | Section::End => "the hash",
        }
    }

    fn settings(&mut self, spec: &str) -> Result<(), ShippedError> {
        // Only what `write` writes, within bounds: an asset cannot set the fold-in's weight of unplayed
        // items (1e30 of it overflows every score into NaN) or blend weights that drown the rest.
        for pair in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let bounded = value
                .trim()
                .parse::<f32>()
                .is_ok_and(|v| (0.0..=MAX_WEIGHT).contains(&v));
            if !SETTINGS.contains(&key) || !bounded {
                return Err(self.error(format!(
                    "setting {pair:?}: expected one of {SETTINGS:?} in [0, {MAX_WEIGHT}]"
                )));
            }
        }
        self.params = HybridParams::default()
            .with_settings(spec)
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    fn fold_in(&mut self, line: &str) -> Result<(), ShippedError> {
        let terms: Vec<f32> = numbers(line, "fold-in", 4).map_err(|e| self.error(e))?;
        let terms = FoldInTerms {
            slope: terms[0],
            lambda: terms[1],
            exponent: terms[2],
            mean_plays: terms[3],
        };
        // The bounds the engine's own training keeps (`AlsParams::check`, `Penalty::for_rows`): outside
        // them a fold-in overflows into NaN scores, silently.
        if !(terms.slope <= MAX_VALUE
            && terms.lambda > 0.0
            && terms.lambda <= MAX_VALUE
            && terms.exponent <= 2.0
            && terms.mean_plays >= 1.0
            && terms.mean_plays <= MAX_VALUE)
        {
            return Err(self.error(format!("fold-in terms out of bounds: {terms:?}")));
        }
        self.terms = Some(terms);
        Ok(())
    }

    fn items_header(&mut self, line: &str, rest: Option<usize>) -> Result<(), ShippedError> {
        let shape = counts(line, "items", 2).map_err(|e| self.error(e))?;
        let (n, factors) = (shape[0], shape[1]);
        if factors == 0 || factors > 1024 {
            return Err(self.error(format!("{n} items of {factors} factors")));
        }
        if n > MAX_ITEMS {
            return Err(self.error(format!("{n} items: more than a device loads ({MAX_ITEMS})")));
        }
        // n rows of `factors` need at least this much of the text.
        let shortest_row = 3 + 4 * factors.div_ceil(3);
        if rest.is_some_and(|rest| n.saturating_mul(shortest_row) > rest) {
            return Err(self.error(format!(
                "{n} items of {factors} factors do not fit in the rest of the file"
            )));
        }
        // Where the length is not known (a compressed download), the most a device loads bounds it.
        if n.checked_mul(factors)
            .is_none_or(|values| values > MAX_FACTOR_VALUES)
        {
            return Err(self.error(format!(
                "{n} items of {factors} factors: more than a device loads ({MAX_FACTOR_VALUES} values)"
            )));
        }
        (self.n, self.factors) = (n, factors);
        // The names grow as they come (a header is no reason to reserve 10^7 of them); the factors,
        // most of the model, are reserved once, within the bounds above.
        self.y = Vec::with_capacity(n * factors);
        Ok(())
    }

    fn item(&mut self, line: &str) -> Result<(), ShippedError> {
        let mut fields = line.split('\t');
        let (Some(name), Some(scale), Some(row), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(self.error("expected NAME<TAB>SCALE<TAB>FACTORS".into()));
        };
        let scale = self.scale(scale)?;
        let bytes = self.base64(row)?;
        if bytes.len() != self.factors {
            return Err(self.error(format!(
                "{} factors, expected {}",
                bytes.len(),
                self.factors
            )));
        }
        // The writer rounds into [-127, 127]; -128 is not a value it makes.
        if bytes.contains(&0x80) {
            return Err(self.error("a factor of -128: outside the row's scale".into()));
        }
        self.y
            .extend(bytes.iter().map(|&b| scale * (f32::from(b as i8) / 127.0)));
        self.items.push(name.to_string());
        Ok(())
    }

    fn neighbours_header(&mut self, line: &str, rest: Option<usize>) -> Result<(), ShippedError> {
        let count = counts(line, "neighbours", 2).map_err(|e| self.error(e))?;
        let (rows, total) = (count[0], count[1]);
        if rows != self.n {
            return Err(self.error(format!("{rows} neighbour rows for {} items", self.n)));
        }
        if total > MAX_NEIGHBOURS {
            return Err(self.error(format!(
                "{total} neighbours: more than a device loads ({MAX_NEIGHBOURS})"
            )));
        }
        // Rows arrive in order, so the matrix is built as it is read, into vectors reserved once for
        // the total announced (at 10^5 items of 100 neighbours, a vector doubling as it grows would
        // hold both copies at once). The items read bound it (each has at most the others), and so does
        // the rest of the file where known: a neighbour takes at least 8/3 characters of base64.
        let most = self.n.saturating_mul(self.n.saturating_sub(1));
        let reserved = rest.map_or(total, |rest| total.min(rest / 8 * 3)).min(most);
        self.total = total;
        self.similar = Csr {
            indptr: Vec::with_capacity(self.n + 1),
            indices: Vec::with_capacity(reserved),
            values: Vec::with_capacity(reserved),
            n_cols: self.n,
        };
        self.similar.indptr.push(0);
        Ok(())
    }

    fn neighbour_row(&mut self, line: &str) -> Result<(), ShippedError> {
        let j = (self.similar.indptr.len() - 1) as u32;
        let (scale, encoded) = line
            .split_once('\t')
            .ok_or_else(|| self.error("expected SCALE<TAB>NEIGHBOURS".into()))?;
        let scale = self.scale(scale)?;
        let bytes = self.base64(encoded)?;
        // Increasing by construction (every gap after the first is at least 1), so they go straight in.
        let (mut at, mut previous) = (0, None);
        while at < bytes.len() {
            let (gap, used) = read_varint(&bytes[at..])
                .ok_or_else(|| self.error(format!("item {j}: a neighbour's gap is cut short")))?;
            let weight = *bytes
                .get(at + used)
                .ok_or_else(|| self.error(format!("item {j}: a neighbour without its weight")))?;
            at += used + 1;
            let i = match previous {
                None => Some(gap),
                Some(_) if gap == 0 => {
                    return Err(self.error(format!("item {j} lists a neighbour twice")))
                }
                Some(p) => u32::checked_add(p, gap),
            };
            let i = i
                .filter(|&i| (i as usize) < self.n && i != j)
                .ok_or_else(|| {
                    let named = previous.map_or(u64::from(gap), |p| u64::from(p) + u64::from(gap));
                    self.error(format!("neighbour {named} of item {j}"))
                })?;
            if self.similar.indices.len() == self.total {
                return Err(self.error(format!(
                    "more neighbours than the header announced ({})",
                    self.total
                )));
            }
            self.similar.indices.push(i);
            self.similar
                .values
                .push(scale * (f32::from(weight) / 255.0));
            previous = Some(i);
        }
        self.similar.indptr.push(self.similar.indices.len());
        Ok(())
    }

    /// The model, once the hash line has been read after every section.
    pub(super) fn finish(mut self) -> Result<Shipped, ShippedError> {
        if self.section != Section::End {
            self.at += 1;
            return Err(self.error(format!(
                "the file ended where {} was expected",
                self.expected()
            )));
        }
        if self.similar.indices.len() != self.total {
            return Err(self.error(format!(
                "{} neighbours where the header announced {}",
                self.similar.indices.len(),
                self.total
            )));
        }
        let (n, factors) = (self.n, self.factors);
        let item_factors = Array2::from_shape_vec((n, factors), self.y).expect("n rows of factors");
        let terms = self.terms.expect("read before the items");
        let als = Als::from_item_factors(self.params.als, item_factors, terms);
        let neighbours = ItemKnn::from_neighbours(self.similar);
        let hybrid = Hybrid::from_parts(als, neighbours, self.params.neighbour_weight);
        Ok(Shipped {
            items: self.items,
            params: self.params,
            hybrid,
        })
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

/// `hash ` and 16 hex digits: the last line, which no other line can look like (item and neighbour
/// rows hold tabs).
pub(super) fn is_hash_line(line: &str) -> bool {
    line.strip_prefix("hash ")
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The rest of a `NAME rest` line.
fn field<'a>(line: &'a str, name: &str) -> Result<&'a str, String> {
    line.strip_prefix(name)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| format!("expected \"{name} …\", found {line:?}"))
}

/// `count` finite non-negative numbers after `name`.
fn numbers(line: &str, name: &str, count: usize) -> Result<Vec<f32>, String> {
    field(line, name)?
        .split(' ')
        .map(|v| v.parse::<f32>().ok().filter(|v| v.is_finite() && *v >= 0.0))
        .collect::<Option<Vec<_>>>()
        .filter(|v| v.len() == count)
        .ok_or_else(|| format!("\"{name}\" takes {count} non-negative numbers"))
}

/// `count` whole numbers after `name`.
fn counts(line: &str, name: &str, count: usize) -> Result<Vec<usize>, String> {
    field(line, name)?
        .split(' ')
        .map(|v| v.parse::<usize>().ok())
        .collect::<Option<Vec<_>>>()
        .filter(|v| v.len() == count)
        .ok_or_else(|| format!("\"{name}\" takes {count} whole numbers"))
}
