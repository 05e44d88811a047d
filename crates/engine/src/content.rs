//! Content similarity: "tracks that sound like these and share their genres".
//!
//! Every track and seed becomes two vectors:
//! - audio features standardised to z-scores over the catalog, so that tempo (in BPM) does not drown
//!   energy (0..1); a feature a track lacks is taken from its artist's mean, else left at the mean (z = 0);
//! - a TF-IDF vector over genre tags, where a genre "dance pop" also counts as the words "dance" and "pop",
//!   so that a track labelled "pop" and an artist labelled "dance pop" still overlap a little.
//!
//! sim(s, c) = w_f · cos(f_s, f_c) + w_g · cos(g_s, g_c), and with several seeds a candidate scores its
//! best match, which keeps a mixed seed set (metal and classical) from recommending the grey middle.

use crate::catalog::{ArtistIdx, Catalog, GenreIdx, TrackIdx};
use crate::features::{Feature, Features, FEATURE_COUNT};
use crate::recommend::{top_k, Scored};
use std::collections::{HashMap, HashSet};

/// Weights of the two similarities; they need not sum to one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContentParams {
    pub feature_weight: f32,
    pub genre_weight: f32,
}

impl Default for ContentParams {
    /// Equal weights: features alone confuse genres that sound alike (lofi and ambient), genres alone
    /// cannot rank within a genre.
    fn default() -> Self {
        ContentParams {
            feature_weight: 0.5,
            genre_weight: 0.5,
        }
    }
}

/// What a listener picked to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Seed {
    Track(TrackIdx),
    Artist(ArtistIdx),
}

impl Seed {
    /// A key that stays valid across catalog versions: `track:<spotify id>` or `artist:<name>`.
    pub fn key(&self, catalog: &Catalog) -> String {
        match self {
            Seed::Track(t) => format!("track:{}", catalog.track(*t).id),
            Seed::Artist(a) => format!("artist:{}", catalog.artist(*a).name),
        }
    }

    /// Reads a key written by [`Seed::key`]; `None` when this catalog does not have the item.
    pub fn from_key(key: &str, catalog: &Catalog) -> Option<Seed> {
        match key.split_once(':')? {
            ("track", id) => catalog.track_by_id(id).map(Seed::Track),
            ("artist", name) => catalog.find_artist(name).map(Seed::Artist),
            _ => None,
        }
    }

    /// The name a listener sees.
    pub fn label(&self, catalog: &Catalog) -> String {
        match self {
            Seed::Track(t) => format!("{} · {}", catalog.track(*t).name, catalog.credits(*t)),
            Seed::Artist(a) => catalog.artist(*a).name.clone(),
        }
    }
}

/// The catalog with its vectors, ready to answer similarity queries.
pub struct ContentIndex {
    catalog: Catalog,
    params: ContentParams,
    mean: Dense,
    std: Dense,
    track_features: Vec<Dense>,
    track_tags: Vec<Sparse>,
    /// For each catalog genre, its tags (the genre itself plus its words).
    genre_tags: Vec<Vec<u32>>,
    idf: Vec<f32>,
}

/// Features listed in explanations, in the order a listener cares about them.
const EXPLAINED: [Feature; 5] = [
    Feature::Energy,
    Feature::Tempo,
    Feature::Danceability,
    Feature::Valence,
    Feature::Acousticness,
];
/// Two values closer than this many standard deviations are "similar" in an explanation.
const SIMILAR_WITHIN_SD: f32 = 0.35;

