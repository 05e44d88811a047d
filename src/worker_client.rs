//! The page's side of the recommender worker (`src/bin/attune_worker.rs`): starts it, follows its
//! training, and turns its answers into signals the components read.

use crate::worker_protocol::{Basis, FromWorker, RecItem, ToWorker};
use crate::worker_spawn::{base_url, spawn_worker};
use attune_engine::bandit::{Feedback, MusicContext};
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
    /// The latest answer: the request's id and its tracks.
    pub answer: RwSignal<Option<(u32, Vec<RecItem>)>>,
    /// The id of the latest request; older answers are stale.
    pub latest: RwSignal<u32>,
    /// How many reactions the context model has learnt from, once the worker has loaded it; lists ask
    /// again whenever this changes.
    pub learned: RwSignal<Option<u64>>,
    /// Why the last reaction, load or reset did not stick.
    pub learning_error: RwSignal<Option<String>>,
    /// The reactions given while this worker runs, by track: a card re-ranked elsewhere keeps its state.
    pub reacted: RwSignal<HashMap<String, Feedback>>,
    /// What the last reaction did, in words, for the context bar.
    pub notice: RwSignal<Option<String>>,
    worker: StoredValue<Option<Worker>, LocalStorage>,
}

impl RecommenderWorker {
    /// Starts the worker; it loads the assets from the page's base URL and trains at once.
    pub fn start() -> RecommenderWorker {
        let status = RwSignal::new(WorkerStatus::Starting);
        let answer = RwSignal::new(None);
        let learned = RwSignal::new(None);
        let learning_error = RwSignal::new(None);
        let base = base_url();
        let worker = match spawn_worker("attune-worker") {
            Ok(worker) => {
                let signals = Signals {
                    status,
                    answer,
                    learned,
                    learning_error,
                };
                listen(&worker, base, signals);
                Some(worker)
            }
            Err(err) => {
                status.set(WorkerStatus::Failed(format!(
                    "the recommender could not start ({err:?})"
                )));
                None
            }
        };
        RecommenderWorker {
            status,
            answer,
            latest: RwSignal::new(0),
            learned,
            learning_error,
            reacted: RwSignal::new(HashMap::new()),
            notice: RwSignal::new(None),
            worker: StoredValue::new_local(worker),
        }
    }

    fn send(&self, message: &ToWorker) {
        self.worker.with_value(|w| {
            if let Some(worker) = w {
                send(worker, message);
            }
        });
    }

    /// Asks for `k` tracks for this moment; the answer arrives in [`RecommenderWorker::answer`].
    pub fn request(&self, basis: Basis, k: usize, discovery: f32, context: MusicContext) {
        let id = self.latest.get_untracked() + 1;
        self.latest.set(id);
        self.send(&ToWorker::Recommend {
            id,
            basis,
            k,
            discovery,
            context,
        });
    }

    /// Tells the worker how the listener reacted to a track while `shown` was on screen.
    pub fn react(
        &self,
        track_id: String,
        feedback: Feedback,
        context: MusicContext,
        shown: Vec<String>,
    ) {
        self.reacted.update(|reacted| {
            reacted.insert(track_id.clone(), feedback);
        });
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

    /// The answer to the latest request, if it has arrived.
    pub fn current(&self) -> Option<Vec<RecItem>> {
        self.answer
            .get()
            .filter(|(id, _)| *id == self.latest.get())
            .map(|(_, items)| items)
    }

    /// True while a request to the trained model is unanswered: the list on screen is about to change.
    pub fn busy(&self) -> bool {
        self.status.get() == WorkerStatus::Ready && self.current().is_none()
    }

    pub fn stop(&self) {
        self.worker
            .with_value(|w| w.as_ref().map(Worker::terminate));
    }
}

/// The signals the worker's answers land in.
#[derive(Clone, Copy)]
struct Signals {
    status: RwSignal<WorkerStatus>,
    answer: RwSignal<Option<(u32, Vec<RecItem>)>>,
    learned: RwSignal<Option<u64>>,
    learning_error: RwSignal<Option<String>>,
}

fn listen(worker: &Worker, base: String, signals: Signals) {
    let Signals {
        status,
        answer,
        learned,
        learning_error,
    } = signals;
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
            Ok(FromWorker::Recommendations { id, items }) => answer.set(Some((id, items))),
            Ok(FromWorker::Learned { reactions }) => {
                learning_error.set(None);
                learned.set(Some(reactions));
            }
            Ok(FromWorker::NotLearnt { message }) => learning_error.set(Some(message)),
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
