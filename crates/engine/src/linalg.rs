//! The few dense operations the factorization needs. Matrices are `ndarray` arrays in the standard
//! (row-major) layout; the kernels `dot` and `axpy` run on their rows as slices, written so the compiler
//! vectorises them natively (SSE/AVX) and with SIMD128 intrinsics in wasm.

use ndarray::{Array2, ArrayRef2};
use std::slice::{ChunksExact, ChunksExactMut};

/// Defines a method that runs `$as_written` (which must be `#[inline(always)]`, as must everything it
/// calls in its loops) compiled a second time for AVX2, chosen at run time where the CPU has it, and the
/// AVX2 copy itself (for tests). Rust never reorders or fuses float arithmetic, so both copies compute the
/// same bits; the AVX2 one holds 8 lanes a register instead of 4. (A closure passed to a generic helper
/// was tried instead: it was compiled apart, without AVX2.) The wasm build has only the code as written.
macro_rules! avx2_twin {
    ($(#[$doc:meta])* $vis:vis fn $name:ident, $avx2:ident => $as_written:ident(&self $(, $arg:ident: $ty:ty)* $(,)?)) => {
        $(#[$doc])*
        $vis fn $name(&self $(, $arg: $ty)*) {
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2, checked just above.
                return unsafe { self.$avx2($($arg),*) };
            }
            self.$as_written($($arg),*)
        }

        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2")]
        unsafe fn $avx2(&self $(, $arg: $ty)*) {
            self.$as_written($($arg),*)
        }
    };
}
pub(crate) use avx2_twin;

/// a · b
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd128::dot(a, b)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        dot_in_lanes::<f32, 8>(a, b)
    }
}

/// a · b with `LANES` independent partial sums: the loop vectorises without reordering a single sum.
#[inline]
fn dot_in_lanes<T, const LANES: usize>(a: &[T], b: &[T]) -> T
where
    T: Copy + Default + std::ops::Add<Output = T> + std::ops::Mul<Output = T> + std::iter::Sum,
{
    let mut acc = [T::default(); LANES];
    let (a_lanes, b_lanes) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: T = a_lanes
        .remainder()
        .iter()
        .zip(b_lanes.remainder())
        .map(|(&x, &y)| x * y)
        .sum();
    for (x, y) in a_lanes.zip(b_lanes) {
        for k in 0..LANES {
            acc[k] = acc[k] + x[k] * y[k];
        }
    }
    acc.into_iter().sum::<T>() + tail
}

/// y += alpha · x
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    simd128::axpy(alpha, x, y);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// a · b in f64 with four partial sums: the bandit's factor and forward solves spend their time here.
pub fn dot64(a: &[f64], b: &[f64]) -> f64 {
    dot_in_lanes::<f64, 4>(a, b)
}

/// n × n, `scale` on the diagonal, in f64.
pub fn scaled_identity(n: usize, scale: f64) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    (0..n).for_each(|i| m[i * n + i] = scale);
    m
}

/// y += alpha · x, in f64.
pub fn axpy64(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// M v for a square row-major M, in f64.
pub fn matvec64(m: &[f64], v: &[f64]) -> Vec<f64> {
    m.chunks_exact(v.len()).map(|row| dot64(row, v)).collect()
}

/// The same kernels with wasm SIMD128 intrinsics, so that the browser build does not depend on what the
/// autovectoriser makes of the loops above.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128 {
    use core::arch::wasm32::*;

    pub fn dot(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        let (mut acc0, mut acc1) = (f32x4_splat(0.0), f32x4_splat(0.0));
        let mut i = 0;
        while i + 8 <= n {
            // SAFETY: i + 8 <= n keeps both 16-byte loads of each slice in bounds; wasm loads need no
            // alignment.
            unsafe {
                let (pa, pb) = (
                    a.as_ptr().add(i) as *const v128,
                    b.as_ptr().add(i) as *const v128,
                );
                acc0 = f32x4_add(acc0, f32x4_mul(v128_load(pa), v128_load(pb)));
                acc1 = f32x4_add(acc1, f32x4_mul(v128_load(pa.add(1)), v128_load(pb.add(1))));
            }
            i += 8;
        }
        let acc = f32x4_add(acc0, acc1);
        let mut sum = f32x4_extract_lane::<0>(acc)
            + f32x4_extract_lane::<1>(acc)
            + f32x4_extract_lane::<2>(acc)
            + f32x4_extract_lane::<3>(acc);
        while i < n {
            sum += a[i] * b[i];
            i += 1;
        }
        sum
    }

    pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
        let n = x.len().min(y.len());
        let a = f32x4_splat(alpha);
        let mut i = 0;
        while i + 4 <= n {
            // SAFETY: i + 4 <= n keeps the 16-byte load and store in bounds of both slices.
            unsafe {
                let px = x.as_ptr().add(i) as *const v128;
                let py = y.as_mut_ptr().add(i) as *mut v128;
                v128_store(py, f32x4_add(v128_load(py), f32x4_mul(a, v128_load(px))));
            }
            i += 4;
        }
        while i < n {
            y[i] += alpha * x[i];
            i += 1;
        }
    }
}

