//! What comes next, measured on the listener's own history: learn from the earlier 80 % of sessions,
//! then in each later session rank the listener's tracks after every play and see where the next track
//! lands.
//!
//! This is the next-item protocol of session-based recommendation (Ludewig and Jannach 2018). A case is
//! two consecutive plays of different tracks in a held-out session, both known from the earlier
//! sessions, the second one heard for at least 30 seconds (a skipped track is no answer). Every ranker
//! sees the session up to the first play of the pair. Anchors measured on the same cases: the listener's
//! most played tracks, the first-order Markov chain and sequential rules. Intervals come from a bootstrap
//! over held-out sessions (the cases of one session are not independent).

use attune_engine::colisten::{sessions, CoListening};
use attune_engine::import::{Library, Play};
use attune_engine::metrics::{ranking_metrics, MeanRanking, RankingMetrics};
use attune_engine::names::normalise;
use attune_engine::next_track::{NextTrack, NextTrackSettings, Step};
use attune_engine::rng::Rng;

/// The share of sessions, oldest first, that the models learn from.
const TRAIN_SHARE: f64 = 0.8;
/// A next track heard this long is an answer.
const HEARD_MS: u64 = 30_000;
/// Bootstrap resamples of the held-out sessions.
const RESAMPLES: usize = 1000;
/// The ranker every other is compared with.
pub const REFERENCE: &str = "sequential rules (anchor)";

