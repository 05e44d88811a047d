//! The page's side of the recommender worker: starts it, follows its training, and keeps the latest
//! answer of each kind in a signal the components read (pages share them: Insights compares with the
//! mixes and playlists made elsewhere).

use super::requests::{
    ArtistOut, BuiltPlaylist, Forget, Init, Logged, Mixes, NextUpItem, PlayedWith, React, RecItem,
    RecommenderEvent, UpNext,
};
use crate::worker::answer::Answer;
use crate::worker::channel::WorkerChannel;
use crate::worker::protocol::Request;
use crate::worker::spawn::base_url;
use attune_engine::bandit::compare::Comparison;
use attune_engine::bandit::interleave::Team;
use attune_engine::bandit::{Feedback, MusicContext};
use attune_engine::blend::TasteCard;
use attune_engine::community::LabReport;
use attune_engine::insights::Insights;
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub enum WorkerStatus {
    Starting,
    /// Listening, and loading the community's model.
    Loading,
    Ready,
    Failed(String),
}

/// A handle to the running worker; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct RecommenderWorker {
    pub status: RwSignal<WorkerStatus>,
    /// Recommendations for the moment.
    pub recs: Answer<Vec<RecItem>>,
    pub mixes: Answer<Mixes>,
    pub built: Answer<BuiltPlaylist>,
    pub card: Answer<TasteCard>,
    /// The model lab and the reactions' learning curve.
    pub lab: Answer<(LabReport, Vec<f32>)>,
    pub blend: Answer<Vec<RecItem>>,
    /// What the listener plays together.
    pub together: Answer<Vec<PlayedWith>>,
    /// Artists for the listener beyond the catalog's tracks.
    pub artists: Answer<Vec<ArtistOut>>,
    /// What the listener would play after the track in `focus` (`None`: not one of theirs).
    pub up_next: Answer<Option<Vec<NextUpItem>>>,
    /// The track the listener last played or liked, as (Spotify id, title): "Up next" continues it.
    pub focus: RwSignal<Option<(String, String)>>,
    /// Insights, and the profile of the "new to you" list to compare with.
    pub insights: Answer<(Insights, Vec<f32>)>,
    /// The rankers compared on the listener's reactions (the model lab).
    pub comparison: Answer<Comparison>,
    /// How many reactions the context model has learnt from, once the worker has loaded it; lists ask
    /// again whenever this changes.
    pub learned: RwSignal<Option<u64>>,
    /// Why the last reaction, load or reset did not stick.
    pub learning_error: RwSignal<Option<String>>,
    /// The reactions given on cards while this worker runs, by track: a card re-ranked elsewhere keeps
    /// its state. What the player reports (a full play, a skip part-way) is learnt from but not kept
    /// here: it does not stop the listener from disliking what they have just heard.
    pub reacted: RwSignal<HashMap<String, Vec<Feedback>>>,
    /// What the last reaction did, in words, for the context bar.
    pub notice: RwSignal<Option<String>>,
    channel: StoredValue<Option<WorkerChannel>, LocalStorage>,
}

impl RecommenderWorker {
    /// Starts the worker; it loads the assets from the page's base URL and trains at once.
    pub fn start() -> RecommenderWorker {
        let status = RwSignal::new(WorkerStatus::Starting);
        let learned = RwSignal::new(None);
        let learning_error = RwSignal::new(None);
        let on_event = move |event: RecommenderEvent| match event {
            RecommenderEvent::Loading => status.set(WorkerStatus::Loading),
            RecommenderEvent::Learned { reactions } => {
                learning_error.set(None);
                learned.set(Some(reactions));
            }
            RecommenderEvent::NotLearnt { message } => learning_error.set(Some(message)),
        };
        let on_stopped = move |error: crate::worker::protocol::WorkerError| {
            status.set(WorkerStatus::Failed(error.to_string()))
        };
        let channel =
            WorkerChannel::start("attune-worker", "the recommender", on_event, on_stopped);
        let handle = RecommenderWorker {
            status,
            recs: Answer::new(),
            mixes: Answer::new(),
            built: Answer::new(),
            insights: Answer::new(),
            card: Answer::new(),
            lab: Answer::new(),
            blend: Answer::new(),
            together: Answer::new(),
            artists: Answer::new(),
            up_next: Answer::new(),
            focus: RwSignal::new(None),
            comparison: Answer::new(),
            learned,
            learning_error,
            reacted: RwSignal::new(HashMap::new()),
            notice: RwSignal::new(None),
            channel: StoredValue::new_local(channel.as_ref().ok().cloned()),
        };
        match channel {
            Ok(channel) => leptos::task::spawn_local(async move {
                match channel
                    .ask(Init {
                        base_url: base_url(),
                    })
                    .await
                {
                    Ok(()) => status.set(WorkerStatus::Ready),
                    Err(error) => status.set(WorkerStatus::Failed(error.to_string())),
                }
            }),
            Err(error) => status.set(WorkerStatus::Failed(error.to_string())),
        }
        handle
    }

