use super::*;
use crate::community::tests::recommender;

fn taste(artists: &[(&str, f32)]) -> Taste {
    Taste {
        artists: artists
            .iter()
            .map(|&(name, plays)| Listened {
                name: name.into(),
                artist: String::new(),
                plays,
                id: None,
            })
            .collect(),
        tracks: Vec::new(),
        together: Default::default(),
    }
}

fn card(name: &str, artists: &[(&str, f32)]) -> TasteCard {
    TasteCard::of(name, &taste(artists), vec![0.5; 8], vec!["edm".into()])
}

#[test]
fn a_card_holds_shares_only_and_reads_back() {
    let c = card("Sam", &[("Lumen Drive", 30.0), ("Quiet Harbor", 10.0)]);
    assert_eq!(
        c.artists,
        [
            ("Lumen Drive".to_string(), 0.75),
            ("Quiet Harbor".to_string(), 0.25)
        ]
    );
    let text = serde_json::to_string(&c).unwrap();
    assert_eq!(TasteCard::from_json(&text).unwrap(), c);
    assert!(TasteCard::from_json("{}")
        .unwrap_err()
        .starts_with("this is not an Attune taste card"));
    let other = text.replace(CARD_FORMAT, "something-else/9");
    assert!(TasteCard::from_json(&other).unwrap_err().contains("format"));
    let empty = serde_json::to_string(&card("Nobody", &[])).unwrap();
    assert_eq!(
        TasteCard::from_json(&empty).unwrap_err(),
        "this taste card names no artists"
    );
}

#[test]
fn the_blend_puts_what_fits_both_first_and_says_whose_the_rest_is() {
    let rec = recommender();
    let me = taste(&[("Lumen Drive", 40.0)]);
    // A friend of both scenes: some tracks fit both of us.
    let friend = card("Sam", &[("Lumen Drive", 20.0), ("Quiet Harbor", 20.0)]);
    let blend = rec.blend_for_two(&me, &friend, 6);
    assert_eq!(blend.len(), 6);
    let mine: Vec<u32> = rec
        .recommend_for_history(&me, BLEND_POOL, 0.3)
        .iter()
        .map(|s| s.item.0)
        .collect();
    let theirs: Vec<u32> = rec
        .recommend_for_history(&friend.taste(), BLEND_POOL, 0.3)
        .iter()
        .map(|s| s.item.0)
        .collect();
    let fits_both: Vec<&Scored> = blend
        .iter()
        .filter(|s| s.why[0] == "fits you and Sam")
        .collect();
    assert!(!fits_both.is_empty(), "{blend:?}");
    for s in &fits_both {
        assert!(
            mine.contains(&s.item.0) && theirs.contains(&s.item.0),
            "{s:?}"
        );
    }
    // Those come first.
    let first_other = blend.iter().position(|s| s.why[0] != "fits you and Sam");
    if let Some(i) = first_other {
        assert!(blend[i..]
            .iter()
            .all(|s| s.why[0] == "for you" || s.why[0] == "for Sam"));
    }
    let mut items: Vec<u32> = blend.iter().map(|s| s.item.0).collect();
    items.sort_unstable();
    items.dedup();
    assert_eq!(items.len(), blend.len(), "no track twice");
}

#[test]
fn a_listeners_card_names_their_artists_genres_and_sound() {
    let rec = recommender();
    let c = rec.taste_card(
        "Me",
        &taste(&[("Lumen Drive", 30.0), ("Quiet Harbor", 10.0)]),
    );
    assert_eq!(c.artists[0].0, "Lumen Drive");
    // Lumen Drive's genres (dance pop, edm) weigh three times Quiet Harbor's (acoustic, folk).
    assert_eq!(&c.genres[..2], ["dance pop", "edm"]);
    assert_eq!(c.genres.len(), 4);
    assert_eq!(c.profile.len(), 8);
    assert!(
        c.profile.iter().all(|v| (0.0..=1.0).contains(v)),
        "{:?}",
        c.profile
    );
}
