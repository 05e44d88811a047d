//! "Up next": what the listener would play after a track, from their own sessions
//! ([`crate::next_track`]), as catalog tracks where the catalog has them.

use super::CommunityRecommender;
use crate::catalog::TrackIdx;
use crate::next_track::up_next;
use crate::taste::Taste;

/// One of the listener's tracks to play next, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct NextUp {
    pub title: String,
    pub artist: String,
    pub why: String,
    /// The catalog's track, when it has it (then it can be played).
    pub track: Option<TrackIdx>,
}

impl CommunityRecommender {
    /// Up to `k` of the listener's tracks to play after `played` (this session's tracks, oldest first,
    /// the one playing last), best first; `None` when the last is not one of theirs (nothing to continue
    /// from). The earlier ones that are theirs tell the model which of its habits is playing.
    pub fn up_next(&self, taste: &Taste, played: &[TrackIdx], k: usize) -> Option<Vec<NextUp>> {
        let catalog = self.index.catalog();
        let own = |track: TrackIdx| {
            let t = catalog.track(track);
            t.artists
                .iter()
                .find_map(|&a| taste.together.find(&catalog.artist(a).name, &t.name))
        };
        let (&playing, before) = played.split_last()?;
        let mut recent: Vec<u32> = before.iter().filter_map(|&t| own(t)).collect();
        recent.push(own(playing)?);
        Some(
            up_next(&taste.together, &recent, k)
                .into_iter()
                .map(|next| {
                    let mine = taste.together.track(next.item);
                    NextUp {
                        title: mine.title.clone(),
                        artist: mine.artist.clone(),
                        why: next.why,
                        track: catalog.find_by_artist(&mine.artist, &mine.title),
                    }
                })
                .collect(),
        )
    }
}
