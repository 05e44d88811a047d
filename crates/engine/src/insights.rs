//! Insights: the listener's own listening as the numbers behind pictures. When they listen (a week of
//! hours), whom and what most (by period), how their genres move month by month, what their music sounds
//! like (an audio-feature profile to compare with any list), and where their tracks sit on a 2-D map of
//! sound (the first two principal components of the standardised audio features).

use crate::catalog::TrackIdx;
use crate::content::ContentIndex;
use crate::features::Feature;
use crate::import::{Play, PlayKind};
use crate::names::normalise;
use crate::taste::Taste;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The radar's axes, in order; tempo is scaled by its range (0 to 250 BPM) like the others' 0 to 1.
pub const PROFILE_AXES: [Feature; 8] = [
    Feature::Danceability,
    Feature::Energy,
    Feature::Valence,
    Feature::Acousticness,
    Feature::Instrumentalness,
    Feature::Speechiness,
    Feature::Liveness,
    Feature::Tempo,
];
/// Periods of the top lists: (label, days back; 0 for all time).
const PERIODS: [(&str, i64); 3] = [
    ("Last 4 weeks", 28),
    ("Last 6 months", 183),
    ("All time", 0),
];
const TOP: usize = 10;
/// Genres followed month by month, and months shown.
const TREND_GENRES: usize = 5;
const TREND_MONTHS: usize = 12;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Insights {
    /// Hours listened by weekday (Monday first) and local hour: 7 rows of 24.
    pub clock: Vec<Vec<f32>>,
    pub top: Vec<TopList>,
    /// "2024-03" for each month of the trends, oldest first.
    pub months: Vec<String>,
    pub genres: Vec<GenreTrend>,
    /// The listener's audio-feature profile on [`PROFILE_AXES`], each 0 to 1 ([`listening_profile`]).
    pub profile: Vec<f32>,
    /// What the profile was judged by.
    #[serde(default)]
    pub sound_basis: SoundBasis,
    pub map: Vec<MapPoint>,
}

/// Shares of the listening (full-play equivalents) whose sound is the track's own (a catalog track)
/// and whose sound is its artist's (the artist table's mean features); the rest has no known sound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SoundBasis {
    pub by_track: f32,
    pub by_artist: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopList {
    pub period: String,
    /// (artist, hours), most first.
    pub artists: Vec<(String, f32)>,
    /// (title, artist, hours), most first.
    pub tracks: Vec<(String, String, f32)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenreTrend {
    pub genre: String,
    /// The genre's share of each month's listening (of the plays whose artist has genres).
    pub shares: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    pub track_id: String,
    pub x: f32,
    pub y: f32,
}

/// Insights from music plays (podcasts are left out), the listener's taste and their catalog tracks,
/// at `now` (seconds since 1970) with the listener's UTC offset in seconds.
pub fn insights(
    index: &ContentIndex,
    plays: &[Play],
    taste: &Taste,
    familiar: &[TrackIdx],
    now: i64,
    utc_offset: i64,
) -> Insights {
    let music: Vec<&Play> = plays.iter().filter(|p| p.kind == PlayKind::Music).collect();
    let hours = |p: &Play| p.ms_played as f32 / 3_600_000.0;
    let mut clock = vec![vec![0.0f32; 24]; 7];
    for p in &music {
        let local = p.ended_at + utc_offset;
        let day = local.div_euclid(86_400);
        // 1970-01-01 was a Thursday: Monday-first weekday 3.
        let weekday = (day + 3).rem_euclid(7) as usize;
        let hour = (local.rem_euclid(86_400) / 3_600) as usize;
        clock[weekday][hour] += hours(p);
    }
    let top = PERIODS
        .iter()
        .map(|&(period, days)| {
            let since = if days == 0 {
                i64::MIN
            } else {
                now - days * 86_400
            };
            top_list(
                period,
                music.iter().copied().filter(|p| p.ended_at >= since),
            )
        })
        .collect();
    let (months, genres) = genre_trends(index, &music, utc_offset);
    let (profile, sound_basis) = listening_profile(index, taste);
    Insights {
        clock,
        top,
        months,
        genres,
        profile,
        sound_basis,
        map: taste_map(index, familiar),
    }
}

fn top_list<'a>(period: &str, plays: impl Iterator<Item = &'a Play>) -> TopList {
    let mut artists: HashMap<String, (String, f32)> = HashMap::new();
    let mut tracks: HashMap<(String, String), (String, String, f32)> = HashMap::new();
    for p in plays {
        let h = p.ms_played as f32 / 3_600_000.0;
        artists
            .entry(normalise(&p.artist))
            .or_insert_with(|| (p.artist.clone(), 0.0))
            .1 += h;
        tracks
            .entry((normalise(&p.artist), normalise(&p.title)))
            .or_insert_with(|| (p.title.clone(), p.artist.clone(), 0.0))
            .2 += h;
    }
    let mut artists: Vec<(String, f32)> = artists.into_values().collect();
    artists.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    artists.truncate(TOP);
    let mut tracks: Vec<(String, String, f32)> = tracks.into_values().collect();
    tracks.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    tracks.truncate(TOP);
    TopList {
        period: period.to_string(),
        artists,
        tracks,
    }
}

