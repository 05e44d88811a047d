//! The playlist builder ("dynamic playlists"): tracks from the listener's taste that fit ranges of tempo,
//! energy, mood, danceability and release decade, with a chosen share of familiar tracks, ordered by
//! rank, by rising tempo or energy, or along a warm-up / peak / cool-down curve for a workout.
//!
//! A track is judged by its own audio features where the catalog has them and by its artist's where it
//! has not (Spotify no longer serves track features to new apps); the result says how many were judged
//! at artist level, and each such track says so. The listener's own tracks outside the catalog are judged
//! by their artist's features; one placed only by the tracks it is played with (its artist unknown) has
//! none to judge by, so any range leaves it out, and without ranges it sorts at mid-range.

use crate::catalog::ArtistIdx;
use crate::community::CommunityRecommender;
use crate::content::{ContentIndex, Seed};
use crate::features::Feature;
use crate::list_item::{ListItem, ListTrack};
use crate::taste::Taste;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// How many new candidates are read from the taste's neighbourhood before the ranges filter them.
const NEW_POOL: usize = 1_500;

/// An inclusive range of one feature, in its own units (tempo in BPM, the others 0 to 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FeatureRange {
    pub feature: Feature,
    pub min: f32,
    pub max: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Best match first.
    #[default]
    Ranked,
    TempoRising,
    EnergyRising,
    /// Energy climbs to a peak two thirds of the way in, then eases off.
    WarmUpPeakCoolDown,
    /// The way the listener moves between their own tracks ([`crate::next_track::listening_order`]);
    /// needs their history, so it is applied where the taste is known (ranked here).
    AsYouPlayThem,
}

/// What the listener asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaylistSpec {
    pub ranges: Vec<FeatureRange>,
    /// Release years, inclusive; tracks of unknown year are left out when set.
    pub years: Option<(u16, u16)>,
    /// The share of the listener's own tracks, 0 (all new) to 1 (all familiar).
    pub familiar_share: f32,
    pub order: Order,
    pub length: usize,
}

/// The playlist, and how it was judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub tracks: Vec<ListTrack>,
    /// Tracks whose ranged features came from their artist, the track's own being unknown.
    pub artist_level: usize,
    /// How many candidates fitted the ranges, of which the playlist took `tracks.len()`.
    pub fitting: usize,
}

impl CommunityRecommender {
    /// A playlist from the listener's taste: their own tracks (those outside the catalog judged by their
    /// artist's sound) and the ones that sound like them.
    pub fn build_playlist(&self, taste: &Taste, spec: &PlaylistSpec) -> Built {
        let index = self.index();
        let catalog = index.catalog();
        let members = self.mix_members(taste);
        let seeds: Vec<Seed> = members.iter().take(10).map(|m| m.seed).collect();
        let own: HashSet<&str> = members.iter().map(|m| m.key.as_str()).collect();
        let new: Vec<ListTrack> = index
            .recommend(&seeds, NEW_POOL)
            .into_iter()
            .filter(|s| !own.contains(catalog.track_key(s.item)))
            .map(|s| ListTrack {
                item: ListItem::Catalog(s.item),
                familiar: false,
                why: s.why,
            })
            .collect();
        let familiar: Vec<ListTrack> = members
            .iter()
            .map(|m| ListTrack {
                item: m.item.clone(),
                familiar: true,
                why: vec!["from your listening".into()],
            })
            .collect();
        let mut built = build(index, familiar, new, spec);
        if spec.order == Order::AsYouPlayThem {
            built.tracks = self.as_played(taste, built.tracks);
        }
        built
    }
}

/// Said of a track judged by its artist's features.
const BY_ARTIST: &str = "judged by its artist's sound";

/// The playlist from ranked familiar and new candidates.
pub fn build(
    index: &ContentIndex,
    familiar: Vec<ListTrack>,
    new: Vec<ListTrack>,
    spec: &PlaylistSpec,
) -> Built {
    let fit = |candidates: Vec<ListTrack>| -> Vec<ListTrack> {
        candidates
            .into_iter()
            .filter_map(|mut t| {
                let judged = judge(index, &t.item, spec)?;
                if judged.by_artist {
                    t.why.push(BY_ARTIST.into());
                }
                t.why.insert(0, judged.summary);
                Some(t)
            })
            .collect()
    };
    let (familiar, new) = (fit(familiar), fit(new));
    let fitting = familiar.len() + new.len();
    // The asked share of familiar tracks, more when too few new ones fit, fewer when too few familiar.
    let wanted = (spec.length as f32 * spec.familiar_share.clamp(0.0, 1.0)).round() as usize;
    let from_familiar = wanted
        .max(spec.length.saturating_sub(new.len()))
        .min(familiar.len());
    let mut tracks: Vec<ListTrack> = familiar.into_iter().take(from_familiar).collect();
    let from_new = spec.length.saturating_sub(tracks.len());
    tracks.extend(new.into_iter().take(from_new));
    let tracks = order(index, tracks, spec.order);
    let artist_level = tracks
        .iter()
        .filter(|t| t.why.iter().any(|w| w == BY_ARTIST))
        .count();
    Built {
        tracks,
        artist_level,
        fitting,
    }
}

