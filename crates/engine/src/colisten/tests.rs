use super::*;
use crate::import::{Playlist, SavedTrack};
use crate::testutil::{band_session as session, music_play};

const HOUR: i64 = 3600;

fn model(plays: &[Play]) -> CoListening {
    CoListening::from_history(plays, &Library::default())
}

fn id(model: &CoListening, title: &str) -> u32 {
    model.find("Band", title).unwrap()
}

#[test]
fn a_silence_of_more_than_half_an_hour_starts_a_new_session_and_podcasts_are_left_out() {
    let mut plays = session(0, &["a", "b"]);
    plays.extend(session(360 + 29 * 60, &["c"]));
    plays.extend(session(720 + 29 * 60 + 31 * 60, &["d"]));
    plays.push(Play {
        kind: crate::import::PlayKind::Podcast,
        ..music_play("Show", "Episode", 200, 60_000)
    });
    plays.reverse();
    let cut: Vec<Vec<&str>> = sessions(&plays)
        .iter()
        .map(|s| s.iter().map(|p| p.title.as_str()).collect())
        .collect();
    assert_eq!(cut, [vec!["a", "b", "c"], vec!["d"]]);
}

#[test]
fn tracks_of_one_session_go_together_and_the_cosine_is_as_computed_by_hand() {
    // a and b share two sessions; a is also in a third, with c.
    let mut plays = session(0, &["a", "b"]);
    plays.extend(session(10 * HOUR, &["a", "b"]));
    plays.extend(session(20 * HOUR, &["a", "c"]));
    plays.extend(session(30 * HOUR, &["d"]));
    let m = model(&plays);
    let (a, b, c, d) = (id(&m, "a"), id(&m, "b"), id(&m, "c"), id(&m, "d"));
    // together(a, b) = 2, occurrences a = 3, b = 2: 2 / √6.
    assert!((m.similarity(a, b) - 2.0 / 6f32.sqrt()).abs() < 1e-6);
    assert_eq!(m.similarity(a, b), m.similarity(b, a));
    assert!((m.similarity(a, c) - 1.0 / 3f32.sqrt()).abs() < 1e-6);
    assert_eq!(m.similarity(a, d), 0.0, "never played together");
    let found: Vec<u32> = m.together_with(&[a], 5).iter().map(|t| t.item).collect();
    assert_eq!(found, [b, c], "d never went with a");
    assert!(m.has_partners(c) && !m.has_partners(d));
    assert_eq!(
        m.with_partners(10),
        [a, b, c],
        "most played first, d left out"
    );
    assert_eq!(m.track(a).plays, 3.0);
    assert_eq!(m.most_played()[0], a);
}

#[test]
fn a_track_played_everywhere_is_not_everything_s_best_neighbour() {
    // "hit" is in every session; "b" only ever comes with "a".
    let mut plays = Vec::new();
    for day in 0..6 {
        let titles: &[&str] = if day < 2 {
            &["a", "b", "hit"]
        } else {
            &["x", "hit"]
        };
        plays.extend(session(day * 24 * HOUR, titles));
    }
    let m = model(&plays);
    let best = &m.together_with(&[id(&m, "a")], 1)[0];
    assert_eq!(best.item, id(&m, "b"));
    assert_eq!(best.why, "played with a in 2 of its 2 sessions");
}

#[test]
fn a_quick_skip_barely_links_and_far_apart_tracks_do_not() {
    let mut plays = session(0, &["a", "b"]);
    plays.push(music_play("Band", "skipped", 370, 2_000));
    let m = model(&plays);
    let (a, b, skipped) = (id(&m, "a"), id(&m, "b"), id(&m, "skipped"));
    assert!(m.similarity(a, skipped) < 0.1 * m.similarity(a, b));

    let titles: Vec<String> = (0..=WINDOW + 1).map(|i| format!("t{i}")).collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let m = model(&session(0, &titles));
    let first = id(&m, "t0");
    assert!(m.similarity(first, id(&m, &format!("t{WINDOW}"))) > 0.0);
    assert_eq!(
        m.similarity(first, id(&m, &format!("t{}", WINDOW + 1))),
        0.0
    );
}

#[test]
fn playlists_link_their_tracks_and_names_are_matched_loosely() {
    let track = |artist: &str, title: &str| SavedTrack {
        artist: artist.into(),
        title: title.into(),
        album: None,
        uri: None,
    };
    let list = |name: &str| Playlist {
        id: None,
        name: name.into(),
        last_modified: None,
        tracks: vec![
            track("Björk", "Jóga"),
            track("Radiohead", "Airbag - Remastered"),
        ],
    };
    let library = Library {
        playlists: vec![list("Mine"), list("Also mine")],
        ..Library::default()
    };
    let plays = [music_play("Radiohead", "Airbag", 1_000, 200_000)];
    let m = CoListening::from_history(&plays, &library);
    assert_eq!(m.len(), 2, "a remaster is the same track");
    let joga = m.find("bjork", "joga").unwrap();
    let airbag = m.find("Radiohead", "Airbag").unwrap();
    let found = m.together_with(&[joga], 3);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].item, airbag);
    assert_eq!(found[0].why, "on 2 of your playlists with Jóga");
    assert_eq!(m.track(joga).plays, 0.0, "listed, never played");
    assert!(CoListening::from_history(&[], &Library::default()).is_empty());
}

#[test]
fn a_pair_linked_by_sessions_and_playlists_scores_its_similarity_once() {
    let listed = |title: &str| SavedTrack {
        artist: "Band".into(),
        title: title.into(),
        album: None,
        uri: None,
    };
    let library = Library {
        playlists: vec![Playlist {
            id: None,
            name: "Mine".into(),
            last_modified: None,
            tracks: vec![listed("a"), listed("b")],
        }],
        ..Library::default()
    };
    let mut plays = session(0, &["a", "b"]);
    plays.extend(session(10 * HOUR, &["a", "c"]));
    let m = CoListening::from_history(&plays, &library);
    let (a, b, c) = (id(&m, "a"), id(&m, "b"), id(&m, "c"));
    let mut scores = vec![0.0; m.len()];
    m.score_history(&[a], &[1.0], &mut scores);
    for t in [b, c] {
        assert!(
            (scores[t as usize] - m.similarity(a, t)).abs() < 1e-6,
            "{scores:?}"
        );
    }
    // together(a, b) = 1 session + 1 playlist; a is in 2 sessions and 1 playlist, b in 1 and 1.
    assert!((m.similarity(a, b) - 2.0 / 6f32.sqrt()).abs() < 1e-6);
    assert!(m.similarity(a, b) <= 1.0);
}

#[test]
fn the_reason_counts_sessions_whatever_was_heard() {
    // b is skipped early each time it follows a, in both of its sessions.
    let mut plays = Vec::new();
    for day in 0..2 {
        plays.push(music_play("Band", "a", day * 24 * HOUR + 180, 180_000));
        plays.push(music_play("Band", "b", day * 24 * HOUR + 190, 10_000));
    }
    let m = model(&plays);
    let found = m.together_with(&[id(&m, "a")], 1);
    assert_eq!(found[0].why, "played with a in 2 of its 2 sessions");
}
