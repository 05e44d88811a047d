//! The database's shape, version by version. Each step takes the previous version to the next, so a
//! browser that last ran any older Attune is upgraded in order and keeps every record.

use super::records::artist_key;
use idb::{Database, Error, IndexParams, KeyPath, ObjectStoreParams, Transaction};
use wasm_bindgen::JsValue;

/// The schema this build writes.
pub const VERSION: u32 = 2;

/// Object store names.
pub struct Stores;

impl Stores {
    /// Music plays: key [`attune_engine::import::PlayId`]; indexes by time, by track and (v2) by artist.
    pub const PLAYS: &'static str = "plays";
    /// Podcast and audiobook plays, kept apart from music.
    pub const OTHER_PLAYS: &'static str = "other_plays";
    /// One record per import: when, which files, how many plays were new.
    pub const IMPORTS: &'static str = "imports";
    /// Likes, skips, replays, dislikes, with their context (written by the feedback loop).
    pub const FEEDBACK: &'static str = "feedback";
    pub const TRACKS: &'static str = "tracks";
    pub const ARTISTS: &'static str = "artists";
    pub const PLAYLISTS: &'static str = "playlists";
    /// Trained model parameters, so a visit need not retrain.
    pub const MODELS: &'static str = "models";
    pub const BANDIT_LOGS: &'static str = "bandit_logs";
    pub const SETTINGS: &'static str = "settings";
    pub const SYNC_CURSORS: &'static str = "sync_cursors";
}

/// Runs every step from `old` up to `new` inside the upgrade transaction; an error aborts it, which
/// leaves the database at `old` with its records untouched.
pub fn upgrade(
    db: &Database,
    transaction: Option<Transaction>,
    old: u32,
    new: u32,
) -> Result<(), Error> {
    let step = (|| {
        if old < 1 && new >= 1 {
            version_1(db)?;
        }
        if old < 2 && new >= 2 {
            let transaction =
                transaction
                    .as_ref()
                    .ok_or(Error::ObjectStoreNotFound(JsValue::from_str(
                        "upgrade transaction",
                    )))?;
            version_2(transaction)?;
        }
        Ok(())
    })();
    if step.is_err() {
        if let Some(transaction) = transaction {
            let _ = transaction.abort();
        }
    }
    step
}

fn version_1(db: &Database) -> Result<(), Error> {
    let keyed_by_id = || {
        let mut params = ObjectStoreParams::new();
        params.key_path(Some(KeyPath::new_single("id")));
        params
    };
    let numbered = || {
        let mut params = ObjectStoreParams::new();
        params.auto_increment(true);
        params
    };
    let plays = db.create_object_store(Stores::PLAYS, keyed_by_id())?;
    plays.create_index("by_time", KeyPath::new_single("ended_at"), None)?;
    plays.create_index("by_track", KeyPath::new_single("track"), None)?;
    let other = db.create_object_store(Stores::OTHER_PLAYS, keyed_by_id())?;
    other.create_index("by_time", KeyPath::new_single("ended_at"), None)?;
    db.create_object_store(Stores::IMPORTS, numbered())?;
    let feedback = db.create_object_store(Stores::FEEDBACK, numbered())?;
    feedback.create_index("by_time", KeyPath::new_single("at"), None)?;
    for name in [Stores::TRACKS, Stores::ARTISTS, Stores::PLAYLISTS] {
        db.create_object_store(name, keyed_by_id())?;
    }
    db.create_object_store(Stores::BANDIT_LOGS, numbered())?;
    for name in [Stores::MODELS, Stores::SETTINGS, Stores::SYNC_CURSORS] {
        db.create_object_store(name, ObjectStoreParams::new())?;
    }
    Ok(())
}

/// Version 2 indexes plays by artist, for the artist pages and artist-level features. Version 1 plays
/// have no `artist_key`, so every stored play (and podcast play, to keep one record shape) is rewritten
/// with it.
fn version_2(transaction: &Transaction) -> Result<(), Error> {
    let plays = transaction.object_store(Stores::PLAYS)?;
    let mut params = IndexParams::new();
    params.unique(false);
    plays.create_index("by_artist", KeyPath::new_single("artist_key"), Some(params))?;
    for name in [Stores::PLAYS, Stores::OTHER_PLAYS] {
        let store = transaction.object_store(name)?;
        let existing = store.get_all(None, None)?;
        wasm_bindgen_futures::spawn_local(async move {
            // Runs in the success event's microtasks, while the upgrade transaction is still active;
            // a failed write aborts the upgrade and the database stays at version 1.
            let Ok(records) = existing.await else { return };
            for record in records {
                let artist = js_sys::Reflect::get(&record, &"artist".into())
                    .ok()
                    .and_then(|a| a.as_string())
                    .unwrap_or_default();
                let key = JsValue::from_str(&artist_key(&artist));
                let _ = js_sys::Reflect::set(&record, &"artist_key".into(), &key);
                let _ = store.put(&record, None);
            }
        });
    }
    Ok(())
}
