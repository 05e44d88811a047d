//! `YourLibrary.json` (Liked Songs, saved artists) and `Playlist1.json` (the listener's playlists):
//! what the listener chose to keep, a stronger signal than a play.

use super::{records, ImportError};
use serde_json::Value;

/// A track as the library and playlist files name it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedTrack {
    pub artist: String,
    pub title: String,
    pub album: Option<String>,
    /// `spotify:track:…` where the export has it (older exports do not).
    pub uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Playlist {
    /// Spotify's id, for a playlist read from the Web API (exports do not have it). Stored as
    /// `spotify_id`: `id` is the key of the store's records.
    #[serde(
        default,
        rename = "spotify_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    pub name: String,
    pub last_modified: Option<String>,
    /// Its music tracks, in order; episodes and local files are left out.
    pub tracks: Vec<SavedTrack>,
}

/// What one library or playlist file held.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Library {
    /// Liked Songs.
    pub saved_tracks: Vec<SavedTrack>,
    /// Followed or saved artists, by name.
    pub saved_artists: Vec<String>,
    pub playlists: Vec<Playlist>,
}

impl Library {
    pub fn extend(&mut self, other: Library) {
        self.saved_tracks.extend(other.saved_tracks);
        self.saved_artists.extend(other.saved_artists);
        self.playlists.extend(other.playlists);
    }

    pub fn is_empty(&self) -> bool {
        self.saved_tracks.is_empty() && self.saved_artists.is_empty() && self.playlists.is_empty()
    }
}

/// A text field of a JSON object; an overlong one counts as missing, so its item is left out.
fn text(value: &Value, key: &str) -> Option<String> {
    records::text(value.as_object()?, key).filter(|s| s.len() <= records::LONGEST_TEXT)
}

/// Reads `YourLibrary.json` or `PlaylistN.json`, whichever `bytes` is (told apart by their keys).
pub fn parse_library(file: &str, bytes: &[u8]) -> Result<Library, ImportError> {
    let value = records::read_json(file, bytes)?;
    let not_library = |what: &str| ImportError::NotAHistory {
        file: file.into(),
        what: what.into(),
    };
    if let Some(playlists) = value.get("playlists") {
        let playlists = playlists
            .as_array()
            .ok_or_else(|| not_library("`playlists` is not a list"))?;
        return Ok(Library {
            playlists: playlists.iter().filter_map(playlist).collect(),
            ..Library::default()
        });
    }
    let tracks = value.get("tracks").and_then(Value::as_array);
    let artists = value.get("artists").and_then(Value::as_array);
    if tracks.is_none() && artists.is_none() {
        return Err(not_library(
            "neither a library (tracks, artists) nor playlists",
        ));
    }
    Ok(Library {
        saved_tracks: tracks
            .into_iter()
            .flatten()
            .filter_map(|t| {
                Some(SavedTrack {
                    artist: text(t, "artist")?,
                    title: text(t, "track")?,
                    album: text(t, "album"),
                    uri: text(t, "uri"),
                })
            })
            .collect(),
        saved_artists: artists
            .into_iter()
            .flatten()
            .filter_map(|a| text(a, "name"))
            .collect(),
        playlists: Vec::new(),
    })
}

fn playlist(value: &Value) -> Option<Playlist> {
    let tracks = value
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let track = item.get("track").filter(|t| t.is_object())?;
            Some(SavedTrack {
                artist: text(track, "artistName")?,
                title: text(track, "trackName")?,
                album: text(track, "albumName"),
                uri: text(track, "trackUri"),
            })
        })
        .collect();
    Some(Playlist {
        id: None,
        name: text(value, "name")?,
        last_modified: text(value, "lastModifiedDate"),
        tracks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liked_songs_and_saved_artists_are_read() {
        let file = r#"{"tracks": [
            {"artist": "The Cranberries", "album": "No Need To Argue", "track": "Zombie", "uri": "spotify:track:2IZZ"},
            {"artist": "Radiohead", "album": "OK Computer", "track": "Airbag"},
            {"artist": "", "track": "No artist"}],
          "albums": [], "shows": [{"name": "AntiCast"}], "artists": [{"name": "Björk", "uri": "spotify:artist:1"}]}"#;
        let library = parse_library("YourLibrary.json", file.as_bytes()).unwrap();
        assert_eq!(
            library.saved_tracks.len(),
            2,
            "a track without an artist is left out"
        );
        assert_eq!(
            library.saved_tracks[0].uri.as_deref(),
            Some("spotify:track:2IZZ")
        );
        assert_eq!(library.saved_tracks[1].uri, None);
        assert_eq!(library.saved_artists, ["Björk"]);
    }

    #[test]
    fn playlists_keep_their_music_in_order() {
        let file = r#"{"playlists": [{"name": "RR", "lastModifiedDate": "2025-07-31", "items": [
            {"track": {"trackName": "Neon Pill", "artistName": "Cage The Elephant", "albumName": "Neon Pill",
                       "trackUri": "spotify:track:0cgy"}, "episode": null, "addedDate": "2024-08-17"},
            {"track": null, "episode": {"episodeName": "A talk"}},
            {"track": {"trackName": "Ain't No Rest", "artistName": "Cage The Elephant"}}]},
          {"items": []}]}"#;
        let library = parse_library("Playlist1.json", file.as_bytes()).unwrap();
        assert_eq!(
            library.playlists.len(),
            1,
            "a playlist without a name is left out"
        );
        let rr = &library.playlists[0];
        assert_eq!(
            (rr.name.as_str(), rr.last_modified.as_deref()),
            ("RR", Some("2025-07-31"))
        );
        let titles: Vec<&str> = rr.tracks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Neon Pill", "Ain't No Rest"]);
    }

    #[test]
    fn other_shapes_are_refused_with_the_file_named() {
        let err = parse_library("Playlist1.json", br#"{"playlists": 3}"#).unwrap_err();
        assert!(err.to_string().contains("Playlist1.json"), "{err}");
        assert!(parse_library("YourLibrary.json", br#"{"other": []}"#).is_err());
        assert!(matches!(
            parse_library("YourLibrary.json", br#"{"tracks": ["#),
            Err(ImportError::NotJson { .. })
        ));
    }
}
