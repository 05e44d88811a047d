//! `attune reach --catalog C --community M EXPORT...`: how much of what each listener plays Attune's
//! world knows, and what the For You list the app makes for them draws on (see
//! [`attune_lab::reach`]), and the artists the app finds for them across everything it knows. Each EXPORT is one listener (a zip, a folder or a JSON file). Prints a table,
//! then one JSON line.

use crate::args::ReachArgs;
use crate::replay::import_export;
use anyhow::{Context, Result};
use attune_engine::colisten::CoListening;
use attune_engine::list_item::{ListItem, ListTrack};
use attune_engine::playlist::{Order, PlaylistSpec};
use attune_engine::taste::Taste;
use attune_engine::{Catalog, ContentIndex, TrackIdx};
use attune_lab::reach::{discovery, jaccard, list_reach, most_popular_artists, play_reach, Share};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::fmt::Write;
use std::sync::Arc;

/// The Daily Mixes of one fixed day, as long as the app's.
const MIX_DAY: i64 = 20_400;
const MIX_LENGTH: usize = 20;
/// The Builder's playlist length.
const BUILT_LENGTH: usize = 30;
/// The app's For You: 20 cards at its default discovery.
const CARDS: usize = 20;
const DISCOVERY: f32 = 0.3;
/// How many picks each list offers for the discovery check: more than a screen, so that the few
/// artists a listener discovers in a fifth of their history can be met at all.
const DISCOVERY_PICKS: usize = 200;
/// "Popular" is the artist table's most popular this many.
const POPULAR_ARTISTS: usize = 500;

pub fn run(args: ReachArgs) -> Result<()> {
    let (table, summary) = report(&args)?;
    print!("{table}");
    println!("{summary}");
    Ok(())
}

fn report(args: &ReachArgs) -> Result<(String, Value)> {
    let mut table = String::new();
    let catalog = read(&args.catalog, Catalog::from_asset)?;
    let index = Arc::new(ContentIndex::new(catalog, Default::default()));
    let model = crate::shipped_community(index.clone(), &args.community)?;
    let popular = most_popular_artists(index.catalog(), POPULAR_ARTISTS);
    let mut listeners = Vec::new();
    let mut lists = Vec::new();
    for path in &args.exports {
        let import = import_export(std::slice::from_ref(path))?;
        let own = CoListening::from_history(&import.plays, &import.library);
        let plays = play_reach(&import.plays, &model, &own);
        let taste = Taste::from_history(&import.plays, &import.library);
        let started = std::time::Instant::now();
        let for_you = model.recommend_for_history(&taste, CARDS, DISCOVERY);
        let for_you_ms = 1000.0 * started.elapsed().as_secs_f64();
        let list = list_reach(index.catalog(), &for_you, &popular);
        let started = std::time::Instant::now();
        let artists = model.artists_for(&taste, CARDS);
        let artists_ms = 1000.0 * started.elapsed().as_secs_f64();
        let beyond_catalog = artists.iter().filter(|a| a.track.is_none()).count();
        let beyond_popular = artists
            .iter()
            .filter(|a| a.artist.is_none_or(|a| !popular.contains(&a)))
            .count();
        let mixes = model.daily_mixes(&taste, MIX_DAY, MIX_LENGTH);
        let played: HashSet<TrackIdx> = taste
            .tracks
            .iter()
            .filter_map(|l| l.in_catalog(index.catalog()))
            .collect();
        let mixed = familiar_shares(mixes.iter().flat_map(|m| &m.tracks), &played);
        let built = model.build_playlist(&taste, &all_familiar());
        let built = familiar_shares(&built.tracks, &played);
        writeln!(
            table,
            "{path} (artists for you made in {artists_ms:.1} ms, For You in {for_you_ms:.1} ms; {} Daily Mixes)",
            mixes.len()
        )?;
        let rows = [
            ("music plays on a catalog track", plays.on_catalog_track),
            (
                "plays by an artist with features",
                plays.by_artist_with_features,
            ),
            (
                "plays by an artist with genres",
                plays.by_artist_with_genres,
            ),
            ("plays by a community artist", plays.by_community_artist),
            ("plays by a co-listened artist", plays.by_colistened_artist),
            ("plays by an artist known anywhere", plays.by_known_artist),
            ("artists played known anywhere", plays.artists_known),
            ("For You cards playable", list.playable),
            ("For You cards beyond the top 500", list.beyond_popular),
            (
                "artists for you without a catalog track",
                Share::of(beyond_catalog, artists.len()),
            ),
            (
                "artists for you beyond the top 500",
                Share::of(beyond_popular, artists.len()),
            ),
            ("Daily Mix own tracks outside the catalog", mixed.outside),
            ("Daily Mix own tracks the listener played", mixed.played),
            ("Builder own tracks outside the catalog", built.outside),
            ("Builder own tracks the listener played", built.played),
        ];
        let later = discovery(&import.plays, &model, DISCOVERY_PICKS, DISCOVERY);
        writeln!(
            table,
            "  learnt from the earlier 80 % of plays; {} artists first played later",
            later.new_artists_later
        )?;
        let later_rows = [
            ("For You tracks by an artist played later", later.for_you),
            ("artists for you played later", later.artists_for_you),
            (
                "most popular unplayed artists played later (anchor)",
                later.most_popular,
            ),
        ];
        for (name, share) in later_rows {
            writeln!(table, "  {name:<52} {}", shown(share, true))?;
        }
        // Plays of one artist are not independent draws: a binomial interval over plays would be
        // far too narrow, so the play rows have none (the artists row is the one to read).
        let interval = |name: &str| !name.contains("plays");
        for (name, share) in rows {
            writeln!(table, "  {name:<40} {}", shown(share, interval(name)))?;
        }
        listeners.push(json!({
            "export": path,
            "plays": rows.iter().map(|(name, share)| json!({
                "measure": name,
                "count": share.count,
                "total": share.total,
                "ci95": interval(name).then(|| share.ci95()),
            })).collect::<Vec<Value>>(),
            "discovered_later": later_rows.iter().map(|(name, share)| json!({
                "measure": name,
                "count": share.count,
                "total": share.total,
                "ci95": share.ci95(),
            })).collect::<Vec<Value>>(),
        }));
        lists.push(list.ids);
    }
    let mut overlaps = Vec::new();
    for (i, a) in lists.iter().enumerate() {
        for (j, b) in lists.iter().enumerate().skip(i + 1) {
            let overlap = jaccard(a, b);
            writeln!(
                table,
                "overlap of For You (Jaccard of the top {CARDS}), {i} and {j}: {overlap:.3}"
            )?;
            overlaps.push(json!({ "a": i, "b": j, "jaccard": overlap }));
        }
    }
    Ok((
        table,
        json!({ "listeners": listeners, "overlaps": overlaps }),
    ))
}

