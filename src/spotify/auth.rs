//! Signing in and out, and keeping the tokens fresh. Tokens live in IndexedDB (`settings`), not in
//! sessionStorage: a refresh token is good for months, and every tab and the workers must share one;
//! they are never put in a URL, a log line, the backup or anything exported.

use super::browser::{now_ms, session};
use super::client::send;
use super::error::{AuthError, TokenErrorCode};
use super::{client_id, pkce, redirect_uri, ACCOUNTS};
use crate::store::{Space, Store, StoreError};
use gloo_net::http::{Method, RequestBuilder};
use serde::{Deserialize, Serialize};

const TOKENS_KEY: &str = "spotify.tokens";
const VERIFIER_KEY: &str = "attune.spotify.verifier";
const STATE_KEY: &str = "attune.spotify.state";
/// The in-app path to go back to after signing in (Connect when none).
const RETURN_KEY: &str = "attune.spotify.return_to";
const CONNECT_PATH: &str = "/connect";
/// Refresh this long before the access token expires, so a request never carries a dead one.
const REFRESH_MARGIN_MS: f64 = 60_000.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: String,
    /// Milliseconds since 1970.
    pub expires_at: f64,
    pub scope: String,
    /// The Spotify account the tokens belong to (`/me`'s `account_id`), asked right after signing in;
    /// what the outbox keeps saves and likes under. None until known.
    #[serde(default)]
    pub account: Option<String>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_in: f64,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
struct TokenError {
    error: TokenErrorCode,
    #[serde(default)]
    error_description: String,
}

/// Starts signing in for `scope` (space-separated): a fresh verifier and state, kept for this tab only,
/// then off to Spotify. With `come_back`, the callback returns to this screen instead of Connect.
pub(super) async fn begin_sign_in(scope: &str, come_back: bool) -> Result<(), AuthError> {
    let client = client_id().ok_or(AuthError::NoClientId)?;
    let verifier = pkce::random_string::<64>()?;
    let state = pkce::random_string::<32>()?;
    let challenge = pkce::challenge(&verifier).await?;
    let session = session()?;
    session
        .set_item(VERIFIER_KEY, &verifier)
        .and_then(|_| session.set_item(STATE_KEY, &state))
        .and_then(|_| match come_back {
            true => session.set_item(RETURN_KEY, &current_app_path()),
            false => session.remove_item(RETURN_KEY),
        })
        .map_err(|_| AuthError::Browser("could not keep the sign-in state in this tab"))?;
    let query = [
        ("response_type", "code"),
        ("client_id", &client),
        ("scope", scope),
        ("code_challenge_method", "S256"),
        ("code_challenge", &challenge),
        ("redirect_uri", &redirect_uri()),
        ("state", &state),
    ];
    let url = format!("{ACCOUNTS}/authorize?{}", form(&query));
    web_sys::window()
        .ok_or(AuthError::Browser("signing in needs a browser tab"))?
        .location()
        .assign(&url)
        .map_err(|_| AuthError::Browser("this tab could not go to Spotify's sign-in page"))
}

