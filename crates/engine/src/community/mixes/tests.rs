use super::*;
use crate::community::tests::recommender;
use crate::taste::Listened;
use crate::testutil::spotify_id;

/// A listener of the tiny catalog's dance and folk artists, who never played Block Theory.
fn taste() -> Taste {
    let artist = |name: &str, plays| Listened {
        name: name.into(),
        artist: String::new(),
        plays,
        id: None,
    };
    Taste {
        artists: vec![artist("Lumen Drive", 40.0), artist("Quiet Harbor", 30.0)],
        tracks: Vec::new(),
        together: Default::default(),
    }
}

fn ids(
    rec: &CommunityRecommender,
    tracks: impl IntoIterator<Item = crate::TrackIdx>,
) -> Vec<String> {
    let catalog = rec.index().catalog();
    tracks
        .into_iter()
        .map(|t| catalog.track(t).id.clone())
        .collect()
}

fn in_catalog(track: &ListTrack) -> crate::TrackIdx {
    track.item.catalog().expect("a catalog track")
}

#[test]
fn daily_mixes_group_the_listeners_tracks_and_add_new_ones_once() {
    let rec = recommender();
    let mixes = rec.daily_mixes(&taste(), 20_000, 6);
    // Eight familiar tracks (four per artist) make two groups of four.
    assert_eq!(mixes.len(), 2, "{mixes:#?}");
    let mut seen = HashSet::new();
    for mix in &mixes {
        assert!(
            !mix.name.is_empty() && mix.description.contains("with "),
            "{mix:?}"
        );
        let familiar: Vec<_> = mix.tracks.iter().filter(|t| t.familiar).collect();
        assert!(!familiar.is_empty() && familiar.len() <= 3, "{mix:?}");
        for track in &mix.tracks {
            assert!(seen.insert(&track.item), "{:?} is in two mixes", track.item);
            let id = &rec.index().catalog().track(in_catalog(track)).id;
            // t01-t04 are Lumen Drive's, t05-t08 Quiet Harbor's: familiar; the rest is new.
            let own = id.as_str() <= "t08";
            assert_eq!(own, track.familiar, "{id} in {mix:?}");
        }
        // The groups are made by sound: the dance and the folk tracks do not mix.
        let artists: HashSet<_> = familiar
            .iter()
            .map(|t| rec.index().catalog().track(in_catalog(t)).artists[0])
            .collect();
        assert_eq!(artists.len(), 1, "{mix:?}");
    }
    assert_ne!(mixes[0].name, mixes[1].name);
    assert_eq!(
        rec.daily_mixes(&taste(), 20_000, 6),
        mixes,
        "the same all day"
    );
    // Another day: the same groups, filled anew.
    let names = |m: &[Mix]| m.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&rec.daily_mixes(&taste(), 20_001, 6)), names(&mixes));
    assert!(rec.daily_mixes(&Taste::default(), 20_000, 6).is_empty());
}

#[test]
fn a_mix_plays_the_listeners_tracks_the_way_they_put_them_together() {
    use crate::testutil::music_play;
    // Neon Nights and Afterglow Run always come together; the other dance tracks are played alone.
    let mut history = Vec::new();
    for day in 0..5 {
        let start = 1_700_000_000 + day * 86_400;
        history.push(music_play("Lumen Drive", "Neon Nights", start, 200_000));
        history.push(music_play(
            "Lumen Drive",
            "Afterglow Run",
            start + 200,
            200_000,
        ));
        history.push(music_play(
            "Lumen Drive",
            "Strobe Hearts",
            start + 3 * 3600,
            200_000,
        ));
        history.push(music_play(
            "Lumen Drive",
            "Pulse Theory",
            start + 6 * 3600,
            200_000,
        ));
    }
    let taste = Taste {
        artists: taste().artists,
        ..Taste::from_history(&history, &Default::default())
    };
    let rec = recommender();
    for day in 20_000..20_010 {
        let mixes = rec.daily_mixes(&taste, day, 6);
        let dance = mixes
            .iter()
            .find(|m| {
                m.tracks
                    .iter()
                    .any(|t| t.familiar && ids(&rec, [in_catalog(t)])[0].as_str() <= "t04")
            })
            .expect("a dance mix");
        let familiar: Vec<&ListTrack> = dance.tracks.iter().filter(|t| t.familiar).collect();
        let pair: Vec<&str> = familiar[..2]
            .iter()
            .map(|t| rec.index().catalog().track(in_catalog(t)).name.as_str())
            .collect();
        assert_eq!(
            pair,
            ["Neon Nights", "Afterglow Run"],
            "day {day}: the pair opens the mix, in the order it is played: {dance:#?}"
        );
        assert_eq!(
            familiar[1].why,
            ["you often play Afterglow Run after Neon Nights"]
        );
        assert_eq!(familiar[0].why, ["from your listening"]);
    }
}

