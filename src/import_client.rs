//! The page's side of the import worker (`src/bin/attune_import_worker.rs`): starts one per import,
//! follows its progress, and cancels by terminating it.

use crate::import_protocol::{FileLine, FromImporter, ImportProgress, ImportReport};
use crate::worker_spawn::spawn_worker;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent, Worker};

#[derive(Debug, Clone, PartialEq)]
pub enum ImportState {
    Idle,
    Running(Option<ImportProgress>),
    Finished(ImportReport),
    Failed(String),
    Cancelled,
}

/// One import at a time; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Importer {
    pub state: RwSignal<ImportState>,
    /// Every file's outcome so far, in order.
    pub files: RwSignal<Vec<FileLine>>,
    worker: StoredValue<Option<Worker>, LocalStorage>,
}

impl Importer {
    pub fn new() -> Importer {
        Importer {
            state: RwSignal::new(ImportState::Idle),
            files: RwSignal::new(Vec::new()),
            worker: StoredValue::new_local(None),
        }
    }

    /// Imports `files` (zips, JSON files, or a folder's files) in a fresh worker.
    pub fn start(&self, files: Vec<File>) {
        if files.is_empty() || matches!(self.state.get_untracked(), ImportState::Running(_)) {
            return;
        }
        self.files.set(Vec::new());
        self.state.set(ImportState::Running(None));
        match spawn_worker("attune-import-worker") {
            Ok(worker) => {
                self.listen(&worker, files);
                self.worker.set_value(Some(worker));
            }
            Err(err) => self.state.set(ImportState::Failed(format!(
                "the importer could not start ({err:?})"
            ))),
        }
    }

    /// Stops at once. The file being written is rolled back with its transaction; files before it stay.
    pub fn cancel(&self) {
        self.finish();
        self.state.set(ImportState::Cancelled);
    }

    fn finish(&self) {
        if let Some(worker) = self.worker.try_update_value(Option::take).flatten() {
            worker.terminate();
        }
    }

    fn listen(&self, worker: &Worker, files: Vec<File>) {
        let this = *self;
        let to_send: js_sys::Array = files.into_iter().map(JsValue::from).collect();
        let reply_to = worker.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            match serde_json::from_str::<FromImporter>(&text) {
                // The worker drops messages sent before its code runs, so the files wait for Started.
                Ok(FromImporter::Started) => {
                    let _ = reply_to.post_message(&to_send);
                }
                Ok(FromImporter::Progress(progress)) => {
                    this.state.set(ImportState::Running(Some(progress)))
                }
                Ok(FromImporter::FileDone(line)) => this.files.update(|f| f.push(line)),
                Ok(FromImporter::Finished(report)) => {
                    this.finish();
                    this.state.set(ImportState::Finished(report));
                }
                Ok(FromImporter::Failed { message }) => {
                    this.finish();
                    this.state.set(ImportState::Failed(message));
                }
                Err(err) => this.state.set(ImportState::Failed(format!(
                    "unreadable answer from the importer ({err})"
                ))),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            this.finish();
            this.state.set(ImportState::Failed(
                "the importer stopped with an error; files listed as stored are kept".into(),
            ));
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
    }
}

impl Default for Importer {
    fn default() -> Self {
        Importer::new()
    }
}
