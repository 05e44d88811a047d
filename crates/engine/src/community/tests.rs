use super::*;
use crate::catalog::Catalog;
use crate::error::CatalogError;
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
    let mut params = HybridParams::default();
    params.als = params.als.factors(2).regularization(0.1);
    CommunityRecommender::fit(index, community(), params, |_| {})
}

#[test]
fn the_settings_are_stored_in_the_asset_and_read_back() {
    let mut c = community();
    assert!(
        c.to_asset().starts_with("attune-community 1\n"),
        "no settings: version 1"
    );
    assert_eq!(c.params(), HybridParams::default());
    let mut chosen = HybridParams::default();
    chosen.als = chosen.als.alpha(11.0).regularization(3.33);
    chosen.neighbour_weight = 0.25;
    c.settings = Some(chosen);
    let text = c.to_asset();
    assert!(text.starts_with("attune-community 2\nsettings alpha=11,regularization=3.33,"));
    let read = Community::from_asset(&text).unwrap();
    assert_eq!(read.params(), chosen);
    assert_eq!(read, c);
    let bad = text.replacen("alpha=11", "alpha=-1", 1);
    assert!(Community::from_asset(&bad).is_err(), "settings are checked");
}

#[test]
fn asset_round_trip_and_damage_is_refused() {
    let c = community();
    assert_eq!(c.artists.len(), 4);
    assert_eq!(c.plays.n_rows(), 30);
    assert_eq!(Community::from_asset(&c.to_asset()).unwrap(), c);
    let damaged = c.to_asset().replacen(":100", ":x", 1);
    assert!(matches!(
        Community::from_asset(&damaged),
        Err(CatalogError::BadLine { .. })
    ));
    assert!(Community::from_asset("hello").is_err());
    let cut = c.to_asset();
    assert!(
        Community::from_asset(&cut[..cut.len() / 2]).is_err(),
        "a cut asset is refused"
    );
}

#[test]
fn rare_artists_are_left_out() {
    let plays = "userID\tartistID\tweight\n1\t1\t5\n2\t1\t5\n2\t2\t5\n";
    let c = Community::from_hetrec(plays, "id\tname\n1\tA\n2\tB\n", 2).unwrap();
    assert_eq!(c.artists, ["A"]);
}

#[test]
fn listeners_of_a_pick_lead_to_their_other_artist_with_a_reason() {
    let rec = recommender();
    let catalog = rec.index().catalog();
    let lumen = catalog.find_artist("Lumen Drive").unwrap();
    let recs = rec.recommend(&[Seed::Artist(lumen)], 6, 0.0);
    let from_listeners: Vec<&Scored> = recs
        .iter()
        .filter(|r| r.why[0].starts_with("listeners of"))
        .collect();
    assert!(!from_listeners.is_empty(), "{recs:?}");
    let first = from_listeners[0];
    assert!(
        catalog.credits(first.item).contains("Block Theory"),
        "{:?}",
        first.why
    );
    assert_eq!(
        first.why[0],
        "listeners of Lumen Drive also play Block Theory"
    );
    assert!(
        recs.iter().any(|r| r.why[0].starts_with("close to")),
        "content picks take turns"
    );
    let keys: HashSet<&str> = recs.iter().map(|r| catalog.track_key(r.item)).collect();
    assert_eq!(keys.len(), recs.len(), "no song twice");
}

#[test]
fn picks_the_community_does_not_know_fall_back_to_content() {
    let rec = recommender();
    let guest = rec.index().catalog().find_artist("Guest Star").unwrap();
    let lumen_track = rec.index().catalog().find_track("Neon Nights").unwrap();
    let recs = rec.recommend(&[Seed::Track(lumen_track)], 4, 0.0);
    assert!(!recs.is_empty());
    let unknown = rec.recommend(&[Seed::Artist(guest)], 4, 0.0);
    assert!(
        unknown.iter().all(|r| r.why[0].starts_with("close to")),
        "{unknown:?}"
    );
}

#[test]
fn a_history_leads_to_unplayed_tracks_of_its_scene_with_reasons_from_it() {
    use crate::taste::Taste;
    use crate::testutil::music_play;
    let rec = recommender();
    let catalog = rec.index().catalog();
    let play = |artist: &str, title: &str| music_play(artist, title, 1_700_000_000, 200_000);
    // A dance listener who never played Block Theory; "Neon Nights - Remastered" is the catalog's t01.
    let history = [
        play("Lumen Drive", "Neon Nights - Remastered"),
        play("Lumen Drive", "Neon Nights"),
        play("Lumen Drive", "Strobe Hearts"),
        play("Someone Unknown", "Not In The Catalog"),
    ];
    let recs =
        rec.recommend_for_history(&Taste::from_history(&history, &Default::default()), 6, 0.0);
    let ids: Vec<&str> = recs
        .iter()
        .map(|r| catalog.track(r.item).id.as_str())
        .collect();
    assert!(
        !ids.contains(&"t01") && !ids.contains(&"t02"),
        "played tracks are left out: {ids:?}"
    );
    let block_theory = recs
        .iter()
        .find(|r| r.why[0] == "listeners of Lumen Drive also play Block Theory");
    assert!(block_theory.is_some(), "{recs:?}");
    assert!(
        recs.iter().any(|r| r.why[0].starts_with("close to")),
        "the most played tracks seed the content list: {recs:?}"
    );
    assert!(rec
        .recommend_for_history(&Taste::default(), 6, 0.0)
        .is_empty());
}

#[test]
fn a_kept_model_recommends_as_the_one_trained_and_only_for_its_community() {
    let rec = recommender();
    let kept = serde_json::to_string(&rec.trained()).unwrap();
    let index = Arc::new(ContentIndex::new(
        Catalog::from_asset(TINY_ASSET).unwrap(),
        Default::default(),
    ));
    let mut params = HybridParams::default();
    params.als = params.als.factors(2).regularization(0.1);
    let reused = CommunityRecommender::from_trained(
        index.clone(),
        community(),
        params,
        serde_json::from_str(&kept).unwrap(),
    )
    .expect("the same community");
    let seeds = [Seed::Artist(
        index.catalog().find_artist("Lumen Drive").unwrap(),
    )];
    assert_eq!(
        reused.recommend(&seeds, 6, 0.0),
        rec.recommend(&seeds, 6, 0.0)
    );
    // A community with one artist fewer is not the one the parts were trained on.
    let mut smaller = community();
    smaller.artists.pop();
    let other = CommunityRecommender::from_trained(
        index,
        smaller,
        params,
        serde_json::from_str(&kept).unwrap(),
    );
    assert!(other.is_none());
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
