use super::*;
use crate::testutil::{assert_recommends_withheld_diagonal, checker_board};

fn params() -> AlsParams {
    AlsParams::default()
        .factors(8)
        .regularization(0.1)
        .iterations(20)
}

#[test]
fn checkerboard_recommends_the_withheld_diagonal() {
    let plays = checker_board(20);
    assert_recommends_withheld_diagonal(&Als::fit(params().check().unwrap(), &plays), &plays);
}

#[test]
fn reconstructs_a_small_matrix_at_tiny_regularization() {
    // A 7 × 6 matrix of play weights; with full rank and almost no penalty, x_u · y_i ≈ p_ui.
    let rows: [[f32; 6]; 7] = [
        [1.0, 1.0, 0.0, 1.0, 0.0, 0.0],
        [0.0, 1.0, 1.0, 1.0, 0.0, 0.0],
        [1.0, 0.0, 1.0, 0.0, 0.0, 0.0],
        [1.0, 1.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 1.0, 1.0, 0.0, 1.0],
        [0.0, 1.0, 0.0, 0.0, 0.0, 1.0],
        [0.0, 0.0, 0.0, 0.0, 1.0, 1.0],
    ];
    let mut triples = Vec::new();
    for (u, row) in rows.iter().enumerate() {
        for (i, &v) in row.iter().enumerate() {
            if v > 0.0 {
                triples.push((u as u32, i as u32, v));
            }
        }
    }
    let plays = Csr::from_triples(7, 6, &triples);
    let p = AlsParams::default()
        .factors(7)
        .regularization(1e-4)
        .iterations(60)
        .cg_steps(7);
    let model = Als::fit(p.check().unwrap(), &plays);
    for (u, row) in rows.iter().enumerate() {
        for (i, &v) in row.iter().enumerate() {
            let got = dot(model.user(u), model.item(i));
            assert!((got - v).abs() < 0.1, "({u}, {i}): {got} vs {v}");
        }
    }
}

#[test]
fn cg_and_cholesky_solve_the_same_system() {
    let plays = checker_board(16);
    let model = Als::fit(params().check().unwrap(), &plays);
    let p = model.params();
    let (items, weights) = plays.row(3);
    let exact = model.recalculate_user(items, weights);
    // Enough CG steps (one per dimension) converge to the exact solution from zero.
    let solver = cg::Solver {
        factors: 8,
        alpha0: p.unobserved_weight,
        steps: 8,
    };
    let g = gram(&model.item_factors);
    let confidence: Vec<f32> = weights.iter().map(|w| 1.0 + model.slope() * w).collect();
    let mut x = vec![0.0; 8];
    solver.solve_row(
        &mut x,
        &g,
        p.regularization,
        &model.item_factors,
        items,
        &confidence,
        &mut cg::Scratch::new(8),
    );
    for (a, b) in x.iter().zip(&exact) {
        assert!((a - b).abs() < 1e-3, "CG {x:?} vs Cholesky {exact:?}");
    }
    // And the trained vector, one item sweep older, is close to both.
    for (a, b) in exact.iter().zip(model.user(3)) {
        assert!((a - b).abs() < 2e-2, "{exact:?} vs {:?}", model.user(3));
    }
}

#[test]
fn fold_in_of_a_new_user_ranks_their_sides_items_first() {
    let plays = checker_board(12);
    // The checkerboard has rank 2; more factors would fit its diagonal holes instead.
    let model = Als::fit(params().factors(2).check().unwrap(), &plays);
    // A new listener who played the even items 0 and 2.
    let x = model.recalculate_user(&[0, 2], &[1.0, 1.0]);
    let mut scores = vec![0.0; 12];
    model.score_vector(&x, &mut scores);
    let best = crate::recommend::top_items(&scores, &[0, 2], 4);
    assert!(best.iter().all(|(i, _)| i % 2 == 0), "{best:?}");
}

/// See #17: one user's W_u is factored once for all the items a list explains.
#[test]
fn explanations_from_the_factored_user_weights_are_the_same() {
    let plays = checker_board(12);
    let model = Als::fit(params().check().unwrap(), &plays);
    let (items, weights) = plays.row(4);
    let user = model.user_weights(items, weights);
    for item in 0..12 {
        assert_eq!(
            model.explain_with(&user, items, weights, item, 3),
            model.explain(items, weights, item, 3)
        );
    }
}