/// The commonest genres' share of each of the last months with listening.
fn genre_trends(
    index: &ContentIndex,
    music: &[&Play],
    utc_offset: i64,
) -> (Vec<String>, Vec<GenreTrend>) {
    let catalog = index.catalog();
    let mut artist_genres: HashMap<String, Option<Vec<u32>>> = HashMap::new();
    // (month, genre) → hours, with each play's hours split over its artist's genres.
    let mut by_month: HashMap<(i32, u32), HashMap<u32, f32>> = HashMap::new();
    let mut totals: HashMap<u32, f32> = HashMap::new();
    for p in music {
        let genres = artist_genres
            .entry(p.artist.clone())
            .or_insert_with(|| {
                let a = catalog.find_artist(&p.artist)?;
                let g = &catalog.artist(a).genres;
                (!g.is_empty()).then(|| g.clone())
            })
            .as_deref();
        let Some(genres) = genres else { continue };
        let month = year_month((p.ended_at + utc_offset).div_euclid(86_400));
        let share = p.ms_played as f32 / 3_600_000.0 / genres.len() as f32;
        let into = by_month.entry(month).or_default();
        for &g in genres {
            *into.entry(g).or_default() += share;
            *totals.entry(g).or_default() += share;
        }
    }
    let mut months: Vec<(i32, u32)> = by_month.keys().copied().collect();
    months.sort_unstable();
    let months: Vec<(i32, u32)> = months.split_off(months.len().saturating_sub(TREND_MONTHS));
    let mut top: Vec<(u32, f32)> = totals.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let trends = top
        .iter()
        .take(TREND_GENRES)
        .map(|&(g, _)| GenreTrend {
            genre: catalog.genre(g).to_string(),
            shares: months
                .iter()
                .map(|m| {
                    let month = &by_month[m];
                    let all: f32 = month.values().sum();
                    month.get(&g).copied().unwrap_or(0.0) / all.max(f32::MIN_POSITIVE)
                })
                .collect(),
        })
        .collect();
    let labels = months.iter().map(|(y, m)| format!("{y}-{m:02}")).collect();
    (labels, trends)
}

/// "2024-03": the month of a day counted from 1970-01-01.
pub fn month_label(days: i64) -> String {
    let (year, month) = year_month(days);
    format!("{year}-{month:02}")
}

/// The year and month of a day counted from 1970-01-01.
fn year_month(days: i64) -> (i32, u32) {
    let (year, month, _) = crate::import::time::civil_from_days(days);
    (year as i32, month as u32)
}

/// The mean of the tracks' features on [`PROFILE_AXES`], each scaled to 0..1 by its range; a missing
/// value comes from the track's artist, else the track is left out of that axis.
pub fn profile(index: &ContentIndex, tracks: &[TrackIdx]) -> Vec<f32> {
    let catalog = index.catalog();
    let weighted: Vec<(Axes, f32)> = tracks
        .iter()
        .map(|&t| (track_axes(catalog, t), 1.0))
        .collect();
    weighted_mean(&weighted)
}

/// The listener's sound: the mean of what they listen to on [`PROFILE_AXES`], weighted by listening.
/// A catalog track has its own features (its artist's where one is missing); any other track is judged
/// by its artist's sound (the artist table's mean features), and so is an artist known without tracks
/// (a pick); an artist without features is left out. Also says how much of the listening each way
/// covers.
pub fn listening_profile(index: &ContentIndex, taste: &Taste) -> (Vec<f32>, SoundBasis) {
    let catalog = index.catalog();
    let (mut by_track, mut by_artist, mut all) = (0.0f32, 0.0f32, 0.0f32);
    let mut weighted = Vec::new();
    for listened in &taste.tracks {
        all += listened.plays;
        let axes = match catalog.find_by_artist(&listened.artist, &listened.name) {
            Some(track) => {
                by_track += listened.plays;
                track_axes(catalog, track)
            }
            None => {
                let artist = catalog
                    .find_artist(&listened.artist)
                    .map(|a| catalog.artist(a));
                let Some(artist) = artist.filter(|a| !a.features.is_unknown()) else {
                    continue;
                };
                by_artist += listened.plays;
                PROFILE_AXES.map(|f| artist.features.get(f))
            }
        };
        weighted.push((axes, listened.plays));
    }
    // Artists known only as artists (picked, or followed without a play) count by their sound too.
    let with_tracks: std::collections::HashSet<String> =
        taste.tracks.iter().map(|t| normalise(&t.artist)).collect();
    for listened in taste
        .artists
        .iter()
        .filter(|a| !with_tracks.contains(&normalise(&a.name)))
    {
        all += listened.plays;
        let artist = catalog
            .find_artist(&listened.name)
            .map(|a| catalog.artist(a));
        if let Some(artist) = artist.filter(|a| !a.features.is_unknown()) {
            by_artist += listened.plays;
            weighted.push((PROFILE_AXES.map(|f| artist.features.get(f)), listened.plays));
        }
    }
    let share = |part: f32| if all > 0.0 { part / all } else { 0.0 };
    let basis = SoundBasis {
        by_track: share(by_track),
        by_artist: share(by_artist),
    };
    (weighted_mean(&weighted), basis)
}

