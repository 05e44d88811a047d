//! The compact text form of a [`Catalog`] that the app ships in `public/catalog/`.
//!
//! Text rather than binary so that a diff of the asset is readable and a broken file gives a line number.
//! Layout (tab-separated, one record a line):
//!
//! ```text
//! attune-catalog 1
//! features danceability energy valence acousticness instrumentalness speechiness liveness loudness tempo
//! genres N        then N lines: genre name
//! artists N       then N lines: name, genre indices (comma-separated), popularity, features (hex)
//! tracks N        then N lines: id, name, artist indices, genre indices, year, popularity, features (hex)
//! ```
//!
//! Features are two hex digits each as written by [`Features::to_hex`].

use super::{Artist, ArtistIdx, Catalog, GenreIdx, Track};
use crate::error::CatalogError;
use crate::features::{Feature, Features};
use std::fmt::Write;

const MAGIC: &str = "attune-catalog";
const VERSION: &str = "1";

impl Catalog {
    /// Reads the asset text written by [`Catalog::to_asset`].
    pub fn from_asset(text: &str) -> Result<Catalog, CatalogError> {
        let mut reader = LineReader {
            lines: text.lines().enumerate(),
            last: 0,
        };
        let first = reader.next("the header")?;
        match first.split_once(' ') {
            Some((MAGIC, VERSION)) => {}
            Some((MAGIC, other)) => return Err(CatalogError::UnsupportedVersion(other.into())),
            _ => {
                return Err(CatalogError::NotACatalog {
                    found: first.chars().take(40).collect(),
                })
            }
        }
        let features_line = reader.next("the feature list")?;
        let expected = feature_header();
        if features_line != expected {
            return reader.bad(format!(
                "expected feature list {expected:?}, found {features_line:?}"
            ));
        }

        let genre_count = reader.section("genres")?;
        let mut genres = Vec::with_capacity(genre_count);
        for _ in 0..genre_count {
            genres.push(reader.next("a genre")?.to_string());
        }

        let artist_count = reader.section("artists")?;
        let mut artists = Vec::with_capacity(artist_count);
        for _ in 0..artist_count {
            let line = reader.next("an artist")?;
            let fields = reader.fields::<4>(line)?;
            artists.push(Artist {
                name: fields[0].to_string(),
                genres: reader.indices(fields[1], genre_count)?,
                popularity: reader.number(fields[2], "popularity")?,
                features: reader.features(fields[3])?,
            });
        }

        let track_count = reader.section("tracks")?;
        let mut tracks = Vec::with_capacity(track_count);
        for _ in 0..track_count {
            let line = reader.next("a track")?;
            let fields = reader.fields::<7>(line)?;
            let artist_ids = reader.indices(fields[2], artist_count)?;
            if artist_ids.is_empty() {
                return reader.bad(format!("track {:?} has no artist", fields[1]));
            }
            tracks.push(Track {
                id: fields[0].to_string(),
                name: fields[1].to_string(),
                artists: artist_ids.into_iter().map(ArtistIdx).collect(),
                genres: reader.indices(fields[3], genre_count)?,
                year: reader.number(fields[4], "year")?,
                popularity: reader.number(fields[5], "popularity")?,
                features: reader.features(fields[6])?,
            });
        }
        Ok(Catalog::new(genres, artists, tracks))
    }

    /// Writes the asset text that [`Catalog::from_asset`] reads.
    pub fn to_asset(&self) -> String {
        let mut out = format!("{MAGIC} {VERSION}\n{}\n", feature_header());
        let _ = writeln!(out, "genres {}", self.genres.len());
        for genre in &self.genres {
            let _ = writeln!(out, "{}", clean(genre));
        }
        let _ = writeln!(out, "artists {}", self.artists.len());
        for a in &self.artists {
            let genres = join(&a.genres);
            let _ = writeln!(
                out,
                "{}\t{genres}\t{}\t{}",
                clean(&a.name),
                a.popularity,
                a.features.to_hex()
            );
        }
        let _ = writeln!(out, "tracks {}", self.tracks.len());
        for t in &self.tracks {
            let artists: Vec<u32> = t.artists.iter().map(|a| a.0).collect();
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&t.id),
                clean(&t.name),
                join(&artists),
                join(&t.genres),
                t.year,
                t.popularity,
                t.features.to_hex()
            );
        }
        out
    }
}

fn feature_header() -> String {
    let names: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
    format!("features {}", names.join(" "))
}

/// Tabs and line breaks would split a record; names never need them.
fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

fn join(ids: &[u32]) -> String {
    let parts: Vec<String> = ids.iter().map(u32::to_string).collect();
    parts.join(",")
}

struct LineReader<'a, I: Iterator<Item = (usize, &'a str)>> {
    lines: I,
    last: usize,
}

