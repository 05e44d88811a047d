//! The browser's cryptography, in a page or a worker alike: random bytes from its CSPRNG (through
//! `getrandom`), and WebCrypto's `SubtleCrypto` for hashing and encryption. Both the sign-in (PKCE) and
//! the encrypted backup use these.

use thiserror::Error;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WebCryptoError {
    #[error("this browser has no source of random numbers")]
    NoRandom,
    #[error("this needs a secure page (https, or http on 127.0.0.1): the browser offers no WebCrypto here")]
    NotSecure,
}

/// `N` random bytes from the browser's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], WebCryptoError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| WebCryptoError::NoRandom)?;
    Ok(bytes)
}

/// `crypto.subtle` of whatever global this runs in; it exists only in secure contexts.
pub fn subtle() -> Result<web_sys::SubtleCrypto, WebCryptoError> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .ok_or(WebCryptoError::NotSecure)?;
    js_sys::Reflect::get(&crypto, &"subtle".into())
        .ok()
        .filter(|s| !s.is_undefined() && !s.is_null())
        .map(JsCast::unchecked_into)
        .ok_or(WebCryptoError::NotSecure)
}
