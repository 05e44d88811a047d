use super::*;
use crate::testutil::TINY_ASSET;
use crate::{Catalog, TrackIdx};

fn index() -> ContentIndex {
    ContentIndex::new(Catalog::from_asset(TINY_ASSET).unwrap(), Default::default())
}

/// Lumen Drive's four tracks are the listener's; the other eight are new.
fn candidates() -> (Vec<ListTrack>, Vec<ListTrack>) {
    let listed = |i: u32| ListTrack {
        item: ListItem::Catalog(TrackIdx(i)),
        familiar: i < 4,
        why: vec![],
    };
    ((0..4).map(listed).collect(), (4..12).map(listed).collect())
}

fn spec(ranges: Vec<FeatureRange>) -> PlaylistSpec {
    PlaylistSpec {
        ranges,
        years: None,
        familiar_share: 0.5,
        order: Order::Ranked,
        length: 12,
    }
}

fn energy(index: &ContentIndex, t: &ListTrack) -> f32 {
    value(index, &t.item, Feature::Energy)
}

#[test]
fn every_track_fits_the_ranges_by_its_own_or_its_artists_features() {
    let index = index();
    let (familiar, new) = candidates();
    let ranges = vec![
        FeatureRange {
            feature: Feature::Energy,
            min: 0.6,
            max: 1.0,
        },
        FeatureRange {
            feature: Feature::Tempo,
            min: 100.0,
            max: 140.0,
        },
    ];
    let built = build(&index, familiar, new, &spec(ranges.clone()));
    assert!(!built.tracks.is_empty());
    assert_eq!(built.fitting, built.tracks.len(), "fewer fit than asked");
    for s in &built.tracks {
        for r in &ranges {
            let v = value(&index, &s.item, r.feature);
            assert!((r.min..=r.max).contains(&v), "{:?} {v}", r.feature);
        }
        assert!(
            s.why[0].contains("BPM") && s.why[0].contains("energy"),
            "{s:?}"
        );
    }
    // t04 (Pulse Theory) has no features of its own: Lumen Drive's decide, and it says so.
    let t04 = index.catalog().track_by_id("t04").unwrap();
    let pulse = built
        .tracks
        .iter()
        .find(|s| s.item == ListItem::Catalog(t04))
        .expect("t04 fits by its artist");
    assert!(pulse.why.iter().any(|w| w == BY_ARTIST), "{pulse:?}");
    assert_eq!(built.artist_level, 1);
    // Nothing outside the ranges: a calm range leaves out every energetic track.
    let calm = vec![FeatureRange {
        feature: Feature::Energy,
        min: 0.0,
        max: 0.3,
    }];
    let (familiar, new) = candidates();
    for s in build(&index, familiar, new, &spec(calm)).tracks {
        assert!(energy(&index, &s) <= 0.3);
    }
}

#[test]
fn the_familiar_share_holds_when_both_sides_have_enough() {
    let index = index();
    let take = |share: f32, length: usize| {
        let (familiar, new) = candidates();
        let spec = PlaylistSpec {
            familiar_share: share,
            length,
            ..spec(vec![])
        };
        build(&index, familiar, new, &spec)
            .tracks
            .iter()
            .filter(|s| s.familiar)
            .count()
    };
    assert_eq!(take(0.0, 6), 0);
    assert_eq!(take(0.5, 6), 3);
    assert_eq!(take(1.0, 6), 4, "only four are familiar");
    // Ten asked with no familiar wanted: eight new fit, so two familiar fill up.
    assert_eq!(take(0.0, 10), 2);
}

#[test]
fn years_and_orders() {
    let index = index();
    let (familiar, new) = candidates();
    let recent = PlaylistSpec {
        years: Some((2021, 2023)),
        ..spec(vec![])
    };
    let built = build(&index, familiar, new, &recent);
    assert!(built
        .tracks
        .iter()
        .all(|s| (2021..=2023).contains(&index.catalog().track(s.item.catalog().unwrap()).year)));

    let ordered = |order| {
        let (familiar, new) = candidates();
        let spec = PlaylistSpec {
            order,
            ..spec(vec![])
        };
        build(&index, familiar, new, &spec).tracks
    };
    let rising: Vec<f32> = ordered(Order::TempoRising)
        .iter()
        .map(|s| value(&index, &s.item, Feature::Tempo))
        .collect();
    assert!(rising.windows(2).all(|w| w[0] <= w[1]), "{rising:?}");
    let workout: Vec<f32> = ordered(Order::WarmUpPeakCoolDown)
        .iter()
        .map(|s| energy(&index, s))
        .collect();
    let peak = workout
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    // Twelve tracks: the curve peaks at position 7 (two thirds of 11), rising before, falling after.
    assert!((6..=8).contains(&peak), "{workout:?}");
    assert!(
        workout[..peak].windows(2).all(|w| w[0] <= w[1]),
        "{workout:?}"
    );
    assert!(
        workout[peak..].windows(2).all(|w| w[0] >= w[1]),
        "{workout:?}"
    );
    assert!(
        workout[0] < workout[11],
        "warm-up starts below the cool-down's end: {workout:?}"
    );
}

#[test]
fn the_listeners_tracks_outside_the_catalog_are_judged_by_their_artists_sound() {
    use crate::community::tests::recommender;
    use crate::testutil::{own_dance_and_folk, spotify_id};
    let taste = Taste::from_history(&own_dance_and_folk(), &Default::default());
    let rec = recommender();
    let energetic = PlaylistSpec {
        familiar_share: 1.0,
        length: 8,
        ..spec(vec![FeatureRange {
            feature: Feature::Energy,
            min: 0.6,
            max: 1.0,
        }])
    };
    let built = rec.build_playlist(&taste, &energetic);
    let own: Vec<&ListTrack> = built
        .tracks
        .iter()
        .filter(|t| t.item.catalog().is_none())
        .collect();
    let ids: HashSet<&str> = own
        .iter()
        .map(|t| t.item.spotify_id(rec.index().catalog()))
        .collect();
    let dance: HashSet<String> = (1..=4).map(|i| spotify_id(&format!("dance{i}"))).collect();
    assert_eq!(
        ids,
        dance.iter().map(String::as_str).collect(),
        "the energetic artist's four, not the calm one's: {built:#?}"
    );
    for t in &own {
        assert!(t.familiar);
        assert_eq!(t.why[0], "energy 0.88", "{t:?}");
        assert!(t.why.iter().any(|w| w == BY_ARTIST), "{t:?}");
    }
    assert!(built.artist_level >= own.len());
    // A year range leaves them out: Attune does not know when they came out.
    let recent = PlaylistSpec {
        years: Some((2000, 2030)),
        ..energetic
    };
    let built = rec.build_playlist(&taste, &recent);
    assert!(built.tracks.iter().all(|t| t.item.catalog().is_some()));
}