impl<'a, I: Iterator<Item = (usize, &'a str)>> LineReader<'a, I> {
    fn next(&mut self, expected: &str) -> Result<&'a str, CatalogError> {
        match self.lines.next() {
            Some((i, line)) => {
                self.last = i + 1;
                Ok(line)
            }
            None => Err(CatalogError::Truncated {
                expected: expected.into(),
                line: self.last,
            }),
        }
    }

    fn bad<T>(&self, what: String) -> Result<T, CatalogError> {
        Err(CatalogError::BadLine {
            line: self.last,
            what,
        })
    }

    fn section(&mut self, name: &str) -> Result<usize, CatalogError> {
        let line = self.next(&format!("the {name} section"))?;
        match line.split_once(' ') {
            Some((found, count)) if found == name => self.number(count, "section size"),
            _ => self.bad(format!("expected the {name} section, found {line:?}")),
        }
    }

    fn fields<const N: usize>(&self, line: &'a str) -> Result<[&'a str; N], CatalogError> {
        let parts: Vec<&str> = line.split('\t').collect();
        match <[&str; N]>::try_from(parts) {
            Ok(fields) => Ok(fields),
            Err(parts) => self.bad(format!(
                "expected {N} tab-separated fields, found {}",
                parts.len()
            )),
        }
    }

    fn number<T: std::str::FromStr>(&self, text: &str, what: &str) -> Result<T, CatalogError> {
        match text.trim().parse() {
            Ok(n) => Ok(n),
            Err(_) => self.bad(format!("{what} {text:?} is not a valid number")),
        }
    }

    fn indices(&self, text: &str, bound: usize) -> Result<Vec<GenreIdx>, CatalogError> {
        if text.is_empty() {
            return Ok(Vec::new());
        }
        text.split(',')
            .map(|part| {
                let idx: u32 = self.number(part, "index")?;
                if idx as usize >= bound {
                    return self.bad(format!(
                        "index {idx} is out of range (only {bound} entries)"
                    ));
                }
                Ok(idx)
            })
            .collect()
    }

    fn features(&self, hex: &str) -> Result<Features, CatalogError> {
        match Features::from_hex(hex) {
            Some(features) => Ok(features),
            None => self.bad(format!("{hex:?} is not a feature vector")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::TINY_ASSET;

    #[test]
    fn tiny_asset_loads_and_round_trips() {
        let catalog = Catalog::from_asset(TINY_ASSET).unwrap();
        assert_eq!(catalog.tracks.len(), 12);
        let again = Catalog::from_asset(&catalog.to_asset()).unwrap();
        assert_eq!(again.tracks, catalog.tracks);
        assert_eq!(again.artists, catalog.artists);
        assert_eq!(again.genres, catalog.genres);
    }

    #[test]
    fn other_files_are_refused_with_a_clear_message() {
        let err = Catalog::from_asset("<!doctype html><html>").unwrap_err();
        assert!(err.to_string().contains("not an Attune catalog"), "{err}");
        let err = Catalog::from_asset("attune-catalog 7\n").unwrap_err();
        assert_eq!(err, CatalogError::UnsupportedVersion("7".into()));
    }

    #[test]
    fn truncated_and_malformed_lines_name_the_line() {
        // Cut anywhere before the final newline, the file is refused, never read as a smaller catalog.
        for end in (0..TINY_ASSET.len() - 1).filter(|&e| TINY_ASSET.is_char_boundary(e)) {
            let cut = &TINY_ASSET[..end];
            match Catalog::from_asset(cut) {
                Err(CatalogError::Truncated { .. }) => {}
                Err(_) => assert!(
                    !cut.ends_with('\n'),
                    "a cut at a line end is reported as truncated"
                ),
                Ok(_) => panic!("a catalog cut at byte {end} was accepted"),
            }
        }

        let bad_index = TINY_ASSET.replacen("\t0,", "\t999,", 1);
        let err = Catalog::from_asset(&bad_index).unwrap_err();
        assert!(
            err.to_string().contains("index 999 is out of range"),
            "{err}"
        );

        let bad_features = TINY_ASSET.replacen("d0e5b70a190d24eb82", "d0e5b70a190d24ebzz", 1);
        assert!(matches!(
            Catalog::from_asset(&bad_features),
            Err(CatalogError::BadLine { .. })
        ));
    }

    #[test]
    fn names_with_tabs_cannot_break_a_record() {
        let mut catalog = Catalog::from_asset(TINY_ASSET).unwrap();
        catalog.tracks[0].name = "Tab\there\nand newline".into();
        let again = Catalog::from_asset(&catalog.to_asset()).unwrap();
        assert_eq!(again.tracks[0].name, "Tab here and newline");
    }
}
