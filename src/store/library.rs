//! What the listener saved, from `YourLibrary.json` and `PlaylistN.json` (and later from the API):
//! Liked Songs in `tracks`, followed artists in `artists`, playlists in `playlists`. Keyed so that the
//! same export read twice overwrites itself instead of adding twice.

use super::schema::Stores;
use super::{from_js, to_js, ImportRecord, Store, StoreError};
use attune_engine::import::{Library, Playlist, SavedTrack};
use attune_engine::names::normalise;
use idb::{Transaction, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

#[derive(Serialize, Deserialize)]
struct Keyed<T> {
    id: String,
    #[serde(flatten)]
    value: T,
}

#[derive(Serialize, Deserialize)]
struct SavedArtist {
    name: String,
}

/// A playlist's key: Spotify's id when it came from the Web API, else its exact name (an export names
/// playlists but has no ids). Normalised names made "Chill" and "chill!" one playlist, and every
/// emoji-only name the same empty key.
pub(super) fn playlist_key(playlist: &Playlist) -> String {
    match &playlist.id {
        Some(id) => format!("spotify:{id}"),
        None => export_key(&playlist.name),
    }
}

pub(super) fn export_key(name: &str) -> String {
    format!("export:{name}")
}

fn track_key(track: &SavedTrack) -> String {
    track
        .uri
        .clone()
        .unwrap_or_else(|| format!("{}|{}", normalise(&track.artist), normalise(&track.title)))
}

/// The stores a library is written to.
pub(super) const LIBRARY_STORES: [&str; 3] = [Stores::TRACKS, Stores::ARTISTS, Stores::PLAYLISTS];

/// Queues the writes of `library` in `tx`.
pub(super) fn put_library(tx: &Transaction, library: &Library) -> Result<(), StoreError> {
    let tracks = tx.object_store(Stores::TRACKS)?;
    for track in &library.saved_tracks {
        let keyed = Keyed {
            id: track_key(track),
            value: track,
        };
        tracks.put(&to_js(&keyed)?, None)?;
    }
    let artists = tx.object_store(Stores::ARTISTS)?;
    for name in &library.saved_artists {
        let keyed = Keyed {
            id: normalise(name),
            value: SavedArtist { name: name.clone() },
        };
        artists.put(&to_js(&keyed)?, None)?;
    }
    let playlists = tx.object_store(Stores::PLAYLISTS)?;
    for playlist in &library.playlists {
        // Read from Spotify, a playlist replaces the copy of it an export had imported by name.
        if playlist.id.is_some() {
            playlists.delete(JsValue::from_str(&export_key(&playlist.name)))?;
        }
        let keyed = Keyed {
            id: playlist_key(playlist),
            value: playlist,
        };
        playlists.put(&to_js(&keyed)?, None)?;
    }
    Ok(())
}

impl Store {
    /// Saves a library file's contents and its import record in one transaction.
    pub async fn save_library(
        &self,
        library: &Library,
        record: Option<&ImportRecord>,
    ) -> Result<(), StoreError> {
        let mut stores = LIBRARY_STORES.to_vec();
        stores.push(Stores::IMPORTS);
        let tx = self.db.transaction(&stores, TransactionMode::ReadWrite)?;
        super::write_all(tx, |tx| {
            put_library(tx, library)?;
            if let Some(record) = record {
                tx.object_store(Stores::IMPORTS)?
                    .add(&to_js(record)?, None)?;
            }
            Ok(())
        })
        .await
    }

    /// Everything saved, for the recommender and the library page.
    pub async fn library(&self) -> Result<Library, StoreError> {
        let tx = self
            .db
            .transaction(&LIBRARY_STORES, TransactionMode::ReadOnly)?;
        let tracks: Vec<SavedTrack> = from_js(
            tx.object_store(Stores::TRACKS)?
                .get_all(None, None)?
                .await?,
        )?;
        let artists: Vec<SavedArtist> = from_js(
            tx.object_store(Stores::ARTISTS)?
                .get_all(None, None)?
                .await?,
        )?;
        let playlists: Vec<Playlist> = from_js(
            tx.object_store(Stores::PLAYLISTS)?
                .get_all(None, None)?
                .await?,
        )?;
        Ok(Library {
            saved_tracks: tracks,
            saved_artists: artists.into_iter().map(|a| a.name).collect(),
            playlists,
        })
    }
}
