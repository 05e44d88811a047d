//! "Listeners like you": a community model shipped with the app as factors ([`crate::shipped`], learnt
//! offline from HetRec Last.fm-2k: 1,892 listeners' play counts of artists), joined with the listener's
//! own picks by folding them in as a new listener of the hybrid, and turned into catalog tracks with
//! their reasons.

use crate::als::explain::UserWeights;
use crate::catalog::{ArtistIdx, TrackIdx};
use crate::content::{ContentIndex, Seed};
use crate::hybrid::{Hybrid, HybridParams};
use crate::interactions::Csr;
use crate::item_content::ItemContent;
use crate::names::normalise;
use crate::recommend::{top_items, Scored};
use crate::shipped::Shipped;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The play count a pick stands for when folded in: about a typical HetRec listener's count for an
/// artist in their top 50.
const PICK_PLAYS: f32 = 250.0;

/// Listeners × artists play counts with the artists' names: what a community model is trained on.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub artists: Vec<String>,
    pub plays: Csr,
}

/// The hybrid trained on the community, ready to recommend catalog tracks for a listener's picks.
pub struct CommunityRecommender {
    index: Arc<ContentIndex>,
    /// The community's artists, as the hybrid's items.
    artists: Vec<String>,
    hybrid: Hybrid,
    content: Arc<ItemContent>,
    item_by_artist: HashMap<ArtistIdx, u32>,
    /// Community artists by normalised name, for matching a listener's history.
    item_by_name: HashMap<String, u32>,
    tracks_by_artist: HashMap<ArtistIdx, Vec<TrackIdx>>,
}

impl CommunityRecommender {
    /// Fits the hybrid on the community's plays (log1p confidence), unquantised: the tests' model.
    #[cfg(test)]
    pub(crate) fn fit(
        index: Arc<ContentIndex>,
        community: Community,
        params: HybridParams,
    ) -> CommunityRecommender {
        let hybrid = Hybrid::fit(params, &community.plays.map_values(f32::ln_1p))
            .expect("the tests' settings are valid");
        CommunityRecommender::assemble(index, community.artists, params, hybrid)
    }

    /// The model a factor asset holds ([`crate::shipped`]): trained elsewhere (on Spark, or by `attune
    /// recommend --write-factors`), so there is nothing to train here.
    pub fn from_shipped(index: Arc<ContentIndex>, shipped: Shipped) -> CommunityRecommender {
        let Shipped {
            items,
            params,
            hybrid,
        } = shipped;
        CommunityRecommender::assemble(index, items, params, hybrid)
    }

    /// The hybrid over `artists` joined to the catalog: the artists' sound as its content side, and
    /// their catalog tracks.
    fn assemble(
        index: Arc<ContentIndex>,
        artists: Vec<String>,
        params: HybridParams,
        hybrid: Hybrid,
    ) -> CommunityRecommender {
        let content = Arc::new(ItemContent::for_artists(index.clone(), &artists));
        let hybrid = hybrid.with_content(content.clone(), params.content_weight);
        let item_by_artist = (0..artists.len() as u32)
            .filter_map(|i| content.artist(i).map(|a| (a, i)))
            .collect();
        let mut tracks_by_artist: HashMap<ArtistIdx, Vec<TrackIdx>> = HashMap::new();
        for t in 0..index.catalog().tracks.len() {
            for &a in &index.catalog().tracks[t].artists {
                tracks_by_artist
                    .entry(a)
                    .or_default()
                    .push(TrackIdx(t as u32));
            }
        }
        let item_by_name = artists
            .iter()
            .enumerate()
            .map(|(i, name)| (normalise(name), i as u32))
            .collect();
        CommunityRecommender {
            index,
            artists,
            hybrid,
            content,
            item_by_artist,
            item_by_name,
            tracks_by_artist,
        }
    }

    pub fn index(&self) -> &ContentIndex {
        &self.index
    }

    /// Whether the community has listeners of the artist `name` (matched as the history is).
    pub fn knows_artist(&self, name: &str) -> bool {
        self.item_by_name
            .contains_key(&crate::names::normalise(name))
    }

    /// `k` tracks for the picks: tracks by the artists the community's listeners of the picks also play,
    /// taking turns with the tracks that sound closest to the picks, then spread out by `discovery`
    /// (0 familiar … 1 discover, see [`crate::diversify`]).
    pub fn recommend(&self, seeds: &[Seed], k: usize, discovery: f32) -> Vec<Scored> {
        let catalog = self.index.catalog();
        let mut items: Vec<u32> = seeds
            .iter()
            .flat_map(|s| match s {
                Seed::Artist(a) => vec![*a],
                Seed::Track(t) => catalog.track(*t).artists.clone(),
            })
            .filter_map(|a| self.item_by_artist.get(&a).copied())
            .collect();
        items.sort_unstable();
        items.dedup();
        let weights = vec![PICK_PLAYS.ln_1p(); items.len()];
        let known: HashSet<TrackIdx> = seeds
            .iter()
            .filter_map(|s| match s {
                Seed::Track(t) => Some(*t),
                Seed::Artist(_) => None,
            })
            .collect();
        self.blend(seeds, &items, &weights, &known, k, discovery)
    }

