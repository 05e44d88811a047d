//! The recommender worker's lists beyond For You, each the answer to one request: Daily Mixes and Discover
//! Weekly, insights, the model lab, the taste card and the blend, what the listener plays together, and
//! built playlists.

use super::requests::{
    ArtistOut, ArtistsFor, Basis, BlendWith, BuildPlaylist, BuiltPlaylist, DailyMixes,
    DrawInsights, MixOut, Mixes, NextUpItem, OutsideCatalog, PlayedWith, RecItem, TasteCardOf,
    TestModels, Together, UpNext,
};
use super::state::{history_taste, taste_for, with_model};
use crate::store::Store;
use crate::worker::protocol::WorkerError;
use attune_engine::blend::TasteCard;
use attune_engine::community::{learning_curve, CommunityRecommender, LabReport};
use attune_engine::import::Play;
use attune_engine::insights::{insights, profile, Insights};
use attune_engine::list_item::{ListItem, ListTrack};
use attune_engine::{Scored, TrackIdx};

/// How many tracks a Daily Mix and Discover Weekly hold.
const MIX_LENGTH: usize = 20;
const WEEKLY_LENGTH: usize = 30;
/// How many of the listener's tracks can be asked "what goes with this?", and how many answers each.
const TOGETHER_TRACKS: usize = 50;
const TOGETHER_EACH: usize = 10;
/// How many tracks "Up next" offers.
const UP_NEXT: usize = 5;
/// How many "new to you" tracks the insights compare the listener's profile with.
const COMPARED: usize = 30;
/// The lab's list length, and how many reactions one point of the learning curve averages.
const LAB_LENGTH: usize = 20;
const LEARNING_RUN: usize = 5;

/// The Daily Mixes of the day and the Discover Weekly of the week.
pub async fn daily_mixes(request: DailyMixes) -> Result<Mixes, WorkerError> {
    let taste = taste_for(&request.basis).await?;
    with_model(|model| {
        let daily = model
            .daily_mixes(&taste, request.day, MIX_LENGTH)
            .into_iter()
            .map(|mix| MixOut {
                name: mix.name,
                description: mix.description,
                tracks: mix
                    .tracks
                    .into_iter()
                    .map(|t| list_item(model, t))
                    .collect(),
            })
            .collect();
        let weekly = items(
            model,
            model.discover_weekly(&taste, request.week, WEEKLY_LENGTH),
        );
        Ok(Mixes { daily, weekly })
    })
    .await
}

/// Artists for the listener beyond the catalog's tracks, each with a catalog track when it has one.
pub async fn artists_for(request: ArtistsFor) -> Result<Vec<ArtistOut>, WorkerError> {
    let taste = taste_for(&request.basis).await?;
    with_model(|model| {
        let catalog = model.index().catalog();
        Ok(model
            .artists_for(&taste, request.k)
            .into_iter()
            .map(|pick| ArtistOut {
                name: pick.name,
                why: pick.why,
                track: pick.track.map(|t| {
                    let track = catalog.track(t);
                    (track.id.clone(), track.name.clone())
                }),
            })
            .collect())
    })
    .await
}

/// The listener's `TOGETHER_TRACKS` most played tracks that go with others, each with the
/// `TOGETHER_EACH` that go with it best.
pub async fn played_together(_: Together) -> Result<Vec<PlayedWith>, WorkerError> {
    let taste = history_taste().await?;
    let together = &taste.together;
    Ok(together
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
        .collect())
}

/// What the listener would play after the track, from their own sessions.
pub async fn up_next(request: UpNext) -> Result<Option<Vec<NextUpItem>>, WorkerError> {
    let taste = history_taste().await?;
    let mut played: Vec<&str> = request.before.iter().map(String::as_str).collect();
    played.push(&request.track_id);
    with_model(|model| {
        Ok(model.up_next(&taste, &played, UP_NEXT).map(|next| {
            next.into_iter()
                .map(|n| NextUpItem {
                    title: n.title,
                    artist: n.artist,
                    why: n.why,
                    track_id: n.track_id,
                    in_catalog: n.in_catalog,
                })
                .collect()
        }))
    })
    .await
}

/// A playlist built to the ranges: its tracks, how many fitted, and how many were judged by artist.
pub async fn build_playlist(request: BuildPlaylist) -> Result<BuiltPlaylist, WorkerError> {
    let taste = taste_for(&request.basis).await?;
    with_model(|model| {
        let built = model.build_playlist(&taste, &request.spec);
        Ok(BuiltPlaylist {
            items: built
                .tracks
                .into_iter()
                .map(|t| list_item(model, t))
                .collect(),
            fitting: built.fitting,
            artist_level: built.artist_level,
        })
    })
    .await
}

/// Insights from the plays and taste, and the profile of the "new to you" list to compare with.
pub async fn draw_insights(request: DrawInsights) -> Result<(Insights, Vec<f32>), WorkerError> {
    let taste = taste_for(&request.basis).await?;
    let plays = plays_of(&request.basis).await?;
    with_model(|model| {
        let familiar = model.familiar_tracks(&taste);
        let found = insights(
            model.index(),
            &plays,
            &taste,
            &familiar,
            request.now,
            request.utc_offset,
        );
        let recommended: Vec<TrackIdx> = model
            .recommend_for_history(&taste, COMPARED, 0.3)
            .into_iter()
            .map(|s| s.item)
            .collect();
        Ok((found, profile(model.index(), &recommended)))
    })
    .await
}

/// The model lab on the stored history, and the learning curve of the logged reactions.
pub async fn test_models(request: TestModels) -> Result<(LabReport, Vec<f32>), WorkerError> {
    let plays = plays_of(&request.basis).await?;
    let rewards: Vec<f32> = Store::open()
        .await?
        .reactions()
        .await?
        .iter()
        .map(|r| r.reward)
        .collect();
    let report = with_model(|model| Ok(model.lab(&plays, LAB_LENGTH, request.utc_offset))).await?;
    Ok((report, learning_curve(&rewards, LEARNING_RUN)))
}

pub async fn taste_card(request: TasteCardOf) -> Result<TasteCard, WorkerError> {
    let taste = taste_for(&request.basis).await?;
    with_model(|model| Ok(model.taste_card(&request.name, &taste))).await
}

pub async fn blend_with(request: BlendWith) -> Result<Vec<RecItem>, WorkerError> {
    let taste = taste_for(&request.basis).await?;
    with_model(|model| {
        Ok(items(
            model,
            model.blend_for_two(&taste, &request.friend, request.k),
        ))
    })
    .await
}

/// The listener's music plays from the store (none for the demo's picks).
async fn plays_of(basis: &Basis) -> Result<Vec<Play>, WorkerError> {
    if let Basis::Picks(_) = basis {
        return Ok(Vec::new());
    }
    let plays = Store::open().await?.music_plays().await?;
    Ok(plays.iter().map(|p| p.to_play()).collect())
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
        outside_catalog: None,
        logged: None,
    }
}

/// A mix's or a built playlist's track, which may be one of the listener's that the catalog does not
/// have.
fn list_item(model: &CommunityRecommender, track: ListTrack) -> RecItem {
    match track.item {
        ListItem::Catalog(t) => item(model, t, track.why, track.familiar),
        ListItem::Own { id, title, artist } => RecItem {
            track_id: id,
            why: track.why,
            familiar: track.familiar,
            outside_catalog: Some(OutsideCatalog { title, artist }),
            logged: None,
        },
    }
}
