use super::history::Tally;
use super::predictors::TrackRate;
use super::*;
use crate::import::import_paths;
use crate::testutil::shared_data;
use std::path::Path;

/// The hand-made export in `bandit/fixtures`: six music plays with a skip flag on 2024-08-03 (A, B, C, A
/// in one session from 12:00; B at 13:56:40 after a 1 h 49 min silence; D, which has no URI, at 14:03),
/// written out of order, plus a podcast and a play without a skip flag, both left out.
fn fixture_events() -> Vec<SkipEvent> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/bandit/fixtures/Streaming_History_Audio_2024_tiny.json");
    SkipEvent::from_plays(&import_paths(&[&path], 1_800_000_000).plays)
}

#[test]
fn music_plays_with_a_skip_flag_in_time_order() {
    let events = fixture_events();
    let tracks: Vec<&str> = events.iter().map(|e| e.track.as_str()).collect();
    assert_eq!(
        tracks,
        [
            "spotify:track:aaaa",
            "spotify:track:bbbb",
            "spotify:track:cccc",
            "spotify:track:aaaa",
            "spotify:track:bbbb",
            "Song D — Artist Y",
        ]
    );
    let skipped: Vec<bool> = events.iter().map(|e| e.skipped).collect();
    assert_eq!(skipped, [false, true, true, false, true, false]);
    // Ended 12:03:00 after 180 s: started at 12:00:00.
    assert_eq!(events[0].ended_at - events[0].started_at, 180);
}

#[test]
fn moments_know_the_past_and_nothing_else() {
    let events = fixture_events();
    let mut state = ListeningState::default();
    let moments: Vec<Moment> = events
        .iter()
        .map(|e| {
            let m = state.moment(e);
            state.observe(e, &m);
            m
        })
        .collect();
    assert_eq!(moments[0].gap_seconds, None);
    assert_eq!(moments[0].previous_skipped, None);
    assert_eq!(moments[0].session_position, 1);
    // B started 12:03:05, five seconds after A ended; same artist.
    let b = &moments[1];
    assert_eq!(b.gap_seconds, Some(5));
    assert_eq!(b.previous_skipped, Some(false));
    assert_eq!(b.previous_reason_end.as_deref(), Some("trackdone"));
    assert!(b.same_artist_as_previous && !b.same_track_as_previous);
    assert_eq!(
        (b.global, b.artist),
        (Tally { plays: 1, skips: 0 }, Tally { plays: 1, skips: 0 })
    );
    // The second A: its own tally is one full play, the session so far is A, B, C with two skips.
    let a = &moments[3];
    assert_eq!(a.track, Tally { plays: 1, skips: 0 });
    assert_eq!((a.session_position, a.session.skips), (4, 2));
    // The second B starts a session: 13:56:40 is 6,550 s after 12:07:30.
    let b2 = &moments[4];
    assert_eq!(b2.gap_seconds, Some(6_550));
    assert_eq!((b2.session_position, b2.session.plays), (1, 0));
    assert_eq!(b2.track, Tally { plays: 1, skips: 1 });
    assert_eq!(moments[5].previous_reason_end.as_deref(), Some("endplay"));
    assert_eq!(moments[5].session_position, 2);
}

#[test]
fn scores_by_hand() {
    // Positives 0.9, 0.4; negatives 0.2, 0.6: 3 of 4 pairs ordered. Errors 0.1, 0.2, 0.6, 0.6.
    let r = score(
        "x".into(),
        &[0.9, 0.2, 0.6, 0.4],
        &[true, false, false, true],
    );
    assert_eq!(r.auc, Some(0.75));
    assert!((r.rmse - (0.77f64 / 4.0).sqrt()).abs() < 1e-6);
    let logloss = -(0.9f64.ln() + 0.8f64.ln() + 0.4f64.ln() + 0.4f64.ln()) / 4.0;
    assert!((r.logloss - logloss).abs() < 1e-6);
    assert_eq!(r.events, 4);
}

#[test]
fn the_rate_baselines_by_hand() {
    let reports = evaluate_predictors(
        &fixture_events(),
        vec![Box::new(predictors::GlobalRate), Box::new(TrackRate)],
    );
    // Labels F T T F T F. Global (skips + 1) / (plays + 2): 1/2, 1/3, 1/2, 3/5, 1/2, 4/7.
    let global = [0.5, 1.0 / 3.0, 0.5, 0.6, 0.5, 4.0 / 7.0];
    // Track rates with one pseudo-play at that global rate: A, B, C unheard; A after one full play
    // (0 + 0.6) / 2; B after one skip (1 + 0.5) / 2; D unheard.
    let track = [0.5, 1.0 / 3.0, 0.5, 0.3, 0.75, 4.0 / 7.0];
    let labels = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0];
    for (report, predicted) in reports.iter().zip([global, track]) {
        let mse: f64 = predicted
            .iter()
            .zip(labels)
            .map(|(p, y)| (p - y) * (p - y))
            .sum::<f64>()
            / 6.0;
        assert!((report.rmse - mse.sqrt()).abs() < 1e-6, "{report:?}");
    }
    // Global: the positives 1/3, 1/2, 1/2 against the negatives 1/2, 3/5, 4/7 win only two ties.
    assert!((reports[0].auc.unwrap() - 1.0 / 9.0).abs() < 1e-9);
}

#[test]
fn no_predictor_reads_the_outcome_it_predicts() {
    let events = fixture_events();
    let mut predictors = default_predictors();
    let mut state = ListeningState::default();
    for event in &events {
        let moment = state.moment(event);
        let mut flipped = event.clone();
        flipped.skipped = !event.skipped;
        flipped.reason_end = Some("something else".into());
        for p in predictors.iter_mut() {
            assert_eq!(
                p.predict(event, &moment),
                p.predict(&flipped, &moment),
                "{}",
                p.name()
            );
            p.learn(event, &moment);
        }
        state.observe(event, &moment);
    }
}

#[test]
fn every_predictor_runs_on_the_fixture() {
    let reports = evaluate_skips(&fixture_events());
    let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "global running rate",
            "track running rate",
            "logistic, hashed context",
            "Attune (logistic, listening)"
        ]
    );
    for r in &reports {
        assert_eq!(r.events, 6);
        assert!(
            r.rmse > 0.0 && r.rmse < 1.0 && r.logloss.is_finite(),
            "{r:?}"
        );
    }
}

/// The real export: Attune's predictor beats the three baselines on AUC and RMSE.
#[test]
fn attune_beats_the_baselines_on_the_real_history() {
    let Some(data) = shared_data("attune_beats_the_baselines_on_the_real_history") else {
        return;
    };
    let dir = data.join("spotify-extended-history-efrrowini");
    let events = SkipEvent::from_plays(&import_paths(&[&dir], 1_900_000_000).plays);
    assert_eq!(events.len(), 6_929);
    assert_eq!(events.iter().filter(|e| e.skipped).count(), 2_196);
    let reports = evaluate_skips(&events);
    let attune = &reports[3];
    for baseline in &reports[..3] {
        assert!(attune.auc > baseline.auc, "{attune:?} vs {baseline:?}");
        assert!(attune.rmse < baseline.rmse, "{attune:?} vs {baseline:?}");
    }
}