    /// Takes turns between the collaborative list for the folded-in `items` (community artists with
    /// their confidence weights) and the content list for `seeds`, leaves out `known` tracks, and
    /// diversifies.
    fn blend(
        &self,
        seeds: &[Seed],
        items: &[u32],
        weights: &[f32],
        known: &HashSet<TrackIdx>,
        k: usize,
        discovery: f32,
    ) -> Vec<Scored> {
        // Twice as many candidates as asked (plus the known ones that will be dropped), so that
        // diversifying has room to choose.
        let pool = 2 * k + known.len().min(4 * k);
        let content_list = self.index.recommend(seeds, pool);
        let listened = self.listeners_also_play(seeds, items, weights, known, pool);
        let mut seen = HashSet::new();
        let mut candidates = Vec::with_capacity(2 * pool);
        let (mut a, mut b) = (listened.into_iter(), content_list.into_iter());
        loop {
            let (x, y) = (a.next(), b.next());
            if x.is_none() && y.is_none() {
                break;
            }
            for rec in [x, y].into_iter().flatten() {
                if !known.contains(&rec.item)
                    && seen.insert(self.index.catalog().track_key(rec.item).to_string())
                {
                    candidates.push(rec);
                }
            }
        }
        self.index.diversify(candidates, k, discovery)
    }

    /// Collaborative picks: fold the listener's artists in as a new listener, rank the community's
    /// artists, and take each top artist's catalog track closest to the seeds.
    fn listeners_also_play(
        &self,
        seeds: &[Seed],
        items: &[u32],
        weights: &[f32],
        known: &HashSet<TrackIdx>,
        k: usize,
    ) -> Vec<Scored> {
        if items.is_empty() {
            return Vec::new();
        }
        let mut scores = vec![0.0f32; self.artists.len()];
        self.hybrid.score_history(None, items, weights, &mut scores);
        let mut out = Vec::new();
        let user = self.hybrid.als.user_weights(items, weights);
        for (item, score) in top_items(&scores, items, k * 4) {
            let Some(artist) = self.content.artist(item) else {
                continue;
            };
            let Some(tracks) = self.tracks_by_artist.get(&artist) else {
                continue;
            };
            let best = tracks.iter().filter(|t| !known.contains(t)).max_by(|a, b| {
                self.closeness(seeds, **a)
                    .total_cmp(&self.closeness(seeds, **b))
            });
            if let Some(&track) = best {
                out.push(Scored {
                    item: track,
                    score,
                    why: self.why(&user, items, weights, item),
                });
            }
            if out.len() == k {
                break;
            }
        }
        out
    }

    fn closeness(&self, seeds: &[Seed], track: TrackIdx) -> f32 {
        seeds
            .iter()
            .map(|s| self.index.similarity(s, track))
            .fold(f32::MIN, f32::max)
    }

    /// "listeners of A and B also play C", naming the picks that contributed most (HKV §5).
    fn why(&self, user: &UserWeights, items: &[u32], weights: &[f32], item: u32) -> Vec<String> {
        let explanation = self.hybrid.als.explain_with(user, items, weights, item, 2);
        let names: Vec<&str> = explanation
            .top_contributions
            .iter()
            .filter(|(_, c)| *c > 0.0)
            .map(|(j, _)| self.artists[*j as usize].as_str())
            .collect();
        let artist = &self.artists[item as usize];
        let mut why = vec![match names.as_slice() {
            [] => format!("listeners like you play {artist}"),
            [a] => format!("listeners of {a} also play {artist}"),
            [a, b, ..] => format!("listeners of {a} and {b} also play {artist}"),
        }];
        if let Some(a) = self.content.artist(item) {
            let genres = &self.index.catalog().artist(a).genres;
            if let Some(&g) = genres.first() {
                why.push(format!("{} artist", self.index.catalog().genre(g)));
            }
        }
        why
    }
}

mod artists;
pub use artists::ArtistPick;
mod asset;
mod history;
mod lab;
pub use lab::{learning_curve, LabReport, LabRow};
mod mixes;
pub use mixes::Mix;
mod up_next;
pub use up_next::NextUp;

#[cfg(test)]
pub(crate) mod tests;
