//! Passphrase encryption for Attune's backup file.
//!
//! A backup holds a listener's whole history, so it must stay private even when it sits in a cloud drive
//! or an email. Attune has no server to keep keys on, so the key comes from a passphrase only the
//! listener knows: PBKDF2-HMAC-SHA-256 stretches it (slow on purpose, so guessing costs an attacker
//! dearly) and AES-256-GCM encrypts and authenticates the data, so a wrong passphrase or a changed byte
//! is detected instead of yielding garbage. Both come from the browser's WebCrypto, which is native,
//! constant-time and far faster than any crypto we could compile to wasm ourselves.
//!
//! File layout (all of it but the ciphertext is the header):
//!
//! ```text
//! "ATTUNE-BACKUP 1\n"   16 bytes, ASCII magic line with the format version
//! iterations           4 bytes, big-endian u32 PBKDF2 iteration count
//! salt                 16 bytes, random per file
//! iv                   12 bytes, random per file
//! ciphertext + tag     plaintext length + 16 bytes
//! ```
//!
//! The header is passed to AES-GCM as additional authenticated data, so no header byte can be changed
//! without the tag failing.

use crate::web_crypto::{random_bytes, subtle, WebCryptoError};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

const MAGIC: &[u8] = b"ATTUNE-BACKUP 1\n";
/// Files of another version still start with this, so they can be told apart from foreign files.
const MAGIC_PREFIX: &[u8] = b"ATTUNE-BACKUP ";
/// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA-256. Stored in each file, so it can be raised later
/// without breaking older backups.
const ITERATIONS: u32 = 600_000;
/// Below this a file is too cheap to brute-force; above it, opening it would hang the tab. Either way
/// the file was not made by Attune.
const MIN_ITERATIONS: u32 = 100_000;
const MAX_ITERATIONS: u32 = 10_000_000;
const SALT_LEN: usize = 16;
const IV_LEN: usize = 12;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = MAGIC.len() + 4 + SALT_LEN + IV_LEN;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BackupCryptoError {
    #[error("This file is not an Attune backup, or it is cut short.")]
    NotABackup,
    #[error("This backup was made by a newer version of Attune, or its header is damaged. Update Attune and try again.")]
    UnsupportedVersion,
    #[error("The backup could not be unlocked: either the passphrase is wrong or the file was changed after it was saved.")]
    WrongPassphraseOrDamaged,
    #[error("Please enter a passphrase.")]
    EmptyPassphrase,
    #[error("The browser's encryption failed: {0}")]
    Browser(String),
    #[error("{0}")]
    Unavailable(#[from] WebCryptoError),
}

/// Encrypts `plaintext` under `passphrase` into a self-describing backup file.
pub async fn seal(passphrase: &str, plaintext: &[u8]) -> Result<Vec<u8>, BackupCryptoError> {
    if passphrase.is_empty() {
        return Err(BackupCryptoError::EmptyPassphrase);
    }
    let random = random_bytes::<{ SALT_LEN + IV_LEN }>()?;
    let (salt, iv) = random.split_at(SALT_LEN);

    let mut out = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&ITERATIONS.to_be_bytes());
    out.extend_from_slice(&random);

    let subtle = subtle()?;
    let key = derive_key(&subtle, passphrase, salt, ITERATIONS, "encrypt").await?;
    let params = gcm_params(iv, &out);
    let promise = subtle
        .encrypt_with_object_and_u8_array(&params, &key, plaintext)
        .map_err(browser)?;
    let sealed = JsFuture::from(promise).await.map_err(browser)?;
    out.extend_from_slice(&bytes(&sealed));
    Ok(out)
}

/// Decrypts a file made by [`seal`], checking that it is intact and the passphrase is right.
pub async fn open(passphrase: &str, sealed: &[u8]) -> Result<Vec<u8>, BackupCryptoError> {
    if passphrase.is_empty() {
        return Err(BackupCryptoError::EmptyPassphrase);
    }
    if sealed.len() < MAGIC.len() || !sealed.starts_with(MAGIC_PREFIX) {
        return Err(BackupCryptoError::NotABackup);
    }
    if !sealed.starts_with(MAGIC) {
        return Err(BackupCryptoError::UnsupportedVersion);
    }
    if sealed.len() < HEADER_LEN + TAG_LEN {
        return Err(BackupCryptoError::NotABackup);
    }
    let (header, ciphertext) = sealed.split_at(HEADER_LEN);
    let rest = &header[MAGIC.len()..];
    let iterations = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]);
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
        return Err(BackupCryptoError::UnsupportedVersion);
    }
    let salt = &rest[4..4 + SALT_LEN];
    let iv = &rest[4 + SALT_LEN..];

    let subtle = subtle()?;
    let key = derive_key(&subtle, passphrase, salt, iterations, "decrypt").await?;
    let params = gcm_params(iv, header);
    let promise = subtle
        .decrypt_with_object_and_u8_array(&params, &key, ciphertext)
        .map_err(browser)?;
    match JsFuture::from(promise).await {
        Ok(plain) => Ok(bytes(&plain)),
        // WebCrypto reports a failed GCM tag as a bare OperationError; nothing else about the inputs
        // can fail at this point, so it means a wrong key or changed bytes.
        Err(e) if error_name(&e).as_deref() == Some("OperationError") => {
            Err(BackupCryptoError::WrongPassphraseOrDamaged)
        }
        Err(e) => Err(browser(e)),
    }
}

/// PBKDF2 turns the passphrase into a non-extractable AES-256-GCM key usable only for `usage`.
async fn derive_key(
    subtle: &SubtleCrypto,
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
    usage: &str,
) -> Result<CryptoKey, BackupCryptoError> {
    // NFC first: the same accented passphrase typed on two systems can arrive as different code
    // points (é as one, or e plus an accent), and must still open the backup.
    let normalised: String = js_sys::JsString::from(passphrase).normalize("NFC").into();
    let raw = Uint8Array::from(normalised.as_bytes());
    let usages = Array::of1(&"deriveKey".into());
    let promise = subtle
        .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
        .map_err(browser)?;
    let base: CryptoKey = JsFuture::from(promise)
        .await
        .map_err(browser)?
        .unchecked_into();

    // Copies (not views of wasm memory) so the params stay valid if memory grows before use.
    let params =
        Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
    let aes = AesDerivedKeyParams::new("AES-GCM", 256);
    let usages = Array::of1(&usage.into());
    let promise = subtle
        .derive_key_with_object_and_object(&params, &base, &aes, false, &usages)
        .map_err(browser)?;
    Ok(JsFuture::from(promise)
        .await
        .map_err(browser)?
        .unchecked_into())
}

fn gcm_params(iv: &[u8], header: &[u8]) -> AesGcmParams {
    let params = AesGcmParams::new_with_u8_array("AES-GCM", &Uint8Array::from(iv));
    params.set_additional_data_u8_array(&Uint8Array::from(header));
    params
}

fn bytes(buffer: &JsValue) -> Vec<u8> {
    Uint8Array::new(buffer.unchecked_ref::<ArrayBuffer>()).to_vec()
}

fn error_name(e: &JsValue) -> Option<String> {
    Reflect::get(e, &"name".into()).ok()?.as_string()
}

fn browser(e: JsValue) -> BackupCryptoError {
    let message = e
        .dyn_ref::<Object>()
        .and_then(|o| Reflect::get(o, &"message".into()).ok())
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"));
    match error_name(&e) {
        Some(name) => BackupCryptoError::Browser(format!("{name}: {message}")),
        None => BackupCryptoError::Browser(message),
    }
}
