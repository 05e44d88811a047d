//! Authorization Code with PKCE (RFC 7636) pieces: a random verifier, its S256 challenge, a random
//! `state`, all from the browser's CSPRNG and WebCrypto.

use super::error::AuthError;
use crate::web_crypto::{random_bytes, subtle};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// RFC 7636's unreserved characters minus `.` and `~`: 64 symbols, so one random byte's low 6 bits pick
/// one uniformly.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `N` characters (43-128 for a verifier) from the CSPRNG: 6 bits of entropy each.
pub fn random_string<const N: usize>() -> Result<String, AuthError> {
    let bytes = random_bytes::<N>()?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[(b & 63) as usize] as char)
        .collect())
}

/// base64url(SHA-256(verifier)) without padding.
pub async fn challenge(verifier: &str) -> Result<String, AuthError> {
    let hashing = |_| AuthError::Browser("this browser could not hash the sign-in's verifier");
    let digest = subtle()?
        .digest_with_str_and_u8_array("SHA-256", verifier.as_bytes())
        .map_err(hashing)?;
    let hash = JsFuture::from(digest).await.map_err(hashing)?;
    let hash = js_sys::Uint8Array::new(hash.unchecked_ref()).to_vec();
    Ok(base64url(&hash))
}

/// RFC 4648 §5 without padding.
pub fn base64url(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}
