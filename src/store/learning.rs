//! Kept models in `models` (the context model), and the reactions the
//! context model learnt from: its state in `models`, every reaction in `bandit_logs` (context, what was
//! on screen, the track, propensity, reward) and every list the re-ranker showed in `impressions`, so
//! that rankers can be compared on the device and the learning survives reloads.

use super::schema::Stores;
use super::{from_js, to_js, Store, StoreError};
use attune_engine::bandit::compare::Impression;
use attune_engine::bandit::Reaction;
use idb::TransactionMode;
use wasm_bindgen::JsValue;

/// The key of the context model's state (postcard bytes) in `models`.
const CONTEXT_RANKER: &str = "context_ranker";
/// Where versions before the factor asset kept the community model they trained.
const KEPT_COMMUNITY: &str = "community";

impl Store {
    /// The context model's stored state, if it has learnt anything.
    pub async fn context_ranker(&self) -> Result<Option<Vec<u8>>, StoreError> {
        self.model_bytes(CONTEXT_RANKER).await
    }

    /// A kept model's bytes.
    async fn model_bytes(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self
            .db
            .transaction(&[Stores::MODELS], TransactionMode::ReadOnly)?;
        let found = tx
            .object_store(Stores::MODELS)?
            .get(JsValue::from_str(key))?
            .await?;
        Ok(found.map(|bytes| js_sys::Uint8Array::new(&bytes).to_vec()))
    }

    /// Removes the community model an earlier version trained and kept (1-2 MB): the community now
    /// arrives trained, as factors, so nothing reads it.
    pub async fn forget_kept_community(&self) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[Stores::MODELS], TransactionMode::ReadWrite)?;
        tx.object_store(Stores::MODELS)?
            .delete(JsValue::from_str(KEPT_COMMUNITY))?;
        super::commit(tx).await
    }

    /// Logs a reaction together with the state learnt from it, in one transaction: the log and the model
    /// never disagree.
    pub async fn save_reaction(&self, reaction: &Reaction, state: &[u8]) -> Result<(), StoreError> {
        let tx = self.db.transaction(
            &[Stores::BANDIT_LOGS, Stores::MODELS],
            TransactionMode::ReadWrite,
        )?;
        super::write_all(tx, |tx| {
            tx.object_store(Stores::BANDIT_LOGS)?
                .add(&to_js(reaction)?, None)?;
            tx.object_store(Stores::MODELS)?.put(
                &js_sys::Uint8Array::from(state).into(),
                Some(&JsValue::from_str(CONTEXT_RANKER)),
            )?;
            Ok(())
        })
        .await
    }

    /// Every logged reaction, oldest first.
    pub async fn reactions(&self) -> Result<Vec<Reaction>, StoreError> {
        let tx = self
            .db
            .transaction(&[Stores::BANDIT_LOGS], TransactionMode::ReadOnly)?;
        let records = tx
            .object_store(Stores::BANDIT_LOGS)?
            .get_all(None, None)?
            .await?;
        from_js(records)
    }

    /// Logs a list shown, under its id.
    pub async fn save_impression(&self, impression: &Impression) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[Stores::IMPRESSIONS], TransactionMode::ReadWrite)?;
        tx.object_store(Stores::IMPRESSIONS)?.put(
            &to_js(impression)?,
            Some(&JsValue::from_f64(impression.id as f64)),
        )?;
        super::commit(tx).await
    }

    /// Every list logged, oldest first.
    pub async fn impressions(&self) -> Result<Vec<Impression>, StoreError> {
        let tx = self
            .db
            .transaction(&[Stores::IMPRESSIONS], TransactionMode::ReadOnly)?;
        let records = tx
            .object_store(Stores::IMPRESSIONS)?
            .get_all(None, None)?
            .await?;
        from_js(records)
    }

    /// Forgets every reaction, every list logged and the state learnt from them.
    pub async fn forget_reactions(&self) -> Result<(), StoreError> {
        let tx = self.db.transaction(
            &[Stores::BANDIT_LOGS, Stores::IMPRESSIONS, Stores::MODELS],
            TransactionMode::ReadWrite,
        )?;
        super::write_all(tx, |tx| {
            tx.object_store(Stores::BANDIT_LOGS)?.clear()?;
            tx.object_store(Stores::IMPRESSIONS)?.clear()?;
            tx.object_store(Stores::MODELS)?
                .delete(JsValue::from_str(CONTEXT_RANKER))?;
            Ok(())
        })
        .await
    }
}
