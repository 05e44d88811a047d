//! Artists for the listener from everything Attune knows, not only the artists with a catalog track: the
//! community's artists that listeners of theirs also play (the listener folded in), and the artist
//! table's artists that sound like their most played (mean features and genres). Artists they already
//! play are left out; each pick says why, and names a catalog track of theirs when there is one.

use super::CommunityRecommender;
use crate::catalog::{ArtistIdx, TrackIdx};
use crate::names::name_key;
use crate::recommend::top_items;
use crate::taste::Taste;
use std::collections::{HashMap, HashSet};

/// How many of the listener's most played artists in the artist table seed the sound-alikes.
const SOUND_SEEDS: usize = 10;
/// The sound-alikes' weight against the community's picks, each scaled to its best: listening says
/// more than sound, which only breaks ties and brings in artists the community never heard.
const SOUND_WEIGHT: f32 = 0.5;

/// An artist to discover.
#[derive(Debug, Clone, PartialEq)]
pub struct ArtistPick {
    /// As the community or the artist table spells it.
    pub name: String,
    /// Its entry in the artist table, when it has one (features and genres).
    pub artist: Option<ArtistIdx>,
    /// A catalog track of theirs, playable at once, when the catalog has one.
    pub track: Option<TrackIdx>,
    pub score: f32,
    pub why: Vec<String>,
}

impl CommunityRecommender {
    /// `k` artists the listener does not play yet, best first. Within a source, two entries of one
    /// name (the community has "Panic at the Disco" and "Panic! At the Disco") count once, at the
    /// better score; across the two sources, scores add up and the reasons join.
    pub fn artists_for(&self, taste: &Taste, k: usize) -> Vec<ArtistPick> {
        let played: HashSet<String> = taste.artists.iter().map(|a| name_key(&a.name)).collect();
        let mut picks: HashMap<String, ArtistPick> = HashMap::new();
        let sources = [
            self.community_artists(taste, 4 * k),
            self.sound_alike_artists(taste, 4 * k),
        ];
        for source in sources {
            let mut best: HashMap<String, ArtistPick> = HashMap::new();
            for pick in source {
                let key = name_key(&pick.name);
                if played.contains(&key) {
                    continue;
                }
                match best.get(&key) {
                    Some(kept) if kept.score >= pick.score => {}
                    _ => {
                        best.insert(key, pick);
                    }
                }
            }
            for (key, pick) in best {
                match picks.get_mut(&key) {
                    Some(found) => {
                        found.score += pick.score;
                        found.why.extend(pick.why);
                        found.artist = found.artist.or(pick.artist);
                    }
                    None => {
                        picks.insert(key, pick);
                    }
                }
            }
        }
        let mut picks: Vec<ArtistPick> = picks.into_values().collect();
        picks.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.name.cmp(&b.name))
        });
        picks.truncate(k);
        for pick in &mut picks {
            pick.track = pick
                .artist
                .and_then(|a| self.tracks_by_artist.get(&a))
                .and_then(|tracks| tracks.first().copied());
        }
        picks
    }

    /// The community's artists ranked for the listener folded in, scaled so the best scores 1.
    fn community_artists(&self, taste: &Taste, n: usize) -> Vec<ArtistPick> {
        let inputs = self.history_inputs(taste);
        if inputs.items.is_empty() {
            return Vec::new();
        }
        let mut scores = vec![0.0f32; self.artists.len()];
        self.hybrid
            .score_history(None, &inputs.items, &inputs.weights, &mut scores);
        let user = self.hybrid.als.user_weights(&inputs.items, &inputs.weights);
        let top = top_items(&scores, &inputs.items, n);
        let best = top.first().map_or(1.0, |&(_, s)| s.max(f32::EPSILON));
        top.into_iter()
            .filter(|&(_, score)| score > 0.0)
            .map(|(item, score)| ArtistPick {
                name: self.artists[item as usize].clone(),
                artist: self.content.artist(item),
                track: None,
                score: score / best,
                why: self.why(&user, &inputs.items, &inputs.weights, item),
            })
            .collect()
    }

    /// The artist table's artists closest in sound to the listener's most played ones there, scaled so
    /// the best scores [`SOUND_WEIGHT`].
    fn sound_alike_artists(&self, taste: &Taste, n: usize) -> Vec<ArtistPick> {
        let catalog = self.index.catalog();
        let mut seeds: Vec<ArtistIdx> = Vec::new();
        for found in taste
            .artists
            .iter()
            .filter_map(|a| catalog.find_artist(&a.name))
        {
            if !seeds.contains(&found) {
                seeds.push(found);
            }
            if seeds.len() == SOUND_SEEDS {
                break;
            }
        }
        if seeds.is_empty() {
            return Vec::new();
        }
        let seed_vectors: Vec<_> = seeds.iter().map(|&a| self.index.artist_vector(a)).collect();
        let mut closest: Vec<(ArtistIdx, usize, f32)> = (0..catalog.artists.len() as u32)
            .map(ArtistIdx)
            .filter(|a| !seeds.contains(a))
            .filter(|&a| {
                let artist = catalog.artist(a);
                !artist.features.is_unknown() || !artist.genres.is_empty()
            })
            .map(|a| {
                let vector = self.index.artist_vector(a);
                let (seed, similarity) = seed_vectors
                    .iter()
                    .map(|s| self.index.vector_similarity(s, &vector))
                    .enumerate()
                    .fold(
                        (0, f32::MIN),
                        |best, (i, s)| if s > best.1 { (i, s) } else { best },
                    );
                (a, seed, similarity)
            })
            .filter(|&(_, _, similarity)| similarity > 0.0)
            .collect();
        closest.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        closest.truncate(n);
        let best = closest.first().map_or(1.0, |c| c.2.max(f32::EPSILON));
        closest
            .into_iter()
            .map(|(a, seed, similarity)| {
                let artist = catalog.artist(a);
                let mut why = vec![format!("sounds like {}", catalog.artist(seeds[seed]).name)];
                if let Some(&g) = artist.genres.first() {
                    why.push(format!("{} artist", catalog.genre(g)));
                }
                ArtistPick {
                    name: artist.name.clone(),
                    artist: Some(a),
                    track: None,
                    score: SOUND_WEIGHT * similarity / best,
                    why,
                }
            })
            .collect()
    }
}
