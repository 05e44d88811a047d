//! Exact solves for rows with very few plays, by the Woodbury identity.
//!
//! A row's system is A = A0 + U D Uᵀ with U = [y_1 … y_n] its played items' factors and
//! D = diag(c_i − α₀). With A0⁻¹ computed once per sweep and Z = A0⁻¹U (n matrix-vector products),
//!   A⁻¹ = A0⁻¹ − Z (D⁻¹ + UᵀZ)⁻¹ Zᵀ,  and since b = U (c∘p):  x = Z (cp − M⁻¹ S cp),  S = UᵀZ,
//!   M = D⁻¹ + S, with cp the confidences times the preferences.
//! For n ≤ 3 this costs n products where CG spends four, and it is exact. Most catalogue items have one
//! to three listeners, which makes the item half-step several times cheaper.

use super::confidence_and_preference;
use crate::linalg::{axpy, dot, matvec, row, rows, rows_mut, Cholesky};
use ndarray::{Array2, ArrayRef2, ArrayView1};

/// Rows with at most this many plays are solved here rather than by CG.
pub(super) const MAX_PLAYS: usize = 3;

/// x for a row with `items` (n ≤ MAX_PLAYS) of confidences `conf`, given A0⁻¹; `None` when a confidence
/// equals α₀ (D would not be invertible) so the caller falls back to CG. (Always inlined, so that it
/// runs in the sweep compiled for AVX2.)
#[inline(always)]
pub(super) fn solve(
    a0_inv: &ArrayRef2<f32>,
    y: &ArrayRef2<f32>,
    items: &[u32],
    conf: &[f32],
    alpha0: f32,
) -> Option<Vec<f32>> {
    let (n, f) = (items.len(), y.ncols());
    // Unsigned confidences, and c·p: what each play adds to the right-hand side (0 for a rejection).
    let (conf, cp): (Vec<f32>, Vec<f32>) = conf
        .iter()
        .map(|&signed| {
            let (c, p) = confidence_and_preference(signed);
            (c, c * p)
        })
        .unzip();
    let u: Vec<&[f32]> = items.iter().map(|&i| row(y, i as usize)).collect();
    // Z = A0⁻¹U, row k holding A0⁻¹ y_k.
    let mut z = Array2::zeros((n, f));
    for (zk, uk) in rows_mut(&mut z).zip(&u) {
        matvec(a0_inv, uk, zk);
    }
    // S = UᵀZ, M = D⁻¹ + S
    let mut s = Array2::zeros((n, n));
    let mut m = Array2::zeros((n, n));
    for a in 0..n {
        let d = conf[a] - alpha0;
        if d.abs() < 1e-6 {
            return None;
        }
        for b in 0..n {
            s[[a, b]] = dot(u[a], row(&z, b));
            m[[a, b]] = s[[a, b]] + if a == b { 1.0 / d } else { 0.0 };
        }
    }
    // M is symmetric but not always positive definite (D can be negative), so solve it by Gaussian
    // elimination with partial pivoting; n ≤ 3.
    let sc: Vec<f32> = (0..n)
        .map(|a| (0..n).map(|b| s[[a, b]] * cp[b]).sum())
        .collect();
    let t = solve_small(&mut m, sc)?;
    let coef: Vec<f32> = (0..n).map(|a| cp[a] - t[a]).collect();
    let mut x = vec![0.0f32; f];
    for (zk, ck) in rows(&z).zip(coef) {
        axpy(ck, zk, &mut x);
    }
    Some(x)
}

/// A0⁻¹ for the sweep: one Cholesky factorisation, then a solve per column.
pub(super) fn invert(a0: &ArrayRef2<f32>) -> Option<Array2<f32>> {
    let f = a0.nrows();
    let factor = Cholesky::factor(a0)?;
    let mut inv = Array2::zeros((f, f));
    let mut e = vec![0.0f32; f];
    for col in 0..f {
        e.fill(0.0);
        e[col] = 1.0;
        inv.column_mut(col)
            .assign(&ArrayView1::from(&factor.solve(&e)));
    }
    Some(inv)
}

/// Solves the small `n × n` system M t = rhs in place.
fn solve_small(m: &mut Array2<f32>, mut rhs: Vec<f32>) -> Option<Vec<f32>> {
    let n = rhs.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&a, &b| m[[a, col]].abs().total_cmp(&m[[b, col]].abs()))?;
        if m[[pivot, col]].abs() < 1e-12 {
            return None;
        }
        for k in 0..n {
            m.swap([col, k], [pivot, k]);
        }
        rhs.swap(col, pivot);
        for r in col + 1..n {
            let factor = m[[r, col]] / m[[col, col]];
            for k in col..n {
                m[[r, k]] -= factor * m[[col, k]];
            }
            rhs[r] -= factor * rhs[col];
        }
    }
    let mut x = vec![0.0f32; n];
    for r in (0..n).rev() {
        let s: f32 = (r + 1..n).map(|k| m[[r, k]] * x[k]).sum();
        x[r] = (rhs[r] - s) / m[[r, r]];
    }
    Some(x)
}
