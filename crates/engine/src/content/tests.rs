use super::*;
use crate::testutil::TINY_ASSET;

fn tiny() -> ContentIndex {
    ContentIndex::new(
        Catalog::from_asset(TINY_ASSET).unwrap(),
        ContentParams::default(),
    )
}

fn names(index: &ContentIndex, recs: &[Scored]) -> Vec<String> {
    recs.iter()
        .map(|r| index.catalog().track(r.item).name.clone())
        .collect()
}

/// Every track with features is at least as similar to itself as to any other track.
fn assert_self_is_nearest(index: &ContentIndex, sample: impl Iterator<Item = usize>) {
    let n = index.catalog().tracks.len();
    for i in sample {
        let seed = Seed::Track(TrackIdx(i as u32));
        let own = index.similarity(&seed, TrackIdx(i as u32));
        for j in 0..n {
            let other = index.similarity(&seed, TrackIdx(j as u32));
            assert!(
                own >= other - 1e-5,
                "track {i} is less similar to itself ({own}) than to {j} ({other})"
            );
        }
    }
}

#[test]
fn a_track_is_its_own_nearest_neighbour() {
    let index = tiny();
    assert_self_is_nearest(&index, 0..index.catalog().tracks.len());
}

#[test]
fn neighbours_come_from_the_seed_cluster_with_reasons() {
    let index = tiny();
    let seed = index.catalog().find_track("Neon Nights").unwrap();
    let recs = index.recommend(&[Seed::Track(seed)], 3);
    let got = names(&index, &recs);
    for expected in ["Strobe Hearts", "Afterglow Run", "Pulse Theory"] {
        assert!(
            got.contains(&expected.to_string()),
            "{got:?} lacks {expected}"
        );
    }
    assert!(
        recs.windows(2).all(|w| w[0].score >= w[1].score),
        "sorted best first"
    );
    assert_eq!(recs[0].why[0], "close to Neon Nights");
    assert!(
        recs[0].why.iter().any(|w| w.starts_with("shares ")),
        "{:?}",
        recs[0].why
    );
    assert!(
        recs[0].why.iter().any(|w| w.starts_with("similar ")),
        "{:?}",
        recs[0].why
    );
}

#[test]
fn a_track_without_features_borrows_its_artists() {
    let index = tiny();
    let pulse = index.catalog().find_track("Pulse Theory").unwrap();
    let strobe = index.catalog().find_track("Strobe Hearts").unwrap();
    let harbor = index.catalog().find_track("Harbor Lights").unwrap();
    let seed = Seed::Track(strobe);
    assert!(index.similarity(&seed, pulse) > index.similarity(&seed, harbor));
}

#[test]
fn an_artist_seed_recommends_that_sound() {
    let index = tiny();
    let artist = index.catalog().find_artist("Quiet Harbor").unwrap();
    let recs = index.recommend(&[Seed::Artist(artist)], 4);
    assert_eq!(
        names(&index, &recs)
            .iter()
            .filter(|n| [
                "Harbor Lights",
                "Paper Boats",
                "Low Tide Letters",
                "Lantern Song"
            ]
            .contains(&n.as_str()))
            .count(),
        4,
        "{:?}",
        names(&index, &recs)
    );
}

#[test]
fn mixed_seeds_get_both_sounds_not_the_middle() {
    let index = tiny();
    let neon = index.catalog().find_track("Neon Nights").unwrap();
    let harbor = index.catalog().find_track("Harbor Lights").unwrap();
    let recs = index.recommend(&[Seed::Track(neon), Seed::Track(harbor)], 4);
    let got = names(&index, &recs);
    assert!(
        got.contains(&"Strobe Hearts".to_string()) && got.contains(&"Paper Boats".to_string()),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|n| n == "Neon Nights" || n == "Harbor Lights"),
        "seeds are excluded"
    );
}