#[test]
fn explanation_sums_to_the_folded_in_score_and_names_the_plays() {
    let plays = checker_board(12);
    let model = Als::fit(params().check().unwrap(), &plays);
    let (items, weights) = plays.row(4);
    let x = model.recalculate_user(items, weights);
    let explanation = model.explain(items, weights, 4, 3);
    let score = dot(&x, model.item(4));
    assert!(
        (explanation.score - score).abs() < 1e-3,
        "{} vs {score}",
        explanation.score
    );
    assert_eq!(explanation.top_contributions.len(), 3);
    assert!(explanation
        .top_contributions
        .iter()
        .all(|(j, _)| items.contains(j)));
    assert!(explanation
        .top_contributions
        .windows(2)
        .all(|w| w[0].1 >= w[1].1));
}

#[test]
fn the_seed_gives_the_same_factors() {
    let plays = checker_board(10);
    let a = Als::fit(params().check().unwrap(), &plays);
    let b = Als::fit(params().check().unwrap(), &plays);
    assert_eq!(a.item_factors, b.item_factors);
    let c = Als::fit(params().seed(7).check().unwrap(), &plays);
    assert_ne!(a.item_factors, c.item_factors);
}

#[test]
fn users_without_plays_get_zero_factors() {
    let plays = Csr::from_triples(3, 4, &[(0, 1, 1.0), (2, 3, 2.0)]);
    let model = Als::fit(params().check().unwrap(), &plays);
    assert!(model.user(1).iter().all(|&v| v == 0.0));
}

#[test]
fn bad_parameters_are_refused_with_the_value() {
    assert_eq!(
        AlsParams::default().factors(0).check(),
        Err(AlsError::Factors(0))
    );
    let err = AlsParams::default()
        .regularization(-1.0)
        .check()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "regularization must be positive and finite, but is -1"
    );
    assert_eq!(
        AlsParams::default().cg_steps(0).check(),
        Err(AlsError::CgSteps)
    );
    assert!(AlsParams::default().alpha(f32::NAN).check().is_err());
}

#[test]
fn woodbury_matches_cholesky_for_rows_with_few_plays() {
    let plays = checker_board(16);
    let model = Als::fit(params().check().unwrap(), &plays);
    let a0_for = |n: usize| {
        let mut a0 = gram(&model.item_factors);
        (0..8).for_each(|d| a0[[d, d]] += model.user_penalty.of(n));
        woodbury::invert(&a0).unwrap()
    };
    for (items, weights) in [
        (&[2u32][..], &[1.0f32][..]),
        (&[0, 4], &[0.5, 3.0]),
        (&[1, 3, 9], &[1.0, 2.0, 0.1]),
    ] {
        assert_woodbury_matches_fold_in(&model, &a0_for(items.len()), items, weights);
    }
    let inv = a0_for(1);
    // A confidence equal to α₀ leaves D singular: the caller falls back to CG.
    assert!(woodbury::solve(&inv, &model.item_factors, &[2], &[1.0], 1.0).is_none());
}

#[test]
fn frequency_scaled_penalty_grows_with_plays_and_fold_in_uses_it() {
    let rows = Csr::from_triples(
        3,
        8,
        &[
            (0, 0, 1.0),
            (1, 1, 1.0),
            (1, 2, 1.0),
            (1, 3, 1.0),
            (1, 4, 1.0),
            (2, 5, 1.0),
        ],
    );
    // Mean plays over rows with plays: 6 / 3 = 2.
    let penalty = cg::Penalty::for_rows(&rows, 10.0, 0.5);
    assert!((penalty.of(2) - 10.0).abs() < 1e-5);
    assert!((penalty.of(8) - 20.0).abs() < 1e-4, "{}", penalty.of(8));
    assert_eq!(
        cg::Penalty::for_rows(&rows, 10.0, 0.0).of(100),
        10.0,
        "ν = 0 is the plain penalty"
    );

    // With ν > 0 the trained users still agree with their exact fold-in.
    let plays = checker_board(16);
    let model = Als::fit(
        params()
            .reg_exponent(0.5)
            .iterations(40)
            .cg_steps(8)
            .check()
            .unwrap(),
        &plays,
    );
    let (items, weights) = plays.row(5);
    let folded = model.recalculate_user(items, weights);
    for (a, b) in folded.iter().zip(model.user(5)) {
        assert!((a - b).abs() < 2e-2, "{folded:?} vs {:?}", model.user(5));
    }
    assert_eq!(
        AlsParams::default().reg_exponent(3.0).check(),
        Err(AlsError::RegExponent(3.0))
    );
}

