//! Reading an asset as it downloads: bytes in chunks of any size, cut into lines, each parsed as it
//! completes, and the hash kept as the bytes go by. The app's worker feeds the network stream straight
//! in, so the text is never whole in memory beside the model it becomes.

use super::parse::{is_hash_line, Parser, NOT_AN_ASSET};
use super::{fnv1a_from, Shipped, ShippedError, FNV_OFFSET, MAGIC};

pub struct Reader {
    /// The file's length in bytes, where known (a whole text): it bounds what a header can make the
    /// reader reserve, and the file must be exactly that long.
    length: Option<usize>,
    received: usize,
    /// Bytes of the line being received, unless it has outgrown any line the format makes (then only
    /// hashed: a line is never held beyond that, whatever the file).
    partial: Vec<u8>,
    overlong: bool,
    /// The longest line the format makes, as the header read so far allows; it never shrinks.
    longest: usize,
    /// Bytes of the line being received, and of the lines that arrived whole; lines that did.
    line_bytes: usize,
    completed: usize,
    lines: usize,
    /// FNV-1a over every byte received, where the line being received began, and where the last
    /// non-empty line began: the hash line is the last, and covers every byte before it.
    hash: u64,
    hash_at_line: u64,
    hash_before_last: u64,
    lines_before_last: usize,
    /// The last non-empty line, when short enough to be the hash line, and whether any line was one.
    last: Option<String>,
    saw_hash_line: bool,
    /// The model being built, or the first thing wrong with the file. Reading goes on after a fault,
    /// so a damaged file is reported as damaged rather than by whatever its damage broke.
    parser: Result<Parser, ShippedError>,
}

impl Reader {
    pub fn new(length: Option<usize>) -> Reader {
        Reader {
            length,
            received: 0,
            partial: Vec::new(),
            overlong: false,
            longest: Parser::new().longest_line(),
            line_bytes: 0,
            completed: 0,
            lines: 0,
            hash: FNV_OFFSET,
            hash_at_line: FNV_OFFSET,
            hash_before_last: FNV_OFFSET,
            lines_before_last: 0,
            last: None,
            saw_hash_line: false,
            parser: Ok(Parser::new()),
        }
    }

    /// Takes the next bytes of the file. Refused when they run past the length it was given, or once the
    /// first line shows this is not an asset (a portal's page, say): reading further would only wait for
    /// its end. Any other fault is told by [`Reader::finish`], after the hash has judged the whole file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), ShippedError> {
        self.take(bytes)?;
        // A first line longer than any line of the format is no asset's either.
        if self.lines == 0 && self.overlong {
            self.parser = Err(not_an_asset());
        }
        self.no_asset().map_or(Ok(()), Err)
    }

    /// The fault, when the first line has shown this is not an asset at all.
    fn no_asset(&self) -> Option<ShippedError> {
        let fault = self.parser.as_ref().err()?;
        fault.what.starts_with(NOT_AN_ASSET).then(|| fault.clone())
    }

    fn take(&mut self, mut bytes: &[u8]) -> Result<(), ShippedError> {
        self.received += bytes.len();
        if let Some(length) = self.length.filter(|&l| self.received > l) {
            let fault = self.fault(format!("longer than the {length} bytes announced"));
            self.parser = Err(fault.clone());
            return Err(fault);
        }
        while !bytes.is_empty() {
            let end = bytes.iter().position(|&b| b == b'\n');
            let (segment, rest) = bytes.split_at(end.map_or(bytes.len(), |e| e + 1));
            self.hash = fnv1a_from(self.hash, segment);
            self.line_bytes += segment.len();
            if !self.overlong {
                self.partial.extend_from_slice(segment);
                if self.partial.len() > self.longest + 1 {
                    self.overlong = true;
                    self.partial = Vec::new();
                }
            }
            if end.is_some() {
                self.end_line();
            }
            bytes = rest;
        }
        Ok(())
    }

    /// Bytes held for the line being received.
    #[cfg(test)]
    pub(super) fn held(&self) -> usize {
        self.partial.capacity()
    }

    fn fault(&self, what: String) -> ShippedError {
        ShippedError {
            line: self.lines + 1,
            what,
        }
    }

    /// The line in `partial` (with its `\n`, but for the file's last) is whole.
    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.partial);
        let content = line.strip_suffix(b"\n").unwrap_or(&line);
        // As `str::lines` reads them: a `\r\n` ending is an ending.
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if self.overlong || !content.is_empty() {
            self.hash_before_last = self.hash_at_line;
            self.lines_before_last = self.lines;
            self.last = (!self.overlong && content.len() <= 64)
                .then(|| String::from_utf8_lossy(content).into_owned());
        }
        self.lines += 1;
        self.completed += std::mem::take(&mut self.line_bytes);
        self.hash_at_line = self.hash;
        let text = match (self.overlong, std::str::from_utf8(content)) {
            (false, Ok(text)) => Ok(text),
            (true, _) => Err(format!(
                "a line longer than the format makes ({} bytes)",
                self.longest
            )),
            (false, Err(_)) => Err("not UTF-8 text".to_string()),
        };
        self.saw_hash_line |= text.as_ref().is_ok_and(|t| is_hash_line(t));
        let rest = self.length.map(|l| l.saturating_sub(self.completed));
        if let Ok(parser) = &mut self.parser {
            let parsed = match text {
                Ok(text) => parser.line(text, rest),
                // The first line decides whether this is an asset at all.
                Err(_) if self.lines == 1 => Err(not_an_asset()),
                Err(what) => Err(ShippedError {
                    line: self.lines,
                    what,
                }),
            };
            match parsed {
                Ok(()) => self.longest = self.longest.max(parser.longest_line()),
                // Dropping the model half-built frees its memory at once.
                Err(fault) => self.parser = Err(fault),
            }
        }
        self.overlong = false;
        self.partial = line;
        self.partial.clear();
    }

    /// The model, once every byte has been pushed: checked for its header, then its hash, then its
    /// records.
    pub fn finish(mut self) -> Result<Shipped, ShippedError> {
        // The last line where it has no end, or an empty file's only line, for the header's check.
        if !self.partial.is_empty() || self.overlong || self.lines == 0 {
            self.end_line();
        }
        if let Some(fault) = self.no_asset() {
            return Err(fault);
        }
        if let Some(length) = self.length.filter(|&l| self.received != l) {
            return Err(self.fault(format!("cut short: {} of {length} bytes", self.received)));
        }
        let expected = format!("hash {:016x}", self.hash_before_last);
        if self.last.as_deref() != Some(expected.as_str()) {
            let hashed =
                self.saw_hash_line || self.last.as_deref().is_some_and(|l| l.starts_with("hash "));
            let what = match hashed {
                true => "the hash does not match: the file is damaged or truncated",
                false => "no hash line at the end: the file is truncated",
            };
            return Err(ShippedError {
                line: self.lines_before_last + 1,
                what: what.into(),
            });
        }
        self.parser?.finish()
    }
}

fn not_an_asset() -> ShippedError {
    ShippedError {
        line: 1,
        what: format!("{NOT_AN_ASSET}: expected {MAGIC:?} on the first line"),
    }
}
