//! Plays in and out of the store: all-or-nothing batches, keys for deduplication, read-back for the
//! engine. Plays live in blocks (see [`super::blocks`]).

use super::blocks::PlayBlock;
use super::library::{put_library, LIBRARY_STORES};
use super::schema::Stores;
use super::{from_js, to_js, ImportRecord, Store, StoreError, StoredPlay};
use attune_engine::import::{Library, Play, PlayKind, StoredPlays};
use idb::{KeyRange, Query, Transaction, TransactionMode};
use wasm_bindgen::JsValue;

/// The plays of `plays` not stored yet, as records from `source`, and the import's record.
fn admit(
    stored: &mut StoredPlays,
    plays: Vec<Play>,
    files: Vec<String>,
    source: &str,
) -> (Vec<StoredPlay>, ImportRecord) {
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
    (records, record)
}

/// Queues the writes of `plays`, music and other apart, in `tx`.
fn put_plays(tx: &Transaction, plays: &[StoredPlay]) -> Result<(), StoreError> {
    let (music, other): (Vec<StoredPlay>, Vec<StoredPlay>) = plays
        .iter()
        .cloned()
        .partition(|p| p.kind == PlayKind::Music);
    for (name, plays) in [
        (Stores::PLAY_BLOCKS, music),
        (Stores::OTHER_PLAY_BLOCKS, other),
    ] {
        let store = tx.object_store(name)?;
        let blocks = PlayBlock::pack(plays).map_err(|e| StoreError::Failed(e.to_string()))?;
        for block in blocks {
            // `add`, not `put`: a block is keyed by its first play, which deduplication decided is
            // new; a key already stored is a bug upstream and must fail the batch, not overwrite.
            store.add(&block.to_js()?, None)?;
        }
    }
    Ok(())
}

impl Store {
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
        let (records, record) = admit(stored, plays, files, source);
        self.add_plays(&records, &record).await?;
        Ok(record)
    }

    /// What is stored, for deduplicating a new import against.
    pub async fn stored_plays(&self) -> Result<StoredPlays, StoreError> {
        let mut plays = self.music_plays().await?;
        plays.extend(self.other_plays().await?);
        Ok(StoredPlays::from_keys(plays.iter().map(|p| p.id.as_str())))
    }

    /// Stores plays (music and other) and the import's record in one transaction: if any write fails,
    /// none is kept.
    pub async fn add_plays(
        &self,
        plays: &[StoredPlay],
        record: &ImportRecord,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction(
            &[
                Stores::PLAY_BLOCKS,
                Stores::OTHER_PLAY_BLOCKS,
                Stores::IMPORTS,
            ],
            TransactionMode::ReadWrite,
        )?;
        super::write_all(tx, |tx| {
            put_plays(tx, plays)?;
            tx.object_store(Stores::IMPORTS)?
                .add(&to_js(record)?, None)?;
            Ok(())
        })
        .await
    }

    /// A backup's plays and library, deduplicated like an import and written in one transaction with
    /// one record: a restore that fails part-way keeps nothing of it.
    pub async fn restore(
        &self,
        stored: &mut StoredPlays,
        plays: Vec<Play>,
        library: &Library,
        file: String,
    ) -> Result<ImportRecord, StoreError> {
        let (records, record) = admit(stored, plays, vec![file], "backup");
        let mut stores = vec![
            Stores::PLAY_BLOCKS,
            Stores::OTHER_PLAY_BLOCKS,
            Stores::IMPORTS,
        ];
        stores.extend(LIBRARY_STORES);
        let tx = self.db.transaction(&stores, TransactionMode::ReadWrite)?;
        super::write_all(tx, |tx| {
            put_plays(tx, &records)?;
            put_library(tx, library)?;
            tx.object_store(Stores::IMPORTS)?
                .add(&to_js(&record)?, None)?;
            Ok(())
        })
        .await?;
        Ok(record)
    }

    /// Every music play, oldest first.
    pub async fn music_plays(&self) -> Result<Vec<StoredPlay>, StoreError> {
        self.plays_in(Stores::PLAY_BLOCKS, None).await
    }

    /// Music plays that ended at or after `since` (seconds since 1970), oldest first: the blocks
    /// that end after `since` come through the `by_end` index.
    pub async fn music_plays_since(&self, since: i64) -> Result<Vec<StoredPlay>, StoreError> {
        let range = KeyRange::lower_bound(&JsValue::from_f64(since as f64), Some(false))?;
        let mut plays = self
            .plays_in(Stores::PLAY_BLOCKS, Some(range.into()))
            .await?;
        plays.retain(|p| p.ended_at >= since);
        Ok(plays)
    }

    /// Podcast and audiobook plays.
    pub async fn other_plays(&self) -> Result<Vec<StoredPlay>, StoreError> {
        self.plays_in(Stores::OTHER_PLAY_BLOCKS, None).await
    }

    async fn plays_in(
        &self,
        name: &str,
        by_end: Option<Query>,
    ) -> Result<Vec<StoredPlay>, StoreError> {
        let tx = self.db.transaction(&[name], TransactionMode::ReadOnly)?;
        let blocks = tx
            .object_store(name)?
            .index("by_end")?
            .get_all(by_end, None)?
            .await?;
        let mut plays = Vec::new();
        for block in blocks {
            plays.append(&mut PlayBlock::plays_of(&block)?);
        }
        // Blocks come in order of their last play and rarely overlap; sort only when they do.
        if !plays.is_sorted_by(|a, b| a.id <= b.id) {
            plays.sort_by(|a, b| a.id.cmp(&b.id));
        }
        Ok(plays)
    }

    /// Changes whenever plays are added (every write records an import): how many imports there have
    /// been and when the last one was written.
    pub async fn revision(&self) -> Result<(usize, f64), StoreError> {
        let imports = self.imports().await?;
        Ok((imports.len(), imports.last().map_or(0.0, |r| r.at)))
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
}
