//! How well co-listening knows what goes together, measured on the listener's own history: learn from
//! the earlier 80 % of sessions, then in each later session rank the listener's tracks for every play and
//! see where the next track lands.
//!
//! This is the next-item protocol of session-based recommendation (Ludewig and Jannach 2018). A case is
//! two consecutive plays of different tracks in a held-out session, both known from the earlier
//! sessions, the second one heard for at least 30 seconds (a skipped track is no answer). Anchors measured
//! on the same cases: the listener's most played tracks, and the previous track's artist first.

use attune_engine::colisten::{sessions, CoListening};
use attune_engine::import::{Library, Play};
use attune_engine::metrics::{ranking_metrics, MeanRanking, RankingMetrics};
use attune_engine::names::normalise;

/// The share of sessions, oldest first, that co-listening learns from.
const TRAIN_SHARE: f64 = 0.8;
/// A next track heard this long is an answer.
const HEARD_MS: u64 = 30_000;

#[derive(Debug, Clone, PartialEq)]
pub struct NextTrackReport {
    pub train_sessions: usize,
    pub test_sessions: usize,
    /// Tracks known from the training sessions: what is ranked.
    pub tracks: usize,
    pub cases: usize,
    /// Each ranker's mean metrics at the cut-off.
    pub rankers: Vec<(&'static str, RankingMetrics)>,
}

/// The report at cut-off `k`, or `None` when the history has no held-out case.
pub fn evaluate_next_track(plays: &[Play], k: usize) -> Option<NextTrackReport> {
    let all = sessions(plays);
    // At least one session learnt from and, from two sessions on, at least one held out.
    let cut = (((all.len() as f64) * TRAIN_SHARE).ceil() as usize).clamp(1, all.len().max(2) - 1);
    let (train, test) = all.split_at(cut.min(all.len()));
    let model = CoListening::from_history(train.iter().flatten().copied(), &Library::default());
    let artists: Vec<String> = (0..model.len() as u32)
        .map(|i| normalise(&model.track(i).artist))
        .collect();
    let most_played = model.most_played();

    let mut colisten = MeanRanking::default();
    let mut popular = MeanRanking::default();
    let mut same_artist = MeanRanking::default();
    let mut cases = 0;
    let mut scores = vec![0.0f32; model.len()];
    for session in test {
        for pair in session.windows(2) {
            let (Some(prev), Some(next)) = (
                model.find(&pair[0].artist, &pair[0].title),
                model.find(&pair[1].artist, &pair[1].title),
            ) else {
                continue;
            };
            if prev == next || pair[1].ms_played < HEARD_MS {
                continue;
            }
            cases += 1;
            let others = || most_played.iter().copied().filter(|&i| i != prev);
            // Most played order is the tie-break of every ranker: a stable sort keeps it.
            model.score_history(&[prev], &[1.0], &mut scores);
            let mut by_colistening: Vec<u32> = others().collect();
            by_colistening.sort_by(|&a, &b| scores[b as usize].total_cmp(&scores[a as usize]));
            let mut by_artist: Vec<u32> = others().collect();
            by_artist.sort_by_key(|&i| artists[i as usize] != artists[prev as usize]);
            let relevant = [next];
            colisten.add(ranking_metrics(&by_colistening, &relevant, k));
            popular.add(ranking_metrics(&others().collect::<Vec<_>>(), &relevant, k));
            same_artist.add(ranking_metrics(&by_artist, &relevant, k));
        }
    }
    if cases == 0 {
        return None;
    }
    Some(NextTrackReport {
        train_sessions: train.len(),
        test_sessions: test.len(),
        tracks: model.len(),
        cases,
        rankers: vec![
            ("most played (anchor)", popular.mean()),
            ("same artist, then most played", same_artist.mean()),
            ("co-listening", colisten.mean()),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_engine::testutil::band_session as session;

    const HOUR: i64 = 3600;

    #[test]
    fn the_next_track_protocol_rewards_knowing_what_follows_what() {
        // Two habits, each its own session: a then b, c then d; "hit" is played most but alone.
        let mut plays = Vec::new();
        for day in 0..10 {
            let start = day * 24 * HOUR;
            plays.extend(session(start, &["a", "b"]));
            plays.extend(session(start + 3 * HOUR, &["c", "d"]));
            plays.extend(session(start + 6 * HOUR, &["hit", "hit", "hit"]));
        }
        let report = evaluate_next_track(&plays, 1).unwrap();
        assert_eq!((report.train_sessions, report.test_sessions), (24, 6));
        assert_eq!(report.tracks, 5);
        assert_eq!(report.cases, 4, "a→b and c→d on each of the last two days");
        let ndcg = |name: &str| {
            report
                .rankers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, m)| m.ndcg)
                .unwrap()
        };
        assert_eq!(ndcg("co-listening"), 1.0);
        assert_eq!(ndcg("most played (anchor)"), 0.0, "hit is always first");
        assert!(evaluate_next_track(&session(0, &["a"]), 1).is_none());
    }
}