/// Row `r` of a row-major matrix, as the slice the kernels take.
#[inline]
pub fn row(m: &ArrayRef2<f32>, r: usize) -> &[f32] {
    m.row(r).to_slice().expect("row-major matrix")
}

/// The rows of a row-major matrix as slices (one layout check for the whole matrix).
#[inline]
pub fn rows(m: &ArrayRef2<f32>) -> ChunksExact<'_, f32> {
    let n = m.ncols().max(1);
    m.as_slice().expect("row-major matrix").chunks_exact(n)
}

/// The rows of a row-major matrix as mutable slices.
#[inline]
pub fn rows_mut(m: &mut ArrayRef2<f32>) -> ChunksExactMut<'_, f32> {
    let n = m.ncols().max(1);
    m.as_slice_mut()
        .expect("row-major matrix")
        .chunks_exact_mut(n)
}

/// out = M v for a square `n × n` M.
/// (Always inlined, so that the factorization's sweep compiled for AVX2 has it in its own code.)
#[inline(always)]
pub fn matvec(m: &ArrayRef2<f32>, v: &[f32], out: &mut [f32]) {
    for (row, o) in rows(m).zip(out.iter_mut()) {
        *o = dot(row, v);
    }
}

/// The Gram matrix FᵀF of a `rows × n` factor matrix, `n × n`.
/// (Always inlined, as [`matvec`].)
#[inline(always)]
pub fn gram(factors: &ArrayRef2<f32>) -> Array2<f32> {
    let n = factors.ncols();
    let mut g = Array2::zeros((n, n));
    for row in rows(factors) {
        for (&ra, g_a) in row.iter().zip(rows_mut(&mut g)) {
            if ra != 0.0 {
                axpy(ra, row, g_a);
            }
        }
    }
    g
}

/// Solves A x = b for a symmetric positive definite `n × n` A by Cholesky (A = L Lᵀ). `None` when A is
/// not positive definite (a pivot is not positive).
pub fn cholesky_solve(a: &ArrayRef2<f32>, b: &[f32]) -> Option<Vec<f32>> {
    Some(Cholesky::factor(a)?.solve(b))
}

/// The Cholesky factor L of an SPD matrix, kept to solve several right-hand sides. Its triangles are
/// public too: a Gaussian posterior with precision A = L Lᵀ needs L⁻¹g for variances and L⁻ᵀξ for draws
/// (Thompson sampling, `crate::bandit`).
pub struct Cholesky {
    /// Row-major lower triangle, in f64: the matrices here have condition numbers that f32 pivots would
    /// lose digits to.
    l: Vec<f64>,
    n: usize,
}

impl Cholesky {
    /// The factor of an `n × n` f32 matrix, computed in f64.
    pub fn factor(a: &ArrayRef2<f32>) -> Option<Cholesky> {
        let a64: Vec<f64> = a.iter().map(|&v| v as f64).collect();
        Cholesky::factor_f64(&a64, a.nrows())
    }