    /// Sends `request`; its answer (or why there is none) arrives in `slot`, unless a newer request of
    /// that slot was sent meanwhile: `worker.request(worker.mixes, DailyMixes { … })`.
    pub fn request<R: Request>(&self, slot: Answer<R::Answer>, request: R)
    where
        R::Answer: Clone + Send + Sync,
    {
        let Some(channel) = self.channel.get_value() else {
            return;
        };
        let id = slot.next_id();
        leptos::task::spawn_local(async move {
            match channel.ask(request).await {
                Ok(answer) => slot.arrived(id, answer),
                Err(error) => slot.failed(id, error.to_string()),
            }
        });
    }

    /// Makes the track the one "Up next" continues, and asks what comes after it and `before` (what
    /// played before it in this visit, oldest first).
    pub fn continue_from(&self, track_id: &str, title: &str, before: Vec<String>) {
        self.focus
            .set(Some((track_id.to_string(), title.to_string())));
        self.request(
            self.up_next,
            UpNext {
                track_id: track_id.to_string(),
                before,
            },
        );
    }

    /// A reaction given on a track's card: remembered for the card's buttons, then told to the worker.
    pub fn react_on_card(
        &self,
        track_id: String,
        feedback: Feedback,
        context: MusicContext,
        shown: Vec<String>,
        logged: Option<Logged>,
    ) {
        self.reacted.update(|reacted| {
            reacted.entry(track_id.clone()).or_default().push(feedback);
        });
        self.react(track_id, feedback, context, shown, logged);
    }

    /// Tells the worker how the listener reacted to a track while `shown` was on screen; `logged` is
    /// the track's slot in the Home list it was drawn in, if it came from one.
    pub fn react(
        &self,
        track_id: String,
        feedback: Feedback,
        context: MusicContext,
        shown: Vec<String>,
        logged: Option<Logged>,
    ) {
        self.learn(React {
            track_id,
            feedback,
            context,
            shown,
            logged,
        });
    }

    /// Forgets every reaction and what was learnt from them.
    pub fn forget(&self) {
        self.reacted.update(HashMap::clear);
        self.notice.set(None);
        self.learn(Forget);
    }

    /// Sends a request that changes what was learnt; its answer is the new count of reactions.
    fn learn<R: Request<Answer = u64>>(&self, request: R) {
        let Some(channel) = self.channel.get_value() else {
            return;
        };
        let (learned, learning_error) = (self.learned, self.learning_error);
        leptos::task::spawn_local(async move {
            match channel.ask(request).await {
                Ok(reactions) => {
                    learning_error.set(None);
                    learned.set(Some(reactions));
                }
                Err(error) => learning_error.set(Some(error.to_string())),
            }
        });
    }

    /// In the Home list now: which ranker put this track there, while the lab compares them.
    pub fn team_of(&self, track_id: &str) -> Option<Team> {
        self.recs.current().and_then(|items| {
            items
                .iter()
                .find(|item| item.track_id == track_id)
                .and_then(|item| item.logged?.team)
        })
    }

    /// The answer to the latest recommendation request, if it has arrived.
    pub fn current(&self) -> Option<Vec<RecItem>> {
        self.recs.current()
    }

    /// True while a request to the trained model is unanswered: the list on screen is about to change.
    pub fn busy(&self) -> bool {
        self.status.get() == WorkerStatus::Ready
            && self.current().is_none()
            && self.recs.error().is_none()
    }

    pub fn stop(&self) {
        self.channel
            .with_value(|c| c.as_ref().map(WorkerChannel::terminate));
    }
}

/// The app's one recommender worker, started the first time a page asks for it and owned by the app,
/// not the page: every page shares one trained model and what it learnt.
#[derive(Clone, Copy)]
pub struct SharedRecommender {
    owner: StoredValue<Owner, LocalStorage>,
    worker: StoredValue<Option<RecommenderWorker>, LocalStorage>,
}

impl SharedRecommender {
    /// Call inside the app's root component: the worker's signals will belong to it.
    pub fn new() -> SharedRecommender {
        SharedRecommender {
            owner: StoredValue::new_local(Owner::current().expect("created inside the app")),
            worker: StoredValue::new_local(None),
        }
    }

    /// The running worker, started now if need be.
    pub fn get(&self) -> RecommenderWorker {
        if let Some(worker) = self.worker.get_value() {
            return worker;
        }
        let worker = self
            .owner
            .with_value(|owner| owner.with(RecommenderWorker::start));
        self.worker.set_value(Some(worker));
        worker
    }

    /// Stops the worker and forgets it (after an erase: nothing it holds may outlive the data).
    pub fn stop(&self) {
        if let Some(worker) = self.worker.get_value() {
            worker.stop();
        }
        self.worker.set_value(None);
    }
}

impl Default for SharedRecommender {
    fn default() -> Self {
        SharedRecommender::new()
    }
}
