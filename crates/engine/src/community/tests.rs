use super::*;
use crate::catalog::Catalog;
use crate::testutil::TINY_ASSET;

/// 30 listeners in two scenes: dance (Lumen Drive, Block Theory) and folk (Quiet Harbor, Folk Friend);
/// "Folk Friend" is not in the catalog.
fn community() -> Community {
    let artists = "id\tname\n1\tLumen Drive\n2\tBlock Theory\n3\tQuiet Harbor\n4\tFolk Friend\n";
    let mut plays = String::from("userID\tartistID\tweight\n");
    for u in 0..30 {
        let scene = if u % 2 == 0 { ["1", "2"] } else { ["3", "4"] };
        for a in scene {
            plays.push_str(&format!("{u}\t{a}\t{}\n", 100 + u));
        }
    }
    Community::from_hetrec(&plays, artists, 2).unwrap()
}

pub(crate) fn recommender() -> CommunityRecommender {
    recommender_on(TINY_ASSET)
}

/// The community above over the catalog `asset`.
fn recommender_on(asset: &str) -> CommunityRecommender {
    let index = Arc::new(ContentIndex::new(
        Catalog::from_asset(asset).unwrap(),
        Default::default(),
    ));
    CommunityRecommender::fit(index, community(), tiny_params())
}

/// Two factors for two scenes.
fn tiny_params() -> HybridParams {
    let mut params = HybridParams::default();
    params.als = params.als.factors(2).regularization(0.1);
    params
}

#[test]
fn a_model_shipped_as_factors_recommends_as_the_one_trained_with_its_reasons() {
    let trained = recommender();
    let text = community().factor_asset(tiny_params()).unwrap();
    let index = Arc::new(ContentIndex::new(
        Catalog::from_asset(TINY_ASSET).unwrap(),
        Default::default(),
    ));
    let shipped = CommunityRecommender::from_shipped(
        index.clone(),
        crate::shipped::read(&text).expect("the asset reads back"),
    );
    assert_eq!(shipped.artists, trained.artists);
    for artist in ["Lumen Drive", "Quiet Harbor"] {
        let seeds = [Seed::Artist(index.catalog().find_artist(artist).unwrap())];
        let (from_factors, from_training) = (
            shipped.recommend(&seeds, 6, 0.0),
            trained.recommend(&seeds, 6, 0.0),
        );
        let tracks = |list: &[Scored]| list.iter().map(|s| s.item).collect::<Vec<_>>();
        assert_eq!(
            tracks(&from_factors),
            tracks(&from_training),
            "for {artist}"
        );
        // The reasons name the community's artists, as the trained model's do.
        let whys = |list: &[Scored]| list.iter().map(|s| s.why.clone()).collect::<Vec<_>>();
        assert_eq!(whys(&from_factors), whys(&from_training), "for {artist}");
    }
}

#[test]
fn artists_for_a_listener_reach_beyond_the_catalog_tracks_and_leave_out_what_they_play() {
    use crate::taste::Taste;
    use crate::testutil::music_play;
    // The tiny catalog with one more artist, who sounds like Quiet Harbor and has no track there.
    let asset = TINY_ASSET.replace("artists 4\n", "artists 5\n").replace(
        "Guest Star\t\t0\tffffffffffffffffff\n",
        "Guest Star\t\t0\tffffffffffffffffff\nHarbor Echo\t3,4\t50\t664066e5330a1ec35d\n",
    );
    let rec = recommender_on(&asset);
    let play = |artist: &str, title: &str| music_play(artist, title, 1_700_000_000, 200_000);
    // A folk listener: the community's folk scene has Folk Friend, who has no entry in the catalog.
    let history = [
        play("Quiet Harbor", "Harbor Lights"),
        play("Quiet Harbor", "Paper Boats"),
    ];
    let picks = rec.artists_for(&Taste::from_history(&history, &Default::default()), 3);
    let names: Vec<&str> = picks.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"Folk Friend"), "{picks:?}");
    assert!(
        !names.contains(&"Quiet Harbor"),
        "played artists are left out: {picks:?}"
    );
    let folk_friend = &picks[0];
    assert_eq!(folk_friend.artist, None);
    assert_eq!(
        folk_friend.track, None,
        "no catalog track: Spotify has to find one"
    );
    assert_eq!(
        folk_friend.why[0],
        "listeners of Quiet Harbor also play Folk Friend"
    );
    // The artist table's sound-alikes come too, though the catalog has no track of theirs.
    let echo = picks.iter().find(|p| p.name == "Harbor Echo");
    let echo = echo.unwrap_or_else(|| panic!("a sound-alike from the artist table: {picks:?}"));
    assert_eq!(echo.why, ["sounds like Quiet Harbor", "acoustic artist"]);
    assert!(echo.artist.is_some() && echo.track.is_none());
    assert!(
        picks.windows(2).all(|w| w[0].score >= w[1].score),
        "{picks:?}"
    );
    // An artist with catalog tracks names one, playable at once.
    let dance = rec.artists_for(
        &Taste::from_history(&[play("Lumen Drive", "Neon Nights")], &Default::default()),
        3,
    );
    let block = dance.iter().find(|p| p.name == "Block Theory");
    let block = block.unwrap_or_else(|| panic!("{dance:?}"));
    let track = block.track.expect("a catalog track of Block Theory");
    assert!(rec
        .index()
        .catalog()
        .track(track)
        .artists
        .contains(&block.artist.unwrap()));
    assert!(rec.artists_for(&Taste::default(), 3).is_empty());
}