struct Judged {
    /// "128 BPM · energy 0.82".
    summary: String,
    by_artist: bool,
}

/// Whether a track fits the spec, and what its ranged values are.
fn judge(index: &ContentIndex, item: &ListItem, spec: &PlaylistSpec) -> Option<Judged> {
    if let Some((from, to)) = spec.years {
        let year = item.catalog().map_or(0, |t| index.catalog().track(t).year);
        if year == 0 || year < from || year > to {
            return None;
        }
    }
    let mut by_artist = false;
    let mut parts = Vec::new();
    for range in &spec.ranges {
        let (value, artists) = feature_of(index, item, range.feature)?;
        by_artist |= artists;
        if value < range.min || value > range.max {
            return None;
        }
        parts.push(match range.feature {
            Feature::Tempo => format!("{value:.0} BPM"),
            f => format!("{} {value:.2}", f.label()),
        });
    }
    Some(Judged {
        summary: parts.join(" · "),
        by_artist,
    })
}

/// A track's value of a feature: its own (with `false`), else its artist's (with `true`). A track
/// outside the catalog has only its artist's.
fn feature_of(index: &ContentIndex, item: &ListItem, feature: Feature) -> Option<(f32, bool)> {
    let catalog = index.catalog();
    let artists = |artists: &[ArtistIdx]| {
        artists
            .iter()
            .find_map(|&a| catalog.artist(a).features.get(feature))
            .map(|v| (v, true))
    };
    match item {
        ListItem::Catalog(track) => {
            let t = catalog.track(*track);
            let own = t.features.get(feature).map(|v| (v, false));
            own.or_else(|| artists(&t.artists))
        }
        ListItem::Own { artist, .. } => artists(catalog.find_artist(artist).as_slice()),
    }
}

/// A track's value of a feature, its own else its artist's, else the middle of the range.
fn value(index: &ContentIndex, item: &ListItem, feature: Feature) -> f32 {
    feature_of(index, item, feature).map_or_else(
        || {
            let (lo, hi) = feature.range();
            (lo + hi) / 2.0
        },
        |(v, _)| v,
    )
}

fn order(index: &ContentIndex, mut tracks: Vec<ListTrack>, order: Order) -> Vec<ListTrack> {
    let by = |feature: Feature, tracks: &mut Vec<ListTrack>| {
        tracks.sort_by(|a, b| {
            value(index, &a.item, feature).total_cmp(&value(index, &b.item, feature))
        })
    };
    match order {
        Order::Ranked | Order::AsYouPlayThem => {}
        Order::TempoRising => by(Feature::Tempo, &mut tracks),
        Order::EnergyRising => by(Feature::Energy, &mut tracks),
        Order::WarmUpPeakCoolDown => {
            by(Feature::Energy, &mut tracks);
            // Positions ranked by the curve's height take the tracks ranked by energy: the k-th calmest
            // track goes where the curve is k-th lowest.
            let n = tracks.len();
            let mut slots: Vec<usize> = (0..n).collect();
            slots.sort_by(|&a, &b| curve(a, n).total_cmp(&curve(b, n)).then(a.cmp(&b)));
            let mut placed: Vec<Option<ListTrack>> = vec![None; n];
            for (slot, track) in slots.into_iter().zip(tracks) {
                placed[slot] = Some(track);
            }
            tracks = placed.into_iter().flatten().collect();
        }
    }
    tracks
}

/// The workout curve at position i of n: rising to 1 at two thirds, then falling to a third.
fn curve(i: usize, n: usize) -> f32 {
    let x = i as f32 / (n.max(2) - 1) as f32;
    const PEAK: f32 = 2.0 / 3.0;
    if x <= PEAK {
        x / PEAK
    } else {
        1.0 - (x - PEAK) / (1.0 - PEAK) * (2.0 / 3.0)
    }
}

#[cfg(test)]
mod tests;