#[test]
fn a_skip_is_negative_feedback() {
    let plays = checker_board(12);
    let model = Als::fit(params().factors(2).check().unwrap(), &plays);
    // User 0 plays the even items 2 to 10; item 0 (even, withheld) is what the model would suggest.
    let (items, weights) = plays.row(0);
    let x = model.recalculate_user(items, weights);
    let before = dot(&x, model.item(0));
    // The same listener skipped item 0: it is now a confident "no".
    let mut with_skip: Vec<(u32, f32)> =
        items.iter().copied().zip(weights.iter().copied()).collect();
    with_skip.insert(0, (0, -2.0));
    let (skip_items, skip_weights): (Vec<u32>, Vec<f32>) = with_skip.into_iter().unzip();
    let x = model.recalculate_user(&skip_items, &skip_weights);
    let after = dot(&x, model.item(0));
    assert!(
        after < before - 0.1,
        "skipping item 0 lowers its score: {before} -> {after}"
    );
    // A skip never counts as a reason for a recommendation.
    let explanation = model.explain(&skip_items, &skip_weights, 6, 10);
    assert!(explanation
        .top_contributions
        .iter()
        .all(|&(j, c)| j != 0 || c == 0.0));
}

#[test]
fn training_with_negative_feedback_is_consistent_across_solvers() {
    // Item 0 is skipped by users 2 and 4, who play the other even items.
    let mut triples: Vec<(u32, u32, f32)> = Vec::new();
    let board = checker_board(12);
    for u in 0..12 {
        let (items, weights) = board.row(u);
        triples.extend(items.iter().zip(weights).map(|(&i, &w)| (u as u32, i, w)));
    }
    triples.retain(|&(u, i, _)| !((u == 2 || u == 4) && i == 0));
    triples.extend([(2, 0, -3.0), (4, 0, -3.0)]);
    let plays = Csr::from_triples(12, 12, &triples);
    let model = Als::fit(
        params()
            .factors(4)
            .iterations(40)
            .cg_steps(8)
            .check()
            .unwrap(),
        &plays,
    );
    for u in [2usize, 4] {
        let (items, weights) = plays.row(u);
        let folded = model.recalculate_user(items, weights);
        for (a, b) in folded.iter().zip(model.user(u)) {
            assert!(
                (a - b).abs() < 2e-2,
                "user {u}: {folded:?} vs {:?}",
                model.user(u)
            );
        }
        let x = model.user(u);
        assert!(
            dot(x, model.item(0)) < dot(x, model.item(6)),
            "user {u} ranks the skipped item low"
        );
    }
    // The Woodbury path agrees with Cholesky on a row with a rejection.
    let mut a0 = gram(&model.item_factors);
    (0..4).for_each(|d| a0[[d, d]] += model.user_penalty.of(2));
    let inv = woodbury::invert(&a0).unwrap();
    let (items, weights) = (&[0u32, 6][..], &[-3.0f32, 2.0][..]);
    assert_woodbury_matches_fold_in(&model, &inv, items, weights);
}

/// The Woodbury solve for a listener with these plays equals the exact Cholesky fold-in.
fn assert_woodbury_matches_fold_in(
    model: &Als,
    a0_inv: &ndarray::ArrayRef2<f32>,
    items: &[u32],
    weights: &[f32],
) {
    let p = model.params();
    let conf: Vec<f32> = weights
        .iter()
        .map(|&w| signed_confidence(model.slope(), w))
        .collect();
    let fast = woodbury::solve(
        a0_inv,
        &model.item_factors,
        items,
        &conf,
        p.unobserved_weight,
    )
    .unwrap();
    let exact = model.recalculate_user(items, weights);
    for (a, b) in fast.iter().zip(&exact) {
        assert!((a - b).abs() < 1e-4, "{items:?}: {fast:?} vs {exact:?}");
    }
}

