//! The listener's control over their data: plain exports of their plays, an encrypted backup to move
//! to another device and merge there, and erasing everything.

use crate::backup_crypto::{self, BackupCryptoError};
use crate::locks::{exclusively, DATA};
use crate::store::{ImportRecord, Store, StoreError, StoredPlay, NAME, VERSION};
use attune_engine::import::{check_play, time, Library, Play, PlayId};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Everything a backup holds. Tokens and preferences are not in it: a backup may travel by email.
#[derive(Serialize, Deserialize)]
struct Backup {
    format: String,
    schema: u32,
    exported_at: f64,
    plays: Vec<StoredPlay>,
    other_plays: Vec<StoredPlay>,
    imports: Vec<ImportRecord>,
    /// Liked songs, followed artists, playlists.
    #[serde(default)]
    library: Library,
}

const FORMAT: &str = "attune-backup";

/// Why a backup, a restore or an erase did not happen; nothing stored was changed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MyDataError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Backup(#[from] BackupCryptoError),
    #[error("The backup opened, but its contents are not an Attune backup.")]
    NotABackup,
    #[error("This backup was made by a newer Attune (data version {0}; this one reads up to {VERSION}). Reload Attune to update it, then restore again.")]
    NewerBackup(u32),
    #[error("the browser did not say ({0})")]
    Browser(String),
}

/// The whole store, encrypted under `passphrase`.
pub async fn create_backup(passphrase: &str) -> Result<Vec<u8>, MyDataError> {
    let store = Store::open().await?;
    let backup = Backup {
        format: FORMAT.into(),
        schema: VERSION,
        exported_at: js_sys::Date::now(),
        plays: store.music_plays().await?,
        other_plays: store.other_plays().await?,
        imports: store.imports().await?,
        library: store.library().await?,
    };
    let json = serde_json::to_vec(&backup).expect("a backup serialises");
    Ok(backup_crypto::seal(passphrase, &json).await?)
}

/// Merges a backup into the store: plays already here are not added twice. Nothing changes when the
/// passphrase is wrong or the file was altered. What decrypts is held to an import's rules, since a
/// backup may have been crafted with a known passphrase: a backup from a newer Attune is refused, a play
/// in the file twice is kept once, and plays outside an import's bounds are left out.
pub async fn restore_backup(
    file_name: &str,
    sealed: &[u8],
    passphrase: &str,
) -> Result<ImportRecord, MyDataError> {
    let json = backup_crypto::open(passphrase, sealed).await?;
    let backup: Backup = serde_json::from_slice(&json)
        .ok()
        .filter(|b: &Backup| b.format == FORMAT)
        .ok_or(MyDataError::NotABackup)?;
    if backup.schema > VERSION {
        return Err(MyDataError::NewerBackup(backup.schema));
    }
    let now = (js_sys::Date::now() / 1000.0) as i64;
    // Once each by what the play is (track and end time), not by the id the file gives it: a crafted
    // file could repeat one play under many ids.
    let mut seen = HashSet::new();
    let plays: Vec<Play> = backup
        .plays
        .iter()
        .chain(&backup.other_plays)
        .filter_map(|p| check_play(p.to_play(), now).ok())
        .filter(|p| {
            let id = PlayId::of(p);
            seen.insert((id.track, id.ended_at, id.minute_resolution))
        })
        .collect();
    let file_name = file_name.to_string();
    // One writer at a time: an import or a sync in another tab waits for this one.
    exclusively(DATA, async move {
        let store = Store::open().await?;
        let mut stored = store.stored_plays().await?;
        Ok(store
            .restore(&mut stored, plays, &backup.library, file_name)
            .await?)
    })
    .await
}

