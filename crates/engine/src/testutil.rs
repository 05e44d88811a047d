//! Shared test fixtures: a tiny hand-made catalog, and the way to reach the real data sets when present.

use crate::import::{Play, PlayKind};
use crate::interactions::Csr;
use crate::recommend::{recommend_items, ItemScorer};
use std::path::PathBuf;

/// A 12-track catalog in three clear clusters (dance pop / acoustic folk / hip hop), written for tests.
/// `Pulse Theory` has no features of its own and `Guest Star` has neither features nor genres.
pub const TINY_ASSET: &str = include_str!("../fixtures/tiny-catalog.txt");

/// The shared data folder (`../shared/data` beside the repository, or `$ATTUNE_DATA`), if it exists.
/// Tests that need it print why they skip when it does not.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("ATTUNE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping {test}: shared data not found at {} (set ATTUNE_DATA)",
            dir.display()
        );
        None
    }
}

/// implicit's checkerboard: user u has item i when u + i is even, except its own diagonal item u, which a
/// collaborative model should then recommend first.
pub fn checker_board(n: usize) -> Csr {
    let mut triples = Vec::new();
    for u in 0..n {
        for i in 0..n {
            if (u + i) % 2 == 0 && u != i {
                triples.push((u as u32, i as u32, 1.0));
            }
        }
    }
    Csr::from_triples(n, n, &triples)
}

/// The contract every collaborative model passes: fitted on a checkerboard, it recommends each user's
/// withheld diagonal item first.
pub fn assert_recommends_withheld_diagonal(model: &impl ItemScorer, plays: &Csr) {
    for u in 0..plays.n_rows() {
        let recs = recommend_items(model, u, plays.row(u).0, 1);
        assert_eq!(recs[0].0 as usize, u, "user {u} got {recs:?}");
    }
}

/// A music play as the extended history gives it (end time to the second), with nothing optional set.
/// Back-to-back full plays (three minutes each) of `titles` by "Band", the session starting at `start`.
pub fn band_session(start: i64, titles: &[&str]) -> Vec<Play> {
    titles
        .iter()
        .enumerate()
        .map(|(i, title)| music_play("Band", title, start + 180 * (i as i64 + 1), 180_000))
        .collect()
}

/// A Spotify-shaped id (22 letters and digits) made from `name`.
pub fn spotify_id(name: &str) -> String {
    format!("{name:0>22}")
}

/// A play of 200 s whose export gave it `uri`.
pub fn play_with_uri(artist: &str, title: &str, uri: Option<String>, ended_at: i64) -> Play {
    Play {
        uri,
        ..music_play(artist, title, ended_at, 200_000)
    }
}

/// Ten days of a listener's own tracks that the tiny catalog does not have, each with its id: four by
/// an energetic artist it knows ("Dance Demo i", id `spotify_id("dancei")`) and four by a calm one
/// ("Folk Demo i", `spotify_id("folki")`).
pub fn own_dance_and_folk() -> Vec<Play> {
    let uri = |name: String| Some(format!("spotify:track:{}", spotify_id(&name)));
    (0..10)
        .flat_map(|day| {
            let at = 1_700_000_000 + day * 86_400;
            (1..=4).flat_map(move |i| {
                let at = at + i * 10_000;
                [
                    play_with_uri(
                        "Lumen Drive",
                        &format!("Dance Demo {i}"),
                        uri(format!("dance{i}")),
                        at,
                    ),
                    play_with_uri(
                        "Quiet Harbor",
                        &format!("Folk Demo {i}"),
                        uri(format!("folk{i}")),
                        at + 1,
                    ),
                ]
            })
        })
        .collect()
}

pub fn music_play(artist: &str, title: &str, ended_at: i64, ms_played: u64) -> Play {
    Play {
        ended_at,
        minute_resolution: false,
        ms_played,
        kind: PlayKind::Music,
        uri: None,
        title: title.into(),
        artist: artist.into(),
        album: None,
        skipped: None,
        shuffle: None,
        reason_start: None,
        reason_end: None,
        platform: None,
    }
}
