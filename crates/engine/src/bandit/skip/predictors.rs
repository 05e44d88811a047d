//! The skip predictors: the three baselines and Attune's model.

use super::history::{Moment, SkipEvent, Tally};
use super::logistic::{bucket, one_hot, Feature, MixedLogistic};
use crate::bandit::context::hour_and_weekend;

/// Predicts P(skip) for an event from what is known before it, then learns its outcome.
pub trait SkipPredictor {
    fn name(&self) -> String;
    fn predict(&self, event: &SkipEvent, moment: &Moment) -> f32;
    /// Learns `event.skipped`, after [`SkipPredictor::predict`] was asked.
    fn learn(&mut self, event: &SkipEvent, moment: &Moment);
}

/// The global running skip rate, with Laplace's rule of succession: (skips + 1) / (plays + 2).
fn global_rate(moment: &Moment) -> f32 {
    moment.global.rate(0.5, 2.0)
}

/// A tally's rate with one pseudo-play at the global rate, so a track never heard starts there.
fn rate_towards_global(tally: Tally, moment: &Moment) -> f32 {
    tally.rate(global_rate(moment), 1.0)
}

/// Baseline: the global running skip rate.
pub struct GlobalRate;

impl SkipPredictor for GlobalRate {
    fn name(&self) -> String {
        "global running rate".into()
    }
    fn predict(&self, _: &SkipEvent, moment: &Moment) -> f32 {
        global_rate(moment)
    }
    fn learn(&mut self, _: &SkipEvent, _: &Moment) {}
}

/// Baseline: the track's running skip rate (the global rate for a track never heard).
pub struct TrackRate;

impl SkipPredictor for TrackRate {
    fn name(&self) -> String {
        "track running rate".into()
    }
    fn predict(&self, _: &SkipEvent, moment: &Moment) -> f32 {
        rate_towards_global(moment.track, moment)
    }
    fn learn(&mut self, _: &SkipEvent, _: &Moment) {}
}

/// Which features a [`LogisticSkip`] sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureSet {
    /// The baseline: one-hot hour, weekend, shuffle, reason_start, platform, track, artist.
    Context,
    /// The context plus the listening just before: the previous play (skipped? how it ended? the same
    /// track or artist?), the silence since it, the position in the session, and the running skip rates
    /// of the track, the artist, the session and overall.
    Attune,
}

/// Online logistic regression on hashed features, the same learner for both feature sets: the third
/// baseline or Attune's predictor.
pub struct LogisticSkip {
    model: MixedLogistic,
    features: FeatureSet,
}

/// 2¹⁸ buckets: a few thousand tracks and artists collide rarely.
const BITS: u32 = 18;

impl LogisticSkip {
    pub fn new(features: FeatureSet) -> LogisticSkip {
        LogisticSkip {
            model: MixedLogistic::new(BITS),
            features,
        }
    }

    fn features(&self, event: &SkipEvent, moment: &Moment) -> Vec<Feature> {
        let mut f = context_features(event);
        if self.features == FeatureSet::Attune {
            f.extend(listening_features(event, moment));
        }
        f
    }
}

impl SkipPredictor for LogisticSkip {
    fn name(&self) -> String {
        match self.features {
            FeatureSet::Context => "logistic, hashed context".into(),
            FeatureSet::Attune => "Attune (logistic, listening)".into(),
        }
    }
    fn predict(&self, event: &SkipEvent, moment: &Moment) -> f32 {
        self.model.predict(&self.features(event, moment))
    }
    fn learn(&mut self, event: &SkipEvent, moment: &Moment) {
        let features = self.features(event, moment);
        self.model.learn(&features, event.skipped);
    }
}

fn flag(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// The baseline's one-hots; the hour is UTC (an export does not say the listener's time zone, and a
/// fixed shift changes nothing for a one-hot).
fn context_features(event: &SkipEvent) -> Vec<Feature> {
    let (hour, weekend) = hour_and_weekend(event.started_at);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        one_hot("bias", "", BITS),
        one_hot("hour", &(hour as u32).to_string(), BITS),
        one_hot("weekend", &weekend.to_string(), BITS),
        one_hot("shuffle", flag(event.shuffle), BITS),
        one_hot("reason_start", &text(&event.reason_start), BITS),
        one_hot("platform", &text(&event.platform), BITS),
        one_hot("track", &event.track, BITS),
        one_hot("artist", &event.artist, BITS),
    ]
}

/// ⌊log₂(n + 1) / 2⌋: buckets two doublings wide (for seconds: < 3 s, < 15 s, < 1 min, < 4 min, …).
fn log_bucket(n: i64) -> u32 {
    ((n.max(0) + 1) as f64).log2() as u32 / 2
}

/// log(p / (1 − p)): rates enter the model on the scale of its own output.
fn logit(p: f32) -> f32 {
    (p / (1.0 - p)).ln()
}

fn listening_features(event: &SkipEvent, m: &Moment) -> Vec<Feature> {
    let previous_skipped = m.previous_skipped.map_or("none", |s| flag(Some(s)));
    let start = event.reason_start.as_deref().unwrap_or("");
    let gap = m
        .gap_seconds
        .map_or("none".to_string(), |g| log_bucket(g).to_string());
    // 1, 2–3, 4–7, … plays into the session.
    let position = m.session_position.max(1).ilog2().to_string();
    let artist_rate = rate_towards_global(m.artist, m);
    let numeric = |name: &str, value: f32| (bucket(name, BITS), value);
    let mut f = vec![
        one_hot("previous_skipped", previous_skipped, BITS),
        one_hot(
            "previous_end",
            m.previous_reason_end.as_deref().unwrap_or("none"),
            BITS,
        ),
        one_hot("gap", &gap, BITS),
        one_hot("session_position", &position, BITS),
        one_hot(
            "start×previous_skipped",
            &format!("{start}|{previous_skipped}"),
            BITS,
        ),
        one_hot(
            "start×shuffle",
            &format!("{start}|{}", flag(event.shuffle)),
            BITS,
        ),
        // The track's rate leans on its artist's when it has few plays of its own.
        numeric("track_rate", logit(m.track.rate(artist_rate, 1.0))),
        numeric("artist_rate", logit(artist_rate)),
        numeric("session_rate", logit(rate_towards_global(m.session, m))),
        numeric("global_rate", logit(global_rate(m))),
        numeric("track_plays", (m.track.plays as f32).ln_1p()),
    ];
    if m.same_track_as_previous {
        f.push(one_hot("repeat", "track", BITS));
    }
    if m.same_artist_as_previous {
        f.push(one_hot("repeat", "artist", BITS));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_logits_by_hand() {
        // log₂(1) = 0; log₂(3) = 1.58 → 0; log₂(4) = 2 → 1; log₂(64) = 6 → 3.
        let buckets: Vec<u32> = [0, 2, 3, 63].iter().map(|&n| log_bucket(n)).collect();
        assert_eq!(buckets, [0, 0, 1, 3]);
        assert_eq!(logit(0.5), 0.0);
        assert!((logit(0.75) - 3f32.ln()).abs() < 1e-6);
    }
}
