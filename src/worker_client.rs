//! The page's side of the recommender worker (`src/bin/attune_worker.rs`): starts it, follows its
//! training, and turns its answers into signals the components read.

pub use crate::worker_answer::Answer;
use crate::worker_protocol::{Asked, Basis, FromWorker, MixOut, PlayedWith, RecItem, ToWorker};
use crate::worker_spawn::{base_url, spawn_worker};
use attune_engine::bandit::{Feedback, MusicContext};
use attune_engine::blend::TasteCard;
use attune_engine::community::LabReport;
use attune_engine::insights::Insights;
use attune_engine::playlist::PlaylistSpec;
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

#[derive(Debug, Clone, PartialEq)]
pub enum WorkerStatus {
    Starting,
    Training { done: u32, total: u32 },
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
    /// Insights, and the profile of the "new to you" list to compare with.
    pub insights: Answer<(Insights, Vec<f32>)>,
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
    worker: StoredValue<Option<Worker>, LocalStorage>,
}

impl RecommenderWorker {
    /// Starts the worker; it loads the assets from the page's base URL and trains at once.
    pub fn start() -> RecommenderWorker {
        let mut handle = RecommenderWorker {
            status: RwSignal::new(WorkerStatus::Starting),
            recs: Answer::new(),
            mixes: Answer::new(),
            built: Answer::new(),
            insights: Answer::new(),
            card: Answer::new(),
            lab: Answer::new(),
            blend: Answer::new(),
            together: Answer::new(),
            learned: RwSignal::new(None),
            learning_error: RwSignal::new(None),
            reacted: RwSignal::new(HashMap::new()),
            notice: RwSignal::new(None),
            worker: StoredValue::new_local(None),
        };
        match spawn_worker("attune-worker") {
            Ok(worker) => {
                listen(&worker, base_url(), handle);
                handle.worker = StoredValue::new_local(Some(worker));
            }
            Err(err) => handle.status.set(WorkerStatus::Failed(format!(
                "the recommender could not start ({err:?})"
            ))),
        }
        handle
    }

    fn send(&self, message: &ToWorker) {
        self.worker.with_value(|w| {
            if let Some(worker) = w {
                send(worker, message);
            }
        });
    }

    /// Asks for `k` tracks for this moment; the answer arrives in [`RecommenderWorker::recs`].
    pub fn request(&self, basis: Basis, k: usize, discovery: f32, context: MusicContext) {
        let id = self.recs.next_id();
        self.send(&ToWorker::Recommend {
            id,
            basis,
            k,
            discovery,
            context,
        });
    }

    /// Asks for the Daily Mixes of `day` and the Discover Weekly of `week`; the answer arrives in
    /// [`RecommenderWorker::mixes`].
    pub fn request_mixes(&self, basis: Basis, day: i64, week: i64) {
        let id = self.mixes.next_id();
        self.send(&ToWorker::Mixes {
            id,
            basis,
            day,
            week,
        });
    }

    /// Asks for insights at `now` (seconds since 1970) and the listener's UTC offset in seconds.
    pub fn request_insights(&self, basis: Basis, now: i64, utc_offset: i64) {
        let id = self.insights.next_id();
        self.send(&ToWorker::Insights {
            id,
            basis,
            now,
            utc_offset,
        });
    }

    /// Asks for the model lab.
    pub fn request_lab(&self, basis: Basis, utc_offset: i64) {
        let id = self.lab.next_id();
        self.send(&ToWorker::Lab {
            id,
            basis,
            utc_offset,
        });
    }

    /// Asks for the listener's taste card.
    pub fn request_card(&self, basis: Basis, name: String) {
        let id = self.card.next_id();
        self.send(&ToWorker::Card { id, basis, name });
    }

    /// Asks for `k` tracks for the listener and a friend; the answer arrives in
    /// [`RecommenderWorker::blend`].
    pub fn request_blend(&self, basis: Basis, friend: TasteCard, k: usize) {
        let id = self.blend.next_id();
        self.send(&ToWorker::Blend {
            id,
            basis,
            friend,
            k,
        });
    }

    /// Asks what the listener plays together; the answer arrives in [`RecommenderWorker::together`].
    pub fn request_together(&self) {
        let id = self.together.next_id();
        self.send(&ToWorker::Together { id });
    }

    /// Asks for a playlist built to `spec`; the answer arrives in [`RecommenderWorker::built`].
    pub fn request_build(&self, basis: Basis, spec: PlaylistSpec) {
        let id = self.built.next_id();
        self.send(&ToWorker::Build { id, basis, spec });
    }

