//! How far Attune's world reaches into what a listener plays (`attune reach`): the share of their music
//! plays on a catalog track, and by an artist that the artist table (features, genres), the community or
//! their own co-listening knows; and, of the For You list the app makes for them, how many cards are
//! playable and how many come from beyond the most popular artists. Over several listeners, how much
//! their lists overlap. Shares of artists carry a 95 % Wilson interval (plays of one artist are not
//! independent draws, so play shares are given as they are).

use attune_engine::catalog::{ArtistIdx, Catalog};
use attune_engine::colisten::CoListening;
use attune_engine::community::CommunityRecommender;
use attune_engine::import::{Play, PlayKind};
use attune_engine::names::normalise;
use attune_engine::Scored;
use std::collections::{HashMap, HashSet};

/// What knows a played artist.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Known {
    pub features: bool,
    pub genres: bool,
    pub community: bool,
    pub colistening: bool,
}

impl Known {
    pub fn anywhere(&self) -> bool {
        self.features || self.genres || self.community || self.colistening
    }
}

/// A count out of a total.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Share {
    pub count: usize,
    pub total: usize,
}

impl Share {
    pub fn of(count: usize, total: usize) -> Share {
        Share { count, total }
    }

    pub fn ratio(&self) -> f64 {
        match self.total {
            0 => 0.0,
            n => self.count as f64 / n as f64,
        }
    }

    /// The 95 % Wilson score interval (Wilson 1927), which stays inside [0, 1] for small counts.
    pub fn ci95(&self) -> (f64, f64) {
        if self.total == 0 {
            return (0.0, 1.0);
        }
        let (n, p, z) = (self.total as f64, self.ratio(), 1.959_964);
        let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
        let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
        ((centre - half).max(0.0), (centre + half).min(1.0))
    }
}

/// What knows the plays of one listener.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlayReach {
    pub on_catalog_track: Share,
    pub by_artist_with_features: Share,
    pub by_artist_with_genres: Share,
    pub by_community_artist: Share,
    pub by_colistened_artist: Share,
    pub by_known_artist: Share,
    /// Distinct artists played, and how many are known anywhere.
    pub artists_known: Share,
}

/// Measures what knows each music play's artist and track.
pub fn play_reach(plays: &[Play], model: &CommunityRecommender, own: &CoListening) -> PlayReach {
    let catalog = model.index().catalog();
    let colistened: HashSet<String> = (0..own.len() as u32)
        .filter(|&t| own.has_partners(t))
        .map(|t| normalise(&own.track(t).artist))
        .collect();
    let mut known_by_artist: HashMap<String, Known> = HashMap::new();
    let mut reach = PlayReach::default();
    let count = |share: &mut Share, yes: bool| {
        share.total += 1;
        share.count += usize::from(yes);
    };
    for play in plays.iter().filter(|p| p.kind == PlayKind::Music) {
        let known = *known_by_artist
            .entry(normalise(&play.artist))
            .or_insert_with_key(|key| known_artist(catalog, model, &colistened, &play.artist, key));
        let on_track = catalog.find_by_artist(&play.artist, &play.title).is_some();
        count(&mut reach.on_catalog_track, on_track);
        count(&mut reach.by_artist_with_features, known.features);
        count(&mut reach.by_artist_with_genres, known.genres);
        count(&mut reach.by_community_artist, known.community);
        count(&mut reach.by_colistened_artist, known.colistening);
        count(&mut reach.by_known_artist, known.anywhere());
    }
    let known = known_by_artist.values().filter(|k| k.anywhere()).count();
    reach.artists_known = Share::of(known, known_by_artist.len());
    reach
}

fn known_artist(
    catalog: &Catalog,
    model: &CommunityRecommender,
    colistened: &HashSet<String>,
    name: &str,
    key: &str,
) -> Known {
    let artist = catalog.find_artist(name).map(|a| catalog.artist(a));
    Known {
        features: artist.is_some_and(|a| !a.features.is_unknown()),
        genres: artist.is_some_and(|a| !a.genres.is_empty()),
        community: model.knows_artist(name),
        colistening: colistened.contains(key),
    }
}

/// What a list made for a listener draws on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListReach {
    /// Cards with a Spotify track id.
    pub playable: Share,
    /// Cards whose first artist is not among the most popular.
    pub beyond_popular: Share,
    /// The cards' Spotify track ids, for the overlap between listeners.
    pub ids: Vec<String>,
}

