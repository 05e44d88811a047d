//! The arithmetic of content space: standardised feature vectors, TF-IDF tag vectors, their cosines, and
//! weighted means of them (a listener's profile).

use crate::catalog::{ArtistIdx, Catalog, GenreIdx};
use crate::features::{Features, FEATURE_COUNT};
use std::collections::HashMap;

pub(super) type Dense = [f32; FEATURE_COUNT];
/// (tag, weight) sorted by tag, L2-normalised.
pub(super) type Sparse = Vec<(u32, f32)>;

/// An item's place in content space: standardised features and weighted genre tags.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentVector {
    pub(super) features: Dense,
    pub(super) tags: Sparse,
}

impl ContentVector {
    /// The weighted mean of several vectors (a listener's profile); `None` when there are none.
    pub fn mean<'a>(
        vectors: impl IntoIterator<Item = (&'a ContentVector, f32)>,
    ) -> Option<ContentVector> {
        let mut features = [0.0f32; FEATURE_COUNT];
        let mut tags: HashMap<u32, f32> = HashMap::new();
        let mut total = 0.0;
        for (v, w) in vectors {
            crate::linalg::axpy(w, &v.features, &mut features);
            for &(t, x) in &v.tags {
                *tags.entry(t).or_default() += w * x;
            }
            total += w;
        }
        if total <= 0.0 {
            return None;
        }
        let mut tags: Sparse = tags.into_iter().collect();
        tags.sort_unstable_by_key(|&(t, _)| t);
        let norm = tags.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        tags.iter_mut()
            .for_each(|(_, x)| *x /= norm.max(f32::MIN_POSITIVE));
        Some(ContentVector { features, tags })
    }
}

/// A track's missing features come from the first of its artists that has them.
pub(super) fn fill_from_artists(
    catalog: &Catalog,
    features: &Features,
    artists: &[ArtistIdx],
) -> Features {
    let mut filled = *features;
    for &a in artists {
        let artist = &catalog.artist(a).features;
        for (value, fallback) in filled.0.iter_mut().zip(artist.0) {
            if value.is_nan() {
                *value = fallback;
            }
        }
    }
    filled
}

/// Mean and standard deviation of each feature over the values that are known.
pub(super) fn moments(items: &[Features]) -> (Dense, Dense) {
    let mut mean = [0.0; FEATURE_COUNT];
    let mut std = [1.0; FEATURE_COUNT];
    for i in 0..FEATURE_COUNT {
        let known: Vec<f64> = items
            .iter()
            .map(|f| f.0[i])
            .filter(|v| !v.is_nan())
            .map(f64::from)
            .collect();
        if known.len() < 2 {
            continue;
        }
        let m = known.iter().sum::<f64>() / known.len() as f64;
        let var = known.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (known.len() - 1) as f64;
        mean[i] = m as f32;
        std[i] = if var > 0.0 { var.sqrt() as f32 } else { 1.0 };
    }
    (mean, std)
}

pub(super) fn standardise(features: &Features, mean: &Dense, std: &Dense) -> Dense {
    let mut z = [0.0; FEATURE_COUNT];
    for i in 0..FEATURE_COUNT {
        let v = features.0[i];
        z[i] = if v.is_nan() {
            0.0
        } else {
            (v - mean[i]) / std[i]
        };
    }
    z
}

pub(super) fn tag_set(genre_tags: &[Vec<u32>], genres: &[GenreIdx]) -> Vec<u32> {
    let mut tags: Vec<u32> = genres
        .iter()
        .flat_map(|&g| genre_tags[g as usize].iter().copied())
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

pub(super) fn weigh(tags: &[u32], idf: &[f32]) -> Sparse {
    let norm = tags
        .iter()
        .map(|&t| idf[t as usize].powi(2))
        .sum::<f32>()
        .sqrt();
    if norm == 0.0 {
        return Vec::new();
    }
    tags.iter().map(|&t| (t, idf[t as usize] / norm)).collect()
}

pub(super) fn cosine(a: &Dense, b: &Dense) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norms =
        a.iter().map(|x| x * x).sum::<f32>().sqrt() * b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norms == 0.0 {
        0.0
    } else {
        dot / norms
    }
}

/// Dot product of two tag vectors sorted by tag.
pub(super) fn sparse_dot(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}
