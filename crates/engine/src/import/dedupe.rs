//! The same play seen twice is stored once: an export imported again, or one play present in the
//! account-data export (end time cut to the minute), the extended history and the API's recently played
//! (to the second).
//!
//! A stored play's key is its [`PlayId`], which sorts by time and carries what matching needs, so the
//! data layer can dedupe a new import against the keys alone, without reading the stored records.

use super::Play;
use crate::names::normalise;
use std::collections::HashMap;

/// Two end times to the second that differ by at most this much are one play (clocks of the export
/// and of the API differ slightly).
const SECOND_SLACK: i64 = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayId {
    pub ended_at: i64,
    pub minute_resolution: bool,
    /// Normalised artist and title: the only identity both history formats share.
    pub track: String,
    /// 0 for the first play of this track at this exact time, 1 for a second one, …
    pub occurrence: u32,
}

impl PlayId {
    pub fn of(play: &Play) -> PlayId {
        PlayId {
            ended_at: play.ended_at,
            minute_resolution: play.minute_resolution,
            track: format!("{}|{}", normalise(&play.artist), normalise(&play.title)),
            occurrence: 0,
        }
    }

    /// `{ended_at}|{m or s}|{artist}|{title}|{occurrence}`, zero-padded so keys sort by time.
    /// Normalised names hold only letters, digits and spaces, so `|` cannot be part of them.
    pub fn encode(&self) -> String {
        let resolution = if self.minute_resolution { 'm' } else { 's' };
        format!(
            "{:011}|{resolution}|{}|{}",
            self.ended_at, self.track, self.occurrence
        )
    }

    pub fn decode(key: &str) -> Option<PlayId> {
        let mut parts = key.splitn(3, '|');
        let ended_at = parts.next()?.parse().ok()?;
        let minute_resolution = match parts.next()? {
            "m" => true,
            "s" => false,
            _ => return None,
        };
        let (track, occurrence) = parts.next()?.rsplit_once('|')?;
        Some(PlayId {
            ended_at,
            minute_resolution,
            track: track.to_string(),
            occurrence: occurrence.parse().ok()?,
        })
    }

    /// Whether a record of the same track ending at `ended_at` can be the same play: their end-time
    /// intervals overlap, give or take the clocks' slack.
    fn matches(&self, ended_at: i64, minute_resolution: bool) -> bool {
        let (a_lo, a_hi) = end_interval(self.ended_at, self.minute_resolution);
        let (b_lo, b_hi) = end_interval(ended_at, minute_resolution);
        a_lo <= b_hi + SECOND_SLACK && b_lo <= a_hi + SECOND_SLACK
    }
}

/// A minute-resolution time `m` stands for an end anywhere in `[m, m + 59]`.
fn end_interval(ended_at: i64, minute_resolution: bool) -> (i64, i64) {
    (ended_at, ended_at + if minute_resolution { 59 } else { 0 })
}

#[derive(Debug, Clone)]
struct Stamp {
    id: PlayId,
    /// Which call to [`StoredPlays::admit`] stored it (0: stored before); a batch never dedupes
    /// against itself, since two plays in one file are two plays.
    batch: u32,
    /// Already matched by an incoming play, so it cannot absorb another.
    matched: bool,
}

/// The plays already stored, by track, for deduplicating new ones.
#[derive(Debug, Default)]
pub struct StoredPlays {
    by_track: HashMap<String, Vec<Stamp>>,
    batches: u32,
}

