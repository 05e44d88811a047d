//! The conjugate-gradient half-step (Takács et al. 2011, as in implicit's `_least_squares_cg`), with a
//! penalty that grows with a row's number of plays.

use super::confidence_and_preference;
use crate::interactions::Csr;
use crate::linalg::{axpy, dot, gram, matvec, row, rows_mut};
use ndarray::ArrayRef2;

pub(super) struct Solver {
    pub factors: usize,
    /// α₀, the weight of unplayed items.
    pub alpha0: f32,
    pub steps: usize,
}

/// Frequency-scaled regularization (Rendle et al., "Revisiting the Performance of iALS on Item
/// Recommendation Benchmarks", RecSys 2022): a row with n plays is penalised λ · (n / n̄)^ν, where n̄ is
/// the mean over rows with plays. ν = 0 is the paper's plain λ.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Penalty {
    pub lambda: f32,
    pub exponent: f32,
    pub mean_plays: f32,
}

impl Penalty {
    pub fn for_rows(rows: &Csr, lambda: f32, exponent: f32) -> Penalty {
        let with_plays = (0..rows.n_rows())
            .filter(|&r| !rows.row(r).0.is_empty())
            .count();
        let mean_plays = rows.nnz() as f32 / with_plays.max(1) as f32;
        Penalty {
            lambda,
            exponent,
            mean_plays: mean_plays.max(1.0),
        }
    }

    pub fn of(&self, plays: usize) -> f32 {
        if self.exponent == 0.0 {
            return self.lambda;
        }
        self.lambda * (plays as f32 / self.mean_plays).powf(self.exponent)
    }
}

impl Solver {
    crate::linalg::avx2_twin! {
        /// Updates every row of `x` against the fixed factors `y`, row u using the confidences of row u of
        /// `confidence` (users × items for the user step, items × users for the item step). Half of
        /// `attune recommend`'s time is sweeps: they run compiled for AVX2 where the CPU has it, the
        /// kernels they call inlined, the same factors bit for bit.
        pub fn sweep, sweep_avx2 => sweep_as_written(
            &self,
            x: &mut ArrayRef2<f32>,
            y: &ArrayRef2<f32>,
            confidence: &Csr,
            penalty: Penalty,
        )
    }

    /// The sweep as written; [`Solver::sweep`] runs it compiled for AVX2 where the CPU has it.
    #[inline(always)]
    pub(super) fn sweep_as_written(
        &self,
        x: &mut ArrayRef2<f32>,
        y: &ArrayRef2<f32>,
        confidence: &Csr,
        penalty: Penalty,
    ) {
        let f = self.factors;
        // G = α₀ YᵀY, shared by every row; row u solves with A0 = G + λ_u I.
        let mut g = gram(y);
        g *= self.alpha0;
        // (G + λ_n I)⁻¹ for the few play counts the Woodbury path handles.
        let small_inverses: Vec<_> = (0..=super::woodbury::MAX_PLAYS)
            .map(|n| {
                let mut a0 = g.clone();
                a0.diag_mut().map_inplace(|v| *v += penalty.of(n));
                super::woodbury::invert(&a0)
            })
            .collect();
        let mut scratch = Scratch::new(f);
        for (u, xu) in rows_mut(x).enumerate() {
            let (items, conf) = confidence.row(u);
            if items.is_empty() {
                // No plays: the least-squares answer is the zero vector.
                xu.fill(0.0);
                continue;
            }
            // Rows with a few plays are solved exactly, and more cheaply than by CG.
            // (No closure here: a closure is compiled apart, without the AVX2 of `sweep_avx2`.)
            if let Some(Some(inverse)) = small_inverses.get(items.len()) {
                if let Some(exact) = super::woodbury::solve(inverse, y, items, conf, self.alpha0) {
                    xu.copy_from_slice(&exact);
                    continue;
                }
            }
            self.solve_row(
                xu,
                &g,
                penalty.of(items.len()),
                y,
                items,
                conf,
                &mut scratch,
            );
        }
    }

    /// x ← a few CG steps on (G + λ_u I + Σ_i (c_i − α₀) y_i y_iᵀ) x = Σ_i c_i p_i y_i, warm-started from
    /// x; `conf` holds signed confidences (see `signed_confidence`).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn solve_row(
        &self,
        x: &mut [f32],
        g: &ArrayRef2<f32>,
        lambda: f32,
        y: &ArrayRef2<f32>,
        items: &[u32],
        conf: &[f32],
        s: &mut Scratch,
    ) {
        // out = A0 v = G v + λ_u v
        let apply_a0 = |v: &[f32], out: &mut [f32]| {
            matvec(g, v, out);
            axpy(lambda, v, out);
        };

        // r = b − A x = Σ c_i y_i − A0 x − Σ (c_i − α₀)(y_i·x) y_i
        apply_a0(x, &mut s.r);
        s.r.iter_mut().for_each(|v| *v = -*v);
        for (&i, &signed) in items.iter().zip(conf) {
            let (c, p) = confidence_and_preference(signed);
            let yi = row(y, i as usize);
            axpy(c * p - (c - self.alpha0) * dot(yi, x), yi, &mut s.r);
        }
        s.p.copy_from_slice(&s.r);
        let mut rs_old = dot(&s.r, &s.r);
        for _ in 0..self.steps {
            if rs_old < 1e-20 {
                break;
            }
            // Ap = A0 p + Σ (c_i − α₀)(y_i·p) y_i, without forming YᵀC_uY.
            apply_a0(&s.p, &mut s.ap);
            for (&i, &signed) in items.iter().zip(conf) {
                let (c, _) = confidence_and_preference(signed);
                let yi = row(y, i as usize);
                axpy((c - self.alpha0) * dot(yi, &s.p), yi, &mut s.ap);
            }
            let step = rs_old / dot(&s.p, &s.ap);
            axpy(step, &s.p, x); // x += step · p
            axpy(-step, &s.ap, &mut s.r); // r −= step · Ap
            let rs_new = dot(&s.r, &s.r);
            // p = r + (rs_new / rs_old) p
            let beta = rs_new / rs_old;
            for (pk, rk) in s.p.iter_mut().zip(&s.r) {
                *pk = rk + beta * *pk;
            }
            rs_old = rs_new;
        }
    }
}

pub(super) struct Scratch {
    r: Vec<f32>,
    p: Vec<f32>,
    ap: Vec<f32>,
}

impl Scratch {
    pub(super) fn new(f: usize) -> Scratch {
        Scratch {
            r: vec![0.0; f],
            p: vec![0.0; f],
            ap: vec![0.0; f],
        }
    }
}
