//! Saving back to Spotify: a generated list as a private playlist, a like into the library.

use super::client::{ApiError, Spotify};
use serde_json::json;

/// Spotify adds at most this many items per request.
const ITEMS_PER_REQUEST: usize = 100;

/// Creates a private playlist with `uris` in order; returns its Spotify URL.
pub async fn save_playlist(
    name: &str,
    description: &str,
    uris: &[String],
) -> Result<String, ApiError> {
    let spotify = Spotify;
    let body = json!({ "name": name, "description": description, "public": false });
    let playlist = spotify.send("POST", "/me/playlists", Some(&body)).await?;
    let id = playlist["id"]
        .as_str()
        .ok_or(ApiError::Failed(200))?
        .to_string();
    for chunk in uris.chunks(ITEMS_PER_REQUEST) {
        let body = json!({ "uris": chunk });
        spotify
            .send("POST", &format!("/playlists/{id}/items"), Some(&body))
            .await?;
    }
    Ok(playlist["external_urls"]["spotify"]
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| format!("https://open.spotify.com/playlist/{id}")))
}
