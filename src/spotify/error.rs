//! Why talking to Spotify did not work, as values: the sign-in, the Web API, and keeping what was synced.
//! Messages are written for the listener and say what happens next.

use crate::store::StoreError;
use serde::Deserialize;
use thiserror::Error;

/// The OAuth error codes of Spotify's token service (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenErrorCode {
    /// The code or refresh token is no longer good (revoked, used, or six months old).
    InvalidGrant,
    InvalidClient,
    InvalidRequest,
    UnauthorizedClient,
    UnsupportedGrantType,
    InvalidScope,
    #[serde(other)]
    Other,
}

/// Why signing in, or refreshing the token, failed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AuthError {
    #[error("enter your Spotify Client ID first")]
    NoClientId,
    #[error("{0}")]
    Browser(&'static str),
    #[error(
        "This sign-in was not started in this tab (or was already used). Start again from Connect."
    )]
    NotStarted,
    #[error("The answer from Spotify does not match the sign-in this tab started, so it was ignored. Start again from Connect.")]
    StateMismatch,
    #[error("{0}")]
    Refused(&'static str),
    #[error("Spotify's answer has no code. Start again from Connect.")]
    NoCode,
    #[error("Spotify gave no refresh token. Start again from Connect.")]
    NoRefreshToken,
    #[error("Spotify's token service refused ({code:?}: {description})")]
    TokenRefused {
        code: TokenErrorCode,
        description: String,
    },
    #[error("Spotify's token service answered HTTP {0}")]
    Http(u16),
    #[error("could not reach Spotify ({0})")]
    Unreachable(String),
    #[error("unreadable answer from Spotify ({0})")]
    Unreadable(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Crypto(#[from] crate::web_crypto::WebCryptoError),
}

/// Why a Web API call failed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ApiError {
    #[error("{0}")]
    SignInAgain(String),
    #[error("Spotify does not allow this app to read that ({0})")]
    Forbidden(String),
    #[error("Spotify has no {0}")]
    NotFound(String),
    #[error("Spotify asks Attune to slow down; syncing resumes later")]
    RateLimited,
    #[error("Spotify asks Attune to wait {0} seconds before asking again")]
    RateLimitedFor(f64),
    #[error("Spotify cannot be reached right now ({0}); syncing resumes later")]
    Unreachable(String),
    #[error("Spotify answered HTTP {0}")]
    Failed(u16),
    #[error("Spotify's answer had no {0}; nothing more was sent")]
    Incomplete(&'static str),
    #[error("“{0}” is not a Spotify id, so nothing was sent")]
    NotAnId(String),
}

/// A sync or a save: the Web API, or the store that keeps what came back.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SpotifyError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("Attune could not keep what came from Spotify: {0}. What was stored before is intact, and the next sync resumes.")]
    Store(#[from] StoreError),
}