    /// The factor of a row-major `n × n` f64 matrix (the bandit keeps its precision matrices flat);
    /// `None` when A is not positive definite (a pivot is not positive).
    pub fn factor_f64(a: &[f64], n: usize) -> Option<Cholesky> {
        let mut l = vec![0.0f64; n * n];
        for i in 0..n {
            for j in 0..=i {
                let mut sum = a[i * n + j];
                for k in 0..j {
                    sum -= l[i * n + k] * l[j * n + k];
                }
                if i == j {
                    if sum <= 0.0 {
                        return None;
                    }
                    l[i * n + i] = sum.sqrt();
                } else {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        Some(Cholesky { l, n })
    }

    /// L⁻¹ b, by forward substitution.
    pub fn forward(&self, b: &[f64]) -> Vec<f64> {
        let (l, n) = (&self.l, self.n);
        let mut z = vec![0.0f64; n];
        for i in 0..n {
            let s: f64 = (0..i).map(|k| l[i * n + k] * z[k]).sum();
            z[i] = (b[i] - s) / l[i * n + i];
        }
        z
    }

    /// L⁻ᵀ y, by back substitution: for y ~ N(0, I) a draw of N(0, A⁻¹).
    pub fn backward(&self, y: &[f64]) -> Vec<f64> {
        let (l, n) = (&self.l, self.n);
        let mut x = vec![0.0f64; n];
        for i in (0..n).rev() {
            let s: f64 = (i + 1..n).map(|k| l[k * n + i] * x[k]).sum();
            x[i] = (y[i] - s) / l[i * n + i];
        }
        x
    }

    /// x with A x = b: L z = b, then Lᵀ x = z.
    pub fn solve_f64(&self, b: &[f64]) -> Vec<f64> {
        self.backward(&self.forward(b))
    }

    pub fn solve(&self, b: &[f32]) -> Vec<f32> {
        let b: Vec<f64> = b.iter().map(|&v| v as f64).collect();
        self.solve_f64(&b).into_iter().map(|v| v as f32).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn cholesky_triangles_of_a_hand_computed_matrix_and_refusal_of_an_indefinite_one() {
        // A = [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]]. Lᵀ (0, 2) = (2, 4), so L⁻ᵀ (2, 4) = (0, 2);
        // L (1, 1) = (2, 3), so L⁻¹ (2, 3) = (1, 1).
        let f = Cholesky::factor_f64(&[4.0, 2.0, 2.0, 5.0], 2).unwrap();
        assert_eq!(f.l, [2.0, 0.0, 1.0, 2.0]);
        assert_eq!(f.backward(&[2.0, 4.0]), [0.0, 2.0]);
        assert_eq!(f.forward(&[2.0, 3.0]), [1.0, 1.0]);
        // A (0.5, 0.5) = (3, 3.5).
        assert_eq!(f.solve_f64(&[3.0, 3.5]), [0.5, 0.5]);
        assert!(Cholesky::factor_f64(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
    }

    #[test]
    fn dot_axpy_matvec_gram() {
        let a: Vec<f32> = (0..19).map(|i| i as f32).collect();
        let b = vec![2.0f32; 19];
        assert_eq!(dot(&a, &b), 2.0 * (0..19).sum::<i32>() as f32);
        let mut y = vec![1.0f32; 3];
        axpy(2.0, &[1.0, 2.0, 3.0], &mut y);
        assert_eq!(y, [3.0, 5.0, 7.0]);
        let mut out = vec![0.0; 2];
        matvec(&array![[1.0, 2.0], [3.0, 4.0]], &[1.0, 1.0], &mut out);
        assert_eq!(out, [3.0, 7.0]);
        // Rows (1, 2) and (3, 4): FᵀF = [[10, 14], [14, 20]].
        assert_eq!(
            gram(&array![[1.0, 2.0], [3.0, 4.0]]),
            array![[10.0, 14.0], [14.0, 20.0]]
        );
    }

    #[test]
    fn cholesky_solves_spd_systems_and_refuses_others() {
        let a = array![[4.0, 2.0, 0.6], [2.0, 5.0, 1.0], [0.6, 1.0, 3.0]];
        let x_true = [1.0f32, -2.0, 0.5];
        let mut b = vec![0.0; 3];
        matvec(&a, &x_true, &mut b);
        let x = cholesky_solve(&a, &b).unwrap();
        for (got, want) in x.iter().zip(x_true) {
            assert!((got - want).abs() < 1e-5, "{x:?}");
        }
        assert_eq!(
            cholesky_solve(&array![[1.0, 2.0], [2.0, 1.0]], &[1.0, 1.0]),
            None
        );
    }
}
