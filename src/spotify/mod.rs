//! The Spotify connection: sign-in with the listener's own Client ID (Authorization Code with PKCE, no
//! backend), a Web API client that refreshes, retries and backs off, the sync into the store, saving
//! playlists back, and the app's scheduler that runs the sync ([`scheduler`]).
//!
//! The hosts are Spotify's, fixed at build time and never taken from the listener or a URL: the tokens
//! must not be sent anywhere else. Tests route these hosts to the fake Spotify in the browser.

use gloo_storage::{LocalStorage, Storage};

pub mod artist_tracks;
mod auth;
mod browser;
mod client;
pub mod embed;
mod error;
pub mod ids;
mod likes;
mod outbox;
mod permission;
mod pkce;
mod save;
pub mod scheduler;
mod sync;

pub use auth::{complete_sign_in, complete_sign_in_owned, disconnect, signed_in, Tokens};
pub use client::Spotify;
pub use error::{ApiError, AuthError, SpotifyError, TokenErrorCode};
pub use likes::{like, Liked};
pub use outbox::{flush_pending, sign_out, Flushed};
pub use permission::{ask_for, granted, sign_in, Permission};
pub use pkce::{base64url, challenge};
pub use save::{save_playlist, PendingSave, Saved, MAX_QUEUED};
pub use sync::{last_sync, sync, SyncProgress, SyncReport};

pub const ACCOUNTS: &str = "https://accounts.spotify.com";
pub const API: &str = "https://api.spotify.com/v1";

const CLIENT_ID_KEY: &str = "attune.spotify.client_id";
/// A build may carry a default Client ID (`ATTUNE_SPOTIFY_CLIENT_ID` at build time); the listener's own
/// always wins.
const BUILD_CLIENT_ID: Option<&str> = option_env!("ATTUNE_SPOTIFY_CLIENT_ID");

/// The listener's own Client ID, else the build's, if any.
pub fn client_id() -> Option<String> {
    // Kept as JSON; before, as the bare id.
    let kept = LocalStorage::get::<String>(CLIENT_ID_KEY)
        .ok()
        .or_else(|| LocalStorage::raw().get_item(CLIENT_ID_KEY).ok().flatten());
    kept.filter(|id| !id.is_empty())
        .or_else(|| BUILD_CLIENT_ID.map(String::from))
}

/// Keeps the Client ID in this browser (it is not a secret: PKCE apps have none).
pub fn set_client_id(id: &str) -> Result<(), String> {
    let id = id.trim();
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(
            "a Spotify Client ID is 32 letters and digits (0-9, a-f), as the dashboard shows it"
                .into(),
        );
    }
    LocalStorage::set(CLIENT_ID_KEY, id)
        .map_err(|_| "this browser blocks local storage".to_string())
}

/// The exact redirect URI to register in the Spotify dashboard: this page's origin and base path plus
/// `callback` (`http://127.0.0.1:8080/callback` locally, the https address when hosted).
pub fn redirect_uri() -> String {
    let base = crate::worker::spawn::base_url();
    format!("{base}callback")
}
