//! The page's side of the recommender worker (`src/bin/attune_worker.rs`): starts it, follows its
//! training, and turns its answers into signals the components read.

use crate::worker_protocol::{Basis, FromWorker, RecItem, ToWorker};
use crate::worker_spawn::{base_url, spawn_worker};
use leptos::prelude::*;
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
    worker: StoredValue<Option<Worker>, LocalStorage>,
}

impl RecommenderWorker {
    /// Starts the worker; it loads the assets from the page's base URL and trains at once.
    pub fn start() -> RecommenderWorker {
        let status = RwSignal::new(WorkerStatus::Starting);
        let answer = RwSignal::new(None);
        let base = base_url();
        let worker = match spawn_worker("attune-worker") {
            Ok(worker) => {
                listen(&worker, base, status, answer);
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
            worker: StoredValue::new_local(worker),
        }
    }

    /// Asks for `k` tracks; the answer arrives in [`RecommenderWorker::answer`].
    pub fn request(&self, basis: Basis, k: usize, discovery: f32) {
        let id = self.latest.get_untracked() + 1;
        self.latest.set(id);
        self.worker.with_value(|w| {
            if let Some(worker) = w {
                send(
                    worker,
                    &ToWorker::Recommend {
                        id,
                        basis,
                        k,
                        discovery,
                    },
                );
            }
        });
    }

    /// The answer to the latest request, if it has arrived.
    pub fn current(&self) -> Option<Vec<RecItem>> {
        self.answer
            .get()
            .filter(|(id, _)| *id == self.latest.get())
            .map(|(_, items)| items)
    }

    pub fn stop(&self) {
        self.worker
            .with_value(|w| w.as_ref().map(Worker::terminate));
    }
}

fn listen(
    worker: &Worker,
    base: String,
    status: RwSignal<WorkerStatus>,
    answer: RwSignal<Option<(u32, Vec<RecItem>)>>,
) {
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
