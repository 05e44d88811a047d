use super::*;
use crate::import::Library;
use crate::testutil::band_session as session;

const DAY: i64 = 86_400;

/// Sessions of items in order, a day apart, every play heard in full.
fn steps(sessions: &[&[u32]]) -> Vec<Vec<Step>> {
    sessions
        .iter()
        .enumerate()
        .map(|(s, items)| {
            items
                .iter()
                .enumerate()
                .map(|(i, &item)| Step {
                    item,
                    heard: 1.0,
                    ended_at: s as i64 * DAY + 200 * i as i64,
                })
                .collect()
        })
        .collect()
}

fn ranked(model: &NextTrack, recent: &[u32], n: usize) -> Vec<u32> {
    let mut scores = vec![0.0; n];
    model.score(recent, &mut scores);
    let mut order: Vec<u32> = (0..n as u32).filter(|i| !recent.contains(i)).collect();
    order.sort_by(|&a, &b| {
        scores[b as usize]
            .total_cmp(&scores[a as usize])
            .then(a.cmp(&b))
    });
    order
}

#[test]
fn sequential_rules_count_what_follows_within_the_window_by_one_over_the_distance() {
    // 0 is followed by 1 at distance 1 once (1) and by 2 at distance 1 once and at distance 2 twice (2).
    let sessions = steps(&[&[0, 1, 3], &[0, 2], &[0, 4, 2], &[0, 4, 2]]);
    let rules = NextTrack::learn(5, &sessions, NextTrackSettings::SEQUENTIAL_RULES);
    let mut scores = vec![0.0; 5];
    rules.score(&[0], &mut scores);
    let total = 1.0 + 0.5 + 1.0 + 0.5 + 0.5 + 1.0 + 1.0;
    assert!((scores[2] - 2.0 / total).abs() < 1e-6, "{scores:?}");
    assert!((scores[4] - 2.0 / total).abs() < 1e-6, "{scores:?}");
    assert!((scores[1] - 1.0 / total).abs() < 1e-6, "{scores:?}");
    // The Markov chain only sees what came right after: 4 twice, 1 and 2 once each.
    let markov = NextTrack::learn(5, &sessions, NextTrackSettings::MARKOV);
    assert_eq!(ranked(&markov, &[0], 5)[..3], [4, 1, 2]);
    assert_eq!(markov.times_after(0, 4), 2);
    assert_eq!(markov.times_after(4, 0), 0, "order is kept");
}

#[test]
fn the_plays_before_say_which_of_the_tracks_playlists_is_playing() {
    // Track 9 is on two playlists: after 1, 2 it leads to 3; after 5, 6 it leads to 7 (twice as often).
    let sessions = steps(&[&[1, 2, 9, 3], &[5, 6, 9, 7], &[5, 6, 9, 7]]);
    let n = 10;
    let rules = NextTrack::learn(n, &sessions, NextTrackSettings::SEQUENTIAL_RULES);
    assert_eq!(
        ranked(&rules, &[1, 2, 9], n)[0],
        7,
        "SR only knows 7 is more common after 9"
    );
    let attune = NextTrack::learn(n, &sessions, NextTrackSettings::default());
    assert_eq!(
        ranked(&attune, &[1, 2, 9], n)[0],
        3,
        "1 and 2 were played before 9 on 3's way"
    );
    assert_eq!(ranked(&attune, &[5, 6, 9], n)[0], 7);
}

#[test]
fn with_no_rules_what_the_listener_plays_lately_comes_first() {
    // 8 was played long ago and often; 4 lately. Nothing ever followed 0.
    let mut sessions = steps(&[&[8, 8, 8, 8], &[0], &[4]]);
    sessions[0].iter_mut().for_each(|p| p.ended_at -= 365 * DAY);
    let attune = NextTrack::learn(9, &sessions, NextTrackSettings::default());
    assert_eq!(ranked(&attune, &[0], 9)[0], 4);
    let rules = NextTrack::learn(9, &sessions, NextTrackSettings::SEQUENTIAL_RULES);
    let mut scores = vec![0.0; 9];
    rules.score(&[0], &mut scores);
    assert!(
        scores.iter().all(|&s| s == 0.0),
        "plain SR knows nothing here"
    );
}

#[test]
fn up_next_continues_the_listeners_habit_and_says_why() {
    let mut plays = Vec::new();
    for day in 0..4 {
        plays.extend(session(day * DAY, &["Airbag", "Paranoid Android", "Lucky"]));
    }
    plays.extend(session(10 * DAY, &["Creep"]));
    let together = CoListening::from_history(&plays, &Library::default());
    let airbag = together.find("Band", "Airbag").unwrap();
    let next = up_next(&together, &[airbag], 5);
    let titles: Vec<&str> = next
        .iter()
        .map(|t| together.track(t.item).title.as_str())
        .collect();
    assert_eq!(titles, ["Paranoid Android", "Lucky", "Creep"]);
    assert_eq!(next[0].why, "you often play Paranoid Android after Airbag");
    assert_eq!(next[1].why, "played with Airbag in 4 of its 4 sessions");
    assert_eq!(next[2].why, "you have been playing it lately");
    assert!(up_next(&together, &[], 5).is_empty());
}

#[test]
fn a_habit_opens_with_its_first_track_whatever_order_the_tracks_come_in() {
    let mut plays = Vec::new();
    for day in 0..6 {
        plays.extend(session(day * DAY, &["Airbag", "Paranoid Android", "Lucky"]));
    }
    // Once the other way round: a stray play does not move the opening.
    plays.extend(session(8 * DAY, &["Lucky", "Airbag"]));
    plays.extend(session(10 * DAY, &["Creep"]));
    let together = CoListening::from_history(&plays, &Library::default());
    let id = |title: &str| together.find("Band", title);
    let titles = |order: Vec<usize>, given: &[&str]| -> Vec<String> {
        order.into_iter().map(|i| given[i].to_string()).collect()
    };
    // Every order a daily shuffle can hand over gives the habit's order (Creep, unlinked, goes last).
    let habit = ["Airbag", "Paranoid Android", "Lucky", "Creep"];
    for given in [
        ["Paranoid Android", "Airbag", "Lucky", "Creep"],
        ["Lucky", "Paranoid Android", "Creep", "Airbag"],
        ["Creep", "Lucky", "Airbag", "Paranoid Android"],
    ] {
        let own: Vec<Option<u32>> = given.iter().map(|t| id(t)).collect();
        assert_eq!(
            titles(listening_order(&together, &own), &given),
            habit,
            "given {given:?}"
        );
    }
}
