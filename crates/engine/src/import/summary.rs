//! The numbers a listener sees after an import, and `attune import` prints.

use super::{time, Play, PlayKind, Rejections};
use crate::names::normalise;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Plays with a track (not podcasts, audiobooks or video).
    pub music_plays: usize,
    /// By track URI where the export has one, else by normalised artist and title.
    pub distinct_tracks: usize,
    pub distinct_artists: usize,
    pub first_ts: Option<i64>,
    pub last_ts: Option<i64>,
    /// Music plays marked skipped.
    pub skipped: usize,
    pub podcast_plays: usize,
    pub audiobook_plays: usize,
    pub rejected: Rejections,
}

impl Summary {
    pub fn of(plays: &[Play], rejected: &Rejections) -> Summary {
        let music: Vec<&Play> = plays.iter().filter(|p| p.kind == PlayKind::Music).collect();
        let tracks: HashSet<String> = music
            .iter()
            .map(|p| {
                p.uri.clone().unwrap_or_else(|| {
                    format!("{}\u{1f}{}", normalise(&p.artist), normalise(&p.title))
                })
            })
            .collect();
        let artists: HashSet<String> = music.iter().map(|p| normalise(&p.artist)).collect();
        let count = |kind: PlayKind| plays.iter().filter(|p| p.kind == kind).count();
        Summary {
            music_plays: music.len(),
            distinct_tracks: tracks.len(),
            distinct_artists: artists.len(),
            first_ts: music.iter().map(|p| p.ended_at).min(),
            last_ts: music.iter().map(|p| p.ended_at).max(),
            skipped: music.iter().filter(|p| p.skipped == Some(true)).count(),
            podcast_plays: count(PlayKind::Podcast),
            audiobook_plays: count(PlayKind::Audiobook),
            rejected: rejected.clone(),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "music_plays": self.music_plays,
            "distinct_tracks": self.distinct_tracks,
            "distinct_artists": self.distinct_artists,
            "first_ts": self.first_ts.map(time::format),
            "last_ts": self.last_ts.map(time::format),
            "skipped": self.skipped,
            "podcast_plays": self.podcast_plays,
            "audiobook_plays": self.audiobook_plays,
            "rejected": { "count": self.rejected.values().sum::<usize>(), "reasons": self.rejected },
        })
    }
}
