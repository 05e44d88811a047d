//! "Up next": what the listener would play after a track, from their own sessions
//! ([`crate::next_track`]), with the Spotify id to play each by: the catalog's, else their history's.

use super::CommunityRecommender;
use crate::names::normalise;
use crate::next_track::up_next;
use crate::taste::Taste;
use std::collections::HashMap;

/// One of the listener's tracks to play next, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct NextUp {
    pub title: String,
    pub artist: String,
    pub why: String,
    /// The Spotify id to play it by: the catalog's track, else the id the listener's history has.
    pub track_id: Option<String>,
    /// Whether the catalog has it (then reactions to it teach the recommender).
    pub in_catalog: bool,
}

impl CommunityRecommender {
    /// Up to `k` of the listener's tracks to play after `played` (Spotify ids of this session's tracks,
    /// oldest first, the one playing last), best first; `None` when the last is not one of theirs
    /// (nothing to continue from). A track is theirs by the catalog's names or by the id their history
    /// has, so their tracks outside the catalog continue too. The earlier ones that are theirs tell the
    /// model which of its habits is playing.
    pub fn up_next(&self, taste: &Taste, played: &[&str], k: usize) -> Option<Vec<NextUp>> {
        let catalog = self.index.catalog();
        let together = &taste.together;
        let by_catalog = |id: &str| self.together_of(taste, catalog.track_by_id(id)?);
        let by_history = |id: &str| {
            let mine = taste.tracks.iter().find(|t| t.id.as_deref() == Some(id))?;
            together.find(&mine.artist, &mine.name)
        };
        let own = |id: &str| by_catalog(id).or_else(|| by_history(id));
        let (&playing, before) = played.split_last()?;
        let mut recent: Vec<u32> = before.iter().filter_map(|id| own(id)).collect();
        recent.push(own(playing)?);
        let next: Vec<_> = up_next(together, &recent, k)
            .into_iter()
            .map(|next| {
                let mine = together.track(next.item);
                (
                    next,
                    mine,
                    catalog.find_by_artist(&mine.artist, &mine.title),
                )
            })
            .collect();
        let mut history_ids = history_ids(
            taste,
            next.iter()
                .filter(|(_, _, in_catalog)| in_catalog.is_none())
                .map(|(_, mine, _)| key(&mine.artist, &mine.title)),
        );
        Some(
            next.into_iter()
                .map(|(next, mine, in_catalog)| NextUp {
                    title: mine.title.clone(),
                    artist: mine.artist.clone(),
                    why: next.why,
                    track_id: match in_catalog {
                        Some(t) => Some(catalog.track(t).id.clone()),
                        None => history_ids.remove(&key(&mine.artist, &mine.title)),
                    },
                    in_catalog: in_catalog.is_some(),
                })
                .collect(),
        )
    }
}

fn key(artist: &str, title: &str) -> (String, String) {
    (normalise(artist), normalise(title))
}

/// The Spotify ids the listener's history has for the `wanted` tracks (by normalised artist and title),
/// in one pass over their tracks.
fn history_ids(
    taste: &Taste,
    wanted: impl Iterator<Item = (String, String)>,
) -> HashMap<(String, String), String> {
    let mut wanted: HashMap<(String, String), Option<String>> = wanted.map(|k| (k, None)).collect();
    if !wanted.is_empty() {
        for mine in &taste.tracks {
            let Some(id) = &mine.id else { continue };
            if let Some(slot) = wanted.get_mut(&key(&mine.artist, &mine.name)) {
                slot.get_or_insert_with(|| id.clone());
            }
        }
    }
    wanted
        .into_iter()
        .filter_map(|(k, id)| Some((k, id?)))
        .collect()
}
