//! A listener's history reduced to what the recommenders use: how much they listen to each artist and
//! each track. Listening time is the confidence: a play counts in full from 30 seconds (Spotify's own
//! threshold for a stream) and in proportion below that, so a two-second skip adds almost nothing.
//! What they saved counts too: a liked song as several plays, a playlist's song as a couple. Which of
//! their tracks go together comes along ([`CoListening`]).

use crate::catalog::{ArtistIdx, Catalog, TrackIdx};
use crate::colisten::CoListening;
use crate::content::Seed;
use crate::ids::track_id;
use crate::import::{Library, Play, PlayKind};
use crate::names::normalise;
use std::collections::HashMap;

/// Below this a play counts in proportion to the time listened.
const FULL_PLAY_MS: f32 = 30_000.0;
/// Keeping a song says more than playing it once: a liked song counts as this many full plays.
const SAVED_PLAYS: f32 = 5.0;
/// A song on one of the listener's own playlists.
const PLAYLIST_PLAYS: f32 = 2.0;
/// A followed artist, as plays of that artist.
const FOLLOWED_ARTIST_PLAYS: f32 = 5.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Listened {
    /// The name as the history spells it (the first spelling seen).
    pub name: String,
    /// For tracks, the artist; empty for artists.
    pub artist: String,
    /// Full-play equivalents.
    pub plays: f32,
    /// For tracks, the Spotify track id when a play or the library has one (the first seen).
    pub id: Option<String>,
}

impl Listened {
    /// The catalog's copy of this track: by its names, else by its Spotify id (the history may spell
    /// a catalog track otherwise).
    pub fn in_catalog(&self, catalog: &Catalog) -> Option<TrackIdx> {
        let by_id = || self.id.as_deref().and_then(|id| catalog.track_by_id(id));
        catalog
            .find_by_artist(&self.artist, &self.name)
            .or_else(by_id)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taste {
    /// Most listened first.
    pub artists: Vec<Listened>,
    pub tracks: Vec<Listened>,
    /// Which of the listener's tracks go together in their sessions and playlists (empty for picks).
    pub together: CoListening,
}

impl Taste {
    /// Music plays only (podcasts and audiobooks say nothing about musical taste), and what the
    /// listener saved, with which of their tracks go together.
    pub fn from_history<'a>(plays: impl IntoIterator<Item = &'a Play>, library: &Library) -> Taste {
        let plays: Vec<&Play> = plays.into_iter().collect();
        Taste {
            together: CoListening::from_history(plays.iter().copied(), library),
            ..Taste::listening(plays.iter().copied(), library)
        }
    }

    /// How much the listener plays each artist and track, without co-listening: what the model lab
    /// needs for each of its cuts.
    pub fn listening<'a>(plays: impl IntoIterator<Item = &'a Play>, library: &Library) -> Taste {
        let mut artists: HashMap<String, Listened> = HashMap::new();
        let mut tracks: HashMap<(String, String), Listened> = HashMap::new();
        let mut count = |artist: &str, title: &str, uri: &Option<String>, weight: f32| {
            let artist_key = normalise(artist);
            add(&mut artists, artist_key.clone(), artist, "", weight);
            let track = add(
                &mut tracks,
                (artist_key, normalise(title)),
                title,
                artist,
                weight,
            );
            if track.id.is_none() {
                // Only an id of Spotify's form: it goes into links and the player.
                track.id = uri.as_deref().and_then(track_id).map(str::to_string);
            }
        };
        for play in plays.into_iter().filter(|p| p.kind == PlayKind::Music) {
            count(
                &play.artist,
                &play.title,
                &play.uri,
                (play.ms_played as f32 / FULL_PLAY_MS).min(1.0),
            );
        }
        for track in &library.saved_tracks {
            count(&track.artist, &track.title, &track.uri, SAVED_PLAYS);
        }
        for track in library.playlists.iter().flat_map(|p| &p.tracks) {
            count(&track.artist, &track.title, &track.uri, PLAYLIST_PLAYS);
        }
        for artist in &library.saved_artists {
            add(
                &mut artists,
                normalise(artist),
                artist,
                "",
                FOLLOWED_ARTIST_PLAYS,
            );
        }
        Taste {
            artists: by_plays(artists.into_values()),
            tracks: by_plays(tracks.into_values()),
            together: CoListening::default(),
        }
    }

    /// A taste made of picks (the demo's): each picked artist, and each picked track with its artists,
    /// as if played this many times.
    pub fn from_picks(seeds: &[Seed], catalog: &Catalog) -> Taste {
        const PICKED_PLAYS: f32 = 10.0;
        let mut taste = Taste::default();
        let artist = |taste: &mut Taste, a: ArtistIdx| {
            let name = &catalog.artist(a).name;
            if !taste.artists.iter().any(|l| &l.name == name) {
                taste.artists.push(Listened {
                    name: name.clone(),
                    artist: String::new(),
                    plays: PICKED_PLAYS,
                    id: None,
                });
            }
        };
        for seed in seeds {
            match *seed {
                Seed::Artist(a) => artist(&mut taste, a),
                Seed::Track(t) => {
                    let track = catalog.track(t);
                    track.artists.iter().for_each(|&a| artist(&mut taste, a));
                    taste.tracks.push(Listened {
                        name: track.name.clone(),
                        artist: track
                            .artists
                            .first()
                            .map(|&a| catalog.artist(a).name.clone())
                            .unwrap_or_default(),
                        plays: PICKED_PLAYS,
                        id: Some(track.id.clone()),
                    });
                }
            }
        }
        taste
    }

    pub fn is_empty(&self) -> bool {
        self.artists.is_empty()
    }
}