/// Finishes signing in from the callback's query string: checks `state`, trades the code for tokens
/// with the verifier, and stores the tokens. Anyone can link to the callback, so nothing in its query is
/// believed or shown before `state` matches the sign-in this tab started; only then are the state and the
/// verifier used up (a forged callback leaves a sign-in in progress intact), and an error is told in
/// Attune's own words, never Spotify's text. Returns the in-app path to go on to.
pub async fn complete_sign_in(query: &str) -> Result<String, AuthError> {
    let params = web_sys::UrlSearchParams::new_with_str(query)
        .map_err(|_| AuthError::Browser("this browser cannot read the callback's address"))?;
    let session = session()?;
    let expected_state = session.get_item(STATE_KEY).ok().flatten();
    let verifier = session.get_item(VERIFIER_KEY).ok().flatten();
    let (Some(expected), Some(verifier)) = (expected_state, verifier) else {
        return Err(AuthError::NotStarted);
    };
    if params.get("state").as_deref() != Some(expected.as_str()) {
        return Err(AuthError::StateMismatch);
    }
    let _ = session.remove_item(STATE_KEY);
    let _ = session.remove_item(VERIFIER_KEY);
    let go_on_to = session
        .get_item(RETURN_KEY)
        .ok()
        .flatten()
        .filter(|path| is_app_path(path))
        .unwrap_or_else(|| CONNECT_PATH.into());
    let _ = session.remove_item(RETURN_KEY);
    if let Some(error) = params.get("error") {
        return Err(AuthError::Refused(sign_in_refused(&error)));
    }
    let code = params.get("code").ok_or(AuthError::NoCode)?;
    let client = client_id().ok_or(AuthError::NoClientId)?;
    let response = token_request(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", &redirect_uri()),
        ("client_id", &client),
        ("code_verifier", &verifier),
    ])
    .await?;
    if response.refresh_token.is_none() {
        return Err(AuthError::NoRefreshToken);
    }
    let tokens = response.into_tokens(String::new(), String::new());
    // Under the data lock and the refresh lock: a flush of the outbox (which holds the first) finishes
    // with the tokens it began with, and a refresh of the old tokens (which holds the second) cannot
    // write them back over the new ones.
    crate::locks::exclusively(crate::locks::DATA, async move {
        crate::locks::exclusively(
            crate::locks::TOKEN_REFRESH,
            async move { save(&tokens).await },
        )
        .await?;
        // Best effort: without it the outbox asks Spotify at its next flush.
        if let Ok(account) = super::sync::connected_account().await {
            if let Some(mut tokens) = signed_in().await {
                tokens.account = Some(account);
                save(&tokens).await?;
            }
        }
        Ok::<(), AuthError>(())
    })
    .await?;
    Ok(go_on_to)
}

/// This screen's path inside the app (`/library`), without the base path.
fn current_app_path() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let base = crate::paths::base_path();
    path.strip_prefix(&base).unwrap_or(&path).to_string()
}

/// A path the callback may go on to: one of the app's own (`/`, `/library`), nothing that could name
/// another origin or carry a query. sessionStorage is this origin's alone, but it is checked anyway.
fn is_app_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= 64
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'-')
        && path != "/callback"
}

/// What an OAuth error code from the authorisation answer means, in Attune's words (RFC 6749 §4.1.2.1).
fn sign_in_refused(code: &str) -> &'static str {
    match code {
        "access_denied" => "Spotify says you declined the connection. Nothing was changed.",
        "invalid_scope" | "invalid_request" | "unsupported_response_type" => {
            "Spotify refused the sign-in request as Attune made it. Start again from Connect."
        }
        "unauthorized_client" | "invalid_client" => {
            "Spotify refused this Client ID. Check it, and the redirect URI, in your Spotify app."
        }
        "server_error" | "temporarily_unavailable" => {
            "Spotify could not sign you in just now. Try again in a few minutes."
        }
        _ => "Spotify refused the sign-in. Start again from Connect.",
    }
}

/// [`complete_sign_in`] for an owned query (what a resource's future needs).
pub async fn complete_sign_in_owned(query: String) -> Result<String, AuthError> {
    complete_sign_in(&query).await
}

impl TokenResponse {
    /// The tokens, with the refresh token and scopes held before where the answer leaves them out.
    fn into_tokens(self, previous_refresh: String, previous_scope: String) -> Tokens {
        Tokens {
            access_token: self.access_token,
            // Spotify may or may not rotate the refresh token: keep the old one when it sends none.
            refresh_token: self.refresh_token.unwrap_or(previous_refresh),
            expires_at: now_ms() + self.expires_in * 1000.0,
            account: None,
            // A refresh keeps the grant's scopes; an answer without the list does not take them away.
            scope: match self.scope.trim() {
                "" => previous_scope,
                _ => self.scope,
            },
        }
    }
}

