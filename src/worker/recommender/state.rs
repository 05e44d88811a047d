//! What the recommender worker holds between requests: the community model (requests that need it wait for
//! it to load), what it learnt from reactions, and the listener's taste read from the store.

use super::learning::Learning;
use super::requests::Basis;
use crate::store::Store;
use crate::worker::protocol::WorkerError;
use attune_engine::community::CommunityRecommender;
use attune_engine::taste::Taste;
use attune_engine::Seed;
use futures::channel::oneshot;
use std::cell::RefCell;
use std::rc::Rc;

/// The store's revision, the number of likes, and whether the model was there to add the likes: the
/// taste read at these is still the listener's.
type TasteRevision = ((usize, f64), usize, bool);

/// The model, once loaded, or why it could not be; until then, the requests waiting for it.
enum Model {
    Loading(Vec<oneshot::Sender<()>>),
    Ready(Box<CommunityRecommender>),
    Failed(WorkerError),
}

thread_local! {
    static MODEL: RefCell<Model> = const { RefCell::new(Model::Loading(Vec::new())) };
    static TASTE: RefCell<Option<(TasteRevision, Rc<Taste>)>> = const { RefCell::new(None) };
    pub(super) static LEARNING: RefCell<Learning> = RefCell::new(Learning::default());
}

/// Loading ended: answers every request that waited for it.
pub fn loaded(model: Result<CommunityRecommender, WorkerError>) {
    let previous = MODEL.with(|m| {
        m.replace(match model {
            Ok(model) => Model::Ready(Box::new(model)),
            Err(error) => Model::Failed(error),
        })
    });
    if let Model::Loading(waiting) = previous {
        for request in waiting {
            let _ = request.send(());
        }
    }
}

/// Runs `f` on the model, waiting for it to load if need be.
pub async fn with_model<T>(
    f: impl FnOnce(&CommunityRecommender) -> Result<T, WorkerError>,
) -> Result<T, WorkerError> {
    let waiting = MODEL.with(|m| match &mut *m.borrow_mut() {
        Model::Loading(waiting) => {
            let (ready, wait) = oneshot::channel();
            waiting.push(ready);
            Some(wait)
        }
        _ => None,
    });
    if let Some(wait) = waiting {
        let _ = wait.await;
    }
    MODEL.with(|m| match &*m.borrow() {
        Model::Ready(model) => f(model),
        Model::Failed(error) => Err(error.clone()),
        Model::Loading(_) => unreachable!("loading ended before the waiting requests are woken"),
    })
}

/// Whether the model is trained now (the taste of a history folds the likes in only then).
fn model_ready() -> bool {
    MODEL.with(|m| matches!(&*m.borrow(), Model::Ready(_)))
}

/// The listener's taste for a request: their history, or the demo's picks.
pub async fn taste_for(basis: &Basis) -> Result<Rc<Taste>, WorkerError> {
    match basis {
        Basis::History => history_taste().await,
        Basis::Picks(keys) => {
            with_model(|model| {
                let catalog = model.index().catalog();
                let seeds: Vec<Seed> = keys
                    .iter()
                    .filter_map(|key| Seed::from_key(key, catalog))
                    .collect();
                Ok(Rc::new(Taste::from_picks(&seeds, catalog)))
            })
            .await
        }
    }
}

/// The listener's taste from the store, read again when the store or the likes have changed.
pub async fn history_taste() -> Result<Rc<Taste>, WorkerError> {
    let store = Store::open().await?;
    let revision = (
        store.revision().await?,
        LEARNING.with(|l| l.borrow().likes()),
        model_ready(),
    );
    if let Some((_, taste)) = TASTE.with(|t| t.borrow().clone().filter(|(r, _)| *r == revision)) {
        return Ok(taste);
    }
    let plays = store.music_plays().await?;
    let mut library = store.library().await?;
    MODEL.with(|m| {
        if let Model::Ready(model) = &*m.borrow() {
            let liked = LEARNING.with(|l| l.borrow().liked_songs(model.index()));
            library.saved_tracks.extend(liked);
        }
    });
    let plays: Vec<_> = plays.iter().map(|p| p.to_play()).collect();
    let taste = Rc::new(Taste::from_history(&plays, &library));
    TASTE.with(|t| *t.borrow_mut() = Some((revision, taste.clone())));
    Ok(taste)
}
