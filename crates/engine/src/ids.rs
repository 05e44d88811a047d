//! Spotify ids as Spotify writes them: 22 characters of base62. Every id that goes into an API path, a
//! query or a player URI is checked first, since ids also come from imported files, backups and URL
//! parameters: an id with a `/`, `?` or `..` in it would otherwise pick another endpoint.

/// Whether `id` has the form of a Spotify id.
pub fn is_id(id: &str) -> bool {
    id.len() == 22 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The id of `spotify:track:ID`, when ID has Spotify's form.
pub fn track_id(uri: &str) -> Option<&str> {
    uri.strip_prefix("spotify:track:").filter(|id| is_id(id))
}
