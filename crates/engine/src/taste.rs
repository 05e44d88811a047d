//! A listener's history reduced to what the recommenders use: how much they listen to each artist and
//! each track. Listening time is the confidence: a play counts in full from 30 seconds (Spotify's own
//! threshold for a stream) and in proportion below that, so a two-second skip adds almost nothing.

use crate::import::{Play, PlayKind};
use crate::names::normalise;
use std::collections::HashMap;

/// Below this a play counts in proportion to the time listened.
const FULL_PLAY_MS: f32 = 30_000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Listened {
    /// The name as the history spells it (the first spelling seen).
    pub name: String,
    /// For tracks, the artist; empty for artists.
    pub artist: String,
    /// Full-play equivalents.
    pub plays: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taste {
    /// Most listened first.
    pub artists: Vec<Listened>,
    pub tracks: Vec<Listened>,
}

impl Taste {
    /// Music plays only; podcasts and audiobooks say nothing about musical taste.
    pub fn from_plays<'a>(plays: impl IntoIterator<Item = &'a Play>) -> Taste {
        let mut artists: HashMap<String, Listened> = HashMap::new();
        let mut tracks: HashMap<(String, String), Listened> = HashMap::new();
        for play in plays.into_iter().filter(|p| p.kind == PlayKind::Music) {
            let weight = (play.ms_played as f32 / FULL_PLAY_MS).min(1.0);
            let artist_key = normalise(&play.artist);
            let title_key = normalise(&play.title);
            add(&mut artists, artist_key.clone(), &play.artist, "", weight);
            add(
                &mut tracks,
                (artist_key, title_key),
                &play.title,
                &play.artist,
                weight,
            );
        }
        Taste {
            artists: by_plays(artists.into_values()),
            tracks: by_plays(tracks.into_values()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.artists.is_empty()
    }
}

fn add<K: std::hash::Hash + Eq>(
    into: &mut HashMap<K, Listened>,
    key: K,
    name: &str,
    artist: &str,
    weight: f32,
) {
    into.entry(key)
        .or_insert_with(|| Listened {
            name: name.to_string(),
            artist: artist.to_string(),
            plays: 0.0,
        })
        .plays += weight;
}

fn by_plays(listened: impl Iterator<Item = Listened>) -> Vec<Listened> {
    let mut out: Vec<Listened> = listened.filter(|l| l.plays > 0.0).collect();
    out.sort_by(|a, b| {
        b.plays
            .total_cmp(&a.plays)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn play(artist: &str, title: &str, ms_played: u64, kind: PlayKind) -> Play {
        Play {
            ended_at: 1_700_000_000,
            minute_resolution: false,
            ms_played,
            kind,
            uri: None,
            title: title.into(),
            artist: artist.into(),
            album: None,
            skipped: None,
            shuffle: None,
            reason_start: None,
            reason_end: None,
            platform: None,
        }
    }

    #[test]
    fn listening_time_is_the_confidence_and_podcasts_do_not_count() {
        let plays = [
            play("Radiohead", "Airbag", 240_000, PlayKind::Music),
            play("radiohead", "Airbag - Remastered", 45_000, PlayKind::Music),
            play("Björk", "Jóga", 3_000, PlayKind::Music),
            play("Björk", "Jóga", 0, PlayKind::Music),
            play("A Show", "Episode", 3_600_000, PlayKind::Podcast),
        ];
        let taste = Taste::from_plays(&plays);
        let artists: Vec<(&str, f32)> = taste
            .artists
            .iter()
            .map(|a| (a.name.as_str(), a.plays))
            .collect();
        assert_eq!(artists, [("Radiohead", 2.0), ("Björk", 0.1)]);
        assert_eq!(taste.tracks.len(), 2, "a remaster is the same track");
        assert_eq!(
            (
                taste.tracks[0].name.as_str(),
                taste.tracks[0].artist.as_str()
            ),
            ("Airbag", "Radiohead")
        );
        assert!(Taste::from_plays(&plays[4..]).is_empty());
    }
}