    /// A reaction given on a track's card: remembered for the card's buttons, then told to the worker.
    pub fn react_on_card(
        &self,
        track_id: String,
        feedback: Feedback,
        context: MusicContext,
        shown: Vec<String>,
    ) {
        self.reacted.update(|reacted| {
            reacted.entry(track_id.clone()).or_default().push(feedback);
        });
        self.react(track_id, feedback, context, shown);
    }

    /// Tells the worker how the listener reacted to a track while `shown` was on screen.
    pub fn react(
        &self,
        track_id: String,
        feedback: Feedback,
        context: MusicContext,
        shown: Vec<String>,
    ) {
        self.send(&ToWorker::React {
            track_id,
            feedback,
            context,
            shown,
        });
    }

    /// Forgets every reaction and what was learnt from them.
    pub fn forget(&self) {
        self.reacted.update(HashMap::clear);
        self.notice.set(None);
        self.send(&ToWorker::Forget);
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
        self.worker
            .with_value(|w| w.as_ref().map(Worker::terminate));
    }
}

/// The Daily Mixes and Discover Weekly.
#[derive(Debug, Clone, PartialEq)]
pub struct Mixes {
    pub daily: Vec<MixOut>,
    pub weekly: Vec<RecItem>,
}

/// A playlist built to the listener's ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltPlaylist {
    pub items: Vec<RecItem>,
    /// How many candidates fitted the ranges.
    pub fitting: usize,
    /// How many of the items were judged by their artist's features.
    pub artist_level: usize,
}

fn listen(worker: &Worker, base: String, handle: RecommenderWorker) {
    let RecommenderWorker {
        status,
        recs,
        mixes,
        built,
        insights,
        card,
        lab,
        blend,
        together,
        learned,
        learning_error,
        ..
    } = handle;
    let reply_to = worker.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        match serde_json::from_str::<FromWorker>(&text) {
            // The worker drops messages sent before its code runs, so Init waits for Started.
            Ok(FromWorker::Started) => send(
                &reply_to,
                &ToWorker::Init {
                    base_url: base.clone(),
                },
            ),
            Ok(FromWorker::Progress { done, total }) => {
                status.set(WorkerStatus::Training { done, total })
            }
            Ok(FromWorker::Ready) => status.set(WorkerStatus::Ready),
            Ok(FromWorker::Failed { message }) => status.set(WorkerStatus::Failed(message)),
            Ok(FromWorker::Recommendations { id, items }) => recs.arrived(id, items),
            Ok(FromWorker::Blended { id, items }) => blend.arrived(id, items),
            Ok(FromWorker::Together { id, tracks }) => together.arrived(id, tracks),
            Ok(FromWorker::Card { id, card: found }) => card.arrived(id, found),
            Ok(FromWorker::Lab { id, report, curve }) => lab.arrived(id, (report, curve)),
            Ok(FromWorker::Mixes { id, daily, weekly }) => {
                mixes.arrived(id, Mixes { daily, weekly })
            }
            Ok(FromWorker::Insights {
                id,
                insights: found,
                recommended,
            }) => insights.arrived(id, (found, recommended)),
            Ok(FromWorker::Built {
                id,
                items,
                fitting,
                artist_level,
            }) => built.arrived(
                id,
                BuiltPlaylist {
                    items,
                    fitting,
                    artist_level,
                },
            ),
            Ok(FromWorker::Learned { reactions }) => {
                learning_error.set(None);
                learned.set(Some(reactions));
            }
            Ok(FromWorker::NotLearnt { message }) => learning_error.set(Some(message)),
            Ok(FromWorker::Unanswered { asked, id, message }) => match asked {
                Asked::Recommend => recs.failed(id, message),
                Asked::Mixes => mixes.failed(id, message),
                Asked::Insights => insights.failed(id, message),
                Asked::Lab => lab.failed(id, message),
                Asked::Card => card.failed(id, message),
                Asked::Blend => blend.failed(id, message),
                Asked::Build => built.failed(id, message),
                Asked::Together => together.failed(id, message),
            },
            Err(err) => status.set(WorkerStatus::Failed(format!(
                "unreadable answer from the recommender ({err})"
            ))),
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
        status.set(WorkerStatus::Failed(
            "the recommender stopped with an error".into(),
        ))
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}

fn send(worker: &Worker, message: &ToWorker) {
    let text = serde_json::to_string(message).expect("messages serialise");
    let _ = worker.post_message(&JsValue::from_str(&text));
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
