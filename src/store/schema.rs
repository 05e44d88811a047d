//! The database's shape, version by version. Each step takes the previous version to the next, so a
//! browser that last ran any older Attune is upgraded in order and keeps every record.

use super::blocks::PlayBlock;
use super::library::export_key;
use super::StoreError;
use super::{from_js, StoredPlay};
use idb::{Database, Error, IndexParams, KeyPath, ObjectStore, ObjectStoreParams, Transaction};
use wasm_bindgen::JsValue;

/// The schema this build writes.
pub const VERSION: u32 = 4;

/// Object store names.
pub struct Stores;

impl Stores {
    /// Music plays in blocks ([`PlayBlock`]), indexed by time span, track and artist.
    pub const PLAY_BLOCKS: &'static str = "play_blocks";
    /// Podcast and audiobook plays, kept apart from music, in the same blocks.
    pub const OTHER_PLAY_BLOCKS: &'static str = "other_play_blocks";
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
    /// The lists the re-ranker showed on Home, each slot with its probability, for comparing rankers.
    pub const IMPRESSIONS: &'static str = "impressions";
    pub const SETTINGS: &'static str = "settings";
    pub const SYNC_CURSORS: &'static str = "sync_cursors";
}

/// Version 1 kept one record per play in these.
const V1_PLAYS: &str = "plays";
const V1_OTHER_PLAYS: &str = "other_plays";

/// Runs every step from `old` up to `new` inside the upgrade transaction; an error aborts it, which
/// leaves the database at `old` with its records untouched.
pub fn upgrade(
    db: &Database,
    transaction: Option<Transaction>,
    old: u32,
    new: u32,
) -> Result<(), Error> {
    // Steps that move records need the upgrade transaction.
    let upgrading = || {
        transaction
            .as_ref()
            .ok_or(Error::ObjectStoreNotFound(JsValue::from_str(
                "upgrade transaction",
            )))
    };
    let step = (|| {
        if old < 1 && new >= 1 {
            version_1(db)?;
        }
        if old < 2 && new >= 2 {
            version_2(db, upgrading()?)?;
        }
        if old < 3 && new >= 3 {
            db.create_object_store(Stores::IMPRESSIONS, ObjectStoreParams::new())?;
        }
        // A new database (old 0) has no playlists to move.
        if (1..4).contains(&old) && new >= 4 {
            version_4(upgrading()?)?;
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

fn keyed_by_id() -> ObjectStoreParams {
    let mut params = ObjectStoreParams::new();
    params.key_path(Some(KeyPath::new_single("id")));
    params
}

fn version_1(db: &Database) -> Result<(), Error> {
    let numbered = || {
        let mut params = ObjectStoreParams::new();
        params.auto_increment(true);
        params
    };
    let plays = db.create_object_store(V1_PLAYS, keyed_by_id())?;
    plays.create_index("by_time", KeyPath::new_single("ended_at"), None)?;
    plays.create_index("by_track", KeyPath::new_single("track"), None)?;
    let other = db.create_object_store(V1_OTHER_PLAYS, keyed_by_id())?;
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

/// Version 2 stores plays in blocks (see [`super::blocks`] for why), indexed by time span, track and
/// artist. Every version 1 play is moved into blocks, then the per-play stores are dropped.
fn version_2(db: &Database, transaction: &Transaction) -> Result<(), Error> {
    let multi_entry = || {
        let mut params = IndexParams::new();
        params.multi_entry(true);
        params
    };
    let music = db.create_object_store(Stores::PLAY_BLOCKS, keyed_by_id())?;
    music.create_index("by_start", KeyPath::new_single("start"), None)?;
    music.create_index("by_end", KeyPath::new_single("end"), None)?;
    music.create_index(
        "by_track",
        KeyPath::new_single("tracks"),
        Some(multi_entry()),
    )?;
    music.create_index(
        "by_artist",
        KeyPath::new_single("artists"),
        Some(multi_entry()),
    )?;
    let other = db.create_object_store(Stores::OTHER_PLAY_BLOCKS, keyed_by_id())?;
    other.create_index("by_end", KeyPath::new_single("end"), None)?;
    for (from, to) in [(V1_PLAYS, music), (V1_OTHER_PLAYS, other)] {
        let old = transaction.object_store(from)?;
        let existing = old.get_all(None, None)?;
        let db_name = from.to_string();
        let drop_old = transaction.database();
        wasm_bindgen_futures::spawn_local(async move {
            // Runs in the success event's microtasks, while the upgrade transaction is still active.
            // A failure aborts the upgrade, and the database stays at version 1 with its records.
            let moved = match existing.await {
                Ok(records) => move_into_blocks(records, &to),
                Err(err) => Err(StoreError::from(err)),
            };
            match moved {
                Ok(()) => {
                    let _ = drop_old.delete_object_store(&db_name);
                }
                Err(err) => {
                    web_sys::console::error_1(&format!("upgrade to v2 failed: {err}").into());
                    let _ = to.transaction().abort();
                }
            }
        });
    }
    Ok(())
}

/// Version 4 keys playlists by their exact name (or Spotify's id, for those read from the Web API):
/// version 3's normalised names made "Chill" and "chill!" one playlist. Each kept playlist is put back
/// under its exact name.
fn version_4(transaction: &Transaction) -> Result<(), Error> {
    let playlists = transaction.object_store(Stores::PLAYLISTS)?;
    let existing = playlists.get_all(None, None)?;
    wasm_bindgen_futures::spawn_local(async move {
        // As in version 2: inside the upgrade transaction, which a failure aborts.
        let rekeyed = match existing.await {
            Ok(records) => rekey_playlists(records, &playlists),
            Err(err) => Err(StoreError::from(err)),
        };
        if let Err(err) = rekeyed {
            web_sys::console::error_1(&format!("upgrade to v4 failed: {err}").into());
            let _ = playlists.transaction().abort();
        }
    });
    Ok(())
}

fn rekey_playlists(records: Vec<JsValue>, playlists: &ObjectStore) -> Result<(), StoreError> {
    playlists.clear()?;
    for record in records {
        let name = js_sys::Reflect::get(&record, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        js_sys::Reflect::set(&record, &"id".into(), &export_key(&name).into())
            .map_err(|e| StoreError::Failed(format!("{e:?}")))?;
        playlists.put(&record, None)?;
    }
    Ok(())
}

fn move_into_blocks(records: Vec<JsValue>, to: &ObjectStore) -> Result<(), StoreError> {
    let plays: Vec<StoredPlay> = from_js(records)?;
    for block in PlayBlock::pack(plays)? {
        to.put(&block.to_js()?, None)?;
    }
    Ok(())
}
