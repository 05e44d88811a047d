//! What Thompson sampling needs of Gaussians besides the precision matrix's Cholesky triangles
//! ([`crate::linalg::Cholesky`]): standard normals from the seeded [`Rng`].

use crate::rng::Rng;

/// A standard normal draw by the Box–Muller transform (one of its two outputs is thrown away: the draws
/// are few next to the matrix work around them).
pub fn standard_normal(rng: &mut Rng) -> f32 {
    // 1 - u is in (0, 1], so the logarithm is finite.
    let u = 1.0 - rng.next_f32() as f64;
    let v = rng.next_f32() as f64;
    ((-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::Cholesky;

    #[test]
    fn standard_normals_have_mean_zero_and_variance_one() {
        let mut rng = Rng::new(11);
        let draws: Vec<f64> = (0..20_000)
            .map(|_| standard_normal(&mut rng) as f64)
            .collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / draws.len() as f64;
        // Standard errors: 1/√20000 ≈ 0.007 for the mean, √(2/20000) = 0.01 for the variance.
        assert!(mean.abs() < 0.03, "{mean}");
        assert!((var - 1.0).abs() < 0.04, "{var}");
    }

    #[test]
    fn back_substituted_normals_have_the_inverse_precision_as_covariance() {
        // A = [[4, 2], [2, 5]]: A⁻¹ = [[5, -2], [-2, 4]] / 16.
        let f = Cholesky::factor_f64(&[4.0, 2.0, 2.0, 5.0], 2).unwrap();
        let mut rng = Rng::new(5);
        let n = 40_000;
        let mut cov = [0.0f64; 3];
        for _ in 0..n {
            let xi = [
                2.0 * standard_normal(&mut rng) as f64,
                2.0 * standard_normal(&mut rng) as f64,
            ];
            let d = f.backward(&xi);
            let (x, y) = (d[0], d[1]);
            cov[0] += x * x;
            cov[1] += x * y;
            cov[2] += y * y;
        }
        // scale² A⁻¹ = 4 A⁻¹ = [[1.25, -0.5], [-0.5, 1.0]].
        let want = [1.25, -0.5, 1.0];
        for (c, w) in cov.iter().zip(want) {
            assert!((c / n as f64 - w).abs() < 0.04, "{cov:?}");
        }
    }
}
