//! The catalog: every track and artist Attune has features for, and the genre vocabulary they use.
//!
//! Artists come from two places: the artist-level feature table (mean features and Spotify genres of
//! ~15k artists, the fallback when a track has no features of its own) and the credits of catalog tracks.
//! Both live in one list so that a track's artists are plain indices.

pub mod asset;

use crate::features::Features;
use crate::names::normalise;
use std::collections::HashMap;

/// Index of a track in [`Catalog::tracks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackIdx(pub u32);

/// Index of an artist in [`Catalog::artists`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArtistIdx(pub u32);

/// Index of a genre in [`Catalog::genres`].
pub type GenreIdx = u32;

#[derive(Debug, Clone, PartialEq)]
pub struct Artist {
    pub name: String,
    pub genres: Vec<GenreIdx>,
    /// Mean features over the artist's tracks; unknown for artists only seen in track credits.
    pub features: Features,
    /// Spotify popularity 0..=100 when known, else 0.
    pub popularity: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Spotify track id (the part after `spotify:track:`).
    pub id: String,
    pub name: String,
    pub artists: Vec<ArtistIdx>,
    pub genres: Vec<GenreIdx>,
    /// Release year, 0 when unknown.
    pub year: u16,
    pub popularity: u8,
    pub features: Features,
}

/// What a search matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchHit {
    Track(TrackIdx),
    Artist(ArtistIdx),
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub genres: Vec<String>,
    pub artists: Vec<Artist>,
    pub tracks: Vec<Track>,
    /// Normalised "title artist" of each track, and normalised artist names, built once for search.
    track_keys: Vec<String>,
    artist_keys: Vec<String>,
    track_by_id: HashMap<String, TrackIdx>,
    /// Exact look-ups by normalised name, for matching a listener's history against the catalog.
    artist_by_key: HashMap<String, ArtistIdx>,
    tracks_by_title: HashMap<String, Vec<TrackIdx>>,
}

impl Catalog {
    /// Builds the lookup tables; every constructor ends here.
    pub fn new(genres: Vec<String>, artists: Vec<Artist>, tracks: Vec<Track>) -> Catalog {
        let artist_keys: Vec<String> = artists.iter().map(|a| normalise(&a.name)).collect();
        let track_keys = tracks
            .iter()
            .map(|t| {
                let credits: Vec<&str> = t
                    .artists
                    .iter()
                    .map(|a| artist_keys[a.0 as usize].as_str())
                    .collect();
                format!("{} {}", normalise(&t.name), credits.join(" "))
            })
            .collect();
        let track_by_id = tracks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), TrackIdx(i as u32)))
            .collect();
        let mut artist_by_key = HashMap::new();
        for (i, key) in artist_keys.iter().enumerate() {
            // The first of two artists with one normalised name wins, as a scan would find it.
            artist_by_key
                .entry(key.clone())
                .or_insert(ArtistIdx(i as u32));
        }
        let mut tracks_by_title: HashMap<String, Vec<TrackIdx>> = HashMap::new();
        for (i, track) in tracks.iter().enumerate() {
            tracks_by_title
                .entry(normalise(&track.name))
                .or_default()
                .push(TrackIdx(i as u32));
        }
        Catalog {
            genres,
            artists,
            tracks,
            track_keys,
            artist_keys,
            track_by_id,
            artist_by_key,
            tracks_by_title,
        }
    }

    pub fn track(&self, idx: TrackIdx) -> &Track {
        &self.tracks[idx.0 as usize]
    }

    pub fn artist(&self, idx: ArtistIdx) -> &Artist {
        &self.artists[idx.0 as usize]
    }

    pub fn genre(&self, idx: GenreIdx) -> &str {
        &self.genres[idx as usize]
    }

    pub fn track_by_id(&self, id: &str) -> Option<TrackIdx> {
        self.track_by_id.get(id).copied()
    }

    /// Normalised "title artists": equal for two copies of the same song under different ids.
    pub fn track_key(&self, idx: TrackIdx) -> &str {
        &self.track_keys[idx.0 as usize]
    }

    /// "Artist A, Artist B" for display.
    pub fn credits(&self, idx: TrackIdx) -> String {
        let names: Vec<&str> = self
            .track(idx)
            .artists
            .iter()
            .map(|&a| self.artist(a).name.as_str())
            .collect();
        names.join(", ")
    }

    /// An artist's normalised name.
    pub fn artist_key(&self, idx: ArtistIdx) -> &str {
        &self.artist_keys[idx.0 as usize]
    }

    /// The first track whose normalised title equals `title`'s.
    pub fn find_track(&self, title: &str) -> Option<TrackIdx> {
        self.tracks_titled(title).first().copied()
    }

    /// Every track whose normalised title equals `title`'s, in catalog order.
    pub fn tracks_titled(&self, title: &str) -> &[TrackIdx] {
        self.tracks_by_title
            .get(&normalise(title))
            .map_or(&[], Vec::as_slice)
    }

    /// The track with this title by this artist (any of its credited artists), matched as names are
    /// everywhere (case, accents, "feat.", "- Remastered").
    pub fn find_by_artist(&self, artist: &str, title: &str) -> Option<TrackIdx> {
        let artist = normalise(artist);
        self.tracks_titled(title).iter().copied().find(|&t| {
            self.track(t)
                .artists
                .iter()
                .any(|&a| self.artist_key(a) == artist)
        })
    }

    /// The artist whose normalised name equals `name`'s.
    pub fn find_artist(&self, name: &str) -> Option<ArtistIdx> {
        self.artist_by_key.get(&normalise(name)).copied()
    }

    /// Tracks and artists whose names contain every word of `query`, best first: name matches that start
    /// with the query, then by popularity. Artists with no features and no tracks are not offered, since
    /// they could not seed anything.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let query = normalise(query);
        let words: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let matches = |key: &str| words.iter().all(|w| key.contains(w));
        let rank = |key: &str, popularity: u8| (!key.starts_with(&query), u8::MAX - popularity);

        let mut hits: Vec<((bool, u8), SearchHit)> = Vec::new();
        for (i, key) in self.artist_keys.iter().enumerate() {
            let artist = &self.artists[i];
            if matches(key) && (!artist.features.is_unknown() || !artist.genres.is_empty()) {
                hits.push((
                    rank(key, artist.popularity),
                    SearchHit::Artist(ArtistIdx(i as u32)),
                ));
            }
        }
        for (i, key) in self.track_keys.iter().enumerate() {
            if matches(key) {
                let track = &self.tracks[i];
                hits.push((
                    rank(key, track.popularity),
                    SearchHit::Track(TrackIdx(i as u32)),
                ));
            }
        }
        hits.sort_by_key(|(rank, _)| *rank);
        hits.into_iter().take(limit).map(|(_, hit)| hit).collect()
    }
}
