//! The Spotify sign-in's pure pieces, in headless Chromium (they use WebCrypto).
#![cfg(target_arch = "wasm32")]

use attune::spotify::{base64url, challenge};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn base64url_matches_rfc_4648_without_padding() {
    // RFC 4648 §10 vectors, in the URL-safe alphabet and unpadded.
    for (input, expected) in [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64url(input.as_bytes()), expected, "{input:?}");
    }
    assert_eq!(base64url(&[0xfb, 0xff]), "-_8", "the URL-safe characters");
}

#[wasm_bindgen_test]
async fn the_challenge_is_the_unpadded_base64url_sha256_of_the_verifier() {
    // Expected values from Python: base64.urlsafe_b64encode(hashlib.sha256(v).digest()).rstrip(b"=").
    let cases = [
        (
            "dBjftJeZ4CVP-mJ92K9qpgj6ISW2FZeE3w5lG9mJB1A",
            "IMAyfKrbXs5zV6LiSYI5LTdQXBaNHmEF9ZHccqoj3a0",
        ),
        ("", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"),
    ];
    for (verifier, expected) in cases {
        assert_eq!(challenge(verifier).await.unwrap(), expected, "{verifier:?}");
    }
}
