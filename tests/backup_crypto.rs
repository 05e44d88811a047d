//! Backup encryption in headless Chromium, against the real WebCrypto. Every seal and open runs 600,000
//! PBKDF2 iterations, so the tests share sealed files where they can.
#![cfg(target_arch = "wasm32")]

use attune::backup_crypto::{open, seal, BackupCryptoError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PASS: &str = "correct horse battery staple";
const MAGIC: &[u8] = b"ATTUNE-BACKUP 1\n";
/// Magic, iteration count, salt, IV.
const HEADER_LEN: usize = 16 + 4 + 16 + 12;
const SALT_AT: usize = 16 + 4;
const IV_AT: usize = SALT_AT + 16;

/// Deterministic bytes that are not a repeating pattern (xorshift).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut copy = bytes.to_vec();
    copy[at] ^= 0x01;
    copy
}

#[wasm_bindgen_test]
async fn round_trips_empty_small_and_one_megabyte() {
    let all_bytes: Vec<u8> = (0..=255).collect();
    for plain in [Vec::new(), all_bytes, noise(1 << 20, 42)] {
        let start = js_sys::Date::now();
        let sealed = seal(PASS, &plain).await.unwrap();
        let sealed_ms = js_sys::Date::now() - start;
        assert_eq!(sealed.len(), HEADER_LEN + plain.len() + 16);
        let start = js_sys::Date::now();
        assert_eq!(open(PASS, &sealed).await.unwrap(), plain);
        let opened_ms = js_sys::Date::now() - start;
        console_log!(
            "{} bytes: seal {sealed_ms} ms, open {opened_ms} ms",
            plain.len()
        );
    }
}

#[wasm_bindgen_test]
async fn header_is_as_documented_and_two_seals_differ() {
    let plain = b"the same listening history";
    let a = seal(PASS, plain).await.unwrap();
    let b = seal(PASS, plain).await.unwrap();
    for sealed in [&a, &b] {
        assert_eq!(&sealed[..16], MAGIC);
        assert_eq!(&sealed[16..20], &600_000u32.to_be_bytes());
    }
    assert_ne!(a[SALT_AT..IV_AT], b[SALT_AT..IV_AT], "salt must be random");
    assert_ne!(
        a[IV_AT..HEADER_LEN],
        b[IV_AT..HEADER_LEN],
        "IV must be random"
    );
    assert_ne!(a[HEADER_LEN..], b[HEADER_LEN..]);
}

#[wasm_bindgen_test]
async fn wrong_passphrase_or_any_changed_byte_is_refused() {
    let sealed = seal(PASS, &noise(1000, 7)).await.unwrap();
    let wrong = BackupCryptoError::WrongPassphraseOrDamaged;
    assert_eq!(
        open("correct horse battery stapler", &sealed).await,
        Err(wrong.clone())
    );
    assert_eq!(
        open(PASS, &flipped(&sealed, HEADER_LEN + 500)).await,
        Err(wrong.clone())
    );
    assert_eq!(
        open(PASS, &flipped(&sealed, SALT_AT + 3)).await,
        Err(wrong.clone())
    );
    assert_eq!(
        open(PASS, &flipped(&sealed, IV_AT)).await,
        Err(wrong.clone())
    );
    // The last byte is part of the GCM tag.
    assert_eq!(
        open(PASS, &flipped(&sealed, sealed.len() - 1)).await,
        Err(wrong.clone())
    );
    // A cut that still leaves room for a tag can only be caught by the tag.
    assert_eq!(open(PASS, &sealed[..sealed.len() - 1]).await, Err(wrong));
}

#[wasm_bindgen_test]
async fn truncated_and_foreign_files_are_not_backups() {
    // An empty plaintext gives the shortest possible backup, so every cut of it is too short.
    let sealed = seal(PASS, b"").await.unwrap();
    for len in [0, 5, 15, 16, 20, HEADER_LEN, sealed.len() - 1] {
        assert_eq!(
            open(PASS, &sealed[..len]).await,
            Err(BackupCryptoError::NotABackup),
            "{len}"
        );
    }
    for foreign in [
        noise(4096, 3),
        b"{\"tracks\": []}".to_vec(),
        b"ATTUNE".to_vec(),
    ] {
        assert_eq!(
            open(PASS, &foreign).await,
            Err(BackupCryptoError::NotABackup)
        );
    }
}

#[wasm_bindgen_test]
async fn other_versions_and_iteration_counts_are_unsupported() {
    let mut file = MAGIC.to_vec();
    file.extend_from_slice(&600_000u32.to_be_bytes());
    file.extend_from_slice(&noise(100, 9));
    let mut v2 = file.clone();
    v2[14] = b'2';
    assert_eq!(
        open(PASS, &v2).await,
        Err(BackupCryptoError::UnsupportedVersion)
    );
    for count in [0u32, 99_999, 10_000_001, u32::MAX] {
        file[16..20].copy_from_slice(&count.to_be_bytes());
        assert_eq!(
            open(PASS, &file).await,
            Err(BackupCryptoError::UnsupportedVersion),
            "{count}"
        );
    }
}

#[wasm_bindgen_test]
async fn empty_passphrase_is_refused() {
    assert_eq!(
        seal("", b"x").await,
        Err(BackupCryptoError::EmptyPassphrase)
    );
    assert_eq!(
        open("", &noise(100, 1)).await,
        Err(BackupCryptoError::EmptyPassphrase)
    );
}

#[wasm_bindgen_test]
fn errors_read_as_sentences() {
    let message = BackupCryptoError::WrongPassphraseOrDamaged.to_string();
    assert!(message.contains("passphrase is wrong") && message.contains("changed"));
}
