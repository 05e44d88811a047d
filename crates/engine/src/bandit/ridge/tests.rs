use super::*;
use crate::linalg::cholesky_solve;

fn arm(arm: u64, features: &[f32]) -> Candidate {
    Candidate {
        arm,
        features: features.to_vec(),
    }
}

#[test]
fn one_update_of_a_shared_model_by_hand() {
    // No item features and no arm blocks: z = x = (1, c). With λ = 1 and one reward 1 at c = 1,
    // A₀ = I + (1,1)(1,1)ᵀ = [[2, 1], [1, 2]], b₀ = (1, 1), β̂ = (1/3, 1/3).
    let params = RidgeParams {
        lambda: 1.0,
        per_arm: false,
    };
    let mut model = HybridRidge::new(1, 0, params);
    model.update(&[1.0], &arm(0, &[]), 1.0);
    let s = model.scores(&[1.0], &[arm(0, &[]), arm(1, &[])]);
    // mean = (1, 1)·β̂ = 2/3; variance = zᵀA₀⁻¹z = (1, 1)·(1/3, 1/3) = 2/3, the same for every arm.
    for (m, v) in s.mean.iter().zip(&s.variance) {
        assert!(
            (m - 2.0 / 3.0).abs() < 1e-6 && (v - 2.0 / 3.0).abs() < 1e-6,
            "{m} {v}"
        );
    }
    // One reward (1): Welford's m2 = 0, σ̂² = (0 + 0.25) / 2.
    assert!((s.noise - 0.125f32.sqrt()).abs() < 1e-6);
}

#[test]
fn noise_scale_follows_the_rewards_variance() {
    let mut model = HybridRidge::new(0, 0, RidgeParams::default());
    assert_eq!(model.noise_scale(), 0.5);
    model.update(&[], &arm(0, &[]), 0.0);
    model.update(&[], &arm(0, &[]), 1.0);
    // Rewards 0 and 1: m2 = 0.5, σ̂² = (0.5 + 0.25) / 3 = 0.25.
    assert!((model.noise_scale() - 0.5).abs() < 1e-6);
}

/// The hybrid model's means and variances equal those of one ridge regression over the stacked
/// coefficients (β, θ_0, θ_1), solved directly.
#[test]
fn hybrid_equals_the_joint_ridge_regression() {
    let (context_len, item_len, lambda) = (2, 1, 0.7);
    let params = RidgeParams {
        lambda,
        per_arm: true,
    };
    let mut model = HybridRidge::new(context_len, item_len, params);
    let items = [[0.5f32], [-1.0]];
    let mut rng = Rng::new(3);
    let mut rows: Vec<(Vec<f32>, usize, f32)> = Vec::new();
    for t in 0..12 {
        let context = vec![rng.next_f32() - 0.5, (t % 3) as f32];
        let a = t % 2;
        let reward = if rng.next_f32() < 0.4 { 1.0 } else { 0.0 };
        model.update(&context, &arm(a as u64, &items[a]), reward);
        rows.push((context, a, reward));
    }
    let (d, k) = (context_len + 1, (context_len + 1) * (item_len + 1));
    let p = k + 2 * d;
    let joint = |context: &[f32], a: usize| {
        let x: Vec<f32> = std::iter::once(1.0)
            .chain(context.iter().copied())
            .collect();
        let mut phi = model.shared_features(&x, &items[a]);
        phi.resize(p, 0.0);
        phi[k + a * d..k + (a + 1) * d].copy_from_slice(&x);
        phi
    };
    let mut a = vec![0.0f32; p * p];
    (0..p).for_each(|i| a[i * p + i] = lambda);
    let mut b = vec![0.0f32; p];
    for (context, arm_index, reward) in &rows {
        let phi = joint(context, *arm_index);
        for i in 0..p {
            axpy(phi[i], &phi, &mut a[i * p..(i + 1) * p]);
        }
        axpy(*reward, &phi, &mut b);
    }
    let a = ndarray::Array2::from_shape_vec((p, p), a).unwrap();
    let theta = cholesky_solve(&a, &b).unwrap();
    let probe = [0.3f32, 1.0];
    let s = model.scores(&probe, &[arm(0, &items[0]), arm(1, &items[1])]);
    for a_index in 0..2 {
        let phi = joint(&probe, a_index);
        let mean = dot(&phi, &theta);
        let variance = dot(&phi, &cholesky_solve(&a, &phi).unwrap());
        assert!(
            (s.mean[a_index] - mean).abs() < 1e-4,
            "{} vs {mean}",
            s.mean[a_index]
        );
        assert!(
            (s.variance[a_index] - variance).abs() < 1e-4,
            "{} vs {variance}",
            s.variance[a_index]
        );
    }
}

