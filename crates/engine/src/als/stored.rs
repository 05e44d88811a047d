//! The serialised form of a trained [`Als`]: its matrices as flat row-major vectors, exactly as they were
//! stored before they became `ndarray` arrays, so a model kept by an earlier build still loads. Reading
//! checks that every vector makes whole rows of `factors` values.

use super::{cg::Penalty, Als, AlsParams};
use ndarray::{Array2, ArrayRef2};
use serde::{Deserialize, Serialize, Serializer};
use thiserror::Error;

/// Borrows the model to write it: no copy of the factors.
#[derive(Serialize)]
#[serde(rename = "Als")]
struct StoredAlsRef<'a> {
    params: &'a AlsParams,
    user_factors: &'a [f32],
    item_factors: &'a [f32],
    yty: &'a [f32],
    user_penalty: &'a Penalty,
    slope: f32,
}

#[derive(Deserialize)]
#[serde(rename = "Als")]
pub(super) struct StoredAls {
    params: AlsParams,
    user_factors: Vec<f32>,
    item_factors: Vec<f32>,
    yty: Vec<f32>,
    user_penalty: Penalty,
    slope: f32,
}

#[derive(Debug, Error, PartialEq)]
#[error("stored factorization: {matrix} has {len} values, which are not rows of {factors} factors")]
pub(super) struct StoredShapeError {
    matrix: &'static str,
    len: usize,
    factors: usize,
}

fn flat(m: &ArrayRef2<f32>) -> &[f32] {
    m.as_slice().expect("row-major matrix")
}

impl Serialize for Als {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredAlsRef {
            params: &self.params,
            user_factors: flat(&self.user_factors),
            item_factors: flat(&self.item_factors),
            yty: flat(&self.yty),
            user_penalty: &self.user_penalty,
            slope: self.slope,
        }
        .serialize(serializer)
    }
}

impl TryFrom<StoredAls> for Als {
    type Error = StoredShapeError;

    fn try_from(stored: StoredAls) -> Result<Als, StoredShapeError> {
        let factors = stored.params.factors;
        let matrix = |matrix: &'static str, values: Vec<f32>, rows: Option<usize>| {
            let len = values.len();
            let error = StoredShapeError {
                matrix,
                len,
                factors,
            };
            if factors == 0 {
                return Err(error);
            }
            let rows = rows.unwrap_or(len / factors);
            Array2::from_shape_vec((rows, factors), values).map_err(|_| error)
        };
        Ok(Als {
            params: stored.params,
            user_factors: matrix("user_factors", stored.user_factors, None)?,
            item_factors: matrix("item_factors", stored.item_factors, None)?,
            yty: matrix("yty", stored.yty, Some(factors))?,
            user_penalty: stored.user_penalty,
            slope: stored.slope,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::checker_board;

    #[test]
    fn the_stored_form_is_flat_vectors_and_reads_back_the_same_model() {
        let plays = checker_board(6);
        let params = AlsParams::default().factors(3).iterations(2);
        let model = Als::fit(params.check().unwrap(), &plays);
        let json = serde_json::to_value(&model).unwrap();
        assert_eq!(json["item_factors"].as_array().unwrap().len(), 6 * 3);
        assert_eq!(json["yty"].as_array().unwrap().len(), 3 * 3);
        let back: Als = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back.item_factors, model.item_factors);
        assert_eq!(back.user_factors, model.user_factors);
        assert_eq!(back.yty, model.yty);

        let mut broken = json;
        broken["item_factors"].as_array_mut().unwrap().pop();
        let err = serde_json::from_value::<Als>(broken).unwrap_err();
        assert!(
            err.to_string()
                .contains("item_factors has 17 values, which are not rows of 3 factors"),
            "{err}"
        );
    }
}