fn add<'a, K: std::hash::Hash + Eq>(
    into: &'a mut HashMap<K, Listened>,
    key: K,
    name: &str,
    artist: &str,
    weight: f32,
) -> &'a mut Listened {
    let listened = into.entry(key).or_insert_with(|| Listened {
        name: name.to_string(),
        artist: artist.to_string(),
        plays: 0.0,
        id: None,
    });
    listened.plays += weight;
    listened
}

fn by_plays(listened: impl Iterator<Item = Listened>) -> Vec<Listened> {
    let mut out: Vec<Listened> = listened.filter(|l| l.plays > 0.0).collect();
    out.sort_by(|a, b| {
        b.plays
            .total_cmp(&a.plays)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::music_play;

    fn play(artist: &str, title: &str, ms_played: u64, kind: PlayKind) -> Play {
        Play {
            kind,
            ..music_play(artist, title, 1_700_000_000, ms_played)
        }
    }

    #[test]
    fn listening_time_is_the_confidence_and_podcasts_do_not_count() {
        let plays = [
            play("Radiohead", "Airbag", 240_000, PlayKind::Music),
            play("radiohead", "Airbag - Remastered", 45_000, PlayKind::Music),
            play("Björk", "Jóga", 3_000, PlayKind::Music),
            play("Björk", "Jóga", 0, PlayKind::Music),
            play("A Show", "Episode", 3_600_000, PlayKind::Podcast),
        ];
        let taste = Taste::from_history(&plays, &Library::default());
        let artists: Vec<(&str, f32)> = taste
            .artists
            .iter()
            .map(|a| (a.name.as_str(), a.plays))
            .collect();
        assert_eq!(artists, [("Radiohead", 2.0), ("Björk", 0.1)]);
        assert_eq!(taste.tracks.len(), 2, "a remaster is the same track");
        assert_eq!(
            (
                taste.tracks[0].name.as_str(),
                taste.tracks[0].artist.as_str()
            ),
            ("Airbag", "Radiohead")
        );
        assert!(Taste::from_history(&plays[4..], &Library::default()).is_empty());
    }

    #[test]
    fn saved_songs_playlists_and_followed_artists_count_as_plays() {
        use crate::import::{Playlist, SavedTrack};
        let saved = |artist: &str, title: &str| SavedTrack {
            artist: artist.into(),
            title: title.into(),
            album: None,
            uri: None,
        };
        let library = Library {
            saved_tracks: vec![saved("Björk", "Jóga")],
            saved_artists: vec!["Massive Attack".into()],
            playlists: vec![Playlist {
                id: None,
                name: "Mine".into(),
                last_modified: None,
                tracks: vec![saved("Bjork", "Joga"), saved("Radiohead", "Airbag")],
            }],
        };
        let plays = [play("Radiohead", "Airbag", 240_000, PlayKind::Music)];
        let taste = Taste::from_history(&plays, &library);
        let artists: Vec<(&str, f32)> = taste
            .artists
            .iter()
            .map(|a| (a.name.as_str(), a.plays))
            .collect();
        assert_eq!(
            artists,
            [("Björk", 7.0), ("Massive Attack", 5.0), ("Radiohead", 3.0)]
        );
        assert_eq!(taste.tracks[0].plays, 7.0, "liked and on a playlist");
    }

    #[test]
    fn a_track_keeps_the_first_spotify_id_of_spotifys_form() {
        use crate::import::SavedTrack;
        let with_uri = |title: &str, uri: &str| Play {
            uri: Some(uri.into()),
            ..play("Radiohead", title, 240_000, PlayKind::Music)
        };
        let plays = [
            with_uri("Airbag", "spotify:track:../../me/player?x=1234"),
            with_uri("Airbag", "spotify:track:6b2oQwSGFkzsMtQruIWm2p"),
            with_uri(
                "Airbag - Remastered",
                "spotify:track:0000000000000000000000",
            ),
            with_uri("Lucky", "spotify:episode:6b2oQwSGFkzsMtQruIWm2p"),
        ];
        let library = Library {
            saved_tracks: vec![SavedTrack {
                artist: "Björk".into(),
                title: "Jóga".into(),
                album: None,
                uri: Some("spotify:track:1CuDgYcFRc4qPYw9dsM7uz".into()),
            }],
            ..Library::default()
        };
        let taste = Taste::from_history(&plays, &library);
        let id = |title: &str| {
            let track = taste.tracks.iter().find(|t| t.name == title).unwrap();
            track.id.as_deref()
        };
        assert_eq!(id("Airbag"), Some("6b2oQwSGFkzsMtQruIWm2p"));
        assert_eq!(id("Lucky"), None, "an episode's uri is not a track's");
        assert_eq!(id("Jóga"), Some("1CuDgYcFRc4qPYw9dsM7uz"));
    }

    #[test]
    fn picks_become_a_taste_of_their_artists_and_tracks() {
        use crate::testutil::TINY_ASSET;
        let catalog = Catalog::from_asset(TINY_ASSET).unwrap();
        let neon = catalog.track_by_id("t01").unwrap();
        let harbor = catalog.find_artist("Quiet Harbor").unwrap();
        let taste = Taste::from_picks(&[Seed::Track(neon), Seed::Artist(harbor)], &catalog);
        let names: Vec<&str> = taste.artists.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Lumen Drive", "Quiet Harbor"]);
        assert_eq!(taste.tracks.len(), 1);
        assert_eq!(
            (
                taste.tracks[0].name.as_str(),
                taste.tracks[0].artist.as_str()
            ),
            ("Neon Nights", "Lumen Drive")
        );
        assert!(Taste::from_picks(&[], &catalog).is_empty());
    }
}
