//! The conjugate-gradient half-step (Takács et al. 2011, as in implicit's `_least_squares_cg`).

use crate::interactions::Csr;
use crate::linalg::{axpy, dot, gram, matvec};

pub(super) struct Solver {
    pub factors: usize,
    pub regularization: f32,
    /// α₀, the weight of unplayed items.
    pub alpha0: f32,
    pub steps: usize,
}

impl Solver {
    /// Updates every row of `x` against the fixed factors `y`, row u using the confidences of row u of
    /// `confidence` (users × items for the user step, items × users for the item step).
    pub fn sweep(&self, x: &mut [f32], y: &[f32], confidence: &Csr) {
        let f = self.factors;
        // A0 = α₀ YᵀY + λI, shared by every row.
        let mut a0 = gram(y, f);
        for v in a0.iter_mut() {
            *v *= self.alpha0;
        }
        for d in 0..f {
            a0[d * f + d] += self.regularization;
        }
        let a0_inv = super::woodbury::invert(&a0, f);
        let mut scratch = Scratch::new(f);
        for (u, xu) in x.chunks_exact_mut(f).enumerate() {
            let (items, conf) = confidence.row(u);
            if items.is_empty() {
                // No plays: the least-squares answer is the zero vector.
                xu.fill(0.0);
                continue;
            }
            // Rows with a few plays are solved exactly, and more cheaply than by CG.
            if items.len() <= super::woodbury::MAX_PLAYS {
                if let Some(exact) = a0_inv
                    .as_ref()
                    .and_then(|inv| super::woodbury::solve(inv, y, f, items, conf, self.alpha0))
                {
                    xu.copy_from_slice(&exact);
                    continue;
                }
            }
            self.solve_row(xu, &a0, y, items, conf, &mut scratch);
        }
    }

    /// x ← a few CG steps on (A0 + Σ_i (c_i − α₀) y_i y_iᵀ) x = Σ_i c_i y_i, warm-started from x.
    pub(super) fn solve_row(
        &self,
        x: &mut [f32],
        a0: &[f32],
        y: &[f32],
        items: &[u32],
        conf: &[f32],
        s: &mut Scratch,
    ) {
        let f = self.factors;
        let row = |i: u32| &y[i as usize * f..(i as usize + 1) * f];

        // r = b − A x = Σ c_i y_i − A0 x − Σ (c_i − α₀)(y_i·x) y_i
        matvec(a0, x, &mut s.r);
        s.r.iter_mut().for_each(|v| *v = -*v);
        for (&i, &c) in items.iter().zip(conf) {
            let yi = row(i);
            axpy(c - (c - self.alpha0) * dot(yi, x), yi, &mut s.r);
        }
        s.p.copy_from_slice(&s.r);
        let mut rs_old = dot(&s.r, &s.r);
        for _ in 0..self.steps {
            if rs_old < 1e-20 {
                break;
            }
            // Ap = A0 p + Σ (c_i − α₀)(y_i·p) y_i, without forming YᵀC_uY.
            matvec(a0, &s.p, &mut s.ap);
            for (&i, &c) in items.iter().zip(conf) {
                let yi = row(i);
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
