use super::*;
use crate::community::tests::recommender;
use crate::testutil::{own_dance_and_folk, play_with_uri, spotify_id};

#[test]
fn a_track_by_an_artist_attune_does_not_know_joins_the_mix_of_the_tracks_it_is_played_with() {
    let uri = |name: &str| Some(format!("spotify:track:{}", spotify_id(name)));
    let mut history = own_dance_and_folk();
    for day in 0..10 {
        let at = 1_700_000_000 + day * 86_400 + 60_000;
        // Played between two dance tracks, away from the folk ones.
        history.push(play_with_uri(
            "Lumen Drive",
            "Dance Demo 2",
            uri("dance2"),
            at,
        ));
        history.push(play_with_uri(
            "Nobody Knows",
            "Night Drive",
            uri("night"),
            at + 200,
        ));
        history.push(play_with_uri(
            "Lumen Drive",
            "Dance Demo 3",
            uri("dance3"),
            at + 400,
        ));
        // Played alone: nothing places it.
        history.push(play_with_uri(
            "Nobody Knows",
            "Alone",
            uri("alone"),
            at + 9_000,
        ));
    }
    let taste = Taste::from_history(&history, &Default::default());
    let rec = recommender();
    let members = rec.mix_members(&taste);
    let title = |m: &Member| match &m.item {
        ListItem::Own { title, .. } => title.clone(),
        ListItem::Catalog(_) => String::new(),
    };
    assert!(!members.iter().any(|m| title(m) == "Alone"));
    let night = members.iter().find(|m| title(m) == "Night Drive").unwrap();
    let dance = members.iter().find(|m| title(m) == "Dance Demo 2").unwrap();
    let folk = members.iter().find(|m| title(m) == "Folk Demo 2").unwrap();
    assert_eq!(
        night.features, dance.features,
        "its company is all Lumen Drive"
    );
    assert_eq!(night.genres, dance.genres);
    assert_ne!(night.features, folk.features);

    let mixes = rec.daily_mixes(&taste, 20_000, 20);
    let with_night = mixes
        .iter()
        .find(|mix| {
            mix.tracks
                .iter()
                .any(|t| matches!(&t.item, ListItem::Own { title, .. } if title == "Night Drive"))
        })
        .expect("Night Drive is in a mix");
    for t in with_night.tracks.iter().filter(|t| t.familiar) {
        if let ListItem::Own { artist, .. } = &t.item {
            assert_ne!(artist, "Quiet Harbor", "{with_night:#?}");
        }
    }
}