#[test]
fn seed_keys_round_trip_and_unknown_keys_are_none() {
    let index = tiny();
    let catalog = index.catalog();
    let track = Seed::Track(catalog.find_track("Paper Boats").unwrap());
    let artist = Seed::Artist(catalog.find_artist("Block Theory").unwrap());
    for seed in [track, artist] {
        assert_eq!(Seed::from_key(&seed.key(catalog), catalog), Some(seed));
    }
    assert_eq!(track.key(catalog), "track:t06");
    assert_eq!(track.label(catalog), "Paper Boats · Quiet Harbor");
    assert_eq!(Seed::from_key("track:nope", catalog), None);
    assert_eq!(Seed::from_key("garbage", catalog), None);
}

#[test]
fn no_seeds_no_recommendations() {
    assert!(tiny().recommend(&[], 5).is_empty());
}

/// The catalog the app ships, built from the real track and artist tables (`attune build-catalog`).
fn shipped_catalog() -> Catalog {
    Catalog::from_asset(include_str!("../../../../public/catalog/catalog.txt")).unwrap()
}

#[test]
fn real_table_self_is_nearest() {
    let catalog = shipped_catalog();
    assert!(
        catalog.tracks.len() > 4000,
        "{} tracks",
        catalog.tracks.len()
    );
    let index = ContentIndex::new(catalog, ContentParams::default());
    assert_self_is_nearest(&index, (0..index.catalog().tracks.len()).step_by(97));
}

/// Audio features alone (no genre term) put tracks of one genre together far more often than chance.
#[test]
fn real_table_feature_neighbours_share_genre_more_than_chance() {
    let catalog = shipped_catalog();
    let features_only = ContentParams {
        feature_weight: 1.0,
        genre_weight: 0.0,
    };
    let index = ContentIndex::new(catalog, features_only);
    let catalog = index.catalog();
    let n = catalog.tracks.len();
    let shares = |a: TrackIdx, b: TrackIdx| {
        let (ga, gb) = (&catalog.track(a).genres, &catalog.track(b).genres);
        !ga.is_empty() && ga.first() == gb.first()
    };
    let (mut neighbour_hits, mut neighbour_total, mut chance_hits, mut chance_total) = (0, 0, 0, 0);
    for i in (0..n).step_by(23) {
        let seed = TrackIdx(i as u32);
        for rec in index.recommend(&[Seed::Track(seed)], 10) {
            neighbour_hits += shares(seed, rec.item) as u32;
            neighbour_total += 1;
        }
        // A fixed stride through the catalog stands in for random pairs, reproducibly.
        for step in 1..=10 {
            let other = TrackIdx(((i + step * 389) % n) as u32);
            chance_hits += shares(seed, other) as u32;
            chance_total += 1;
        }
    }
    let neighbour_rate = neighbour_hits as f64 / neighbour_total as f64;
    let chance_rate = chance_hits as f64 / chance_total as f64;
    eprintln!("first genre shared: neighbours {neighbour_rate:.3}, chance {chance_rate:.3}");
    assert!(
        neighbour_rate > 2.0 * chance_rate,
        "neighbours {neighbour_rate:.3} vs chance {chance_rate:.3}"
    );
}

#[test]
fn seeds_take_turns_in_the_list() {
    let index = tiny();
    let neon = index.catalog().find_track("Neon Nights").unwrap();
    let quiet = index.catalog().find_artist("Quiet Harbor").unwrap();
    let recs = index.recommend(&[Seed::Track(neon), Seed::Artist(quiet)], 6);
    let from_neon = recs
        .iter()
        .filter(|r| r.why[0] == "close to Neon Nights")
        .count();
    let from_quiet = recs
        .iter()
        .filter(|r| r.why[0] == "close to Quiet Harbor")
        .count();
    assert_eq!(
        (from_neon, from_quiet),
        (3, 3),
        "{:?}",
        names(&index, &recs)
    );
}
