//! Reading HetRec into a [`Community`], and the compact text asset the app ships (layout in the parent
//! module's documentation).

use super::Community;
use crate::error::CatalogError;
use crate::hybrid::HybridParams;
use crate::interactions::Csr;
use std::collections::HashMap;
use std::fmt::Write;

const MAGIC: &str = "attune-community 2";
/// The first version, without a settings line: still read.
const MAGIC_1: &str = "attune-community 1";

impl Community {
    /// From HetRec's `user_artists.dat` (userID, artistID, weight) and `artists.dat` (id, name, ...),
    /// keeping artists with at least `min_listeners` listeners: the others cannot link anyone to anyone.
    pub fn from_hetrec(
        user_artists: &str,
        artists: &str,
        min_listeners: usize,
    ) -> Result<Community, CatalogError> {
        let names: HashMap<&str, &str> = artists
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?, f.next()?))
            })
            .collect();
        let mut rows: Vec<(&str, &str, f32)> = Vec::new();
        for (i, line) in user_artists.lines().enumerate().skip(1) {
            let f: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
            let bad = |what: &str| CatalogError::BadSource {
                file: "user_artists".into(),
                row: i as u64,
                what: what.into(),
            };
            let [user, artist, weight] = f[..] else {
                return Err(bad("expected 3 columns"));
            };
            rows.push((
                user,
                artist,
                weight.parse().map_err(|_| bad("weight is not a number"))?,
            ));
        }
        let mut listeners: HashMap<&str, usize> = HashMap::new();
        rows.iter()
            .for_each(|(_, a, _)| *listeners.entry(a).or_default() += 1);
        let (mut user_ids, mut artist_ids) = (HashMap::new(), HashMap::new());
        let mut artist_names = Vec::new();
        let mut triples = Vec::new();
        for (user, artist, weight) in rows {
            let Some(name) = names.get(artist) else {
                continue;
            };
            if listeners[artist] < min_listeners {
                continue;
            }
            let next_user = user_ids.len() as u32;
            let u = *user_ids.entry(user).or_insert(next_user);
            let a = *artist_ids.entry(artist).or_insert_with(|| {
                artist_names.push(name.to_string());
                artist_names.len() as u32 - 1
            });
            triples.push((u, a, weight));
        }
        let plays = Csr::from_triples(user_ids.len(), artist_names.len(), &triples);
        Ok(Community {
            artists: artist_names,
            plays,
            settings: None,
        })
    }

    /// The asset text; the settings line is written when there are settings.
    pub fn to_asset(&self) -> String {
        let mut out = match &self.settings {
            Some(p) => format!("{MAGIC}\nsettings {}\n", p.settings()),
            None => format!("{MAGIC_1}\n"),
        };
        let _ = writeln!(out, "artists {}", self.artists.len());
        for name in &self.artists {
            let _ = writeln!(out, "{}", name.replace(['\t', '\n', '\r'], " "));
        }
        let _ = writeln!(out, "listeners {}", self.plays.n_rows());
        for u in 0..self.plays.n_rows() {
            let (items, counts) = self.plays.row(u);
            let cells: Vec<String> = items
                .iter()
                .zip(counts)
                .map(|(i, c)| format!("{i}:{c}"))
                .collect();
            let _ = writeln!(out, "{}", cells.join(","));
        }
        out
    }

    pub fn from_asset(text: &str) -> Result<Community, CatalogError> {
        let mut lines = text.lines().enumerate();
        let mut next = |what: &str| {
            lines.next().ok_or_else(|| CatalogError::Truncated {
                expected: what.into(),
                line: 0,
            })
        };
        let (_, first) = next("the header")?;
        let settings = match first {
            MAGIC => {
                let (line, text) = next("the settings")?;
                let params = text
                    .strip_prefix("settings ")
                    .ok_or_else(|| "expected \"settings name=value,...\"".to_string())
                    .and_then(|spec| HybridParams::default().with_settings(spec))
                    .map_err(|what| CatalogError::BadLine {
                        line: line + 1,
                        what,
                    })?;
                Some(params)
            }
            MAGIC_1 => None,
            _ => {
                return Err(CatalogError::NotACatalog {
                    found: first.chars().take(40).collect(),
                })
            }
        };
        let count = |line: (usize, &str), name: &str| -> Result<usize, CatalogError> {
            line.1
                .strip_prefix(name)
                .and_then(|n| n.trim().parse().ok())
                .ok_or_else(|| CatalogError::BadLine {
                    line: line.0 + 1,
                    what: format!("expected \"{name} N\""),
                })
        };
        let n_artists = count(next("the artist count")?, "artists")?;
        let mut artists = Vec::with_capacity(n_artists);
        for _ in 0..n_artists {
            artists.push(next("an artist")?.1.to_string());
        }
        let n_listeners = count(next("the listener count")?, "listeners")?;
        let mut triples = Vec::new();
        for u in 0..n_listeners {
            let (line_no, line) = next("a listener")?;
            for cell in line.split(',').filter(|c| !c.is_empty()) {
                let parsed = cell
                    .split_once(':')
                    .and_then(|(a, c)| Some((a.parse::<u32>().ok()?, c.parse::<f32>().ok()?)));
                match parsed {
                    Some((a, c)) if (a as usize) < n_artists && c >= 0.0 => {
                        triples.push((u as u32, a, c))
                    }
                    _ => {
                        return Err(CatalogError::BadLine {
                            line: line_no + 1,
                            what: format!("bad cell {cell:?}"),
                        })
                    }
                }
            }
        }
        Ok(Community {
            artists,
            plays: Csr::from_triples(n_listeners, n_artists, &triples),
            settings,
        })
    }
}
