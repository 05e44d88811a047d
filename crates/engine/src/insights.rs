//! Insights: the listener's own listening as the numbers behind pictures. When they listen (a week of
//! hours), whom and what most (by period), how their genres move month by month, what their music sounds
//! like (an audio-feature profile to compare with any list), and where their tracks sit on a 2-D map of
//! sound (the first two principal components of the standardised audio features).

use crate::catalog::TrackIdx;
use crate::content::ContentIndex;
use crate::features::Feature;
use crate::import::{Play, PlayKind};
use crate::names::normalise;
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
    /// The listener's audio-feature profile on [`PROFILE_AXES`], each 0 to 1.
    pub profile: Vec<f32>,
    pub map: Vec<MapPoint>,
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

/// Insights from music plays (podcasts are left out) and the listener's catalog tracks, at `now`
/// (seconds since 1970) with the listener's UTC offset in seconds.
pub fn insights(
    index: &ContentIndex,
    plays: &[Play],
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
    Insights {
        clock,
        top,
        months,
        genres,
        profile: profile(index, familiar),
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
    PROFILE_AXES
        .iter()
        .map(|&f| {
            let (lo, hi) = f.range();
            let values: Vec<f32> = tracks
                .iter()
                .filter_map(|&t| {
                    let track = catalog.track(t);
                    track.features.get(f).or_else(|| {
                        track
                            .artists
                            .iter()
                            .find_map(|&a| catalog.artist(a).features.get(f))
                    })
                })
                .map(|v| (v - lo) / (hi - lo))
                .collect();
            values.iter().sum::<f32>() / values.len().max(1) as f32
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