#[test]
fn draws_centre_on_the_mean_with_the_posterior_variance() {
    let mut model = HybridRidge::new(1, 1, RidgeParams::default());
    for t in 0..20 {
        let reward = (t % 4 == 0) as u8 as f32;
        model.update(&[1.0], &arm(t % 2, &[t as f32 / 20.0]), reward);
    }
    let candidates = [arm(0, &[0.2]), arm(7, &[-0.4])];
    let s = model.scores(&[0.5], &candidates);
    let mut rng = Rng::new(9);
    let n = 20_000;
    let (mut sum, mut sum_sq) = ([0.0f64; 2], [0.0f64; 2]);
    for _ in 0..n {
        let draw = model.draw(&s, 1.0, &mut rng);
        for c in 0..2 {
            sum[c] += draw[c] as f64;
            sum_sq[c] += (draw[c] as f64).powi(2);
        }
    }
    for c in 0..2 {
        let mean = sum[c] / n as f64;
        let var = sum_sq[c] / n as f64 - mean * mean;
        let want_var = (s.noise * s.noise * s.variance[c]) as f64;
        assert!(
            (mean - s.mean[c] as f64).abs() < 0.03 * want_var.sqrt() * 3.0,
            "{mean}"
        );
        assert!((var / want_var - 1.0).abs() < 0.05, "{var} vs {want_var}");
    }
}

#[test]
fn state_survives_a_json_round_trip() {
    let mut model = HybridRidge::new(2, 1, RidgeParams::default());
    model.update(&[0.1, 0.2], &arm(42, &[1.0]), 1.0);
    model.update(&[0.3, -0.2], &arm(7, &[0.5]), 0.0);
    let json = serde_json::to_string(&model).unwrap();
    let back: HybridRidge = serde_json::from_str(&json).unwrap();
    assert_eq!(back.arms_learnt(), 2);
    // serde_json reads an f64 back to within one unit in the last place, not always bit for bit.
    let candidates = [arm(42, &[1.0]), arm(7, &[0.5]), arm(1, &[0.0])];
    let (before, after) = (
        model.scores(&[0.2, 0.1], &candidates),
        back.scores(&[0.2, 0.1], &candidates),
    );
    for c in 0..3 {
        assert!((before.mean[c] - after.mean[c]).abs() < 1e-6);
        assert!((before.variance[c] - after.variance[c]).abs() < 1e-6);
    }
}

#[test]
fn prior_variance_is_the_variance_before_any_update() {
    for per_arm in [false, true] {
        let params = RidgeParams {
            lambda: 2.0,
            per_arm,
        };
        let mut model = HybridRidge::new(2, 3, params);
        let (context, item) = ([0.5, -1.0], [1.5, 0.0, -2.0]);
        // x = (1, 0.5, −1): ‖x‖² = 2.25; y = (1, 1.5, 0, −2): ‖y‖² = 7.25; λ = 2.
        let by_hand = 2.25 * (7.25 + if per_arm { 1.0 } else { 0.0 }) / 2.0;
        assert!((model.prior_variance(&context, &item) - by_hand).abs() < 1e-5);
        let fresh = model.scores(&context, &[arm(7, &item)]).variance[0];
        assert!((fresh - by_hand).abs() < 1e-4, "{fresh} vs {by_hand}");
        // Learning about the item shrinks its variance below the prior.
        model.update(&context, &arm(7, &item), 1.0);
        assert!(model.scores(&context, &[arm(7, &item)]).variance[0] < by_hand);
    }
}
