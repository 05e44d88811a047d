//! The listener's data in IndexedDB: plays, feedback, playlists, trained models, logs and settings.
//!
//! One database, versioned; [`schema`] holds every upgrade step, so a browser holding any older version
//! is brought forward record by record. Plays are stored in blocks of postcard bytes ([`blocks`]);
//! other records cross the wasm boundary as one JSON text per batch (serde_json on our side, the
//! browser's native `JSON.parse`/`stringify` on the other), far faster than building JS objects field
//! by field from Rust.
//!
//! Works in a window and in a worker alike (the import worker writes, the recommender worker reads).

mod blocks;
mod learning;
mod library;
mod plays;
mod records;
mod schema;
mod settings;

pub use blocks::{PlayBlock, BLOCK_PLAYS};
pub use records::{ImportRecord, StoredPlay};
pub use schema::{Stores, VERSION};
pub use settings::Space;

use idb::{Database, Factory, Request, Transaction, TransactionResult};
use thiserror::Error;
use wasm_bindgen::JsValue;

/// The database's name in the browser.
pub const NAME: &str = "attune";

#[derive(Debug, Error, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum StoreError {
    #[error("this browser keeps no local database here (private mode or blocked storage?): {0}")]
    Unavailable(String),
    #[error(
        "the browser has no room left for Attune's data; nothing from this step was saved and \
         everything stored before is intact. Free some space (or let the site store more) and retry"
    )]
    Quota,
    #[error("the local database failed: {0}")]
    Failed(String),
}

impl From<idb::Error> for StoreError {
    fn from(err: idb::Error) -> StoreError {
        match &err {
            idb::Error::DomException(dom) if dom.name() == "QuotaExceededError" => {
                StoreError::Quota
            }
            _ => StoreError::Failed(err.to_string()),
        }
    }
}

/// An open connection, closed when dropped: an early `?` never leaves the database open, which would
/// hold up the next schema upgrade.
pub struct Store {
    db: Database,
}

impl Drop for Store {
    fn drop(&mut self) {
        self.db.close();
    }
}

impl Store {
    /// Opens Attune's database, creating or upgrading it.
    pub async fn open() -> Result<Store, StoreError> {
        Store::open_at(NAME, VERSION).await
    }

    /// Opens a database by name at a given schema version (tests use their own names and old versions).
    pub async fn open_at(name: &str, version: u32) -> Result<Store, StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let mut request = factory
            .open(name, Some(version))
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        request.on_upgrade_needed(move |event| {
            use idb::Event;
            let upgrade = (|| -> Result<(), idb::Error> {
                let db = idb::DatabaseEvent::database(&event)?;
                let transaction = event.target()?.transaction();
                schema::upgrade(&db, transaction, event.old_version()?, version)
            })();
            if let Err(err) = upgrade {
                web_sys::console::error_1(&format!("database upgrade failed: {err}").into());
            }
        });
        let mut db = request.await?;
        // Another tab's upgrade, or "Erase all my data", must not wait for this connection.
        db.on_version_change(|event| {
            use wasm_bindgen::JsCast;
            if let Some(db) = event.target() {
                db.unchecked_into::<web_sys::IdbDatabase>().close();
            }
        });
        Ok(Store { db })
    }

    /// Deletes a whole database; open connections to it are closed first by their owners.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        factory
            .delete(name)
            .map_err(|e| StoreError::Failed(e.to_string()))?
            .await?;
        Ok(())
    }

    /// Closes the connection now (dropping the store does the same): an upgrade waits for every
    /// connection to close.
    pub fn close(self) {}

    pub fn version(&self) -> u32 {
        self.db.version().unwrap_or(0)
    }

    pub fn store_names(&self) -> Vec<String> {
        self.db.store_names()
    }
}

/// Queues the requests of one write on `tx` and commits them together. When queuing fails part-way,
/// the transaction is aborted: left to itself it would commit the requests queued before the failure.
async fn write_all(
    tx: Transaction,
    queue: impl FnOnce(&Transaction) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    if let Err(error) = queue(&tx) {
        let _ = tx.abort();
        return Err(error);
    }
    commit(tx).await
}

/// Commits a write transaction, and when it was aborted says why: an abort with no failed request (the
/// quota running out at commit, for one) names its cause only on the transaction, read through a
/// second handle on it.
async fn commit(tx: Transaction) -> Result<(), StoreError> {
    let first = tx.store_names().into_iter().next().unwrap_or_default();
    let watcher = tx.object_store(&first)?.transaction();
    match tx.commit()?.await? {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(match watcher.error() {
            Some(dom) if dom.name() == "QuotaExceededError" => StoreError::Quota,
            Some(dom) => StoreError::Failed(format!(
                "the write was refused ({}: {}); nothing from it was kept",
                dom.name(),
                dom.message()
            )),
            None => StoreError::Failed("the write was cancelled; nothing from it was kept".into()),
        }),
    }
}

/// `JSON.parse` of a batch serialised by serde_json.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(value).map_err(|e| StoreError::Failed(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|e| StoreError::Failed(format!("{e:?}")))
}

/// Records read back, through one `JSON.stringify`.
fn from_js<T: serde::de::DeserializeOwned>(values: Vec<JsValue>) -> Result<Vec<T>, StoreError> {
    let array: js_sys::Array = values.into_iter().collect();
    let text: String = js_sys::JSON::stringify(&array)
        .map_err(|e| StoreError::Failed(format!("{e:?}")))?
        .into();
    serde_json::from_str(&text).map_err(|e| StoreError::Failed(format!("unreadable record ({e})")))
}
