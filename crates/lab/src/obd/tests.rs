use super::*;
use attune_engine::testutil::shared_data;

fn fixture_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/obd-tiny")
}

/// A policy that always plays item 1, so every estimate can be worked out by hand.
struct AlwaysOne;

impl Policy for AlwaysOne {
    fn name(&self) -> String {
        "always item 1".into()
    }
    fn probabilities(&self, _: &[f32], candidates: &[Candidate], _: &mut Rng) -> Vec<f32> {
        (0..candidates.len())
            .map(|i| (i == 1) as u8 as f32)
            .collect()
    }
    fn update(&mut self, _: &[f32], _: &Candidate, _: f32) {}
}

#[test]
fn the_fixture_is_read_in_time_order_with_one_hot_contexts() {
    let log = ObdLog::read_dir(&fixture_dir()).unwrap();
    assert_eq!((log.events.len(), log.items()), (8, 3));
    assert_eq!(log.click_rate(), 3.0 / 8.0);
    // Line 4 of the file (item 2) is earlier than line 3 (item 1).
    let items: Vec<usize> = log.events.iter().map(|e| e.item).collect();
    assert_eq!(items, [1, 0, 2, 1, 1, 2, 1, 0]);
    // Vocabularies: 2 + 2 + 2 + 1 user values; the position is not in the context.
    assert_eq!(log.context_len(), 7);
    let third = &log.events[2]; // u0b, u1a, u2a, u3a at position 3
    assert_eq!(third.position, 2);
    assert_eq!(log.context(third), [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
    let candidates = log.candidates(third);
    assert_eq!(candidates[2].features, [0.25, 2.0]);
    assert_eq!(candidates[1].features, [1.5, 0.0]);
}

#[test]
fn estimates_of_a_fixed_policy_by_hand() {
    let log = ObdLog::read_dir(&fixture_dir()).unwrap();
    let report = evaluate_progressive(&log, vec![Box::new(AlwaysOne)], 1);
    let est = report[0].estimates;
    let w = 1.0 / 0.333_333_3f64;
    // Item 1 was logged 4 times and clicked 3 times.
    assert!((est.ips() - 3.0 * w / 8.0).abs() < 1e-6);
    assert!((est.snips().unwrap() - 0.75).abs() < 1e-6);
    assert_eq!((est.matched, est.replay()), (4, Some(0.75)));
    // DR: r̂(item 1) before each event, from the item's and the global running click rates with 10
    // pseudo-impressions: 0, 1, 6/11, 13/33, 7/12, 6/13, 16/39, 51/98; the logged item 1 (events 1, 4, 5,
    // 7) adds w·(click − r̂).
    let r_hat = [
        0.0,
        1.0,
        6.0 / 11.0,
        13.0 / 33.0,
        7.0 / 12.0,
        6.0 / 13.0,
        16.0 / 39.0,
        51.0 / 98.0,
    ];
    let corrections =
        w * (1.0 - r_hat[0]) + w * (1.0 - r_hat[3]) + w * (0.0 - r_hat[4]) + w * (1.0 - r_hat[6]);
    let dr = (r_hat.iter().sum::<f64>() + corrections) / 8.0;
    assert!(
        (est.doubly_robust() - dr).abs() < 1e-5,
        "{} vs {dr}",
        est.doubly_robust()
    );
}

#[test]
fn default_policies_run_the_fixture() {
    let log = ObdLog::read_dir(&fixture_dir()).unwrap();
    let report = evaluate_progressive(&log, default_policies(&log), 7);
    assert_eq!(report.len(), 3);
    for r in &report {
        let e = r.estimates;
        assert_eq!(e.events, 8);
        assert!(e.ips() >= 0.0 && e.doubly_robust().is_finite(), "{r:?}");
    }
}

#[test]
fn malformed_files_are_refused_with_their_line() {
    let items = "item_id,item_feature_0\n0,0.5\n";
    let header = "timestamp,item_id,position,click,propensity_score,user_feature_0,user_feature_1,\
                  user_feature_2,user_feature_3,user-item_affinity_0\n";
    let err = ObdLog::parse(&format!("{header}t,0,1,x,0.5,a,b,c,d,0\n"), items).unwrap_err();
    assert_eq!(
        err.to_string(),
        "random_all.csv, line 2: click \"x\" is not a number"
    );
    let err = ObdLog::parse(&format!("{header}t,3,1,0,0.5,a,b,c,d,0\n"), items).unwrap_err();
    assert!(
        err.to_string()
            .contains("item_id 3 is not in the item table"),
        "{err}"
    );
    let err = ObdLog::parse("timestamp\nt\n", items).unwrap_err();
    assert!(err.to_string().contains("no column \"item_id\""), "{err}");
    let err = ObdLog::read_dir(Path::new("/nonexistent")).unwrap_err();
    assert!(err.to_string().contains("cannot read it"), "{err}");
}

#[test]
fn the_real_sample_matches_its_description() {
    let Some(data) = shared_data("the_real_sample_matches_its_description") else {
        return;
    };
    let log = ObdLog::read_dir(&data.join("open-bandit-dataset-small")).unwrap();
    assert_eq!((log.events.len(), log.items()), (10_000, 80));
    assert_eq!(log.events.iter().filter(|e| e.click).count(), 38);
    assert!(log.events.iter().all(|e| e.propensity == 0.0125));
    // 3 + 5 + 8 + 8 user values.
    assert_eq!(log.context_len(), 24);
}
