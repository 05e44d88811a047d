//! The recommender worker's calendar and builder lists, from a trained model and a taste: Daily Mixes,
//! Discover Weekly and built playlists, as the messages the page reads.

use crate::store::Store;
use crate::worker_protocol::{Basis, MixOut, PlayedWith, RecItem};
use attune_engine::community::CommunityRecommender;
use attune_engine::import::Play;
use attune_engine::insights::{insights, profile, Insights};
use attune_engine::playlist::PlaylistSpec;
use attune_engine::taste::Taste;
use attune_engine::{Scored, Seed, TrackIdx};

/// How many tracks a Daily Mix and Discover Weekly hold.
const MIX_LENGTH: usize = 20;
const WEEKLY_LENGTH: usize = 30;
/// How many of the listener's tracks can be asked "what goes with this?", and how many answers each.
const TOGETHER_TRACKS: usize = 50;
const TOGETHER_EACH: usize = 10;

/// The taste of a list of picks (the demo's), or `None` for the history, which the store holds.
pub fn taste_of_picks(model: &CommunityRecommender, basis: &Basis) -> Option<Taste> {
    let Basis::Picks(keys) = basis else {
        return None;
    };
    let catalog = model.index().catalog();
    let seeds: Vec<Seed> = keys
        .iter()
        .filter_map(|key| Seed::from_key(key, catalog))
        .collect();
    Some(Taste::from_picks(&seeds, catalog))
}

/// The Daily Mixes of `day` and the Discover Weekly of `week`.
pub fn mixes(
    model: &CommunityRecommender,
    taste: &Taste,
    day: i64,
    week: i64,
) -> (Vec<MixOut>, Vec<RecItem>) {
    let daily = model
        .daily_mixes(taste, day, MIX_LENGTH)
        .into_iter()
        .map(|mix| MixOut {
            name: mix.name,
            description: mix.description,
            tracks: mix
                .tracks
                .into_iter()
                .map(|t| item(model, t.item, t.why, t.familiar))
                .collect(),
        })
        .collect();
    let weekly = items(model, model.discover_weekly(taste, week, WEEKLY_LENGTH));
    (daily, weekly)
}

/// The listener's `TOGETHER_TRACKS` most played tracks that go with others, each with the
/// `TOGETHER_EACH` that go with it best.
pub fn played_together(taste: &Taste) -> Vec<PlayedWith> {
    let together = &taste.together;
    together
        .with_partners(TOGETHER_TRACKS)
        .into_iter()
        .map(|t| {
            let track = together.track(t);
            PlayedWith {
                title: track.title.clone(),
                artist: track.artist.clone(),
                with: together
                    .together_with(&[t], TOGETHER_EACH)
                    .into_iter()
                    .map(|found| {
                        let other = together.track(found.item);
                        (other.title.clone(), other.artist.clone(), found.why)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A built playlist, how many tracks fitted the ranges, and how many were judged at artist level.
pub fn playlist(
    model: &CommunityRecommender,
    taste: &Taste,
    spec: &PlaylistSpec,
) -> (Vec<RecItem>, usize, usize) {
    let built = model.build_playlist(taste, spec);
    (
        items(model, built.tracks),
        built.fitting,
        built.artist_level,
    )
}

/// How many "new to you" tracks the insights compare the listener's profile with.
const COMPARED: usize = 30;

/// Insights from the plays and taste, and the profile of the "new to you" list to compare with.
pub fn insights_of(
    model: &CommunityRecommender,
    taste: &Taste,
    plays: &[Play],
    now: i64,
    utc_offset: i64,
) -> (Insights, Vec<f32>) {
    let familiar = model.familiar_tracks(taste);
    let found = insights(model.index(), plays, &familiar, now, utc_offset);
    let recommended: Vec<TrackIdx> = model
        .recommend_for_history(taste, COMPARED, 0.3)
        .into_iter()
        .map(|s| s.item)
        .collect();
    (found, profile(model.index(), &recommended))
}

/// The listener's music plays from the store.
pub async fn history_plays() -> Result<Vec<Play>, String> {
    let store = Store::open().await.map_err(|e| e.to_string())?;
    let plays = store.music_plays().await;
    store.close();
    Ok(plays
        .map_err(|e| e.to_string())?
        .iter()
        .map(|p| p.to_play())
        .collect())
}

/// The rewards of the logged reactions, oldest first.
pub async fn reaction_rewards() -> Result<Vec<f32>, String> {
    let store = Store::open().await.map_err(|e| e.to_string())?;
    let reactions = store.reactions().await;
    store.close();
    Ok(reactions
        .map_err(|e| e.to_string())?
        .iter()
        .map(|r| r.reward)
        .collect())
}

/// Ranked tracks as the page reads them.
pub fn items(model: &CommunityRecommender, list: Vec<Scored>) -> Vec<RecItem> {
    list.into_iter()
        .map(|s| item(model, s.item, s.why, false))
        .collect()
}

fn item(
    model: &CommunityRecommender,
    track: TrackIdx,
    why: Vec<String>,
    familiar: bool,
) -> RecItem {
    RecItem {
        track_id: model.index().catalog().track(track).id.clone(),
        why,
        familiar,
    }
}