#[derive(Debug, Clone, PartialEq)]
pub struct RankerScore {
    pub name: String,
    pub mean: RankingMetrics,
    /// 95 % bootstrap interval of NDCG@k.
    pub ndcg_ci95: (f64, f64),
    /// NDCG@k over the reference's, with its 95 % bootstrap interval (paired: same resamples).
    pub vs_reference: f64,
    pub vs_reference_ci95: (f64, f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct NextTrackReport {
    pub train_sessions: usize,
    pub test_sessions: usize,
    /// Tracks known from the training sessions: what is ranked.
    pub tracks: usize,
    pub cases: usize,
    pub rankers: Vec<RankerScore>,
}

/// A held-out case: the session so far (known tracks, oldest first) and the track that came next.
struct Case {
    session: usize,
    recent: Vec<u32>,
    next: u32,
}

/// The earlier and later sessions of a history, split as the protocol does.
fn split_sessions(plays: &[Play]) -> (Vec<Vec<&Play>>, Vec<Vec<&Play>>) {
    let mut all = sessions(plays);
    // At least one session learnt from and, from two sessions on, at least one held out.
    let cut = (((all.len() as f64) * TRAIN_SHARE).ceil() as usize).clamp(1, all.len().max(2) - 1);
    let test = all.split_off(cut.min(all.len()));
    (all, test)
}

/// The report at cut-off `k`, or `None` when the history has no held-out case.
pub fn evaluate_next_track(plays: &[Play], k: usize) -> Option<NextTrackReport> {
    let (train, test) = split_sessions(plays);
    let model = CoListening::from_history(train.iter().flatten().copied(), &Library::default());
    let encoded: Vec<Vec<Step>> = train.iter().map(|s| model.encode(s)).collect();
    let cases = cases(&model, &test);
    if cases.is_empty() {
        return None;
    }
    let learn = |settings| NextTrack::learn(model.len(), &encoded, settings);
    let markov = learn(NextTrackSettings::MARKOV);
    let rules = learn(NextTrackSettings::SEQUENTIAL_RULES);
    let attune = learn(NextTrackSettings::default());
    let artists: Vec<String> = (0..model.len() as u32)
        .map(|i| normalise(&model.track(i).artist))
        .collect();
    let rankers: Vec<Ranker> = vec![
        (
            "most played (anchor)",
            Box::new(|_: &[u32], out: &mut [f32]| out.fill(0.0)),
        ),
        ("first-order Markov (anchor)", by_rules(&markov)),
        (REFERENCE, by_rules(&rules)),
        (
            "same artist, then most played",
            Box::new(|recent: &[u32], out: &mut [f32]| {
                let last = &artists[*recent.last().expect("a case has a play") as usize];
                for (o, a) in out.iter_mut().zip(&artists) {
                    *o = (a == last) as u8 as f32;
                }
            }),
        ),
        (
            "co-listening",
            Box::new(|recent: &[u32], out: &mut [f32]| {
                model.score_history(&recent[recent.len() - 1..], &[1.0], out)
            }),
        ),
        ("next track (Attune)", by_rules(&attune)),
    ];
    let most_played = model.most_played();
    let mut scores = vec![0.0f32; model.len()];
    let per_case: Vec<Vec<RankingMetrics>> = rankers
        .iter()
        .map(|(_, rank)| {
            cases
                .iter()
                .map(|case| {
                    let prev = *case.recent.last().expect("a case has a play");
                    rank(&case.recent, &mut scores);
                    // Most played order is the tie-break of every ranker: a stable sort keeps it.
                    let mut ranked: Vec<u32> =
                        most_played.iter().copied().filter(|&i| i != prev).collect();
                    ranked.sort_by(|&a, &b| scores[b as usize].total_cmp(&scores[a as usize]));
                    ranking_metrics(&ranked, &[case.next], k)
                })
                .collect()
        })
        .collect();
    let reference = rankers
        .iter()
        .position(|(name, _)| *name == REFERENCE)
        .expect("the reference is measured");
    let sessions_of: Vec<usize> = cases.iter().map(|c| c.session).collect();
    let scored = rankers
        .iter()
        .zip(&per_case)
        .map(|((name, _), metrics)| {
            let (ndcg_ci95, vs_reference, vs_reference_ci95) =
                bootstrap(&sessions_of, test.len(), metrics, &per_case[reference]);
            let mut mean = MeanRanking::default();
            metrics.iter().for_each(|m| mean.add(*m));
            RankerScore {
                name: name.to_string(),
                mean: mean.mean(),
                ndcg_ci95,
                vs_reference,
                vs_reference_ci95,
            }
        })
        .collect();
    Some(NextTrackReport {
        train_sessions: train.len(),
        test_sessions: test.len(),
        tracks: model.len(),
        cases: cases.len(),
        rankers: scored,
    })
}

/// Scores every track after the session so far.
type Scorer<'a> = Box<dyn Fn(&[u32], &mut [f32]) + 'a>;
/// A ranker and its name.
type Ranker<'a> = (&'a str, Scorer<'a>);

fn by_rules(rules: &NextTrack) -> Scorer<'_> {
    Box::new(move |recent, out| rules.score(recent, out))
}

/// The held-out cases: consecutive plays of two different known tracks, the second one heard.
fn cases(model: &CoListening, test: &[Vec<&Play>]) -> Vec<Case> {
    let mut cases = Vec::new();
    for (s, session) in test.iter().enumerate() {
        let mut recent = Vec::new();
        for pair in session.windows(2) {
            let prev = model.find(&pair[0].artist, &pair[0].title);
            if let Some(prev) = prev {
                recent.push(prev);
            }
            let (Some(prev), Some(next)) = (prev, model.find(&pair[1].artist, &pair[1].title))
            else {
                continue;
            };
            if prev != next && pair[1].ms_played >= HEARD_MS {
                cases.push(Case {
                    session: s,
                    recent: recent.clone(),
                    next,
                });
            }
        }
    }
    cases
}

/// The 95 % interval of the mean NDCG, the ratio of means against the reference and its interval, by
/// resampling held-out sessions with replacement.
fn bootstrap(
    session_of: &[usize],
    sessions: usize,
    metrics: &[RankingMetrics],
    reference: &[RankingMetrics],
) -> ((f64, f64), f64, (f64, f64)) {
    let mut by_session = vec![(0.0f64, 0.0f64, 0usize); sessions];
    for ((&s, m), r) in session_of.iter().zip(metrics).zip(reference) {
        by_session[s].0 += m.ndcg;
        by_session[s].1 += r.ndcg;
        by_session[s].2 += 1;
    }
    let total = |pick: &mut dyn FnMut() -> usize| {
        let (mut a, mut b, mut n) = (0.0, 0.0, 0);
        for _ in 0..sessions {
            let (sa, sb, sn) = by_session[pick()];
            (a, b, n) = (a + sa, b + sb, n + sn);
        }
        (a / n.max(1) as f64, if b > 0.0 { a / b } else { f64::NAN })
    };
    let mut next = 0;
    let (_, ratio) = total(&mut || {
        next += 1;
        next - 1
    });
    let mut rng = Rng::new(7);
    let (mut means, mut ratios): (Vec<f64>, Vec<f64>) = (0..RESAMPLES)
        .map(|_| total(&mut || rng.below(sessions)))
        .unzip();
    ((quantiles(&mut means)), ratio, quantiles(&mut ratios))
}

/// The 2.5 % and 97.5 % quantiles.
fn quantiles(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.025), at(0.975))
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
                .find(|r| r.name == name)
                .map(|r| r.mean.ndcg)
                .unwrap()
        };
        assert_eq!(ndcg("co-listening"), 1.0);
        assert_eq!(ndcg(REFERENCE), 1.0);
        assert_eq!(ndcg("next track (Attune)"), 1.0);
        assert_eq!(ndcg("most played (anchor)"), 0.0, "hit is always first");
        assert!(evaluate_next_track(&session(0, &["a"]), 1).is_none());
    }
}
