//! Content for the items of an interaction matrix, such as HetRec's artists, found in the catalog by
//! name. Content lets Attune rank items nobody has played yet (cold items), where a factorization can only
//! give them zero, and it explains a recommendation in words ("shares synthpop").
//!
//! A listener's profile is the play-weighted mean of their items' content vectors; an item scores its
//! similarity to that profile.

use crate::catalog::ArtistIdx;
use crate::content::{ContentIndex, ContentVector};
use crate::names::normalise;
use std::collections::HashMap;
use std::sync::Arc;

pub struct ItemContent {
    index: Arc<ContentIndex>,
    /// Per interaction item: its catalog artist and vector, if the catalog knows the name.
    vectors: Vec<Option<(ArtistIdx, ContentVector)>>,
}

impl ItemContent {
    /// Looks up every item name (an artist name) in the index's catalog.
    pub fn for_artists(index: Arc<ContentIndex>, names: &[String]) -> ItemContent {
        let by_name: HashMap<String, ArtistIdx> = (0..index.catalog().artists.len())
            .map(|a| ArtistIdx(a as u32))
            .map(|a| (normalise(&index.catalog().artist(a).name), a))
            .collect();
        let vectors = names
            .iter()
            .map(|name| {
                by_name
                    .get(&normalise(name))
                    .map(|&a| (a, index.artist_vector(a)))
            })
            .collect();
        ItemContent { index, vectors }
    }

    /// Share of items with content.
    pub fn coverage(&self) -> f64 {
        self.vectors.iter().filter(|v| v.is_some()).count() as f64
            / self.vectors.len().max(1) as f64
    }

    /// The catalog artist behind an item, for explanations.
    pub fn artist(&self, item: u32) -> Option<ArtistIdx> {
        self.vectors.get(item as usize)?.as_ref().map(|(a, _)| *a)
    }

    /// out[i] = sim(profile, v_i) for items with content, 0 for the others (and everywhere when none of
    /// the listener's items has content).
    pub fn score_history(&self, items: &[u32], weights: &[f32], out: &mut [f32]) {
        out.fill(0.0);
        let played = items.iter().zip(weights).filter_map(|(&i, &w)| {
            self.vectors[i as usize]
                .as_ref()
                .map(|(_, v)| (v, w.max(f32::MIN_POSITIVE)))
        });
        let Some(profile) = ContentVector::mean(played) else {
            return;
        };
        for (o, v) in out.iter_mut().zip(&self.vectors) {
            if let Some((_, v)) = v {
                *o = self.index.vector_similarity(&profile, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::testutil::TINY_ASSET;

    fn content(names: &[&str]) -> ItemContent {
        let index = Arc::new(ContentIndex::new(
            Catalog::from_asset(TINY_ASSET).unwrap(),
            Default::default(),
        ));
        ItemContent::for_artists(
            index,
            &names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn items_are_found_by_normalised_name() {
        let items = content(&["LUMEN DRIVE", "Quiet Harbor", "Unknown Band"]);
        assert!((items.coverage() - 2.0 / 3.0).abs() < 1e-9);
        assert!(items.artist(0).is_some() && items.artist(2).is_none());
    }

    #[test]
    fn a_profile_prefers_items_of_the_same_sound() {
        // Items: 0 Lumen Drive (dance pop), 1 Quiet Harbor (folk), 2 Block Theory (hip hop), 3 unknown.
        let items = content(&["Lumen Drive", "Quiet Harbor", "Block Theory", "Nobody"]);
        let mut out = vec![0.0; 4];
        items.score_history(&[1], &[1.0], &mut out);
        assert!(out[1] > out[0] && out[1] > out[2], "{out:?}");
        assert_eq!(out[3], 0.0);
        items.score_history(&[3], &[1.0], &mut out);
        assert_eq!(out, [0.0; 4], "no content, no scores");
    }
}
