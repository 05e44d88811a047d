//! Plays are stored in blocks of up to [`BLOCK_PLAYS`], in time order, rather than one record each.
//!
//! Measured in headless Chromium on 104,670 events: one IndexedDB record per play took 6.3 s to write
//! and 1.4 s to read back even from plain JavaScript with no indexes, above the 5 s and 0.5 s targets.
//! A block is one record: its plays as postcard bytes (an `ArrayBuffer` costs the browser a copy, where
//! JSON text cost a UTF-16 round trip and a parse: reading back took 0.5-0.8 s that way), plus the
//! block's time span and the tracks and artists it contains as indexed fields. Queries by time, track or
//! artist find the blocks through those indexes and filter inside them.

use super::{StoreError, StoredPlay};
use attune_engine::import::PlayId;
use attune_engine::names::normalise;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// Large enough that 100,000 plays are 50 records; small enough that a time or artist query reads
/// little beyond what it asked for.
pub const BLOCK_PLAYS: usize = 2_000;

/// The indexed fields of a block; its plays go beside them as bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayBlock {
    /// The first play's id: unique, and sorts by time.
    pub id: String,
    /// First and last end time in the block, seconds since 1970 (the `by_start` / `by_end` indexes).
    pub start: i64,
    pub end: i64,
    pub count: usize,
    /// Normalised `artist|title` and artist of every play in it (multi-entry indexes `by_track`,
    /// `by_artist`).
    pub tracks: Vec<String>,
    pub artists: Vec<String>,
    #[serde(skip)]
    plays: Vec<u8>,
}

impl PlayBlock {
    /// Cuts plays into blocks in time order.
    pub fn pack(mut plays: Vec<StoredPlay>) -> Result<Vec<PlayBlock>, StoreError> {
        plays.sort_by(|a, b| a.id.cmp(&b.id));
        plays.chunks(BLOCK_PLAYS).map(PlayBlock::of).collect()
    }

    fn of(plays: &[StoredPlay]) -> Result<PlayBlock, StoreError> {
        let mut tracks: Vec<String> = plays
            .iter()
            .filter_map(|p| PlayId::decode(&p.id).map(|id| id.track))
            .collect();
        let mut artists: Vec<String> = plays.iter().map(|p| normalise(&p.artist)).collect();
        for keys in [&mut tracks, &mut artists] {
            keys.sort_unstable();
            keys.dedup();
        }
        Ok(PlayBlock {
            id: plays[0].id.clone(),
            start: plays.iter().map(|p| p.ended_at).min().unwrap_or(0),
            end: plays.iter().map(|p| p.ended_at).max().unwrap_or(0),
            count: plays.len(),
            tracks,
            artists,
            plays: postcard::to_allocvec(plays).map_err(|e| StoreError::Failed(e.to_string()))?,
        })
    }

    /// The record as IndexedDB stores it.
    pub fn to_js(&self) -> Result<JsValue, StoreError> {
        let record = super::to_js(self)?;
        let bytes = js_sys::Uint8Array::from(self.plays.as_slice());
        js_sys::Reflect::set(&record, &"plays".into(), &bytes)
            .map_err(|e| StoreError::Failed(format!("{e:?}")))?;
        Ok(record)
    }

    /// The plays of a stored block.
    pub fn plays_of(record: &JsValue) -> Result<Vec<StoredPlay>, StoreError> {
        let bytes: js_sys::Uint8Array = js_sys::Reflect::get(record, &"plays".into())
            .ok()
            .and_then(|b| b.dyn_into().ok())
            .ok_or_else(|| StoreError::Failed("a stored block has no plays".into()))?;
        postcard::from_bytes(&bytes.to_vec())
            .map_err(|e| StoreError::Failed(format!("unreadable stored plays ({e})")))
    }
}