impl ContentIndex {
    pub fn new(catalog: Catalog, params: ContentParams) -> ContentIndex {
        let filled: Vec<Features> = catalog
            .tracks
            .iter()
            .map(|t| fill_from_artists(&catalog, &t.features, &t.artists))
            .collect();
        let (mean, std) = moments(&filled);
        let track_features = filled.iter().map(|f| standardise(f, &mean, &std)).collect();

        let mut tag_ids: HashMap<String, u32> = HashMap::new();
        let genre_tags: Vec<Vec<u32>> = catalog
            .genres
            .iter()
            .map(|genre| {
                let mut tags: Vec<u32> = std::iter::once(genre.as_str())
                    .chain(
                        genre
                            .split([' ', '-'])
                            .filter(|w| w.len() > 1 && *w != genre),
                    )
                    .map(|t| {
                        let next = tag_ids.len() as u32;
                        *tag_ids.entry(t.to_string()).or_insert(next)
                    })
                    .collect();
                tags.sort_unstable();
                tags.dedup();
                tags
            })
            .collect();
        let mut doc_freq = vec![0u32; tag_ids.len()];
        let track_tag_sets: Vec<Vec<u32>> = catalog
            .tracks
            .iter()
            .map(|t| tag_set(&genre_tags, &t.genres))
            .collect();
        // Document frequencies over the same population as the feature moments.
        let population_tags: Vec<Vec<u32>> = if catalog.tracks.is_empty() {
            catalog
                .artists
                .iter()
                .map(|a| tag_set(&genre_tags, &a.genres))
                .collect()
        } else {
            track_tag_sets.clone()
        };
        for tags in &population_tags {
            for &t in tags {
                doc_freq[t as usize] += 1;
            }
        }
        let n = population_tags.len().max(1) as f32;
        // Smoothed so that a tag no catalog track has still weighs something for an artist seed.
        let idf: Vec<f32> = doc_freq
            .iter()
            .map(|&df| (n / (1.0 + df as f32)).ln() + 1.0)
            .collect();
        let track_tags = track_tag_sets
            .iter()
            .map(|tags| weigh(tags, &idf))
            .collect();

        ContentIndex {
            catalog,
            params,
            mean,
            std,
            track_features,
            track_tags,
            genre_tags,
            idf,
        }
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// A track's audio features as z-scores over the catalog, a missing one filled from its artist or
    /// else 0 (the mean): the item features of the contextual bandit.
    pub fn standardised_features(&self, track: TrackIdx) -> &[f32; FEATURE_COUNT] {
        &self.track_features[track.0 as usize]
    }

    /// An artist's mean features as z-scores over the catalog, an unknown one 0 (the mean): how a track
    /// outside the catalog is placed.
    pub fn standardised_artist_features(&self, artist: ArtistIdx) -> [f32; FEATURE_COUNT] {
        standardise(&self.catalog.artist(artist).features, &self.mean, &self.std)
    }

    /// The best `k` of `candidates` with the familiar-vs-discover knob applied (see [`crate::diversify`]),
    /// tracks compared by their content and popularity taken from the catalog.
    pub fn diversify(&self, candidates: Vec<Scored>, k: usize, discovery: f32) -> Vec<Scored> {
        crate::diversify::diversify(
            candidates,
            k,
            discovery,
            |a, b| self.similarity(&Seed::Track(a), b).clamp(0.0, 1.0),
            |t| self.catalog.track(t).popularity as f32 / 100.0,
        )
    }

    /// An artist's vector: its mean features and its genres.
    pub fn artist_vector(&self, artist: ArtistIdx) -> ContentVector {
        let (features, tags) = self.seed_vectors(&Seed::Artist(artist));
        ContentVector { features, tags }
    }

    /// sim(a, b) = w_f · cos(features) + w_g · cos(genre tags).
    pub fn vector_similarity(&self, a: &ContentVector, b: &ContentVector) -> f32 {
        self.params.feature_weight * cosine(&a.features, &b.features)
            + self.params.genre_weight * sparse_dot(&a.tags, &b.tags)
    }

    /// Similarity of `candidate` to `seed`, in [-w_f, w_f + w_g].
    pub fn similarity(&self, seed: &Seed, candidate: TrackIdx) -> f32 {
        let (features, tags) = self.seed_vectors(seed);
        self.score(&features, &tags, candidate)
    }

    /// The `k` tracks most similar to `seeds`, excluding the seeds themselves (and other copies of the same
    /// song), each with its reasons. Every candidate belongs to the seed it matches best, and the seeds take
    /// turns, so that one broad seed ("pop") cannot crowd out a narrow one ("filter house").
    pub fn recommend(&self, seeds: &[Seed], k: usize) -> Vec<Scored> {
        if seeds.is_empty() {
            return Vec::new();
        }
        let vectors: Vec<(Dense, Sparse)> = seeds.iter().map(|s| self.seed_vectors(s)).collect();
        let seed_keys: HashSet<&str> = seeds
            .iter()
            .filter_map(|s| match s {
                Seed::Track(t) => Some(self.catalog.track_key(*t)),
                Seed::Artist(_) => None,
            })
            .collect();

        let mut per_seed: Vec<Vec<(TrackIdx, f32)>> = vec![Vec::new(); seeds.len()];
        for candidate in (0..self.catalog.tracks.len()).map(|i| TrackIdx(i as u32)) {
            if seed_keys.contains(self.catalog.track_key(candidate)) {
                continue;
            }
            let (best, score) = vectors
                .iter()
                .enumerate()
                .map(|(s, (f, g))| (s, self.score(f, g, candidate)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .expect("seeds is not empty");
            per_seed[best].push((candidate, score));
        }
        // Over-fetch each seed's list: other copies of a song already taken are skipped below.
        let mut queues: Vec<_> = per_seed
            .into_iter()
            .map(|list| top_k(list, k + 8).into_iter().peekable())
            .collect();

        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            // One round: each seed's best remaining track, the better matches first.
            let mut round: Vec<(usize, TrackIdx, f32)> = Vec::new();
            for (s, queue) in queues.iter_mut().enumerate() {
                while let Some(&(item, score)) = queue.peek() {
                    queue.next();
                    if seen.insert(self.catalog.track_key(item)) {
                        round.push((s, item, score));
                        break;
                    }
                }
            }
            if round.is_empty() {
                break;
            }
            round.sort_by(|a, b| b.2.total_cmp(&a.2));
            for (s, item, score) in round.into_iter().take(k - out.len()) {
                out.push(Scored {
                    item,
                    score,
                    why: self.explain(&seeds[s], item),
                });
            }
        }
        out
    }

    /// Why `candidate` matches `seed`: the seed's name, shared genres, and features within a third of a
    /// standard deviation.
    pub fn explain(&self, seed: &Seed, candidate: TrackIdx) -> Vec<String> {
        let (seed_features, _) = self.seed_vectors(seed);
        let seed_genres: &[GenreIdx] = match seed {
            Seed::Track(t) => &self.catalog.track(*t).genres,
            Seed::Artist(a) => &self.catalog.artist(*a).genres,
        };
        let seed_name = match seed {
            Seed::Track(t) => self.catalog.track(*t).name.as_str(),
            Seed::Artist(a) => self.catalog.artist(*a).name.as_str(),
        };
        let mut why = vec![format!("close to {seed_name}")];

        let candidate_track = self.catalog.track(candidate);
        let mut shared: Vec<GenreIdx> = candidate_track
            .genres
            .iter()
            .filter(|g| seed_genres.contains(g))
            .copied()
            .collect();
        // The rarest shared genre says the most ("shares vaporwave" over "shares pop").
        shared.sort_by(|a, b| self.genre_idf(*b).total_cmp(&self.genre_idf(*a)));
        if let Some(names) = phrase(shared.iter().take(2).map(|&g| self.catalog.genre(g))) {
            why.push(format!("shares {names}"));
        }

        let candidate_features = &self.track_features[candidate.0 as usize];
        let close = EXPLAINED.iter().filter(|f| {
            let i = f.index();
            seed_features[i] != 0.0
                && (seed_features[i] - candidate_features[i]).abs() < SIMILAR_WITHIN_SD
        });
        if let Some(names) = phrase(close.take(2).map(|f| f.label())) {
            why.push(format!("similar {names}"));
        }
        why
    }

    fn genre_idf(&self, genre: GenreIdx) -> f32 {
        self.idf[self.genre_tags[genre as usize][0] as usize]
    }

    fn seed_vectors(&self, seed: &Seed) -> (Dense, Sparse) {
        match seed {
            Seed::Track(t) => (
                self.track_features[t.0 as usize],
                self.track_tags[t.0 as usize].clone(),
            ),
            Seed::Artist(a) => {
                let artist = self.catalog.artist(*a);
                let features = standardise(&artist.features, &self.mean, &self.std);
                let tags = weigh(&tag_set(&self.genre_tags, &artist.genres), &self.idf);
                (features, tags)
            }
        }
    }

    fn score(&self, features: &Dense, tags: &Sparse, candidate: TrackIdx) -> f32 {
        let i = candidate.0 as usize;
        self.params.feature_weight * cosine(features, &self.track_features[i])
            + self.params.genre_weight * sparse_dot(tags, &self.track_tags[i])
    }
}

/// "a", "a and b".
fn phrase<'a>(mut parts: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = parts.next()?;
    Some(match parts.next() {
        Some(second) => format!("{first} and {second}"),
        None => first.to_string(),
    })
}

mod vectors;

pub use vectors::ContentVector;
use vectors::{
    cosine, fill_from_artists, moments, sparse_dot, standardise, tag_set, weigh, Dense, Sparse,
};

#[cfg(test)]
mod tests;