/// The Builder's playlist with no range set, all of it familiar, as long as the app's.
fn all_familiar() -> PlaylistSpec {
    PlaylistSpec {
        ranges: Vec::new(),
        years: None,
        familiar_share: 1.0,
        order: Order::Ranked,
        length: BUILT_LENGTH,
    }
}

/// Of a list's familiar tracks: those outside the catalog, and those the listener really played.
struct FamiliarShares {
    outside: Share,
    played: Share,
}

fn familiar_shares<'a>(
    tracks: impl IntoIterator<Item = &'a ListTrack>,
    played: &HashSet<TrackIdx>,
) -> FamiliarShares {
    let familiar: Vec<&ListItem> = tracks
        .into_iter()
        .filter(|t| t.familiar)
        .map(|t| &t.item)
        .collect();
    let outside = familiar.iter().filter(|i| i.catalog().is_none()).count();
    // A catalog track on the familiar side may be only by an artist the listener plays.
    let really_played = familiar
        .iter()
        .filter(|i| i.catalog().is_none_or(|t| played.contains(&t)))
        .count();
    FamiliarShares {
        outside: Share::of(outside, familiar.len()),
        played: Share::of(really_played, familiar.len()),
    }
}

fn shown(share: Share, with_interval: bool) -> String {
    let (low, high) = share.ci95();
    let interval = match with_interval {
        true => format!("  [{:.1}, {:.1}]", 100.0 * low, 100.0 * high),
        false => String::new(),
    };
    format!(
        "{:>6} of {:>6}  {:>5.1} %{interval}",
        share.count,
        share.total,
        100.0 * share.ratio(),
    )
}