/// A track's values on [`PROFILE_AXES`]: its own, else its first credited artist's that has one.
type Axes = [Option<f32>; PROFILE_AXES.len()];

fn track_axes(catalog: &crate::Catalog, t: TrackIdx) -> Axes {
    let track = catalog.track(t);
    PROFILE_AXES.map(|f| {
        track.features.get(f).or_else(|| {
            track
                .artists
                .iter()
                .find_map(|&a| catalog.artist(a).features.get(f))
        })
    })
}

/// Each axis's weighted mean over the values present, scaled to 0..1 by the feature's range.
fn weighted_mean(weighted: &[(Axes, f32)]) -> Vec<f32> {
    PROFILE_AXES
        .iter()
        .enumerate()
        .map(|(axis, f)| {
            let (lo, hi) = f.range();
            let (sum, weight) = weighted
                .iter()
                .filter_map(|(axes, w)| axes[axis].map(|v| ((v - lo) / (hi - lo) * w, *w)))
                .fold((0.0f32, 0.0f32), |(s, total), (v, w)| (s + v, total + w));
            sum / weight.max(f32::MIN_POSITIVE)
        })
        .collect()
}

/// The tracks on the first two principal components of their standardised features (power iteration on
/// the covariance, the second after deflating the first).
pub fn taste_map(index: &ContentIndex, tracks: &[TrackIdx]) -> Vec<MapPoint> {
    let points: Vec<Vec<f32>> = tracks
        .iter()
        .map(|&t| index.standardised_features(t).to_vec())
        .collect();
    let Some(dim) = points.first().map(Vec::len) else {
        return Vec::new();
    };
    let n = points.len() as f32;
    let mean: Vec<f32> = (0..dim)
        .map(|d| points.iter().map(|p| p[d]).sum::<f32>() / n)
        .collect();
    let mut cov = vec![vec![0.0f32; dim]; dim];
    for p in &points {
        for i in 0..dim {
            for j in 0..dim {
                cov[i][j] += (p[i] - mean[i]) * (p[j] - mean[j]) / n;
            }
        }
    }
    let first = leading_eigenvector(&cov);
    let lambda: f32 = (0..dim)
        .map(|i| first[i] * (0..dim).map(|j| cov[i][j] * first[j]).sum::<f32>())
        .sum();
    for i in 0..dim {
        for j in 0..dim {
            cov[i][j] -= lambda * first[i] * first[j];
        }
    }
    let second = leading_eigenvector(&cov);
    let project = |p: &[f32], axis: &[f32]| -> f32 {
        p.iter()
            .zip(&mean)
            .zip(axis)
            .map(|((v, m), a)| (v - m) * a)
            .sum()
    };
    tracks
        .iter()
        .zip(&points)
        .map(|(&t, p)| MapPoint {
            track_id: index.catalog().track(t).id.clone(),
            x: project(p, &first),
            y: project(p, &second),
        })
        .collect()
}

fn leading_eigenvector(m: &[Vec<f32>]) -> Vec<f32> {
    let dim = m.len();
    // A start with a part along every axis, so no eigenvector is missed by symmetry.
    let mut v: Vec<f32> = (0..dim).map(|i| 1.0 + i as f32 / dim as f32).collect();
    for _ in 0..200 {
        let next: Vec<f32> = (0..dim)
            .map(|i| (0..dim).map(|j| m[i][j] * v[j]).sum())
            .collect();
        let norm = next.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm <= f32::MIN_POSITIVE {
            return vec![0.0; dim];
        }
        v = next.iter().map(|x| x / norm).collect();
    }
    v
}

#[cfg(test)]
mod tests;
