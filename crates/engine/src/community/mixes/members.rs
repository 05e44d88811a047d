//! The listener's tracks a Daily Mix is grouped from, most played first: their tracks the catalog has,
//! their tracks it does not have (placed by their artist's sound and genres, so a listener who plays
//! nothing in the catalog still gets mixes of their own music), then their top artists' catalog tracks.

use crate::catalog::{ArtistIdx, TrackIdx};
use crate::community::CommunityRecommender;
use crate::content::Seed;
use crate::features::FEATURE_COUNT;
use crate::list_item::ListItem;
use crate::names::normalise;
use crate::taste::{Listened, Taste};
use std::collections::{HashMap, HashSet};

/// The listener's tracks that are grouped, most played first.
const FAMILIAR_TRACKS: usize = 300;
/// Catalog tracks taken for each of the listener's top artists when their own tracks are few.
const TRACKS_PER_ARTIST: usize = 5;

/// One of the listener's tracks with what grouping, naming and seeding a mix need of it.
pub(crate) struct Member<'a> {
    pub item: ListItem,
    /// Standardised features: the track's, or for a track outside the catalog its artist's.
    pub features: [f32; FEATURE_COUNT],
    /// The track's genres, else its first artist's.
    pub genres: &'a [u32],
    /// The first credited artist.
    pub artist: Option<ArtistIdx>,
    /// What finds new tracks like it: the track, or its artist.
    pub seed: Seed,
    /// Equal for two copies of one song: normalised "title artists".
    pub key: String,
    /// The track in the listener's co-listening, when they played it in a session or a playlist.
    pub together: Option<u32>,
}

impl CommunityRecommender {
    /// The listener's catalog tracks, most played first: those they played, then the most popular of
    /// their top artists' tracks.
    pub fn familiar_tracks(&self, taste: &Taste) -> Vec<TrackIdx> {
        let catalog = self.index.catalog();
        let mut tracks = self.played_catalog_tracks(taste);
        tracks.extend(self.top_artists_tracks(taste));
        let mut seen = HashSet::new();
        tracks.retain(|&t| seen.insert(catalog.track_key(t)));
        tracks.truncate(FAMILIAR_TRACKS);
        tracks
    }

    /// The tracks a mix is grouped from: [`Self::familiar_tracks`] with the listener's tracks outside the
    /// catalog in their place by plays.
    pub(crate) fn mix_members(&self, taste: &Taste) -> Vec<Member<'_>> {
        let catalog = self.index.catalog();
        // A track is the catalog's when the catalog has its names or its id (spelt otherwise).
        let played = taste.tracks.iter().filter_map(|listened| {
            let by_id = || {
                listened
                    .id
                    .as_deref()
                    .and_then(|id| catalog.track_by_id(id))
            };
            match catalog
                .find_by_artist(&listened.artist, &listened.name)
                .or_else(by_id)
            {
                Some(t) => Some(self.catalog_member(taste, t)),
                None => self.own_member(taste, listened),
            }
        });
        let by_artists = self
            .top_artists_tracks(taste)
            .into_iter()
            .map(|t| self.catalog_member(taste, t));
        // Lazily, so that a long history stops being matched once the mixes have their tracks. One
        // song once: by its names, and by its id (two spellings in the history can share one).
        let (mut keys, mut ids) = (HashSet::new(), HashSet::new());
        played
            .chain(by_artists)
            .filter(|m| {
                let id = m.item.spotify_id(catalog).to_string();
                let fresh = !keys.contains(&m.key) && !ids.contains(&id);
                keys.insert(m.key.clone());
                ids.insert(id);
                fresh
            })
            .take(FAMILIAR_TRACKS)
            .collect()
    }

    /// The most popular catalog tracks of each of the listener's top artists.
    fn top_artists_tracks(&self, taste: &Taste) -> Vec<TrackIdx> {
        let catalog = self.index.catalog();
        let artists: Vec<_> = taste
            .artists
            .iter()
            .filter_map(|a| catalog.find_artist(&a.name))
            .take(FAMILIAR_TRACKS / TRACKS_PER_ARTIST)
            .collect();
        let mut by_artist: HashMap<_, Vec<TrackIdx>> = HashMap::new();
        for i in 0..catalog.tracks.len() as u32 {
            let t = TrackIdx(i);
            if let Some(a) = catalog
                .track(t)
                .artists
                .iter()
                .find(|a| artists.contains(a))
            {
                by_artist.entry(*a).or_default().push(t);
            }
        }
        let mut tracks = Vec::new();
        for artist in &artists {
            let mut theirs = by_artist.remove(artist).unwrap_or_default();
            theirs.sort_by_key(|&t| std::cmp::Reverse(catalog.track(t).popularity));
            tracks.extend(theirs.into_iter().take(TRACKS_PER_ARTIST));
        }
        tracks
    }

    fn catalog_member(&self, taste: &Taste, track: TrackIdx) -> Member<'_> {
        let catalog = self.index.catalog();
        let t = catalog.track(track);
        Member {
            item: ListItem::Catalog(track),
            features: *self.index.standardised_features(track),
            genres: self.genres_of(track),
            artist: t.artists.first().copied(),
            seed: Seed::Track(track),
            key: catalog.track_key(track).to_string(),
            together: self.together_of(taste, track),
        }
    }

    /// A catalog track's place in the listener's co-listening, by any of its artists' names.
    pub(crate) fn together_of(&self, taste: &Taste, track: TrackIdx) -> Option<u32> {
        let catalog = self.index.catalog();
        let t = catalog.track(track);
        t.artists
            .iter()
            .find_map(|&a| taste.together.find(&catalog.artist(a).name, &t.name))
    }

    /// A track outside the catalog, placed by its artist: only with a Spotify id (so it can be played)
    /// and an artist whose sound or genres Attune knows.
    fn own_member(&self, taste: &Taste, listened: &Listened) -> Option<Member<'_>> {
        let id = listened.id.clone()?;
        let catalog = self.index.catalog();
        let artist = catalog.find_artist(&listened.artist)?;
        let known = catalog.artist(artist);
        if known.features.is_unknown() && known.genres.is_empty() {
            return None;
        }
        Some(Member {
            features: self.index.standardised_artist_features(artist),
            genres: &known.genres,
            artist: Some(artist),
            seed: Seed::Artist(artist),
            key: format!(
                "{} {}",
                normalise(&listened.name),
                normalise(&listened.artist)
            ),
            together: taste.together.find(&listened.artist, &listened.name),
            item: ListItem::Own {
                id,
                title: listened.name.clone(),
                artist: listened.artist.clone(),
            },
        })
    }

    /// A track's genres, else its first artist's.
    fn genres_of(&self, track: TrackIdx) -> &[u32] {
        let catalog = self.index.catalog();
        let t = catalog.track(track);
        match t.artists.first() {
            Some(&a) if t.genres.is_empty() => &catalog.artist(a).genres,
            _ => &t.genres,
        }
    }
}