impl StoredPlays {
    /// From stored keys; keys that are not [`PlayId`]s are ignored.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> StoredPlays {
        let mut stored = StoredPlays::default();
        for id in keys.into_iter().filter_map(PlayId::decode) {
            stored.remember(id, 0);
        }
        stored
    }

    /// Splits `incoming` into the plays not stored yet, each with its new key, and the number of
    /// duplicates. The admitted plays are remembered, so a later batch dedupes against them too.
    pub fn admit(&mut self, incoming: Vec<Play>) -> (Vec<(String, Play)>, usize) {
        self.batches += 1;
        let batch = self.batches;
        let mut admitted = Vec::with_capacity(incoming.len());
        let mut duplicates = 0;
        for play in incoming {
            let mut id = PlayId::of(&play);
            let stamps = self.by_track.entry(id.track.clone()).or_default();
            let duplicate = stamps
                .iter_mut()
                .filter(|s| s.batch != batch && !s.matched)
                .filter(|s| s.id.matches(play.ended_at, play.minute_resolution))
                .min_by_key(|s| (s.id.ended_at - play.ended_at).abs());
            if let Some(stamp) = duplicate {
                stamp.matched = true;
                duplicates += 1;
                continue;
            }
            id.occurrence = stamps
                .iter()
                .filter(|s| {
                    s.id.ended_at == id.ended_at && s.id.minute_resolution == id.minute_resolution
                })
                .map(|s| s.id.occurrence + 1)
                .max()
                .unwrap_or(0);
            let key = id.encode();
            self.remember(id, batch);
            admitted.push((key, play));
        }
        (admitted, duplicates)
    }

    fn remember(&mut self, id: PlayId, batch: u32) {
        self.by_track
            .entry(id.track.clone())
            .or_default()
            .push(Stamp {
                id,
                batch,
                matched: false,
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::music_play;

    fn play(ended_at: i64, minute_resolution: bool, title: &str) -> Play {
        Play {
            minute_resolution,
            ..music_play("Radiohead", title, ended_at, 200_000)
        }
    }

    const T: i64 = 1_700_000_040; // a whole minute

    #[test]
    fn ids_round_trip_and_sort_by_time() {
        let id = PlayId::of(&play(T, true, "Karma Police - Remastered"));
        assert_eq!(id.encode(), "01700000040|m|radiohead|karma police|0");
        assert_eq!(PlayId::decode(&id.encode()), Some(id));
        assert!(
            PlayId::of(&play(999, false, "x")).encode() < PlayId::of(&play(T, false, "a")).encode()
        );
        assert_eq!(PlayId::decode("not a key"), None);
    }

    #[test]
    fn the_same_export_imported_twice_is_stored_once() {
        let file = || {
            vec![
                play(T, false, "Airbag"),
                play(T + 300, false, "Airbag"),
                play(T + 300, false, "Lucky"),
            ]
        };
        let mut stored = StoredPlays::default();
        let (first, duplicates) = stored.admit(file());
        assert_eq!((first.len(), duplicates), (3, 0));
        let keys: Vec<String> = first.into_iter().map(|(key, _)| key).collect();
        let mut reopened = StoredPlays::from_keys(keys.iter().map(String::as_str));
        let (again, duplicates) = reopened.admit(file());
        assert_eq!((again.len(), duplicates), (0, 3));
    }

    #[test]
    fn a_minute_resolution_play_matches_the_same_play_to_the_second() {
        let mut stored = StoredPlays::default();
        stored.admit(vec![play(T + 56, false, "Airbag")]);
        // Account data cuts 12:34:56 to 12:34; a play of the same track an hour later is another play.
        let (new, duplicates) = stored.admit(vec![
            play(T, true, "Airbag"),
            play(T + 3600, true, "Airbag"),
        ]);
        assert_eq!(duplicates, 1);
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].1.ended_at, T + 3600);
        // To the second, only the clocks' slack is forgiven.
        let (new, duplicates) = stored.admit(vec![
            play(T + 56 + 4, false, "Airbag"),
            play(T + 56 + 30, false, "Airbag"),
        ]);
        assert_eq!(
            (new.len(), duplicates),
            (2, 0),
            "the first stamp was already matched"
        );
    }

    #[test]
    fn two_plays_in_one_file_are_two_plays_even_at_the_same_second() {
        let mut stored = StoredPlays::default();
        let (new, duplicates) =
            stored.admit(vec![play(T, true, "Airbag"), play(T, true, "Airbag")]);
        assert_eq!(duplicates, 0);
        let keys: Vec<&str> = new.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "01700000040|m|radiohead|airbag|0",
                "01700000040|m|radiohead|airbag|1"
            ]
        );
        // Importing the file again matches each stored play once.
        let mut reopened = StoredPlays::from_keys(keys);
        let (new, duplicates) = reopened.admit(vec![
            play(T, true, "Airbag"),
            play(T, true, "Airbag"),
            play(T, true, "Airbag"),
        ]);
        assert_eq!((new.len(), duplicates), (1, 2));
        assert!(new[0].0.ends_with("|2"));
    }
}
