//! What the recommender worker learnt from the listener's reactions: the context model, the tracks turned
//! down and the tracks liked, loaded from the store when the worker starts and kept after every reaction.
//! The requests that teach it ([`React`], [`Forget`]) are answered here.

use super::requests::{CompareRankers, Forget, React};
use super::state::{with_model, LEARNING};
use crate::store::Store;
use crate::worker::protocol::WorkerError;
use attune_engine::bandit::compare::{compare, Comparison};
use attune_engine::bandit::{ContextRanker, Feedback, Reaction};
use attune_engine::import::SavedTrack;
use attune_engine::{ContentIndex, Scored, Seed};
use std::collections::HashSet;

#[derive(Default)]
pub struct Learning {
    ranker: ContextRanker,
    /// Tracks disliked ever, or skipped since the worker started: not proposed again.
    turned_down: HashSet<String>,
    /// Tracks liked in Attune, oldest first: folded into the listener's taste like saved songs.
    liked: Vec<String>,
}

impl Learning {
    /// The stored context model and what the logged reactions liked and disliked.
    pub async fn load() -> Result<Learning, WorkerError> {
        let store = Store::open().await?;
        let ranker = match store.context_ranker().await? {
            Some(bytes) => postcard::from_bytes(&bytes).map_err(|e| WorkerError::Damaged {
                what: "what Attune learnt from your reactions".into(),
                detail: e.to_string(),
            })?,
            None => ContextRanker::default(),
        };
        let reactions = store.reactions().await?;
        let of = |feedback: Feedback| {
            reactions
                .iter()
                .filter(move |r| r.feedback == feedback)
                .map(|r| r.track_id.clone())
        };
        Ok(Learning {
            ranker,
            turned_down: of(Feedback::Disliked).collect(),
            liked: of(Feedback::Liked).collect(),
        })
    }

    /// How many reactions the context model has learnt from.
    pub fn reactions(&self) -> u64 {
        self.ranker.reactions()
    }

    pub fn likes(&self) -> usize {
        self.liked.len()
    }

    /// Learns from a reaction at once; returns the new state, to keep with the reaction.
    pub fn learn(
        &mut self,
        index: &ContentIndex,
        reaction: &Reaction,
    ) -> Result<Vec<u8>, WorkerError> {
        let track = index
            .catalog()
            .track_by_id(&reaction.track_id)
            .ok_or_else(|| {
                WorkerError::Refused(format!(
                    "track {} is not in the catalog, so nothing was learnt from it",
                    reaction.track_id
                ))
            })?;
        self.ranker
            .learn(index, &reaction.context, track, reaction.feedback);
        match reaction.feedback {
            Feedback::Skipped { .. } | Feedback::Disliked => {
                self.turned_down.insert(reaction.track_id.clone());
            }
            Feedback::Liked => self.liked.push(reaction.track_id.clone()),
            _ => {}
        }
        Ok(postcard::to_allocvec(&self.ranker).expect("the context model serialises"))
    }

    /// A source's pool without what the listener turned down.
    pub fn without_turned_down(&self, index: &ContentIndex, pool: Vec<Scored>) -> Vec<Scored> {
        let catalog = index.catalog();
        pool.into_iter()
            .filter(|s| !self.turned_down.contains(&catalog.track(s.item).id))
            .collect()
    }

    /// The re-ranker, as learnt so far.
    pub fn ranker(&self) -> &ContextRanker {
        &self.ranker
    }

    /// The liked tracks as picks: a list from picks folds them in.
    pub fn liked_seeds(&self, index: &ContentIndex) -> Vec<Seed> {
        self.liked
            .iter()
            .filter_map(|id| index.catalog().track_by_id(id).map(Seed::Track))
            .collect()
    }

    /// The liked tracks as saved songs: the listener's taste, and the user vector folded in from it,
    /// change with the next list.
    pub fn liked_songs(&self, index: &ContentIndex) -> Vec<SavedTrack> {
        let catalog = index.catalog();
        self.liked
            .iter()
            .filter_map(|id| {
                let track = catalog.track(catalog.track_by_id(id)?);
                Some(SavedTrack {
                    artist: catalog.artist(*track.artists.first()?).name.clone(),
                    title: track.name.clone(),
                    album: None,
                    uri: Some(format!("spotify:track:{id}")),
                })
            })
            .collect()
    }
}

/// Learns from a reaction at once, then logs it with the new state in one transaction; answers how many
/// reactions the context model has learnt from.
pub async fn react(request: React) -> Result<u64, WorkerError> {
    let reaction = Reaction {
        at: js_sys::Date::now(),
        context: request.context,
        shown: request.shown,
        track_id: request.track_id,
        // A card of a list the re-ranker did not draw (a mix, the builder) was shown for sure.
        propensity: request.logged.map_or(1.0, |l| l.propensity),
        reward: request.feedback.reward(),
        feedback: request.feedback,
        impression: request.logged.map(|l| l.impression),
    };
    let (reactions, state) = with_model(|model| {
        LEARNING.with(|l| {
            let mut learning = l.borrow_mut();
            let state = learning.learn(model.index(), &reaction)?;
            Ok((learning.reactions(), state))
        })
    })
    .await?;
    let store = Store::open().await.map_err(WorkerError::NotKept)?;
    store
        .save_reaction(&reaction, &state)
        .await
        .map_err(WorkerError::NotKept)?;
    Ok(reactions)
}

/// The rankers compared on every list logged and every reaction.
pub async fn compare_rankers(_: CompareRankers) -> Result<Comparison, WorkerError> {
    let store = Store::open().await?;
    Ok(compare(
        &store.impressions().await?,
        &store.reactions().await?,
    ))
}

/// Forgets every logged reaction and the state learnt from them, in the store and here.
pub async fn forget(_: Forget) -> Result<u64, WorkerError> {
    let store = Store::open().await.map_err(WorkerError::NotForgotten)?;
    store
        .forget_reactions()
        .await
        .map_err(WorkerError::NotForgotten)?;
    LEARNING.with(|l| *l.borrow_mut() = Learning::default());
    Ok(0)
}
