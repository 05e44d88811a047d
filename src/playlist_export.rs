//! A built playlist as files other players read: M3U (with Spotify links), CSV and JSON.

use crate::my_data::csv_field;
use serde::Serialize;

/// One track of an exported playlist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedTrack {
    pub title: String,
    pub artists: String,
    pub spotify_id: String,
}

impl ExportedTrack {
    fn link(&self) -> String {
        format!("https://open.spotify.com/track/{}", self.spotify_id)
    }
}

/// Extended M3U: a title line and a Spotify link per track. Line breaks in names would end the entry,
/// so they become spaces.
pub fn m3u(name: &str, tracks: &[ExportedTrack]) -> String {
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    let mut out = format!("#EXTM3U\n#PLAYLIST:{}\n", one_line(name));
    for t in tracks {
        out.push_str(&format!(
            "#EXTINF:-1,{} - {}\n{}\n",
            one_line(&t.artists),
            one_line(&t.title),
            t.link()
        ));
    }
    out
}

pub fn csv(tracks: &[ExportedTrack]) -> String {
    let mut out = String::from("position,title,artists,spotify_uri\n");
    for (i, t) in tracks.iter().enumerate() {
        let uri = format!("spotify:track:{}", t.spotify_id);
        let row = [
            (i + 1).to_string(),
            csv_field(&t.title),
            csv_field(&t.artists),
            uri,
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

pub fn json(name: &str, tracks: &[ExportedTrack]) -> String {
    #[derive(Serialize)]
    struct Playlist<'a> {
        name: &'a str,
        tracks: &'a [ExportedTrack],
    }
    serde_json::to_string_pretty(&Playlist { name, tracks }).expect("plain data serialises")
}