#[test]
fn discover_weekly_is_unplayed_the_same_all_week_and_changes_with_it() {
    use crate::testutil::music_play;
    let rec = recommender();
    let history = [
        music_play("Lumen Drive", "Neon Nights", 1_700_000_000, 200_000),
        music_play("Lumen Drive", "Strobe Hearts", 1_700_000_300, 200_000),
    ];
    let taste = Taste::from_history(&history, &Default::default());
    let week = |w| {
        ids(
            &rec,
            rec.discover_weekly(&taste, w, 3)
                .into_iter()
                .map(|s| s.item),
        )
    };
    let lists: Vec<Vec<String>> = (2_900..2_920).map(week).collect();
    for list in &lists {
        assert_eq!(list.len(), 3);
        assert!(
            !list.contains(&"t01".into()) && !list.contains(&"t02".into()),
            "{list:?}"
        );
    }
    assert_eq!(week(2_900), lists[0]);
    let distinct: HashSet<_> = lists.iter().collect();
    assert!(distinct.len() > 1, "the weeks differ: {lists:?}");
}

#[test]
fn a_built_playlist_can_follow_the_order_the_listener_plays_their_tracks_in() {
    use crate::import::Library;
    use crate::playlist::{Order, PlaylistSpec};
    use crate::testutil::music_play;
    // Every evening: Pulse Theory, then Strobe Hearts, then Neon Nights.
    let mut history = Vec::new();
    for day in 0..5 {
        let start = 1_700_000_000 + day * 86_400;
        for (i, title) in ["Pulse Theory", "Strobe Hearts", "Neon Nights"]
            .iter()
            .enumerate()
        {
            history.push(music_play(
                "Lumen Drive",
                title,
                start + 200 * i as i64,
                200_000,
            ));
        }
    }
    let taste = Taste {
        artists: taste().artists,
        ..Taste::from_history(&history, &Library::default())
    };
    let rec = recommender();
    let spec = |order| PlaylistSpec {
        ranges: Vec::new(),
        years: None,
        familiar_share: 1.0,
        order,
        length: 8,
    };
    let titles = |order| -> Vec<String> {
        rec.build_playlist(&taste, &spec(order))
            .tracks
            .iter()
            .map(|s| rec.index().catalog().track(in_catalog(s)).name.clone())
            .collect()
    };
    let as_played = titles(Order::AsYouPlayThem);
    let at = |title: &str| as_played.iter().position(|t| t == title).unwrap();
    assert_eq!(at("Strobe Hearts"), at("Pulse Theory") + 1, "{as_played:?}");
    assert_eq!(at("Neon Nights"), at("Strobe Hearts") + 1, "{as_played:?}");
    let ranked = titles(Order::Ranked);
    assert_eq!(
        {
            let mut a = as_played.clone();
            a.sort();
            a
        },
        {
            let mut r = ranked;
            r.sort();
            r
        },
        "the same tracks, reordered"
    );
    let built = rec.build_playlist(&taste, &spec(Order::AsYouPlayThem));
    let strobe = &built.tracks[at("Strobe Hearts")];
    assert_eq!(
        strobe.why[0],
        "you often play Strobe Hearts after Pulse Theory"
    );
}

