//! What Thompson sampling needs of Gaussians: standard normals from the seeded [`Rng`], and the
//! triangles of a precision matrix's Cholesky factor.

use crate::rng::Rng;

/// A standard normal draw by the Box–Muller transform (one of its two outputs is thrown away: the draws
/// are few next to the matrix work around them).
pub fn standard_normal(rng: &mut Rng) -> f32 {
    // 1 - u is in (0, 1], so the logarithm is finite.
    let u = 1.0 - rng.next_f32() as f64;
    let v = rng.next_f32() as f64;
    ((-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()) as f32
}

/// The lower Cholesky factor L of a symmetric positive definite precision matrix A = L Lᵀ. A posterior
/// needs its triangles apart: with h = L⁻¹g, the variance gᵀA⁻¹g is ‖h‖², and since a draw from
/// N(0, A⁻¹) is L⁻ᵀ ξ, gᵀ(that draw) is h · ξ, so one forward solve per candidate serves both.
/// `linalg::Cholesky` keeps L private and only solves A x = b whole, hence this factor of its own.
pub struct PrecisionFactor {
    /// Row-major lower triangle, in f64 like `linalg::Cholesky`.
    l: Vec<f64>,
    n: usize,
}

impl PrecisionFactor {
    /// `None` when A is not positive definite.
    pub fn new(a: &[f64], n: usize) -> Option<PrecisionFactor> {
        let mut l = vec![0.0f64; n * n];
        for i in 0..n {
            for j in 0..=i {
                let v = a[i * n + j] - dot64(&l[i * n..i * n + j], &l[j * n..j * n + j]);
                if i == j {
                    if v <= 0.0 {
                        return None;
                    }
                    l[i * n + i] = v.sqrt();
                } else {
                    l[i * n + j] = v / l[j * n + j];
                }
            }
        }
        Some(PrecisionFactor { l, n })
    }

    /// L⁻¹ b, by forward substitution.
    pub fn forward(&self, b: &[f64]) -> Vec<f64> {
        let (l, n) = (&self.l, self.n);
        let mut z = vec![0.0f64; n];
        for i in 0..n {
            z[i] = (b[i] - dot64(&l[i * n..i * n + i], &z[..i])) / l[i * n + i];
        }
        z
    }

    /// L⁻ᵀ y, by back substitution: for y ~ N(0, I) this is a draw of N(0, (L Lᵀ)⁻¹) = N(0, A⁻¹).
    pub fn backward(&self, y: &[f64]) -> Vec<f64> {
        let (l, n) = (&self.l, self.n);
        let mut x = vec![0.0f64; n];
        for i in (0..n).rev() {
            let s: f64 = (i + 1..n).map(|k| l[k * n + i] * x[k]).sum();
            x[i] = (y[i] - s) / l[i * n + i];
        }
        x
    }

    /// x with A x = b.
    pub fn solve(&self, b: &[f64]) -> Vec<f64> {
        self.backward(&self.forward(b))
    }
}

/// a · b in f64 with four partial sums, so that the loop vectorises (`linalg::dot` does the same in f32):
/// the factor and the forward solves spend their time here.
pub fn dot64(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a4.zip(b4) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f64>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn factor_of_a_hand_computed_matrix_and_refusal_of_an_indefinite_one() {
        // A = [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]]. Lᵀ (0, 2) = (2, 4), so L⁻ᵀ (2, 4) = (0, 2);
        // L (1, 1) = (2, 3), so L⁻¹ (2, 3) = (1, 1) and (2, 3) A⁻¹ (2, 3)ᵀ = ‖(1, 1)‖² = 2.
        let f = PrecisionFactor::new(&[4.0, 2.0, 2.0, 5.0], 2).unwrap();
        assert_eq!(f.l, [2.0, 0.0, 1.0, 2.0]);
        assert_eq!(f.backward(&[2.0, 4.0]), [0.0, 2.0]);
        assert_eq!(f.forward(&[2.0, 3.0]), [1.0, 1.0]);
        // A (0.5, 0.5) = (3, 3.5).
        assert_eq!(f.solve(&[3.0, 3.5]), [0.5, 0.5]);
        assert!(PrecisionFactor::new(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
    }

    #[test]
    fn back_substituted_normals_have_the_inverse_precision_as_covariance() {
        // A = [[4, 2], [2, 5]]: A⁻¹ = [[5, -2], [-2, 4]] / 16.
        let f = PrecisionFactor::new(&[4.0, 2.0, 2.0, 5.0], 2).unwrap();
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