/// Plays as CSV, one row per play, oldest first, for spreadsheets.
pub fn plays_csv(plays: &[StoredPlay]) -> String {
    let mut out = String::from(
        "ended_at,ms_played,kind,artist,title,album,uri,skipped,shuffle,reason_start,reason_end,platform,source\n",
    );
    for p in plays {
        let flag = |b: Option<bool>| b.map(|b| b.to_string()).unwrap_or_default();
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let kind = serde_json::to_value(p.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let fields = [
            time::format(p.ended_at),
            p.ms_played.to_string(),
            kind,
            p.artist.clone(),
            p.title.clone(),
            text(&p.album),
            text(&p.uri),
            flag(p.skipped),
            flag(p.shuffle),
            text(&p.reason_start),
            text(&p.reason_end),
            text(&p.platform),
            p.source.clone(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// What a spreadsheet may read as the start of a formula: the ASCII signs, their full-width forms (which
/// some spreadsheets fold to ASCII), and the tab and carriage return some strip first (OWASP, "CSV
/// Injection").
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// RFC 4180 quoting, and a leading quote mark on text a spreadsheet would run as a formula.
pub(crate) fn csv_field(field: &str) -> String {
    let field = if field.starts_with(FORMULA_STARTS) && field.parse::<f64>().is_err() {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// Hands `bytes` to the browser as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = leptos::prelude::document();
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

/// Deletes the database, Attune's preferences and session data, and any cached files.
pub async fn erase_everything() -> Result<(), MyDataError> {
    Store::delete(NAME).await?;
    let window = leptos::prelude::window();
    if let Ok(Some(local)) = window.local_storage() {
        let keys: Vec<String> = (0..local.length().unwrap_or(0))
            .filter_map(|i| local.key(i).ok().flatten())
            .filter(|k| k.starts_with("attune."))
            .collect();
        for key in keys {
            let _ = local.remove_item(&key);
        }
    }
    if let Ok(Some(session)) = window.session_storage() {
        let _ = session.clear();
    }
    // The service worker would keep serving the offline copy: it is unregistered.
    let registrations = match crate::pwa::service_workers() {
        Some(container) => JsFuture::from(container.get_registrations()).await.ok(),
        None => None,
    };
    if let Some(registrations) = registrations {
        for registration in js_sys::Array::from(&registrations).iter() {
            let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
            if let Ok(done) = registration.unregister() {
                let _ = JsFuture::from(done).await;
            }
        }
    }
    // Cache Storage holds the offline copy of the app once it is installed; it goes too.
    let caches = js_sys::Reflect::get(&window, &"caches".into()).unwrap_or(JsValue::UNDEFINED);
    if !caches.is_undefined() {
        let caches: web_sys::CacheStorage = caches.unchecked_into();
        if let Ok(names) = JsFuture::from(caches.keys()).await {
            for name in js_sys::Array::from(&names)
                .iter()
                .filter_map(|n| n.as_string())
            {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    }
    Ok(())
}

/// What the browser says about Attune's storage.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageStatus {
    pub used_bytes: f64,
    pub quota_bytes: f64,
    /// Whether the browser promised not to clear the data under storage pressure.
    pub persisted: bool,
}

pub async fn storage_status() -> Result<StorageStatus, MyDataError> {
    let manager = leptos::prelude::window().navigator().storage();
    let failed = |e: JsValue| MyDataError::Browser(format!("{e:?}"));
    let estimate: web_sys::StorageEstimate = JsFuture::from(manager.estimate().map_err(failed)?)
        .await
        .map_err(failed)?
        .unchecked_into();
    let persisted = JsFuture::from(manager.persisted().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(StorageStatus {
        used_bytes: estimate.get_usage().unwrap_or(0.0),
        quota_bytes: estimate.get_quota().unwrap_or(0.0),
        persisted: persisted.as_bool().unwrap_or(false),
    })
}

/// Asks the browser to keep Attune's data even when space runs short; returns its answer.
pub async fn request_persistence() -> bool {
    let manager = leptos::prelude::window().navigator().storage();
    match manager.persist() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}
