//! EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): a closed-form item-item
//! regression B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹ and a zero diagonal, scoring s_u = x_u B.
//!
//! X is binary (played or not), as in the paper. Its cost is cubic in the number of items, so it is fitted
//! on the items at least `min_users` listeners have (the head of the catalogue); other items score 0. It is
//! too slow to train in a browser tab and serves as the evaluation's upper anchor, not as an app model.

use attune_engine::interactions::Csr;
use attune_engine::recommend::ItemScorer;
use ndarray::{Array1, Array2};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EaseParams {
    /// λ on the diagonal of the Gram matrix (default 300).
    pub regularization: f32,
    /// Items with fewer training listeners are left out (default 3).
    pub min_users: usize,
    /// At most this many items, the most listened (default 3,000: the fit is cubic in them, about 10 s
    /// natively at 3,000, and minutes at the 8,800 items of the tag × artist data set).
    pub max_items: usize,
}

impl Default for EaseParams {
    fn default() -> Self {
        EaseParams {
            regularization: 300.0,
            min_users: 3,
            max_items: 3000,
        }
    }
}

pub struct Ease {
    /// Catalogue item of each head item, and the reverse map (u32::MAX for items not in the head).
    head: Vec<u32>,
    head_of: Vec<u32>,
    /// B, head × head: row j holds how item j predicts every other head item.
    weights: Array2<f32>,
    plays: Csr,
}

impl Ease {
    pub fn fit(params: EaseParams, plays: &Csr) -> Ease {
        let n_items = plays.n_cols;
        let mut users_per_item = vec![0usize; n_items];
        plays
            .indices
            .iter()
            .for_each(|&i| users_per_item[i as usize] += 1);
        let mut head: Vec<u32> = (0..n_items as u32)
            .filter(|&i| users_per_item[i as usize] >= params.min_users)
            .collect();
        if head.len() > params.max_items {
            head.sort_by_key(|&i| (std::cmp::Reverse(users_per_item[i as usize]), i));
            head.truncate(params.max_items);
            head.sort_unstable();
        }
        let mut head_of = vec![u32::MAX; n_items];
        head.iter()
            .enumerate()
            .for_each(|(h, &i)| head_of[i as usize] = h as u32);
        let n = head.len();

        // G = XᵀX + λI over the head items, in f64 for the inversion.
        let mut g = Array2::<f64>::zeros((n, n));
        for u in 0..plays.n_rows() {
            let (items, _) = plays.row(u);
            let row: Vec<usize> = items
                .iter()
                .filter(|&&i| head_of[i as usize] != u32::MAX)
                .map(|&i| head_of[i as usize] as usize)
                .collect();
            for &a in &row {
                for &b in &row {
                    g[[a, b]] += 1.0;
                }
            }
        }
        g.diag_mut()
            .map_inplace(|v| *v += params.regularization as f64);
        let p = invert_spd(g);
        // B_ij = −P_ij / P_jj, B_jj = 0.
        let weights = Array2::from_shape_fn((n, n), |(i, j)| {
            if i == j {
                0.0
            } else {
                (-p[[i, j]] / p[[j, j]]) as f32
            }
        });
        Ease {
            head,
            head_of,
            weights,
            plays: plays.clone(),
        }
    }

    /// s = x B for the listener's played items (binary, so their weights are not used).
    pub fn score_history(&self, items: &[u32], out: &mut [f32]) {
        out.fill(0.0);
        let mut scores = Array1::<f32>::zeros(self.head.len());
        for &i in items {
            let h = self.head_of[i as usize];
            if h != u32::MAX {
                scores += &self.weights.row(h as usize);
            }
        }
        for (h, &i) in self.head.iter().enumerate() {
            out[i as usize] = scores[h];
        }
    }
}

impl ItemScorer for Ease {
    fn n_items(&self) -> usize {
        self.head_of.len()
    }

    fn score_items(&self, user: usize, out: &mut [f32]) {
        self.score_history(self.plays.row(user).0, out);
    }
}

/// Inverse of a symmetric positive definite matrix by Cholesky: A = L Lᵀ, A⁻¹ = L⁻ᵀ L⁻¹.
fn invert_spd(mut a: Array2<f64>) -> Array2<f64> {
    let n = a.nrows();
    let a = a.as_slice_mut().expect("row-major matrix");
    // In-place Cholesky, lower triangle (row-major, row i dotted with row j: contiguous).
    for j in 0..n {
        let d = a[j * n + j] - a[j * n..j * n + j].iter().map(|v| v * v).sum::<f64>();
        let ljj = d.max(1e-12).sqrt();
        a[j * n + j] = ljj;
        let row_j = a[j * n..j * n + j].to_vec();
        for i in j + 1..n {
            let row_i = &mut a[i * n..(i + 1) * n];
            let s: f64 = row_i[..j].iter().zip(&row_j).map(|(x, y)| x * y).sum();
            row_i[j] = (row_i[j] - s) / ljj;
        }
    }
    // L⁻¹ by forward substitution, stored transposed (column k of L⁻¹ as row k) for contiguous access.
    let mut linv_t = vec![0.0f64; n * n];
    for k in 0..n {
        let col = &mut linv_t[k * n..(k + 1) * n];
        col[k] = 1.0 / a[k * n + k];
        for i in k + 1..n {
            let s: f64 = a[i * n + k..i * n + i]
                .iter()
                .zip(&col[k..i])
                .map(|(l, c)| l * c)
                .sum();
            col[i] = -s / a[i * n + i];
        }
    }
    // A⁻¹_ij = Σ_k L⁻¹_ki L⁻¹_kj = (column i of L⁻¹) · (column j of L⁻¹).
    let mut inv = Array2::zeros((n, n));
    for i in 0..n {
        for j in 0..=i {
            let (ci, cj) = (&linv_t[i * n..(i + 1) * n], &linv_t[j * n..(j + 1) * n]);
            let s: f64 = ci[i..].iter().zip(&cj[i..]).map(|(x, y)| x * y).sum();
            inv[[i, j]] = s;
            inv[[j, i]] = s;
        }
    }
    inv
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_engine::testutil::{assert_recommends_withheld_diagonal, checker_board};

    #[test]
    fn checkerboard_recommends_the_withheld_diagonal() {
        let plays = checker_board(10);
        let params = EaseParams {
            regularization: 1.0,
            min_users: 1,
            ..Default::default()
        };
        assert_recommends_withheld_diagonal(&Ease::fit(params, &plays), &plays);
    }

    #[test]
    fn inverse_of_an_spd_matrix() {
        let a = ndarray::array![[4.0, 2.0, 0.6], [2.0, 5.0, 1.0], [0.6, 1.0, 3.0]];
        let inv = invert_spd(a.clone());
        for i in 0..3 {
            for j in 0..3 {
                let p: f64 = (0..3).map(|k| a[[i, k]] * inv[[k, j]]).sum();
                assert!(
                    (p - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12,
                    "({i},{j}) = {p}"
                );
            }
        }
    }

    #[test]
    fn items_below_min_users_score_zero() {
        let plays = Csr::from_triples(
            3,
            3,
            &[
                (0, 0, 1.0),
                (1, 0, 1.0),
                (1, 1, 1.0),
                (2, 0, 1.0),
                (2, 1, 1.0),
                (2, 2, 1.0),
            ],
        );
        let model = Ease::fit(
            EaseParams {
                regularization: 1.0,
                min_users: 2,
                ..Default::default()
            },
            &plays,
        );
        let mut out = vec![9.0; 3];
        model.score_history(&[0, 1], &mut out);
        assert_eq!(out[2], 0.0, "item 2 has one listener");
    }
}
