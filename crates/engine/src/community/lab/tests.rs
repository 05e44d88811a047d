use super::*;
use crate::community::tests::recommender;
use crate::testutil::music_play;

const DAY: i64 = 86_400;
/// 2024-01-01 00:00 UTC.
const JANUARY: i64 = 1_704_067_200;

/// A dance listener: Lumen Drive through January (one skip), then, in February, Block Theory for the
/// first time: the discovery a model could have predicted from January.
fn history() -> Vec<Play> {
    let mut plays: Vec<Play> = (0..8)
        .map(|i| {
            let title = ["Neon Nights", "Strobe Hearts"][i % 2];
            let ms = if i == 3 { 5_000 } else { 200_000 };
            music_play("Lumen Drive", title, JANUARY + i as i64 * DAY, ms)
        })
        .collect();
    plays.push(music_play(
        "Block Theory",
        "Concrete Verses",
        JANUARY + 40 * DAY,
        200_000,
    ));
    plays.push(music_play(
        "Block Theory",
        "Skyline Bars",
        JANUARY + 41 * DAY,
        200_000,
    ));
    plays
}

#[test]
fn the_lab_scores_each_model_on_the_later_discoveries() {
    let rec = recommender();
    let report = rec.lab(&history(), 5, 0);
    assert_eq!((report.train_plays, report.test_plays), (8, 2));
    assert_eq!(report.discoveries, 1, "Block Theory");
    let models: Vec<&str> = report.rows.iter().map(|r| r.model.as_str()).collect();
    assert_eq!(
        models,
        [
            "Sound-alikes",
            "Listeners like you",
            "Popular",
            "Hybrid (For you)"
        ]
    );
    let row = |name: &str| report.rows.iter().find(|r| r.model == name).unwrap();
    // The dance scene's listeners all play Block Theory: found, with one hit in five.
    let listeners = row("Listeners like you");
    assert_eq!(listeners.recall, 1.0);
    assert!(
        listeners.mrr > 0.0 && (listeners.precision - 0.2).abs() < 1e-9,
        "{listeners:?}"
    );
    for r in &report.rows {
        assert!(
            (0.0..=1.0).contains(&r.precision) && (0.0..=1.0).contains(&r.recall),
            "{r:?}"
        );
        assert!(r.variety > 0.0 && r.novelty > 0.0, "{r:?}");
    }
    // One January play of eight was under 30 s; February's were not.
    assert_eq!(
        report.skip_rate,
        [("2024-01".to_string(), 0.125), ("2024-02".to_string(), 0.0)]
    );
}

#[test]
fn nothing_to_find_scores_nothing() {
    let rec = recommender();
    let same: Vec<Play> = (0..10)
        .map(|i| music_play("Lumen Drive", "Neon Nights", JANUARY + i * DAY, 200_000))
        .collect();
    let report = rec.lab(&same, 5, 0);
    assert_eq!(report.discoveries, 0);
    assert!(report.rows.is_empty());
    assert!(rec.lab(&[], 5, 0).rows.is_empty());
}

#[test]
fn the_learning_curve_counts_good_reactions_in_runs() {
    let rewards = [-1.0, -0.5, 0.5, 1.0, -0.2, 0.5, 1.0];
    assert_eq!(learning_curve(&rewards, 3), [1.0 / 3.0, 2.0 / 3.0, 1.0]);
    assert!(learning_curve(&[], 3).is_empty());
}
