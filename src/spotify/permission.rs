//! What the connection may do in the listener's account. Connecting asks only to read; the first Save or
//! Like asks for the one permission (OAuth scope) it needs, so a listener who never saves never hands
//! Attune the right to change their account, and a stolen token of theirs cannot either.

use super::auth::{begin_sign_in, signed_in};
use super::error::AuthError;

/// Reading the history, saved tracks, playlists and top items: what the sync needs, asked at sign-in.
pub const READ_SCOPES: [&str; 5] = [
    "user-read-recently-played",
    "user-top-read",
    "user-library-read",
    "playlist-read-private",
    "playlist-read-collaborative",
];

/// A permission asked for when first needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Creating private playlists and adding tracks to them.
    SavePlaylists,
    /// Adding tracks to the listener's Liked Songs.
    Like,
}

impl Permission {
    pub const ALL: [Permission; 2] = [Permission::SavePlaylists, Permission::Like];

    /// Its OAuth scope.
    pub fn scope(self) -> &'static str {
        match self {
            Permission::SavePlaylists => "playlist-modify-private",
            Permission::Like => "user-library-modify",
        }
    }

    /// What it lets Attune do, to finish "Attune may …".
    pub fn lets(self) -> &'static str {
        match self {
            Permission::SavePlaylists => "create private playlists in your account",
            Permission::Like => "add tracks to your Liked Songs",
        }
    }
}

/// Whether the stored connection holds `permission` (a token with no scope list holds none).
pub async fn granted(permission: Permission) -> bool {
    connection_allows(permission).await == Some(true)
}

/// Whether the stored connection holds `permission`; none when there is no connection (never made,
/// or ended by Spotify since the screen was drawn).
pub(super) async fn connection_allows(permission: Permission) -> Option<bool> {
    signed_in()
        .await
        .map(|tokens| holds(&tokens.scope, permission.scope()))
}

/// Why a save or like cannot go out when there is no connection.
pub(super) const NOT_CONNECTED: &str =
    "Spotify is not connected now; connect again from Connect to send it";

/// Signs in again asking for `permission` too, with the reading and what is held already: Spotify shows
/// the listener only what is new, and the tokens it gives back cover everything asked. What waits for
/// the permission is already queued, and goes out with the sync that follows.
pub async fn ask_for(permission: Permission) -> Result<(), AuthError> {
    let held = signed_in().await.map(|t| t.scope).unwrap_or_default();
    let wanted = Permission::ALL
        .into_iter()
        .filter(|&p| p == permission || holds(&held, p.scope()))
        .map(Permission::scope);
    let scopes: Vec<&str> = READ_SCOPES.into_iter().chain(wanted).collect();
    // Back to the screen that asked, where the save or like it waits for is told.
    begin_sign_in(&scopes.join(" "), true).await
}

/// Connecting from scratch: reading only. It ends on Connect, where the first sync shows its progress.
pub async fn sign_in() -> Result<(), AuthError> {
    begin_sign_in(&READ_SCOPES.join(" "), false).await
}

/// Whether a space-separated scope list (as Spotify's token answer gives it) holds `scope`.
fn holds(scopes: &str, scope: &str) -> bool {
    scopes.split_whitespace().any(|s| s == scope)
}