fn read<T, E: std::fmt::Display>(path: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    parse(&text).map_err(|e| anyhow::anyhow!("cannot load {path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_repo(path: &str) -> String {
        format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
    }

    /// An extended-history file: Coldplay and Daft Punk, whom the artist table and the community know,
    /// then a band nobody knows; played in one sitting, so all three are co-listened.
    fn export(dir: &std::path::Path) -> String {
        let play = |minute: u32, artist: &str, title: &str| {
            json!({
                "ts": format!("2024-08-03T12:{minute:02}:00Z"), "ms_played": 180_000,
                "master_metadata_track_name": title, "master_metadata_album_artist_name": artist,
                "master_metadata_album_album_name": "Album", "spotify_track_uri": null,
                "episode_name": null, "reason_end": "trackdone", "skipped": false,
            })
        };
        let plays = json!([
            play(0, "Coldplay", "Yellow"),
            play(3, "Daft Punk", "One More Time"),
            play(6, "Nobody Known Band", "Unheard"),
            play(9, "Coldplay", "Yellow"),
        ]);
        let path = dir.join("Streaming_History_Audio_2024.json");
        std::fs::write(&path, plays.to_string()).unwrap();
        path.display().to_string()
    }

    /// 40 listeners in two scenes, Coldplay's and Daft Punk's, each with two more artists: small enough
    /// to train in a debug test in a moment (the shipped one takes a minute there).
    fn small_community(dir: &std::path::Path) -> String {
        let names = [
            "Coldplay",
            "Keane",
            "Snow Patrol",
            "Daft Punk",
            "Justice",
            "Air",
        ];
        let artists: String = names
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{}\t{name}\n", i + 1))
            .collect();
        let mut plays = String::from("userID\tartistID\tweight\n");
        for user in 0..40 {
            let scene = if user % 2 == 0 { 1..=3 } else { 4..=6 };
            for artist in scene {
                plays.push_str(&format!("{user}\t{artist}\t{}\n", 50 + user));
            }
        }
        let community = attune_engine::community::Community::from_hetrec(
            &plays,
            &format!("id\tname\n{artists}"),
            2,
        )
        .unwrap();
        let path = dir.join("community.factors");
        let mut params = attune_engine::hybrid::HybridParams::default();
        params.als = params.als.factors(4);
        std::fs::write(&path, community.factor_asset(params).unwrap()).unwrap();
        path.display().to_string()
    }

    #[test]
    fn every_listener_gets_each_measure_and_the_same_history_overlaps_fully() {
        let dir = std::env::temp_dir().join(format!("attune-reach-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let export = export(&dir);
        let args = ReachArgs {
            catalog: in_repo("public/catalog/catalog.txt"),
            community: small_community(&dir),
            exports: vec![export.clone(), export],
        };
        let (table, summary) = report(&args).unwrap();
        let listeners = summary["listeners"].as_array().unwrap();
        assert_eq!(listeners.len(), 2);
        let measures = listeners[0]["plays"].as_array().unwrap();
        assert_eq!(measures.len(), 15, "{table}");
        let count = |i: usize| {
            (
                measures[i]["count"].as_u64().unwrap(),
                measures[i]["total"].as_u64().unwrap(),
            )
        };
        assert_eq!(
            count(1),
            (3, 4),
            "features: Coldplay twice, Daft Punk\n{table}"
        );
        assert_eq!(count(3), (3, 4), "community\n{table}");
        assert_eq!(count(4), (4, 4), "co-listening knows all three\n{table}");
        assert_eq!(count(6), (3, 3), "artists known anywhere\n{table}");
        assert_eq!(count(7), (20, 20), "every card is a catalog track\n{table}");
        assert_eq!(count(9).1, 20, "20 artists for you\n{table}");
        // No track here has a Spotify id, so none outside the catalog can join a mix.
        let familiar = count(11).1;
        assert!(familiar > 0, "Daily Mixes\n{table}");
        assert_eq!(count(11).0, 0, "{table}");
        assert!(count(12).0 > 0 && count(12).0 <= familiar, "{table}");
        let built = count(13).1;
        assert!(built > 0, "a built playlist\n{table}");
        assert_eq!(count(13).0, 0, "{table}");
        assert!(count(14).0 > 0 && count(14).0 <= built, "{table}");
        assert_eq!(summary["overlaps"][0]["jaccard"], 1.0, "{table}");
        // The last play (Coldplay again) is after the cut: nobody new is discovered, so nothing hits.
        let later = listeners[0]["discovered_later"].as_array().unwrap();
        assert_eq!(later.len(), 3, "{table}");
        assert!(later.iter().all(|m| m["count"] == 0), "{table}");
        assert!(table.contains("0 artists first played later"), "{table}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