/// The stored tokens, if signed in.
pub async fn signed_in() -> Option<Tokens> {
    Store::read_one(Space::Settings, TOKENS_KEY).await
}

async fn save(tokens: &Tokens) -> Result<(), StoreError> {
    Store::open()
        .await?
        .put_value(Space::Settings, TOKENS_KEY, tokens)
        .await
}

/// Forgets the tokens (the Client ID stays, so reconnecting is one click).
pub async fn disconnect() -> Result<(), StoreError> {
    Store::open()
        .await?
        .delete_value(Space::Settings, TOKENS_KEY)
        .await
}

/// Why a fresh access token could not be had.
#[derive(Debug, Clone, PartialEq)]
pub enum RefreshError {
    /// The refresh token is dead (revoked, or Spotify's six-month limit): sign in again.
    SignInAgain(String),
    /// Anything else (offline, Spotify down): try later.
    Later(AuthError),
}

/// An access token valid for at least a minute, refreshed if needed; `rejected` is a token the API just
/// refused (401), which is replaced even if it looks fresh. Two tabs never refresh at once: the refresh
/// runs under a Web Lock and re-reads the tokens inside it, so a tab that finds another tab's new token
/// there uses it instead of refreshing again.
pub async fn fresh_access_token(rejected: Option<String>) -> Result<String, RefreshError> {
    let usable = move |t: &Tokens| {
        Some(&t.access_token) != rejected.as_ref() && t.expires_at - now_ms() > REFRESH_MARGIN_MS
    };
    let tokens = signed_in()
        .await
        .ok_or_else(|| RefreshError::SignInAgain("not signed in".into()))?;
    if usable(&tokens) {
        return Ok(tokens.access_token);
    }
    crate::locks::exclusively(crate::locks::TOKEN_REFRESH, async move {
        let tokens = signed_in()
            .await
            .ok_or_else(|| RefreshError::SignInAgain("not signed in".into()))?;
        if usable(&tokens) {
            return Ok(tokens.access_token);
        }
        let client = client_id().ok_or_else(|| RefreshError::SignInAgain("no Client ID".into()))?;
        let response = token_request(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &tokens.refresh_token),
            ("client_id", &client),
        ])
        .await;
        match response {
            Ok(response) => {
                let account = tokens.account;
                let tokens = Tokens {
                    account,
                    ..response.into_tokens(tokens.refresh_token, tokens.scope)
                };
                save(&tokens)
                    .await
                    .map_err(|e| RefreshError::Later(e.into()))?;
                Ok(tokens.access_token)
            }
            Err(AuthError::TokenRefused {
                code: TokenErrorCode::InvalidGrant,
                ..
            }) => {
                let _ = disconnect().await;
                Err(RefreshError::SignInAgain(
                    "Spotify ended this connection (connections last six months at most). Connect again to keep syncing.".into(),
                ))
            }
            Err(other) => Err(RefreshError::Later(other)),
        }
    })
    .await
}

async fn token_request(fields: &[(&str, &str)]) -> Result<TokenResponse, AuthError> {
    let request = RequestBuilder::new(&format!("{ACCOUNTS}/api/token"))
        .method(Method::POST)
        .header("Content-Type", "application/x-www-form-urlencoded");
    let response = send(request, Some(form(fields)))
        .await
        .map_err(AuthError::Unreachable)?;
    let text = response
        .text()
        .await
        .map_err(|e| AuthError::Unreachable(e.to_string()))?;
    if response.ok() {
        serde_json::from_str(&text).map_err(|e| AuthError::Unreadable(e.to_string()))
    } else {
        let error: TokenError =
            serde_json::from_str(&text).map_err(|_| AuthError::Http(response.status()))?;
        Err(AuthError::TokenRefused {
            code: error.error,
            description: error.error_description,
        })
    }
}

/// `application/x-www-form-urlencoded`.
fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                js_sys::encode_uri_component(k),
                js_sys::encode_uri_component(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}
