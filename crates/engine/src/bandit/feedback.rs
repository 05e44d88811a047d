//! What the listener did with a recommendation, as the bandit's reward.
//!
//! Rewards are signed around 0, the prior mean of every score, so that a skip pushes a track below the
//! tracks nothing is known about and a completed play lifts it above them: with rewards in [0, 1] and
//! only skips so far, every estimate would stay at the prior and nothing would move.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feedback {
    /// Skipped after hearing this share of the track, in [0, 1].
    Skipped {
        listened: f32,
    },
    /// Played to the end.
    Completed,
    /// Played again right after.
    Replayed,
    Liked,
    AddedToPlaylist,
    Disliked,
}

impl Feedback {
    /// −1 for a dislike or an immediate skip, rising linearly to 0 for a skip at the very end; 0.5 for a
    /// completed play (it may have played on in the background); 1 for the signals that take a deliberate
    /// act: a replay, a like, an add to a playlist.
    pub fn reward(self) -> f32 {
        match self {
            Feedback::Disliked => -1.0,
            Feedback::Skipped { listened } => listened.clamp(0.0, 1.0) - 1.0,
            Feedback::Completed => 0.5,
            Feedback::Replayed | Feedback::Liked | Feedback::AddedToPlaylist => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewards_by_hand() {
        assert_eq!(Feedback::Skipped { listened: 0.0 }.reward(), -1.0);
        assert_eq!(Feedback::Skipped { listened: 0.25 }.reward(), -0.75);
        assert_eq!(Feedback::Skipped { listened: 3.0 }.reward(), 0.0);
        assert_eq!(Feedback::Completed.reward(), 0.5);
        assert_eq!(Feedback::Liked.reward(), 1.0);
        assert_eq!(Feedback::Disliked.reward(), -1.0);
        let json = serde_json::to_string(&Feedback::Skipped { listened: 0.5 }).unwrap();
        assert_eq!(json, r#"{"skipped":{"listened":0.5}}"#);
    }
}
