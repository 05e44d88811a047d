//! The import worker's job: reads the listener's Spotify export (zip, folder or single files), parses it
//! with the engine, deduplicates against the store and writes each file in its own transaction, posting
//! progress. All of it off the page's thread; the page cancels by terminating this worker, which aborts
//! the file being written and keeps the ones before it. Answers [`ImportFiles`].

use super::requests::{
    FileLine, FileOutcome, ImportEvent, ImportFiles, ImportProgress, ImportReport, Saved,
};
use crate::locks::{exclusively, DATA};
use crate::store::{ImportRecord, Store};
use crate::worker::protocol::WorkerError;
use crate::worker::serve::post_event;
use attune_engine::import::{
    check_size, unpack_zip, FileOutcome as Parsed, Import, Play, Rejections, Summary, ZipLimits,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

/// Imports the `File`s sent along with the request.
pub async fn import_files(_: ImportFiles, files: JsValue) -> Result<ImportReport, WorkerError> {
    let files: Vec<File> = js_sys::Array::from(&files)
        .iter()
        .filter_map(|f| f.dyn_into().ok())
        .collect();
    // One writer at a time: a sync, restore or import in another tab waits, then reads what this
    // stored. Ending the worker (cancel) releases the lock.
    exclusively(DATA, run(files)).await
}

/// Where the import is, for progress messages.
struct Tally {
    total_bytes: f64,
    done_bytes: f64,
    files_done: usize,
    files_total: usize,
    records: usize,
}

async fn run(files: Vec<File>) -> Result<ImportReport, WorkerError> {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let store = Store::open().await?;
    let mut stored = store.stored_plays().await?;
    let mut tally = Tally {
        total_bytes: files.iter().map(|f| f.size()).sum::<f64>().max(1.0),
        done_bytes: 0.0,
        files_done: 0,
        files_total: files.len(),
        records: 0,
    };
    let mut everything: Vec<Play> = Vec::new();
    let mut rejected = Rejections::new();
    let (mut added, mut duplicates) = (0, 0);
    for file in files {
        let name = display_name(&file);
        let size = file.size();
        // Refused before it is read: a file of gigabytes would take the tab's memory with it.
        if let Err(err) = check_size(&name, size as u64, ZipLimits::default()) {
            refuse(&name, err.to_string());
            tally.advance(&name, size);
            continue;
        }
        let bytes = read(&file)
            .await
            .map_err(|detail| WorkerError::CouldNotRead {
                file: name.clone(),
                detail,
            })?;
        let entries = if name.to_ascii_lowercase().ends_with(".zip") {
            match unpack_zip(&name, &bytes, ZipLimits::default()) {
                Ok(unpacked) => {
                    for skipped in unpacked.skipped {
                        let outcome = outcome_of(&skipped.outcome);
                        post_event(&ImportEvent::FileDone(FileLine {
                            name: skipped.name,
                            outcome,
                        }));
                    }
                    unpacked.histories
                }
                Err(err) => {
                    refuse(&name, err.to_string());
                    tally.advance(&name, size);
                    continue;
                }
            }
        } else {
            vec![(name.clone(), bytes)]
        };
        tally.files_total += entries.len() - 1;
        let entry_total: f64 = entries
            .iter()
            .map(|(_, b)| b.len() as f64)
            .sum::<f64>()
            .max(1.0);
        for (entry, content) in entries {
            let share = size * content.len() as f64 / entry_total;
            let mut parsed = Import::default();
            parsed.add_file(&entry, &content, now);
            drop(content);
            let report = parsed.files.pop().expect("one file added");
            let outcome = match report.outcome {
                Parsed::Imported { .. } if !parsed.library.is_empty() => {
                    let library = &parsed.library;
                    let record = ImportRecord {
                        at: js_sys::Date::now(),
                        files: vec![entry.clone()],
                        added: 0,
                        duplicates: 0,
                    };
                    store
                        .save_library(library, Some(&record))
                        .await
                        .map_err(|e| stopped(&entry, e))?;
                    FileOutcome::Saved {
                        tracks: library.saved_tracks.len(),
                        artists: library.saved_artists.len(),
                        playlists: library.playlists.len(),
                    }
                }
                Parsed::Imported { records, .. } => {
                    tally.records += records;
                    let batch = store
                        .import_batch(
                            &mut stored,
                            parsed.plays.clone(),
                            vec![entry.clone()],
                            "export",
                        )
                        .await
                        .map_err(|e| stopped(&entry, e))?;
                    added += batch.added;
                    duplicates += batch.duplicates;
                    everything.append(&mut parsed.plays);
                    for (reason, n) in std::mem::take(&mut parsed.rejected) {
                        *rejected.entry(reason).or_default() += n;
                    }
                    FileOutcome::Stored {
                        records,
                        added: batch.added,
                        duplicates: batch.duplicates,
                    }
                }
                other => outcome_of(&other),
            };
            post_event(&ImportEvent::FileDone(FileLine {
                name: entry.clone(),
                outcome,
            }));
            tally.advance(&entry, share);
        }
    }
    let started = js_sys::Date::now();
    let library = store.music_plays().await?;
    let other = store.other_plays().await?;
    let read_back_ms = js_sys::Date::now() - started;
    let saved = store.library().await?;
    let library: Vec<Play> = library.iter().chain(&other).map(|p| p.to_play()).collect();
    Ok(ImportReport {
        this_import: Summary::of(&everything, &rejected),
        added,
        duplicates,
        library: Summary::of(&library, &Default::default()),
        saved: Saved {
            tracks: saved.saved_tracks.len(),
            artists: saved.saved_artists.len(),
            playlists: saved.playlists.len(),
        },
        read_back_ms,
    })
}

impl Tally {
    /// One more file done, `bytes` of the input's size.
    fn advance(&mut self, file: &str, bytes: f64) {
        self.done_bytes += bytes;
        self.files_done += 1;
        post_event(&ImportEvent::Progress(ImportProgress {
            file: file.to_string(),
            files_done: self.files_done,
            files_total: self.files_total,
            records: self.records,
            percent: (100.0 * self.done_bytes / self.total_bytes).min(100.0) as f32,
        }));
    }
}

fn refuse(name: &str, why: String) {
    post_event(&ImportEvent::FileDone(FileLine {
        name: name.to_string(),
        outcome: FileOutcome::Refused { why },
    }));
}

/// A file the history import did not store, in the page's terms.
fn outcome_of(parsed: &Parsed) -> FileOutcome {
    match parsed {
        Parsed::Skipped { why } => FileOutcome::Skipped { why: why.clone() },
        Parsed::Failed(err) => FileOutcome::Refused {
            why: err.to_string(),
        },
        Parsed::Imported { records, plays } => FileOutcome::Stored {
            records: *records,
            added: *plays,
            duplicates: 0,
        },
    }
}

fn stopped(file: &str, source: crate::store::StoreError) -> WorkerError {
    WorkerError::ImportStopped {
        file: file.to_string(),
        source,
    }
}

/// The path inside a picked folder where there is one, else the file's name.
fn display_name(file: &File) -> String {
    // web-sys has no binding for `webkitRelativePath` (non-standard, but every engine has it).
    js_sys::Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|path| path.as_string())
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| file.name())
}

async fn read(file: &File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
