//! Daily Mixes and Discover Weekly: lists made from the listener's taste that change on a calendar.
//!
//! - A Daily Mix is one group of the listener's own tracks (k-means over their standardised audio
//!   features, a track outside the catalog placed by its artist's: [`members`]), half familiar tracks
//!   from that group and half new ones that sound like it, named after the group's genres and mood. The
//!   groups stay put; which tracks fill them changes with the day.
//! - Discover Weekly is a weighted draw from the listener's "new to you" list, the better-ranked tracks
//!   more likely (Gumbel-top-k), seeded by the week: the same all week, different the next.

pub(crate) mod members;

use super::CommunityRecommender;
use crate::cluster::kmeans;
use crate::colisten::CoListening;
use crate::content::Seed;
use crate::features::Feature;
use crate::list_item::{ListItem, ListTrack};
use crate::next_track::{leads, listening_order, why_next};
use crate::recommend::Scored;
use crate::rng::Rng;
use crate::taste::Taste;
use members::Member;
use std::collections::{HashMap, HashSet};

/// At most this many Daily Mixes.
const MIXES: usize = 6;
/// A mix needs at least this many of the listener's tracks behind it.
const TRACKS_PER_GROUP: usize = 4;
/// The groups are the same every day: only the tracks in them change.
const GROUPING_SEED: u64 = 20_261_130;
/// The listener's commonest genres that place their tracks for grouping, and how far apart two tracks
/// of different genres sit, in standard deviations of one audio feature.
const GROUPING_GENRES: usize = 30;
const GENRE_WEIGHT: f32 = 3.0;
/// Mixed into the week's seed, so that week n's draw is not day n's.
const WEEKLY_SEED: u64 = 0x005e_ed0f_3ee4;
/// How far the "new to you" list is read for Discover Weekly, in multiples of its length.
const WEEKLY_POOL: usize = 3;

/// One Daily Mix.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    /// "Dance pop & edm".
    pub name: String,
    /// "energetic · bright · with Daft Punk, Justice and Air".
    pub description: String,
    pub tracks: Vec<ListTrack>,
}

impl CommunityRecommender {
    /// Up to six mixes of `length` tracks for the day `day` (days since 1970, local).
    pub fn daily_mixes(&self, taste: &Taste, day: i64, length: usize) -> Vec<Mix> {
        let familiar = self.mix_members(taste);
        let k = (familiar.len() / TRACKS_PER_GROUP).min(MIXES);
        if k == 0 {
            return Vec::new();
        }
        let groups = kmeans(&grouping_points(&familiar), k, GROUPING_SEED);
        let mut members: Vec<Vec<&Member>> = vec![Vec::new(); k];
        for (member, &group) in familiar.iter().zip(&groups) {
            members[group].push(member);
        }
        members.retain(|m| !m.is_empty());
        members.sort_by_key(|m| std::cmp::Reverse(m.len()));

        let catalog = self.index.catalog();
        let mut taken: HashSet<&str> = familiar.iter().map(|m| m.key.as_str()).collect();
        let mut rng = Rng::new(day as u64);
        let mut mixes: Vec<Mix> = members
            .into_iter()
            .map(|group| {
                // The most played few seed the new half; the familiar half is a daily draw.
                let seeds: Vec<Seed> = group.iter().take(5).map(|m| m.seed).collect();
                let mut new: Vec<Scored> = self
                    .index
                    .recommend(&seeds, 3 * length)
                    .into_iter()
                    .filter(|s| !taken.contains(catalog.track_key(s.item)))
                    .collect();
                rng.shuffle(&mut new);
                let mut own = group.clone();
                rng.shuffle(&mut own);
                let familiar_half = own.len().min(length.div_ceil(2));
                let new_half = new.len().min(length - familiar_half);
                taken.extend(new[..new_half].iter().map(|s| catalog.track_key(s.item)));
                let own = in_listening_order(&taste.together, &own, familiar_half);
                let new = new.drain(..new_half).map(|s| ListTrack {
                    item: ListItem::Catalog(s.item),
                    familiar: false,
                    why: s.why,
                });
                Mix {
                    name: self.group_name(&group),
                    description: self.group_description(&group),
                    tracks: alternate(own.into_iter(), new),
                }
            })
            .collect();
        // Two groups of one genre ("Lofi" calm and "Lofi" upbeat) are told apart by number.
        let mut named: HashMap<String, usize> = HashMap::new();
        for mix in &mut mixes {
            let seen = named.entry(mix.name.clone()).or_default();
            *seen += 1;
            if *seen > 1 {
                mix.name = format!("{} {seen}", mix.name);
            }
        }
        mixes
    }

    /// `tracks` in the order the listener moves between them ([`listening_order`]); a track that follows
    /// one it is played after gets why first among its reasons.
    pub fn as_played(&self, taste: &Taste, tracks: Vec<ListTrack>) -> Vec<ListTrack> {
        let own: Vec<Option<u32>> = tracks
            .iter()
            .map(|t| match &t.item {
                ListItem::Catalog(track) => self.together_of(taste, *track),
                ListItem::Own { title, artist, .. } => taste.together.find(artist, title),
            })
            .collect();
        in_order(&taste.together, tracks, &own, |t| &mut t.why)
    }

