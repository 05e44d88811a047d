//! `attune next-track FILE_OR_ZIP...` (alias `colisten`): how well the next-track model and
//! co-listening predict the next track of a later session, against the anchors measured on the same cases. Prints a table,
//! then one JSON line.

use crate::args::PathsArgs;
use crate::replay::import_export;
use anyhow::{bail, Result};
use attune_engine::colisten::{sessions, CoListening};
use attune_engine::import::PlayKind;
use attune_lab::next_track_eval::evaluate_next_track;
use serde_json::{json, Value};
use std::fmt::Write;
use std::time::Instant;

/// Metrics at this cut-off: a short list, as the app shows.
const K: usize = 10;

pub fn run(args: PathsArgs) -> Result<()> {
    let (table, summary) = report(&args.paths)?;
    print!("{table}");
    println!("{summary}");
    Ok(())
}

fn report(paths: &[String]) -> Result<(String, Value)> {
    let import = import_export(paths)?;
    // The whole model as the worker builds it for the app, timed: every play and playlist.
    let started = Instant::now();
    let model = CoListening::from_history(&import.plays, &import.library);
    let build_seconds = started.elapsed().as_secs_f64();
    let Some(report) = evaluate_next_track(&import.plays, K) else {
        bail!(
            "no held-out next track in {} session(s): the history needs sessions of two or more \
             tracks, some of them played again in a later session",
            sessions(&import.plays).len()
        );
    };
    let mut table = String::new();
    writeln!(
        table,
        "{} sessions learnt from, {} held out, {} tracks ranked, {} next tracks",
        report.train_sessions, report.test_sessions, report.tracks, report.cases
    )?;
    writeln!(
        table,
        "whole history: {} music plays, {} tracks, built in {:.1} ms",
        import
            .plays
            .iter()
            .filter(|p| p.kind == PlayKind::Music)
            .count(),
        model.len(),
        1000.0 * build_seconds
    )?;
    writeln!(
        table,
        "{:<32} {:>8} {:>8} {:>8} {:>17} {:>19}",
        "ranker",
        format!("HR@{K}"),
        format!("NDCG@{K}"),
        "MRR",
        "NDCG 95 %",
        "vs SR (95 %)"
    )?;
    let mut rankers = Vec::new();
    for r in &report.rankers {
        let m = &r.mean;
        writeln!(
            table,
            "{:<32} {:>8.4} {:>8.4} {:>8.4}  [{:.4}, {:.4}]  {:.2} [{:.2}, {:.2}]",
            r.name,
            m.recall,
            m.ndcg,
            m.mrr,
            r.ndcg_ci95.0,
            r.ndcg_ci95.1,
            r.vs_reference,
            r.vs_reference_ci95.0,
            r.vs_reference_ci95.1
        )?;
        rankers.push(json!({
            "name": r.name, "hit_rate": m.recall, "ndcg": m.ndcg, "mrr": m.mrr,
            "ndcg_ci95": [r.ndcg_ci95.0, r.ndcg_ci95.1],
            "ndcg_vs_sequential_rules": r.vs_reference,
            "ndcg_vs_sequential_rules_ci95": [r.vs_reference_ci95.0, r.vs_reference_ci95.1],
        }));
    }
    let summary = json!({
        "data": "history",
        "k": K,
        "train_sessions": report.train_sessions,
        "test_sessions": report.test_sessions,
        "tracks": report.tracks,
        "cases": report.cases,
        "build_seconds": build_seconds,
        "rankers": rankers,
    });
    Ok((table, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An extended-history file of `days` days, each with the same two sessions: a then b, c then d.
    fn habits(days: i64) -> String {
        let mut plays = Vec::new();
        for day in 0..days {
            for (hour, titles) in [(8, ["a", "b"]), (20, ["c", "d"])] {
                for (i, title) in titles.iter().enumerate() {
                    let ended = 1_700_000_000 + day * 86_400 + hour * 3600 + 200 * (i as i64 + 1);
                    let ts = attune_engine::import::time::format(ended);
                    plays.push(json!({
                        "ts": ts, "ms_played": 180_000, "platform": "web",
                        "master_metadata_track_name": title,
                        "master_metadata_album_artist_name": "Band",
                        "spotify_track_uri": format!("spotify:track:{title}"),
                        "skipped": false, "shuffle": false,
                        "reason_start": "trackdone", "reason_end": "trackdone",
                    }));
                }
            }
        }
        let path = std::env::temp_dir().join(format!(
            "attune-colisten-{}-{days}/Streaming_History_Audio_2023.json",
            std::process::id()
        ));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, Value::Array(plays).to_string()).unwrap();
        path.display().to_string()
    }

    #[test]
    fn the_report_ranks_the_held_out_next_tracks_with_every_ranker() {
        let (table, summary) = report(&[habits(10)]).unwrap();
        assert!(
            table.starts_with("16 sessions learnt from, 4 held out"),
            "{table}"
        );
        assert_eq!(summary["cases"], 4);
        let rankers = summary["rankers"].as_array().unwrap();
        assert_eq!(rankers.len(), 6);
        let colisten = rankers
            .iter()
            .find(|r| r["name"] == "co-listening")
            .unwrap();
        assert_eq!(colisten["mrr"], 1.0, "b always follows a, d follows c");
        let next = rankers
            .iter()
            .find(|r| r["name"] == "next track (Attune)")
            .unwrap();
        assert_eq!(next["mrr"], 1.0);
        assert_eq!(next["ndcg_vs_sequential_rules"], 1.0);
        assert!(rankers
            .iter()
            .any(|r| r["name"] == "first-order Markov (anchor)"));
    }

    #[test]
    fn a_history_whose_later_sessions_replay_nothing_is_refused_with_the_reason() {
        let err = report(&[habits(1)]).unwrap_err();
        assert!(
            format!("{err:#}").contains("no held-out next track"),
            "{err:#}"
        );
    }
}
