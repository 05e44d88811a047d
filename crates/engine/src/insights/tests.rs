use super::*;
use crate::testutil::{music_play, TINY_ASSET};
use crate::Catalog;

fn index() -> ContentIndex {
    ContentIndex::new(Catalog::from_asset(TINY_ASSET).unwrap(), Default::default())
}

/// Monday 2024-08-05 08:30 UTC, and Saturday 2024-07-20 12:00 UTC.
const MONDAY: i64 = 1_722_846_600;
const SATURDAY_IN_JULY: i64 = 1_721_476_800;

fn plays() -> Vec<Play> {
    vec![
        music_play("Lumen Drive", "Neon Nights", MONDAY, 1_800_000),
        music_play("Lumen Drive", "Neon Nights", MONDAY + 600, 1_800_000),
        music_play("Quiet Harbor", "Paper Boats", SATURDAY_IN_JULY, 3_600_000),
        music_play("Nobody Known", "Anything", MONDAY, 3_600_000),
    ]
}

#[test]
fn the_clock_counts_hours_by_local_weekday_and_hour() {
    let index = index();
    // One hour east of UTC: the Monday plays end at 09:30 and 09:40, the Saturday one at 13:00.
    let found = insights(
        &index,
        &plays(),
        &Default::default(),
        &[],
        MONDAY + 86_400,
        3_600,
    );
    assert_eq!(found.clock.len(), 7);
    assert_eq!(
        found.clock[0][9], 2.0,
        "Monday 09h: two halves and a full hour"
    );
    assert_eq!(found.clock[5][13], 1.0, "Saturday 13h");
    let total: f32 = found.clock.iter().flatten().sum();
    assert_eq!(total, 0.5 + 0.5 + 1.0 + 1.0);
}

#[test]
fn top_lists_follow_their_periods() {
    let index = index();
    // Now is two weeks after the Monday: the July Saturday is outside the last four weeks.
    let found = insights(
        &index,
        &plays(),
        &Default::default(),
        &[],
        MONDAY + 14 * 86_400,
        0,
    );
    let [month, half_year, all] = &found.top[..] else {
        panic!("{:?}", found.top)
    };
    assert_eq!(month.period, "Last 4 weeks");
    assert_eq!(
        month.artists,
        [
            ("Lumen Drive".to_string(), 1.0),
            ("Nobody Known".to_string(), 1.0)
        ]
    );
    assert_eq!(month.tracks[0].0, "Anything");
    assert_eq!(half_year.artists.len(), 3);
    assert_eq!(all.artists.len(), 3);
}

#[test]
fn genre_trends_share_each_months_listening() {
    let index = index();
    let found = insights(&index, &plays(), &Default::default(), &[], MONDAY, 0);
    assert_eq!(found.months, ["2024-07", "2024-08"]);
    // July: Quiet Harbor only (acoustic, folk); August: Lumen Drive only (dance pop, edm); the unknown
    // artist has no genres and counts nowhere.
    let share = |genre: &str| {
        found
            .genres
            .iter()
            .find(|g| g.genre == genre)
            .map(|g| g.shares.clone())
            .unwrap()
    };
    assert_eq!(share("folk"), [0.5, 0.0]);
    assert_eq!(share("edm"), [0.0, 0.5]);
    assert_eq!(found.genres.len(), 4);
}

#[test]
fn civil_months_by_hand() {
    assert_eq!(year_month(0), (1970, 1));
    assert_eq!(year_month(19_782), (2024, 2));
    assert_eq!(year_month(19_783), (2024, 3));
    assert_eq!(year_month(-1), (1969, 12));
}

#[test]
fn the_profile_and_the_map_place_the_tracks() {
    let index = index();
    let catalog = index.catalog();
    let t = |id: &str| catalog.track_by_id(id).unwrap();
    let neon = t("t01");
    let p = profile(&index, &[neon]);
    assert_eq!(p.len(), PROFILE_AXES.len());
    let energy = catalog.track(neon).features.get(Feature::Energy).unwrap();
    assert!((p[1] - energy).abs() < 1e-6);
    let tempo = catalog.track(neon).features.get(Feature::Tempo).unwrap();
    assert!((p[7] - tempo / 250.0).abs() < 1e-6);

    // Dance and folk tracks fall on opposite sides of the first axis, which spreads them most.
    let tracks: Vec<TrackIdx> = ["t01", "t02", "t03", "t05", "t06", "t07"].map(t).to_vec();
    let map = taste_map(&index, &tracks);
    assert_eq!(map.len(), 6);
    let side = |i: usize| map[i].x.signum();
    assert!(side(0) == side(1) && side(1) == side(2), "{map:?}");
    assert!(
        side(3) == side(4) && side(4) == side(5) && side(0) != side(3),
        "{map:?}"
    );
    let spread = |f: fn(&MapPoint) -> f32| map.iter().map(|m| f(m) * f(m)).sum::<f32>();
    assert!(spread(|m| m.x) >= spread(|m| m.y));
    assert!(taste_map(&index, &[]).is_empty());
}

#[test]
fn the_listening_profile_judges_tracks_outside_the_catalog_by_their_artists_sound() {
    use crate::taste::Taste;
    let index = index();
    let catalog = index.catalog();
    // 3 plays of a catalog track, 1 of a Quiet Harbor track the catalog lacks, 2 of an unknown artist.
    let plays = [
        music_play("Lumen Drive", "Neon Nights", MONDAY, 200_000),
        music_play("Lumen Drive", "Neon Nights", MONDAY + 300, 200_000),
        music_play("Lumen Drive", "Neon Nights", MONDAY + 600, 200_000),
        music_play("Quiet Harbor", "Not In The Catalog", MONDAY + 900, 200_000),
        music_play("Nobody Known", "Anything", MONDAY + 1200, 200_000),
        music_play("Nobody Known", "Anything", MONDAY + 1500, 200_000),
    ];
    let taste = Taste::from_history(&plays, &Default::default());
    let (profile, basis) = listening_profile(&index, &taste);
    assert!((basis.by_track - 0.5).abs() < 1e-6, "{basis:?}");
    assert!((basis.by_artist - 1.0 / 6.0).abs() < 1e-6, "{basis:?}");
    let neon = catalog.track(catalog.track_by_id("t01").unwrap());
    let harbor = catalog.artist(catalog.find_artist("Quiet Harbor").unwrap());
    let energy = |f: &crate::features::Features| f.get(Feature::Energy).unwrap();
    let expected = (3.0 * energy(&neon.features) + energy(&harbor.features)) / 4.0;
    assert!(
        (profile[1] - expected).abs() < 1e-5,
        "{profile:?} vs {expected}"
    );
    // Nothing known: no profile, and nothing judged.
    let unknown = Taste::from_history(&plays[4..], &Default::default());
    assert_eq!(listening_profile(&index, &unknown).1, SoundBasis::default());
}