    /// `length` tracks the listener has not played, the same all week `week` (weeks since the Monday
    /// before 1970-01-01, local).
    pub fn discover_weekly(&self, taste: &Taste, week: i64, length: usize) -> Vec<Scored> {
        let pool = self.recommend_for_history(taste, WEEKLY_POOL * length, 0.5);
        let mut rng = Rng::new(week as u64 ^ WEEKLY_SEED);
        let mut keyed: Vec<(f32, usize, Scored)> = pool
            .into_iter()
            .enumerate()
            .map(|(rank, s)| {
                // Gumbel-top-k: ln(weight) + Gumbel noise; weight 1/(rank + 1).
                let u = rng.next_f32().clamp(1e-7, 1.0 - 1e-7);
                (-((rank + 1) as f32).ln() - (-u.ln()).ln(), rank, s)
            })
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
        keyed.truncate(length);
        keyed.sort_by_key(|(_, rank, _)| *rank);
        keyed.into_iter().map(|(_, _, s)| s).collect()
    }

    /// The group's two commonest genres: "Dance pop & edm".
    fn group_name(&self, group: &[&Member]) -> String {
        let catalog = self.index.catalog();
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for &g in group.iter().flat_map(|m| m.genres) {
            *counts.entry(g).or_default() += 1;
        }
        let mut genres: Vec<(u32, usize)> = counts.into_iter().collect();
        genres.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let names: Vec<&str> = genres
            .iter()
            .take(2)
            .map(|&(g, _)| catalog.genre(g))
            .collect();
        let name = match names.as_slice() {
            [] => "Your mix".to_string(),
            [one] => one.to_string(),
            [a, b, ..] => format!("{a} & {b}"),
        };
        let mut chars = name.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or(name)
    }

    /// "energetic · bright · with Daft Punk, Justice and Air": the group's mood and its main artists.
    fn group_description(&self, group: &[&Member]) -> String {
        let catalog = self.index.catalog();
        let mean = |f: Feature| {
            group.iter().map(|m| m.features[f.index()]).sum::<f32>() / group.len() as f32
        };
        let mut words: Vec<String> = [
            (mean(Feature::Energy), "energetic", "calm"),
            (mean(Feature::Valence), "bright", "moody"),
            (mean(Feature::Danceability), "danceable", "free-flowing"),
        ]
        .iter()
        .filter(|(z, _, _)| z.abs() >= 0.4)
        .map(|&(z, high, low)| if z > 0.0 { high } else { low }.to_string())
        .collect();
        let mut artists: Vec<String> = Vec::new();
        for member in group {
            let Some(first) = member.artist else {
                continue;
            };
            let name = &catalog.artist(first).name;
            if !artists.contains(name) && artists.len() < 3 {
                artists.push(name.clone());
            }
        }
        let artists = match artists.as_slice() {
            [] => String::new(),
            [one] => format!("with {one}"),
            [init @ .., last] => format!("with {} and {last}", init.join(", ")),
        };
        words.push(artists);
        words.join(" · ")
    }
}

/// Where each track sits for grouping: its standardised audio features, then one entry for each of
/// the listener's commonest genres. Sound alone would put afrobeats and metal of the same energy
/// together; the genres, weighted above one feature's spread, keep a mix to one scene and let the sound
/// split a scene.
fn grouping_points(tracks: &[Member]) -> Vec<Vec<f32>> {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for &g in tracks.iter().flat_map(|m| m.genres) {
        *counts.entry(g).or_default() += 1;
    }
    let mut common: Vec<(u32, usize)> = counts.into_iter().collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    common.truncate(GROUPING_GENRES);
    tracks
        .iter()
        .map(|m| {
            let weight = GENRE_WEIGHT / (m.genres.len().max(1) as f32).sqrt();
            let mut point = m.features.to_vec();
            point.extend(common.iter().map(
                |(g, _)| {
                    if m.genres.contains(g) {
                        weight
                    } else {
                        0.0
                    }
                },
            ));
            point
        })
        .collect()
}

/// The familiar half of a mix: the day's draw put in the order the listener moves between these tracks
/// ([`listening_order`]), then its first `n`.
fn in_listening_order(together: &CoListening, days_order: &[&Member], n: usize) -> Vec<ListTrack> {
    let tracks = days_order
        .iter()
        .map(|m| ListTrack {
            item: m.item.clone(),
            familiar: true,
            why: Vec::new(),
        })
        .collect();
    let own: Vec<Option<u32>> = days_order.iter().map(|m| m.together).collect();
    in_order(together, tracks, &own, |t| &mut t.why)
        .into_iter()
        .take(n)
        .map(|mut t| {
            t.why = vec![t.why.pop().unwrap_or_else(|| "from your listening".into())];
            t
        })
        .collect()
}

/// `tracks` in [`listening_order`], `own` being each one's place in the co-listening; a track that
/// follows one it is played after gets why first among its reasons.
fn in_order<T>(
    together: &CoListening,
    tracks: Vec<T>,
    own: &[Option<u32>],
    why: impl Fn(&mut T) -> &mut Vec<String>,
) -> Vec<T> {
    let order = listening_order(together, own);
    let mut tracks: Vec<Option<T>> = tracks.into_iter().map(Some).collect();
    let mut before = None;
    order
        .into_iter()
        .map(|i| {
            let mut track = tracks[i].take().expect("each place once");
            if let (Some(a), Some(b)) = (before, own[i]) {
                if leads(together, a, b) {
                    why(&mut track).insert(0, why_next(together, a, b));
                }
            }
            before = own[i];
            track
        })
        .collect()
}

/// One from each in turn, then the rest of the longer.
fn alternate(
    a: impl Iterator<Item = ListTrack>,
    b: impl Iterator<Item = ListTrack>,
) -> Vec<ListTrack> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut out = Vec::new();
    while a.peek().is_some() || b.peek().is_some() {
        out.extend(a.next());
        out.extend(b.next());
    }
    out
}

#[cfg(test)]
mod tests;
