//! The listener's tracks a Daily Mix is grouped from, most played first: their tracks the catalog has,
//! their tracks it does not have (placed by their artist's sound and genres, so a listener who plays
//! nothing in the catalog still gets mixes of their own music; by the tracks they play them with when
//! Attune knows nothing of the artist), then their top artists' catalog tracks.

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

/// A member to be: placed by the catalog or by its artist, or one of the listener's tracks whose artist
/// Attune knows nothing of, placed once the others are by the tracks they play it with.
enum Candidate<'a> {
    Placed(Member<'a>),
    ByCompany {
        item: ListItem,
        key: String,
        together: u32,
    },
}

impl Candidate<'_> {
    fn item_and_key(&self) -> (&ListItem, &str) {
        match self {
            Candidate::Placed(m) => (&m.item, &m.key),
            Candidate::ByCompany { item, key, .. } => (item, key),
        }
    }
}

/// How many of the tracks a track is played with place it.
const COMPANY: usize = 5;

/// A track placed by the company it keeps: the mean of the features of the placed tracks the listener
/// plays it with most (weighted by how much), the genres and new-half seed of the closest. `None` when
/// it keeps company with none of them.
fn placed_by_company<'a>(
    taste: &Taste,
    item: &ListItem,
    key: &str,
    together: u32,
    chosen: &[Candidate<'a>],
) -> Option<Member<'a>> {
    let mut company: Vec<(f32, &Member<'a>)> = chosen
        .iter()
        .filter_map(|c| match c {
            Candidate::Placed(m) => {
                let similarity = taste.together.similarity(together, m.together?);
                (similarity > 0.0).then_some((similarity, m))
            }
            Candidate::ByCompany { .. } => None,
        })
        .collect();
    company.sort_by(|a, b| b.0.total_cmp(&a.0));
    company.truncate(COMPANY);
    let &(_, closest) = company.first()?;
    let total: f32 = company.iter().map(|(w, _)| w).sum();
    let mut features = [0.0; FEATURE_COUNT];
    for (w, m) in &company {
        for (f, v) in features.iter_mut().zip(m.features) {
            *f += w / total * v;
        }
    }
    Some(Member {
        item: item.clone(),
        features,
        genres: closest.genres,
        artist: None,
        seed: closest.seed,
        key: key.to_string(),
        together: Some(together),
    })
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

    /// The tracks a mix or a built playlist's familiar side is drawn from, most played first: the
    /// listener's tracks (a history row whose id is a catalog track's is that track; those outside the
    /// catalog placed as the module says), then their top artists' catalog tracks; each song once, by
    /// its names and by its id.
    pub(crate) fn mix_members(&self, taste: &Taste) -> Vec<Member<'_>> {
        let catalog = self.index.catalog();
        let played =
            taste
                .tracks
                .iter()
                .filter_map(|listened| match listened.in_catalog(catalog) {
                    Some(t) => Some(Candidate::Placed(self.catalog_member(taste, t))),
                    None => self.own_candidate(taste, listened),
                });
        let by_artists = self
            .top_artists_tracks(taste)
            .into_iter()
            .map(|t| Candidate::Placed(self.catalog_member(taste, t)));
        // Lazily, so that a long history stops being matched once the mixes have their tracks. One
        // song once: by its names, and by its id (two spellings in the history can share one).
        let (mut keys, mut ids) = (HashSet::new(), HashSet::new());
        let chosen: Vec<Candidate> = played
            .chain(by_artists)
            .filter(|c| {
                let (item, key) = c.item_and_key();
                let id = item.spotify_id(catalog).to_string();
                let fresh = !keys.contains(key) && !ids.contains(&id);
                keys.insert(key.to_string());
                ids.insert(id);
                fresh
            })
            .take(FAMILIAR_TRACKS)
            .collect();
        let by_company: Vec<Option<Member>> = chosen
            .iter()
            .map(|c| match c {
                Candidate::Placed(_) => None,
                Candidate::ByCompany {
                    item,
                    key,
                    together,
                } => placed_by_company(taste, item, key, *together, &chosen),
            })
            .collect();
        chosen
            .into_iter()
            .zip(by_company)
            .filter_map(|(candidate, placed)| match candidate {
                Candidate::Placed(member) => Some(member),
                Candidate::ByCompany { .. } => placed,
            })
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

    /// A catalog track's place in the listener's co-listening: by any of its artists' names, else by
    /// its id (which the history may give a spelling of its own).
    pub(crate) fn together_of(&self, taste: &Taste, track: TrackIdx) -> Option<u32> {
        let catalog = self.index.catalog();
        let t = catalog.track(track);
        t.artists
            .iter()
            .find_map(|&a| taste.together.find(&catalog.artist(a).name, &t.name))
            .or_else(|| taste.together.find_by_id(&t.id))
    }

    /// A track outside the catalog, only with a Spotify id (so that it can be played): placed by its
    /// artist when Attune knows the artist's sound or genres, else later by the tracks the listener
    /// plays it with.
    fn own_candidate<'a>(&'a self, taste: &Taste, listened: &Listened) -> Option<Candidate<'a>> {
        let id = listened.id.clone()?;
        let catalog = self.index.catalog();
        let key = format!(
            "{} {}",
            normalise(&listened.name),
            normalise(&listened.artist)
        );
        let together = taste.together.find(&listened.artist, &listened.name);
        let item = ListItem::Own {
            id,
            title: listened.name.clone(),
            artist: listened.artist.clone(),
        };
        let known = catalog.find_artist(&listened.artist).filter(|&a| {
            let known = catalog.artist(a);
            !known.features.is_unknown() || !known.genres.is_empty()
        });
        match known {
            Some(artist) => Some(Candidate::Placed(Member {
                features: self.index.standardised_artist_features(artist),
                genres: &catalog.artist(artist).genres,
                artist: Some(artist),
                seed: Seed::Artist(artist),
                key,
                together,
                item,
            })),
            None => Some(Candidate::ByCompany {
                item,
                key,
                together: together?,
            }),
        }
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

#[cfg(test)]
mod tests;
