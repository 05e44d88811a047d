//! Small keyed values: the Spotify tokens and profile, sync cursors, remembered answers (such as "this
//! Client ID has no audio features"). Kept out of the backup: tokens must never travel in a file.

use super::schema::Stores;
use super::{Store, StoreError};
use idb::TransactionMode;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// Which of the two keyed stores a value lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    Settings,
    /// Where a sync stopped, so the next one resumes there.
    SyncCursors,
}

impl Space {
    fn store(self) -> &'static str {
        match self {
            Space::Settings => Stores::SETTINGS,
            Space::SyncCursors => Stores::SYNC_CURSORS,
        }
    }
}

impl Store {
    /// The value stored under `key`, if any.
    pub async fn get_value<T: DeserializeOwned>(
        &self,
        space: Space,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        let tx = self
            .db
            .transaction(&[space.store()], TransactionMode::ReadOnly)?;
        let found = tx
            .object_store(space.store())?
            .get(JsValue::from_str(key))?
            .await?;
        let Some(text) = found.and_then(|v| v.as_string()) else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| StoreError::Failed(format!("unreadable setting {key} ({e})")))
    }

    /// Opens the database, reads one value and closes it again; `None` also when the database cannot
    /// be read (callers treat a missing value and an unreadable one alike).
    pub async fn read_one<T: DeserializeOwned>(space: Space, key: &str) -> Option<T> {
        let store = Store::open().await.ok()?;
        let value = store.get_value(space, key).await.ok().flatten();
        value
    }

    pub async fn put_value<T: Serialize>(
        &self,
        space: Space,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let text = serde_json::to_string(value).map_err(|e| StoreError::Failed(e.to_string()))?;
        let tx = self
            .db
            .transaction(&[space.store()], TransactionMode::ReadWrite)?;
        tx.object_store(space.store())?
            .put(&JsValue::from_str(&text), Some(&JsValue::from_str(key)))?;
        super::commit(tx).await
    }

    pub async fn delete_value(&self, space: Space, key: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[space.store()], TransactionMode::ReadWrite)?;
        tx.object_store(space.store())?
            .delete(JsValue::from_str(key))?;
        super::commit(tx).await
    }
}
