//! The user × item interaction matrix that the collaborative models learn from, in compressed sparse row
//! form (one row a user), with the string ids of the files it came from.
//!
//! Input lines are `user<TAB>item<TAB>weight` (weight optional, default 1), as the CLI contract says;
//! repeated pairs add up.

use crate::error::DataError;
use std::collections::HashMap;
use std::io::BufRead;

/// A sparse matrix in CSR form: row r holds `indices[indptr[r]..indptr[r+1]]` with their `values`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Csr {
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
    pub n_cols: usize,
}

impl Csr {
    /// Builds from (row, col, value) triples; duplicates are summed, columns sorted within a row.
    pub fn from_triples(n_rows: usize, n_cols: usize, triples: &[(u32, u32, f32)]) -> Csr {
        let mut counts = vec![0usize; n_rows + 1];
        for &(r, _, _) in triples {
            counts[r as usize + 1] += 1;
        }
        for r in 0..n_rows {
            counts[r + 1] += counts[r];
        }
        let mut fill = counts.clone();
        let mut cells = vec![(0u32, 0f32); triples.len()];
        for &(r, c, v) in triples {
            cells[fill[r as usize]] = (c, v);
            fill[r as usize] += 1;
        }
        let mut csr = Csr {
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
            n_cols,
        };
        for r in 0..n_rows {
            let row = &mut cells[counts[r]..counts[r + 1]];
            row.sort_unstable_by_key(|&(c, _)| c);
            for &(c, v) in row.iter() {
                if csr.indices.len() > csr.indptr[r] && csr.indices.last() == Some(&c) {
                    *csr.values.last_mut().expect("a value per index") += v;
                } else {
                    csr.indices.push(c);
                    csr.values.push(v);
                }
            }
            csr.indptr.push(csr.indices.len());
        }
        csr
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    pub fn row(&self, r: usize) -> (&[u32], &[f32]) {
        let (start, end) = (self.indptr[r], self.indptr[r + 1]);
        (&self.indices[start..end], &self.values[start..end])
    }

    /// The same matrix with rows and columns swapped (items × users from users × items).
    pub fn transpose(&self) -> Csr {
        let mut triples = Vec::with_capacity(self.nnz());
        for r in 0..self.n_rows() {
            let (cols, vals) = self.row(r);
            triples.extend(cols.iter().zip(vals).map(|(&c, &v)| (c, r as u32, v)));
        }
        Csr::from_triples(self.n_cols, self.n_rows(), &triples)
    }

    /// The same matrix with every value passed through `f` (for example play counts to confidence).
    pub fn map_values(&self, f: impl Fn(f32) -> f32) -> Csr {
        Csr {
            values: self.values.iter().map(|&v| f(v)).collect(),
            ..self.clone()
        }
    }
}

/// Interactions with their string ids.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Interactions {
    pub users: Vec<String>,
    pub items: Vec<String>,
    /// users × items.
    pub matrix: Csr,
}

impl Interactions {
    /// Reads `user<TAB>item[<TAB>weight]` lines. Blank lines are skipped; anything else malformed is an
    /// error naming the line.
    pub fn read_tsv(input: impl BufRead, source: &str) -> Result<Interactions, DataError> {
        let mut users = IdMap::default();
        let mut items = IdMap::default();
        let mut triples = Vec::new();
        for (i, line) in input.lines().enumerate() {
            let line_no = i as u64 + 1;
            let bad = |what: String| DataError::BadLine {
                file: source.into(),
                line: line_no,
                what,
            };
            let line = line.map_err(|e| bad(e.to_string()))?;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(user), Some(item)) = (fields.next(), fields.next()) else {
                return Err(bad("expected user<TAB>item[<TAB>weight]".into()));
            };
            let weight = match fields.next() {
                None | Some("") => 1.0,
                Some(w) => match w.trim().parse::<f32>() {
                    Ok(w) if w.is_finite() && w >= 0.0 => w,
                    // A header such as HetRec's "userID<TAB>artistID<TAB>weight".
                    Err(_) if line_no == 1 => continue,
                    _ => return Err(bad(format!("weight {w:?} is not a non-negative number"))),
                },
            };
            triples.push((users.id(user), items.id(item), weight));
        }
        let matrix = Csr::from_triples(users.names.len(), items.names.len(), &triples);
        Ok(Interactions {
            users: users.names,
            items: items.names,
            matrix,
        })
    }

    pub fn n_users(&self) -> usize {
        self.users.len()
    }

    pub fn n_items(&self) -> usize {
        self.items.len()
    }

    /// The same users and items with a different matrix (for a train split).
    pub fn with_matrix(&self, matrix: Csr) -> Interactions {
        Interactions {
            users: self.users.clone(),
            items: self.items.clone(),
            matrix,
        }
    }
}

#[derive(Default)]
struct IdMap {
    index: HashMap<String, u32>,
    names: Vec<String>,
}

impl IdMap {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_reads_ids_weights_and_sums_duplicates() {
        let text = "u1\ta\t3\nu1\tb\nu2\ta\t1.5\r\n\nu1\ta\t2\n";
        let data = Interactions::read_tsv(text.as_bytes(), "t.tsv").unwrap();
        assert_eq!(data.users, ["u1", "u2"]);
        assert_eq!(data.items, ["a", "b"]);
        assert_eq!(data.matrix.row(0), (&[0u32, 1][..], &[5.0f32, 1.0][..]));
        assert_eq!(data.matrix.row(1), (&[0u32][..], &[1.5f32][..]));
    }

    #[test]
    fn bad_lines_are_named() {
        let err = Interactions::read_tsv("u1\ta\t1\nu2\n".as_bytes(), "t.tsv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.tsv, line 2: expected user<TAB>item[<TAB>weight]"
        );
        let err = Interactions::read_tsv("u1\ta\t-4\n".as_bytes(), "t.tsv").unwrap_err();
        assert!(
            err.to_string()
                .contains("\"-4\" is not a non-negative number"),
            "{err}"
        );
        let with_header =
            Interactions::read_tsv("user\titem\tweight\nu1\ta\t2\n".as_bytes(), "t.tsv").unwrap();
        assert_eq!(with_header.users, ["u1"]);
        let err =
            Interactions::read_tsv("u1\ta\t1\nu1\tb\tlots\n".as_bytes(), "t.tsv").unwrap_err();
        assert!(err.to_string().contains("line 2: weight \"lots\""), "{err}");
    }

    #[test]
    fn transpose_twice_is_identity() {
        let m = Csr::from_triples(3, 4, &[(0, 3, 1.0), (2, 0, 2.0), (0, 1, 3.0), (1, 3, 4.0)]);
        let t = m.transpose();
        assert_eq!(t.n_rows(), 4);
        assert_eq!(t.row(3), (&[0u32, 1][..], &[1.0f32, 4.0][..]));
        assert_eq!(t.transpose(), m);
    }
}
