use super::*;
use crate::interactions::Csr;
use crate::rng::Rng;

/// Four taste groups of 40 listeners over 60 items; each listener plays 10 to 16 of their group's 15
/// items, and a few items of other groups, with play counts as weights (log1p, as the models see them).
fn groups() -> Csr {
    let mut rng = Rng::new(5);
    let mut triples = Vec::new();
    for u in 0..160u32 {
        let group = u / 40;
        for k in 0..15u32 {
            if rng.below(15) < 12 {
                triples.push((u, group * 15 + k, (1.0 + rng.below(20) as f32).ln_1p()));
            }
        }
        for _ in 0..2 {
            triples.push((u, rng.below(60) as u32, 1.0f32.ln_1p()));
        }
    }
    Csr::from_triples(160, 60, &triples)
}

fn options(target: Target) -> TuneOptions {
    let mut start = HybridParams::default();
    start.als = start.als.factors(8);
    // One neighbour an item: the neighbours cannot make up for a poor factorization here.
    start.neighbours.neighbours = 1;
    TuneOptions {
        target,
        start,
        ..Default::default()
    }
}

#[test]
fn it_leaves_a_setting_that_is_clearly_worse() {
    // A penalty of 300 shrinks every factor of this small matrix to almost nothing: the search must move away from it and gain.
    for target in [Target::Known, Target::FoldIn] {
        let mut bad = options(target);
        bad.start.als = bad.start.als.regularization(300.0);
        let tuned = tune(&groups(), &bad).unwrap();
        // Confidence and penalty trade off (a larger α is a smaller λ), and the neighbours can take over:
        // any of them may move.
        assert_ne!(tuned.params, bad.start, "{target:?}");
        assert!(
            tuned.ndcg > tuned.start_ndcg * 1.1,
            "{target:?}: {} vs {}",
            tuned.ndcg,
            tuned.start_ndcg
        );
        assert!(tuned.sweeps <= bad.max_sweeps);
    }
}

#[test]
fn the_budget_bounds_the_search() {
    let mut tight = options(Target::Known);
    tight.max_sweeps = tight.start.als.iterations + WARM_SWEEPS;
    let tuned = tune(&groups(), &tight).unwrap();
    assert!(tuned.sweeps <= tight.max_sweeps, "{} sweeps", tuned.sweeps);
    // One warm step of the factorization at most; the neighbours' steps cost no sweep.
    let moved = [
        tuned.params.als.alpha != tight.start.als.alpha,
        tuned.params.als.regularization != tight.start.als.regularization,
        tuned.params.als.reg_exponent != tight.start.als.reg_exponent,
    ];
    assert!(moved.iter().filter(|&&m| m).count() <= 1, "{}", tuned);
}

#[test]
fn validation_holds_out_training_items_only_and_fits_without_them() {
    let plays = groups();
    for target in [Target::Known, Target::FoldIn] {
        let v = Validation::carve(&plays, target, 1, 2000);
        assert!(v.held_out().count() > 10);
        for (user, items, held_out) in v.held_out() {
            let row = match user {
                Some(u) => u,
                None => (0..plays.n_rows())
                    .find(|&u| {
                        let r = plays.row(u).0;
                        items.iter().chain(held_out).all(|i| r.contains(i))
                            && r.len() == items.len() + held_out.len()
                    })
                    .expect("the listener is a row of the training data"),
            };
            let (given, fitted) = (plays.row(row).0, v.train.row(row).0);
            assert!(held_out.iter().all(|i| given.contains(i)), "from the data");
            assert!(
                held_out.iter().all(|i| !fitted.contains(i)),
                "not fitted on"
            );
            if target == Target::FoldIn {
                assert!(fitted.is_empty(), "a folded-in listener is not trained on");
            }
        }
    }
}

#[test]
fn the_settings_read_back() {
    let tuned = tune(&groups(), &options(Target::Known)).unwrap();
    let read = HybridParams::default()
        .with_settings(&tuned.params.settings())
        .unwrap();
    assert_eq!(read.als.alpha, tuned.params.als.alpha);
    assert_eq!(read.als.regularization, tuned.params.als.regularization);
    assert_eq!(read.neighbour_weight, tuned.params.neighbour_weight);
    assert!(HybridParams::default()
        .with_settings("neighbour_weight=-1")
        .is_err());
    assert!(HybridParams::default().with_settings("alpha=x").is_err());
}
