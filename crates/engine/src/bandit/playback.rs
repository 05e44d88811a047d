//! What a player's progress reports say about the listener: a track left early is a skip (and how early),
//! one played to the end a completed play, one started again after that a replay.
//!
//! A player (the Spotify Embed, for the app) reports the position and duration of what it plays every so
//! often; [`PlaybackTracker`] turns those reports into [`Feedback`], each reaction once.

use super::feedback::Feedback;

/// Within this many milliseconds of the end a track counts as played to the end: players report the last
/// position a little before the duration.
const END_TOLERANCE_MS: f64 = 1_500.0;
/// A position back under this after the end is the track starting again.
const RESTART_MS: f64 = 3_000.0;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaybackTracker {
    track: Option<String>,
    position_ms: f64,
    duration_ms: f64,
    /// Whether the current track reached its end (and was reported so).
    completed: bool,
}

impl PlaybackTracker {
    /// The track now loaded in the player.
    pub fn track(&self) -> Option<&str> {
        self.track.as_deref()
    }

    /// A new track is loaded: the one before, if it was heard but not to the end, was skipped.
    pub fn load(&mut self, track: &str) -> Option<(String, Feedback)> {
        let left = self.leave();
        *self = PlaybackTracker {
            track: Some(track.to_string()),
            ..PlaybackTracker::default()
        };
        left
    }

    /// A progress report for the loaded track: the end of it is a completed play, and a start from
    /// the top after the end a replay.
    pub fn progress(&mut self, position_ms: f64, duration_ms: f64) -> Option<(String, Feedback)> {
        let track = self.track.clone()?;
        if duration_ms > 0.0 {
            self.duration_ms = duration_ms;
        }
        let restarted = self.completed && position_ms < RESTART_MS && position_ms > 0.0;
        self.position_ms = position_ms;
        if restarted {
            self.completed = false;
            return Some((track, Feedback::Replayed));
        }
        let at_end = self.duration_ms > 0.0 && position_ms >= self.duration_ms - END_TOLERANCE_MS;
        if at_end && !self.completed {
            self.completed = true;
            return Some((track, Feedback::Completed));
        }
        None
    }

    /// The listener moves on (another track, or away): a track heard but not finished was skipped
    /// after the share of it they heard.
    pub fn leave(&mut self) -> Option<(String, Feedback)> {
        let heard = self.position_ms > 0.0 && self.duration_ms > 0.0 && !self.completed;
        let track = self.track.take()?;
        heard.then(|| {
            let listened = (self.position_ms / self.duration_ms).clamp(0.0, 1.0) as f32;
            (track, Feedback::Skipped { listened })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_track_left_at_a_third_is_a_skip_at_a_third() {
        let mut player = PlaybackTracker::default();
        assert_eq!(player.load("a"), None);
        assert_eq!(player.progress(0.0, 0.0), None);
        assert_eq!(player.progress(60_000.0, 180_000.0), None);
        let (track, feedback) = player.load("b").unwrap();
        assert_eq!(track, "a");
        match feedback {
            Feedback::Skipped { listened } => assert!((listened - 1.0 / 3.0).abs() < 1e-6),
            other => panic!("{other:?}"),
        }
        assert_eq!(player.track(), Some("b"));
    }

    #[test]
    fn a_track_never_started_is_not_a_skip() {
        let mut player = PlaybackTracker::default();
        player.load("a");
        assert_eq!(player.progress(0.0, 180_000.0), None);
        assert_eq!(player.load("b"), None);
    }

    #[test]
    fn the_end_is_a_completed_play_once_and_a_restart_after_it_a_replay() {
        let mut player = PlaybackTracker::default();
        player.load("a");
        player.progress(100_000.0, 180_000.0);
        assert_eq!(
            player.progress(179_000.0, 180_000.0),
            Some(("a".into(), Feedback::Completed))
        );
        assert_eq!(player.progress(180_000.0, 180_000.0), None);
        assert_eq!(
            player.progress(500.0, 180_000.0),
            Some(("a".into(), Feedback::Replayed))
        );
        // Heard again to the end: completed once more; leaving after that is no skip.
        assert_eq!(
            player.progress(180_000.0, 180_000.0),
            Some(("a".into(), Feedback::Completed))
        );
        assert_eq!(player.leave(), None);
        assert_eq!(player.track(), None);
    }
}
