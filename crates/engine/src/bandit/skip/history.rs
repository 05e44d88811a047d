//! Music plays as skip events in time order, and what is known of the listening just before each one.

use crate::import::{Play, PlayKind};
use std::collections::HashMap;

/// A silence longer than this starts a new session (the usual cut in session-based recommendation).
pub const SESSION_GAP_SECONDS: i64 = 30 * 60;

/// One music play of the extended history, as a skip-prediction event.
#[derive(Debug, Clone, PartialEq)]
pub struct SkipEvent {
    /// When the play started (its end minus the time played), seconds since 1970 UTC.
    pub started_at: i64,
    pub ended_at: i64,
    /// The track URI, or "title — artist" when the export has none.
    pub track: String,
    pub artist: String,
    pub shuffle: Option<bool>,
    pub reason_start: Option<String>,
    /// Known only once the play is over: used for the next event, never for this one.
    pub reason_end: Option<String>,
    pub platform: Option<String>,
    /// Spotify's own `skipped` flag: the label.
    pub skipped: bool,
}

impl SkipEvent {
    /// The music plays that carry a skip flag (extended history), ordered by end time; plays ending in
    /// the same second keep the export's order.
    pub fn from_plays(plays: &[Play]) -> Vec<SkipEvent> {
        let mut events: Vec<SkipEvent> = plays
            .iter()
            .filter(|p| p.kind == PlayKind::Music)
            .filter_map(|p| {
                Some(SkipEvent {
                    started_at: p.ended_at - (p.ms_played / 1000) as i64,
                    ended_at: p.ended_at,
                    track: p
                        .uri
                        .clone()
                        .unwrap_or_else(|| format!("{} — {}", p.title, p.artist)),
                    artist: p.artist.clone(),
                    shuffle: p.shuffle,
                    reason_start: p.reason_start.clone(),
                    reason_end: p.reason_end.clone(),
                    platform: p.platform.clone(),
                    skipped: p.skipped?,
                })
            })
            .collect();
        events.sort_by_key(|e| e.ended_at);
        events
    }
}

/// Plays and skips counted so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub plays: u32,
    pub skips: u32,
}

impl Tally {
    fn add(&mut self, skipped: bool) {
        self.plays += 1;
        self.skips += skipped as u32;
    }

    /// (skips + prior · m) / (plays + m): the running rate with m pseudo-plays at `prior`.
    pub fn rate(&self, prior: f32, m: f32) -> f32 {
        (self.skips as f32 + prior * m) / (self.plays as f32 + m)
    }
}

/// What is known just before an event starts: the event's own start-time fields plus the past.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub global: Tally,
    pub track: Tally,
    pub artist: Tally,
    /// Seconds from the previous play's end to this play's start (never negative); `None` for the first.
    pub gap_seconds: Option<i64>,
    pub previous_skipped: Option<bool>,
    pub previous_reason_end: Option<String>,
    pub same_track_as_previous: bool,
    pub same_artist_as_previous: bool,
    /// 1 for the first play of a session.
    pub session_position: u32,
    /// Skips among the session's plays so far.
    pub session: Tally,
}

/// The running state that yields each event's [`Moment`]: fed the events in time order, one at a time.
#[derive(Debug, Default)]
pub struct ListeningState {
    global: Tally,
    tracks: HashMap<String, Tally>,
    artists: HashMap<String, Tally>,
    previous: Option<SkipEvent>,
    session: Tally,
}

impl ListeningState {
    /// The moment before `event`, from the events observed so far (not from `event`'s outcome).
    pub fn moment(&self, event: &SkipEvent) -> Moment {
        let gap_seconds = self
            .previous
            .as_ref()
            .map(|p| (event.started_at - p.ended_at).max(0));
        let new_session = gap_seconds.is_none_or(|g| g > SESSION_GAP_SECONDS);
        let session = if new_session {
            Tally::default()
        } else {
            self.session
        };
        let previous = self.previous.as_ref();
        Moment {
            global: self.global,
            track: self.tracks.get(&event.track).copied().unwrap_or_default(),
            artist: self.artists.get(&event.artist).copied().unwrap_or_default(),
            gap_seconds,
            previous_skipped: previous.map(|p| p.skipped),
            previous_reason_end: previous.and_then(|p| p.reason_end.clone()),
            same_track_as_previous: previous.is_some_and(|p| p.track == event.track),
            same_artist_as_previous: previous.is_some_and(|p| p.artist == event.artist),
            session_position: session.plays + 1,
            session,
        }
    }

    /// Records the event and its outcome; `moment` is what [`ListeningState::moment`] gave for it.
    pub fn observe(&mut self, event: &SkipEvent, moment: &Moment) {
        self.global.add(event.skipped);
        self.tracks
            .entry(event.track.clone())
            .or_default()
            .add(event.skipped);
        self.artists
            .entry(event.artist.clone())
            .or_default()
            .add(event.skipped);
        self.session = moment.session;
        self.session.add(event.skipped);
        self.previous = Some(event.clone());
    }
}