pub fn list_reach(catalog: &Catalog, list: &[Scored], popular: &HashSet<ArtistIdx>) -> ListReach {
    let tracks: Vec<_> = list.iter().map(|s| catalog.track(s.item)).collect();
    let playable = tracks.iter().filter(|t| !t.id.is_empty()).count();
    let beyond = tracks
        .iter()
        .filter(|t| t.artists.first().is_some_and(|a| !popular.contains(a)))
        .count();
    ListReach {
        playable: Share::of(playable, tracks.len()),
        beyond_popular: Share::of(beyond, tracks.len()),
        ids: tracks.iter().map(|t| t.id.clone()).collect(),
    }
}

/// The `n` artists of the table with the highest Spotify popularity.
pub fn most_popular_artists(catalog: &Catalog, n: usize) -> HashSet<ArtistIdx> {
    let mut by_popularity: Vec<ArtistIdx> =
        (0..catalog.artists.len() as u32).map(ArtistIdx).collect();
    by_popularity.sort_by_key(|&a| std::cmp::Reverse(catalog.artist(a).popularity));
    by_popularity.into_iter().take(n).collect()
}

/// |A ∩ B| / |A ∪ B| of two lists' items.
pub fn jaccard(a: &[String], b: &[String]) -> f64 {
    let (a, b): (HashSet<&String>, HashSet<&String>) = (a.iter().collect(), b.iter().collect());
    let union = a.union(&b).count();
    match union {
        0 => 0.0,
        n => a.intersection(&b).count() as f64 / n as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_holds_the_share_and_stays_in_bounds() {
        let (low, high) = Share::of(0, 10).ci95();
        assert_eq!(low, 0.0);
        assert!(high > 0.2 && high < 0.35, "{high}");
        let (low, high) = Share::of(75, 100).ci95();
        assert!(
            low < 0.75 && 0.75 < high && low > 0.65 && high < 0.83,
            "{low} {high}"
        );
    }

    #[test]
    fn jaccard_counts_shared_items_over_all() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(jaccard(&s(&["a", "b"]), &s(&["b", "c"])), 1.0 / 3.0);
        assert_eq!(jaccard(&s(&[]), &s(&[])), 0.0);
    }
}

/// How many of a list's picks the listener went on to discover: the history is cut at 80 % of its music
/// plays in time, the lists are made from the earlier part alone (no library: it is a snapshot from the
/// end and would leak the future), and a pick counts when its artist is first played after the cut.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discovery {
    /// Artists first played after the cut.
    pub new_artists_later: usize,
    /// For You's tracks whose artist was first played later.
    pub for_you: Share,
    /// Artists for you first played later.
    pub artists_for_you: Share,
    /// The anchor: the artist table's most popular artists not played before the cut.
    pub most_popular: Share,
}

pub fn discovery(
    plays: &[Play],
    model: &CommunityRecommender,
    k: usize,
    discovery: f32,
) -> Discovery {
    let mut music: Vec<&Play> = plays.iter().filter(|p| p.kind == PlayKind::Music).collect();
    music.sort_by_key(|p| p.ended_at);
    let cut = music.len() * 4 / 5;
    let (earlier, later) = music.split_at(cut);
    let before: HashSet<String> = earlier.iter().map(|p| normalise(&p.artist)).collect();
    let new_later: HashSet<String> = later
        .iter()
        .map(|p| normalise(&p.artist))
        .filter(|a| !before.contains(a))
        .collect();
    let taste =
        attune_engine::taste::Taste::from_history(earlier.iter().copied(), &Default::default());
    let catalog = model.index().catalog();
    let found = |hits: usize, total: usize| Share::of(hits, total);
    let for_you = model.recommend_for_history(&taste, k, discovery);
    let for_you_hits = for_you
        .iter()
        .filter(|s| {
            catalog
                .track(s.item)
                .artists
                .iter()
                .any(|&a| new_later.contains(&normalise(&catalog.artist(a).name)))
        })
        .count();
    let artists = model.artists_for(&taste, k);
    let artist_hits = artists
        .iter()
        .filter(|a| new_later.contains(&normalise(&a.name)))
        .count();
    let mut popular: Vec<ArtistIdx> = (0..catalog.artists.len() as u32).map(ArtistIdx).collect();
    popular.sort_by_key(|&a| std::cmp::Reverse(catalog.artist(a).popularity));
    let popular: Vec<String> = popular
        .into_iter()
        .map(|a| normalise(&catalog.artist(a).name))
        .filter(|name| !before.contains(name))
        .take(k)
        .collect();
    let popular_hits = popular.iter().filter(|a| new_later.contains(*a)).count();
    Discovery {
        new_artists_later: new_later.len(),
        for_you: found(for_you_hits, for_you.len()),
        artists_for_you: found(artist_hits, artists.len()),
        most_popular: found(popular_hits, popular.len()),
    }
}
