//! Blend with a friend, no server: each listener exports a taste card (aggregate taste only: top artists
//! with weights, the audio-feature profile, top genres; no play, no time, no track), swaps the file, and
//! either one gets a playlist that serves both.
//!
//! The blend ranks the "new to you" lists of the two tastes and keeps the tracks that rank well in both:
//! a track's blend score is the lower of its two rank scores (1 at the top of a list, falling to 0 at its
//! end, 0 when absent), so a track high for one and absent for the other never beats one that is decent
//! for both. When too few fit both, the rest alternate between each listener's best, and say whose.

use crate::community::CommunityRecommender;
use crate::insights::profile;
use crate::recommend::Scored;
use crate::taste::{Listened, Taste};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The format's name and version, checked on import.
pub const CARD_FORMAT: &str = "attune-taste-card/1";
/// Artists and genres a card carries.
const CARD_ARTISTS: usize = 50;
const CARD_GENRES: usize = 10;
/// How far each listener's list is read for the blend.
const BLEND_POOL: usize = 300;

/// What a taste card holds: everything is shown to the listener before it is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TasteCard {
    pub format: String,
    /// The name the listener gives the card.
    pub name: String,
    /// Top artists with their share of the listening, largest first, summing to at most 1.
    pub artists: Vec<(String, f32)>,
    /// The audio-feature profile (see [`crate::insights::PROFILE_AXES`]).
    pub profile: Vec<f32>,
    /// Top genres, most listened first.
    pub genres: Vec<String>,
}

impl TasteCard {
    /// The card of a taste: its top artists' shares, the given profile and genres.
    pub fn of(name: &str, taste: &Taste, profile: Vec<f32>, genres: Vec<String>) -> TasteCard {
        let total: f32 = taste.artists.iter().map(|a| a.plays).sum();
        TasteCard {
            format: CARD_FORMAT.to_string(),
            name: name.to_string(),
            artists: taste
                .artists
                .iter()
                .take(CARD_ARTISTS)
                .map(|a| (a.name.clone(), a.plays / total.max(f32::MIN_POSITIVE)))
                .collect(),
            profile,
            genres: genres.into_iter().take(CARD_GENRES).collect(),
        }
    }

    /// Reads a card file, refusing anything that is not one (with the reason).
    pub fn from_json(text: &str) -> Result<TasteCard, String> {
        let card: TasteCard = serde_json::from_str(text)
            .map_err(|e| format!("this is not an Attune taste card ({e})"))?;
        if card.format != CARD_FORMAT {
            return Err(format!(
                "this taste card is in format {:?}; this Attune reads {CARD_FORMAT}",
                card.format
            ));
        }
        if card.artists.is_empty() {
            return Err("this taste card names no artists".into());
        }
        if card.artists.iter().any(|(_, w)| !w.is_finite() || *w < 0.0) {
            return Err("this taste card's artist shares are damaged".into());
        }
        Ok(card)
    }

    /// The card as a taste the recommenders read: its artists, played in proportion to their share.
    pub fn taste(&self) -> Taste {
        Taste {
            artists: self
                .artists
                .iter()
                .map(|(name, share)| Listened {
                    name: name.clone(),
                    artist: String::new(),
                    plays: share * 1_000.0,
                    id: None,
                })
                .collect(),
            tracks: Vec::new(),
            together: Default::default(),
        }
    }
}

impl CommunityRecommender {
    /// The listener's card: top artists, the profile of their catalog tracks, their artists' genres.
    pub fn taste_card(&self, name: &str, taste: &Taste) -> TasteCard {
        let catalog = self.index().catalog();
        let mut genres: HashMap<u32, f32> = HashMap::new();
        for artist in &taste.artists {
            let Some(a) = catalog.find_artist(&artist.name) else {
                continue;
            };
            let own = &catalog.artist(a).genres;
            for &g in own {
                *genres.entry(g).or_default() += artist.plays / own.len() as f32;
            }
        }
        let mut genres: Vec<(u32, f32)> = genres.into_iter().collect();
        genres.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let genres = genres
            .into_iter()
            .map(|(g, _)| catalog.genre(g).to_string())
            .collect();
        let profile = profile(self.index(), &self.familiar_tracks(taste));
        TasteCard::of(name, taste, profile, genres)
    }

    /// `k` tracks for two listeners, the ones that fit both first, each saying how it fits.
    pub fn blend_for_two(&self, mine: &Taste, theirs: &TasteCard, k: usize) -> Vec<Scored> {
        let rank_scores = |taste: &Taste| -> HashMap<u32, (f32, Scored)> {
            let list = self.recommend_for_history(taste, BLEND_POOL, 0.3);
            let n = list.len().max(1) as f32;
            list.into_iter()
                .enumerate()
                .map(|(i, s)| (s.item.0, (1.0 - i as f32 / n, s)))
                .collect()
        };
        let (me, them) = (rank_scores(mine), rank_scores(&theirs.taste()));
        let friend = &theirs.name;
        let mut both: Vec<Scored> = me
            .iter()
            .filter_map(|(item, (mine, s))| {
                let (theirs, _) = them.get(item)?;
                let mut s = s.clone();
                s.score = mine.min(*theirs) + 1e-3 * (mine + theirs);
                s.why.insert(0, format!("fits you and {friend}"));
                Some(s)
            })
            .collect();
        both.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.item.0.cmp(&b.item.0)));
        both.truncate(k);
        // Too few in common: each listener's best in turn, saying whose it is.
        let only = |scores: &HashMap<u32, (f32, Scored)>, whose: String| {
            let mut rest: Vec<&(f32, Scored)> = scores
                .values()
                .filter(|(_, s)| !both.iter().any(|b| b.item == s.item))
                .collect();
            rest.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.item.0.cmp(&b.1.item.0)));
            rest.into_iter()
                .map(|(score, s)| {
                    let mut s = s.clone();
                    s.score = *score * 0.5;
                    s.why.insert(0, whose.clone());
                    s
                })
                .collect::<Vec<_>>()
        };
        let (for_me, for_them) = (
            only(&me, "for you".into()),
            only(&them, format!("for {friend}")),
        );
        let mut turns = for_me.into_iter().zip(for_them).flat_map(|(a, b)| [a, b]);
        while both.len() < k {
            match turns.next() {
                Some(s) if !both.iter().any(|b| b.item == s.item) => both.push(s),
                Some(_) => {}
                None => break,
            }
        }
        both
    }
}

#[cfg(test)]
mod tests;
