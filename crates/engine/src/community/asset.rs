//! Reading HetRec into a [`Community`], and training it into the factor asset the app ships.

use super::Community;
use crate::als::AlsError;
use crate::error::CatalogError;
use crate::hybrid::{Hybrid, HybridParams};
use crate::interactions::Csr;
use std::collections::HashMap;

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
        })
    }

    /// The hybrid trained on these plays (log1p confidence) with `params`, written as a factor asset
    /// ([`crate::shipped`]): the engine's own build of what `scripts/community.sh` builds on Spark.
    pub fn factor_asset(&self, params: HybridParams) -> Result<String, AlsError> {
        let hybrid = Hybrid::fit(params, &self.plays.map_values(f32::ln_1p))?;
        Ok(crate::shipped::write(&self.artists, &params, &hybrid))
    }
}
