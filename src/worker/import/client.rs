//! The page's side of the import worker: starts one per import, follows its progress, and cancels by
//! terminating it.

use super::requests::{FileLine, ImportEvent, ImportFiles, ImportProgress, ImportReport};
use crate::data_events::{announce, DataEvent};
use crate::worker::channel::WorkerChannel;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::File;

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
    worker: StoredValue<Option<WorkerChannel>, LocalStorage>,
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
        let this = *self;
        let on_event = move |event: ImportEvent| match event {
            ImportEvent::Progress(progress) => this.state.set(ImportState::Running(Some(progress))),
            ImportEvent::FileDone(line) => this.files.update(|f| f.push(line)),
        };
        let on_stopped = move |_| {
            this.finish();
            this.state.set(ImportState::Failed(
                "the importer stopped with an error; files listed as stored are kept".into(),
            ));
        };
        let channel = match WorkerChannel::start(
            "attune-import-worker",
            "the importer",
            on_event,
            on_stopped,
        ) {
            Ok(channel) => channel,
            Err(error) => return self.state.set(ImportState::Failed(error.to_string())),
        };
        self.worker.set_value(Some(channel.clone()));
        let files: js_sys::Array = files.into_iter().map(JsValue::from).collect();
        leptos::task::spawn_local(async move {
            let outcome = channel.ask_with(ImportFiles, files.into()).await;
            // Cancelled (and perhaps another import started): that import's state is not this one's.
            let current = this
                .worker
                .with_value(|w| w.as_ref().is_some_and(|w| w.is(&channel)));
            if !current {
                return;
            }
            this.finish();
            this.state.set(match outcome {
                Ok(report) => {
                    announce(DataEvent::Changed);
                    ImportState::Finished(report)
                }
                Err(error) => ImportState::Failed(error.to_string()),
            });
        });
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
}

impl Default for Importer {
    fn default() -> Self {
        Importer::new()
    }
}