#[test]
fn alpha_means_the_same_whatever_unit_the_weights_count_in() {
    // The same listening counted in units three times smaller (say tags instead of plays).
    let plays = checker_board(12).map_values(|w| w * (1.0 + 0.5 * w));
    let smaller = plays.map_values(|w| w / 3.0);
    let a = Als::fit(params().check().unwrap(), &plays);
    let b = Als::fit(params().check().unwrap(), &smaller);
    assert!((b.slope() - 3.0 * a.slope()).abs() < 1e-4 * a.slope());
    for (x, y) in a.item_factors.iter().zip(&b.item_factors) {
        assert!((x - y).abs() < 1e-4, "{x} vs {y}");
    }
    // A listener folded in with weights in either unit gets the same vector.
    let x = a.recalculate_user(&[1, 3], &[1.5, 1.5]);
    let y = b.recalculate_user(&[1, 3], &[0.5, 0.5]);
    for (x, y) in x.iter().zip(&y) {
        assert!((x - y).abs() < 1e-4, "{x} vs {y}");
    }
}

#[test]
fn scores_of_several_listeners_at_once_are_the_plain_products_bit_for_bit() {
    // Y·Xᵀ into a transposed view must give every score exactly as X·Yᵀ does: the tuner's choices, and so
    // the recommendations, rest on it. Item counts around the kernel's 8-wide tiles, listeners 1 to 129.
    let mut rng = crate::rng::Rng::new(11);
    for (items, listeners) in [(1, 1), (7, 3), (9, 16), (63, 17), (130, 128), (77, 129)] {
        let mut model = Als::fit(params().check().unwrap(), &checker_board(16));
        model.item_factors = ndarray::Array2::from_shape_fn((items, 8), |_| rng.next_f32() - 0.5);
        let xs: Vec<Vec<f32>> = (0..listeners)
            .map(|_| (0..8).map(|_| rng.next_f32() - 0.5).collect())
            .collect();
        let together = model.score_vectors(&xs);
        let x = ndarray::Array2::from_shape_fn((listeners, 8), |(b, f)| xs[b][f]);
        let plain = x.dot(&model.item_factors.t());
        assert_eq!(together.dim(), plain.dim());
        let bits = |m: &ndarray::Array2<f32>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&plain), bits(&together));
    }
}

#[test]
fn scores_of_several_listeners_at_once_are_each_listeners_own() {
    let model = Als::fit(params().check().unwrap(), &checker_board(16));
    let xs: Vec<Vec<f32>> = (0..5).map(|u| model.user(u).to_vec()).collect();
    let together = model.score_vectors(&xs);
    for (x, together) in xs.iter().zip(together.rows()) {
        let mut alone = vec![0.0; 16];
        model.score_vector(x, &mut alone);
        for (a, b) in alone.iter().zip(together) {
            assert!((a - b).abs() <= 1e-5 * a.abs().max(1.0), "{a} against {b}");
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn the_sweep_compiled_for_avx2_gives_the_same_factors_bit_for_bit() {
    if !std::arch::is_x86_feature_detected!("avx2") {
        eprintln!("skipping: this CPU has no AVX2, so every sweep is the one as written");
        return;
    }
    // Rows of 5 to 14 plays, solved by CG, and rows of 1 to 3 plays, solved by the Woodbury identity.
    let mut rng = crate::rng::Rng::new(7);
    let triples: Vec<(u32, u32, f32)> = (0..40u32)
        .flat_map(|u| (0..30u32).map(move |i| (u, i)))
        .filter(|&(u, i)| (u * 7 + i * 3) % 11 < 2 + u % 4)
        .chain((40..52u32).flat_map(|u| (0..1 + u % 3).map(move |k| (u, (u + 7 * k) % 30))))
        .map(|(u, i)| (u, i, 1.0 + rng.below(5) as f32))
        .collect();
    let plays = Csr::from_triples(52, 30, &triples);
    assert!((40..52).all(|u| (1..=3).contains(&plays.row(u).0.len())));
    let model = Als::fit(params().check().unwrap(), &plays);
    let p = model.params();
    let solver = cg::Solver {
        factors: p.factors,
        alpha0: p.unobserved_weight,
        steps: p.cg_steps,
    };
    let confidence = plays.map_values(|w| signed_confidence(model.slope(), w));
    let penalty = cg::Penalty::for_rows(&confidence, 0.5, 0.75);
    let (mut as_written, mut dispatched) = (model.user_factors.clone(), model.user_factors.clone());
    solver.sweep_as_written(&mut as_written, &model.item_factors, &confidence, penalty);
    solver.sweep(&mut dispatched, &model.item_factors, &confidence, penalty);
    assert!(
        as_written != model.user_factors,
        "the sweep moved the factors"
    );
    let bits = |m: &ndarray::Array2<f32>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&as_written), bits(&dispatched));
}
