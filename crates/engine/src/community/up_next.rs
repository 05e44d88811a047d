//! "Up next": what the listener would play after a track, from their own sessions
//! ([`crate::next_track`]), with the Spotify id to play each by: the catalog's, else their history's.

use super::CommunityRecommender;
use crate::next_track::up_next;
use crate::taste::Taste;
use std::collections::HashSet;

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
        let own = |id: &str| match catalog.track_by_id(id) {
            Some(track) => self.together_of(taste, track),
            None => together.find_by_id(id),
        };
        let (&playing, before) = played.split_last()?;
        let mut recent: Vec<u32> = before.iter().filter_map(|id| own(id)).collect();
        recent.push(own(playing)?);
        // A song once, and not one just played: two spellings in the history can share an id.
        let mut seen: HashSet<String> = played.iter().map(|id| id.to_string()).collect();
        let next = up_next(together, &recent, k)
            .into_iter()
            .map(|next| {
                let mine = together.track(next.item);
                let track_id = catalog
                    .find_by_artist(&mine.artist, &mine.title)
                    .map(|t| catalog.track(t).id.clone())
                    .or_else(|| mine.id.clone());
                let in_catalog = track_id
                    .as_deref()
                    .is_some_and(|id| catalog.track_by_id(id).is_some());
                NextUp {
                    title: mine.title.clone(),
                    artist: mine.artist.clone(),
                    why: next.why,
                    track_id,
                    in_catalog,
                }
            })
            .filter(|n| n.track_id.as_ref().is_none_or(|id| seen.insert(id.clone())))
            .collect();
        Some(next)
    }
}
