//! Plays in and out of the store: all-or-nothing batches, keys for deduplication, read-back for the
//! engine.

use super::schema::Stores;
use super::{from_js, to_js, ImportRecord, Store, StoreError, StoredPlay};
use attune_engine::import::{Play, PlayKind, StoredPlays};
use idb::{KeyRange, Query, TransactionMode, TransactionResult};
use wasm_bindgen::JsValue;

impl Store {
    /// Keys of every stored play, music and other, for deduplicating an import.
    pub async fn play_keys(&self) -> Result<Vec<String>, StoreError> {
        let tx = self.db.transaction(
            &[Stores::PLAYS, Stores::OTHER_PLAYS],
            TransactionMode::ReadOnly,
        )?;
        let mut keys = Vec::new();
        for name in [Stores::PLAYS, Stores::OTHER_PLAYS] {
            let found = tx.object_store(name)?.get_all_keys(None, None)?.await?;
            keys.extend(found.into_iter().filter_map(|k| k.as_string()));
        }
        Ok(keys)
    }

    /// Stores plays (music and other) and the import's record in one transaction: if any write fails,
    /// none is kept.
    pub async fn add_plays(
        &self,
        plays: &[StoredPlay],
        record: &ImportRecord,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction(
            &[Stores::PLAYS, Stores::OTHER_PLAYS, Stores::IMPORTS],
            TransactionMode::ReadWrite,
        )?;
        let music = tx.object_store(Stores::PLAYS)?;
        let other = tx.object_store(Stores::OTHER_PLAYS)?;
        let records: js_sys::Array = to_js(&plays)?.into();
        for (play, record) in plays.iter().zip(records.iter()) {
            let store = if play.kind == PlayKind::Music {
                &music
            } else {
                &other
            };
            // `add`, not `put`: a key that is already stored is a bug upstream (deduplication decides
            // what is new), and must fail the batch rather than overwrite a play. Not awaited one by
            // one: the transaction's outcome reports any failure.
            store.add(&record, None)?;
        }
        tx.object_store(Stores::IMPORTS)?
            .add(&to_js(record)?, None)?;
        committed(tx.commit()?.await?)
    }

    /// Deduplicates `plays` against everything stored (and everything `stored` has seen in this
    /// import) and writes the new ones in one transaction. On an error nothing of this batch is kept,
    /// but `stored` remembers its plays: the caller stops the import there.
    pub async fn import_batch(
        &self,
        stored: &mut StoredPlays,
        plays: Vec<Play>,
        files: Vec<String>,
        source: &str,
    ) -> Result<ImportRecord, StoreError> {
        let (admitted, duplicates) = stored.admit(plays);
        let records: Vec<StoredPlay> = admitted
            .into_iter()
            .map(|(id, play)| StoredPlay::new(id, play, source))
            .collect();
        let record = ImportRecord {
            at: js_sys::Date::now(),
            files,
            added: records.len(),
            duplicates,
        };
        self.add_plays(&records, &record).await?;
        Ok(record)
    }

    /// What is stored, for deduplicating a new import against.
    pub async fn stored_plays(&self) -> Result<StoredPlays, StoreError> {
        let keys = self.play_keys().await?;
        Ok(StoredPlays::from_keys(keys.iter().map(String::as_str)))
    }

    /// Every music play, oldest first.
    pub async fn music_plays(&self) -> Result<Vec<StoredPlay>, StoreError> {
        self.plays_in(Stores::PLAYS, None).await
    }

    /// Music plays that ended at or after `since` (seconds since 1970), oldest first.
    pub async fn music_plays_since(&self, since: i64) -> Result<Vec<StoredPlay>, StoreError> {
        let range = KeyRange::lower_bound(&JsValue::from_f64(since as f64), Some(false))?;
        self.plays_in(Stores::PLAYS, Some(range.into())).await
    }

    /// Podcast and audiobook plays.
    pub async fn other_plays(&self) -> Result<Vec<StoredPlay>, StoreError> {
        self.plays_in(Stores::OTHER_PLAYS, None).await
    }

    async fn plays_in(
        &self,
        name: &str,
        by_time: Option<Query>,
    ) -> Result<Vec<StoredPlay>, StoreError> {
        let tx = self.db.transaction(&[name], TransactionMode::ReadOnly)?;
        let index = tx.object_store(name)?.index("by_time")?;
        from_js(index.get_all(by_time, None)?.await?)
    }

    /// The imports so far, oldest first.
    pub async fn imports(&self) -> Result<Vec<ImportRecord>, StoreError> {
        let tx = self
            .db
            .transaction(&[Stores::IMPORTS], TransactionMode::ReadOnly)?;
        from_js(
            tx.object_store(Stores::IMPORTS)?
                .get_all(None, None)?
                .await?,
        )
    }

    /// How many music and other plays are stored.
    pub async fn play_counts(&self) -> Result<(u32, u32), StoreError> {
        let tx = self.db.transaction(
            &[Stores::PLAYS, Stores::OTHER_PLAYS],
            TransactionMode::ReadOnly,
        )?;
        let music = tx.object_store(Stores::PLAYS)?.count(None)?.await?;
        let other = tx.object_store(Stores::OTHER_PLAYS)?.count(None)?.await?;
        Ok((music, other))
    }
}

fn committed(result: TransactionResult) -> Result<(), StoreError> {
    match result {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(StoreError::Failed(
            "the write was cancelled; nothing from it was kept".into(),
        )),
    }
}
