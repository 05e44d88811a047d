//! Errors of the engine, written for the listener and carrying the offending value.

use thiserror::Error;

/// Why a catalog could not be read or built.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum CatalogError {
    /// The text does not start with the catalog header, so it is some other file.
    #[error("not an Attune catalog: the first line is {found:?}, expected \"attune-catalog 1\"")]
    NotACatalog { found: String },
    /// A catalog written by a newer Attune.
    #[error("catalog format version {0} is not supported (this Attune reads version 1)")]
    UnsupportedVersion(String),
    /// A line in the asset is malformed.
    #[error("catalog line {line}: {what}")]
    BadLine { line: usize, what: String },
    /// The asset ended before all announced sections were read.
    #[error("catalog is truncated: expected {expected}, the file ended at line {line}")]
    Truncated { expected: String, line: usize },
    /// A source table (CSV) could not be read.
    #[error("{file}, row {row}: {what}")]
    BadSource {
        file: String,
        row: u64,
        what: String,
    },
}

/// Why a file of interactions or listening data could not be read.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum DataError {
    #[error("{file}, line {line}: {what}")]
    BadLine {
        file: String,
        line: u64,
        what: String,
    },
}