#[test]
fn up_next_continues_the_listeners_tracks_in_the_catalog_or_with_an_id_and_nothing_else() {
    use crate::import::Library;
    use crate::testutil::music_play;
    let own_id = spotify_id("own");
    let mut history = Vec::new();
    for day in 0..3 {
        let start = 1_700_000_000 + day * 86_400;
        history.push(music_play("Lumen Drive", "Pulse Theory", start, 200_000));
        history.push(music_play(
            "Lumen Drive",
            "Strobe Hearts",
            start + 200,
            200_000,
        ));
        history.push(crate::import::Play {
            uri: Some(format!("spotify:track:{own_id}")),
            ..music_play("Someone Else", "Not In The Catalog", start + 400, 200_000)
        });
        history.push(music_play("Someone Else", "No Id", start + 600, 200_000));
        // Another spelling of an own track's id.
        history.push(crate::import::Play {
            uri: Some(format!("spotify:track:{own_id}")),
            ..music_play(
                "Someone Else",
                "Not In The Catalog (Live)",
                start + 800,
                200_000,
            )
        });
    }
    let taste = Taste::from_history(&history, &Library::default());
    let rec = recommender();
    let catalog = rec.index().catalog();
    let id_of = |title: &str| {
        let track = catalog.find_by_artist("Lumen Drive", title).unwrap();
        catalog.track(track).id.clone()
    };
    let (pulse, strobe) = (id_of("Pulse Theory"), id_of("Strobe Hearts"));
    let next = rec.up_next(&taste, &[&pulse], 5).unwrap();
    assert_eq!(next[0].title, "Strobe Hearts");
    assert_eq!(
        next[0].why,
        "you often play Strobe Hearts after Pulse Theory"
    );
    assert_eq!(next[0].track_id.as_ref(), Some(&strobe));
    assert!(next[0].in_catalog);
    let own = next
        .iter()
        .find(|n| n.title == "Not In The Catalog")
        .unwrap();
    assert_eq!(
        (own.track_id.as_ref(), own.in_catalog),
        (Some(&own_id), false),
        "played by the id the history has; nothing to learn from"
    );
    let no_id = next.iter().find(|n| n.title == "No Id").unwrap();
    assert_eq!(no_id.track_id, None, "shown, but it cannot be played");
    let own_twice = next.iter().filter(|n| n.track_id.as_ref() == Some(&own_id));
    assert_eq!(own_twice.count(), 1, "one song, two spellings: {next:#?}");

    let after_own = rec.up_next(&taste, &[&own_id], 5).unwrap();
    assert_eq!(
        after_own[0].why, "you often play No Id after Not In The Catalog",
        "a track outside the catalog continues by its id"
    );
    let never_played = id_of("Neon Nights");
    let unknown = spotify_id("unknown");
    assert_eq!(rec.up_next(&taste, &[&never_played], 5), None);
    assert_eq!(rec.up_next(&taste, &[&unknown], 5), None);
    assert_eq!(rec.up_next(&taste, &[&pulse, &never_played], 5), None);
    assert_eq!(rec.up_next(&taste, &[&never_played, &pulse], 5), Some(next));
}

#[test]
fn the_listeners_tracks_outside_the_catalog_fill_mixes_placed_by_their_artist() {
    use crate::testutil::{own_dance_and_folk, play_with_uri as play};
    let mut history = own_dance_and_folk();
    for (n, at) in (0..10).map(|n| (n, 1_700_000_000 + n * 86_400)) {
        // Left out: an artist Attune does not know, no id, an id not of Spotify's form.
        let mystery = Some(format!("spotify:track:{}", spotify_id("mystery")));
        history.push(play("Nobody Knows", "Mystery", mystery, at + 99_000));
        history.push(play("Lumen Drive", "No Id Song", None, at + 99_100));
        let bad = Some("spotify:track:../../me/player".to_string());
        history.push(play("Quiet Harbor", "Bad Id", bad, at + 99_200 + n));
        // Not twice: another spelling of an own track's id, and a catalog track's id spelt otherwise.
        let dance1 = Some(format!("spotify:track:{}", spotify_id("dance1")));
        history.push(play(
            "Lumen Drive",
            "Dance Demo 1 (Live)",
            dance1,
            at + 99_300,
        ));
        let catalog = recommender().index().catalog().clone();
        let pulse = catalog
            .find_by_artist("Lumen Drive", "Pulse Theory")
            .unwrap();
        let pulse = Some(format!("spotify:track:{}", catalog.track(pulse).id));
        history.push(play(
            "Lumen Drive",
            "Pulse Theory (2011 Mix)",
            pulse,
            at + 99_400,
        ));
    }
    let taste = Taste::from_history(&history, &Default::default());
    let rec = recommender();
    let mixes = rec.daily_mixes(&taste, 20_000, 20);
    let mut own: Vec<&str> = Vec::new();
    for mix in &mixes {
        let mut artists = HashSet::new();
        for track in mix.tracks.iter().filter(|t| t.familiar) {
            match &track.item {
                ListItem::Own { id, title, artist } => {
                    assert_eq!(id, &spotify_id(&title.replace(" Demo ", "").to_lowercase()));
                    assert_eq!(track.why, ["from your listening"]);
                    artists.insert(artist.clone());
                    own.push(title);
                }
                ListItem::Catalog(t) => {
                    let catalog = rec.index().catalog();
                    artists.insert(catalog.artist(catalog.track(*t).artists[0]).name.clone());
                }
            }
        }
        // Placed by their artist's sound: the dance and the folk tracks still do not mix.
        assert_eq!(artists.len(), 1, "{mix:#?}");
    }
    own.sort_unstable();
    let expected = [
        "Dance Demo 1",
        "Dance Demo 2",
        "Dance Demo 3",
        "Dance Demo 4",
    ];
    let folk = ["Folk Demo 1", "Folk Demo 2", "Folk Demo 3", "Folk Demo 4"];
    assert_eq!(own, [expected, folk].concat(), "{mixes:#?}");
}
