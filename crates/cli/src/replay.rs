//! `attune replay`: the bandit policies on logged bandit data (`--obd DIR`, the Open Bandit Dataset), on
//! a full-information stream (`--full-info FILE`, see `crate::stream`), or skip prediction on a Spotify
//! export (`--history FILE_OR_ZIP...`), all progressive in time order. Each prints a table, then one JSON
//! line with every policy's or predictor's metrics.

use crate::args::ReplayArgs;
use anyhow::{bail, Context, Result};
use attune_engine::bandit::skip::{evaluate_skips, SkipEvent};
use attune_lab::obd::{default_policies, evaluate_progressive, ObdLog};
use serde_json::{json, Value};
use std::fmt::Write;
use std::path::Path;

pub fn run(args: ReplayArgs) -> Result<()> {
    let ReplayArgs {
        obd,
        full_info,
        policy,
        history: paths,
        seed,
    } = args;
    let (table, summary) = match (obd, full_info, paths.is_empty()) {
        (Some(dir), None, true) => obd_report(&dir, seed)?,
        (None, Some(file), true) => crate::stream::report(&file, policy.as_deref(), seed)?,
        (None, None, false) => history_report(&paths)?,
        _ => bail!("give one of --obd DIR, --full-info FILE or --history FILE_OR_ZIP..."),
    };
    print!("{table}");
    println!("{summary}");
    Ok(())
}

/// The table and the JSON summary of the progressive evaluation on the Open Bandit Dataset.
fn obd_report(dir: &str, seed: u64) -> Result<(String, Value)> {
    let log = ObdLog::read_dir(Path::new(dir))
        .with_context(|| format!("cannot read the Open Bandit Dataset in {dir}"))?;
    let start = std::time::Instant::now();
    let reports = evaluate_progressive(&log, default_policies(&log), seed);
    eprintln!(
        "{dir}: {} events, {} items, {:.1} s",
        log.events.len(),
        log.items(),
        start.elapsed().as_secs_f64()
    );
    let percent = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{:.2} %", 100.0 * v));
    let mut table = String::new();
    writeln!(
        table,
        "{:<18} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "policy", "replay", "IPS", "SNIPS", "DR", "matched"
    )?;
    writeln!(
        table,
        "{:<18} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "logger (uniform)",
        percent(Some(log.click_rate())),
        "",
        "",
        "",
        log.events.len()
    )?;
    let mut policies = Vec::new();
    for r in &reports {
        let e = r.estimates;
        writeln!(
            table,
            "{:<18} {:>10} {:>10} {:>10} {:>10} {:>8}",
            r.name,
            percent(e.replay()),
            percent(Some(e.ips())),
            percent(e.snips()),
            percent(Some(e.doubly_robust())),
            e.matched
        )?;
        policies.push(json!({
            "name": r.name,
            "replay_ctr": e.replay(),
            "replay_matched": e.matched,
            "ips": e.ips(),
            "snips": e.snips(),
            "dr": e.doubly_robust(),
        }));
    }
    let summary = json!({
        "data": "obd",
        "events": log.events.len(),
        "logger_ctr": log.click_rate(),
        "policies": policies,
    });
    Ok((table, summary))
}

/// The table and the JSON summary of skip prediction on an export.
fn history_report(paths: &[String]) -> Result<(String, Value)> {
    let import = import_export(paths)?;
    let events = SkipEvent::from_plays(&import.plays);
    if events.is_empty() {
        bail!(
            "no music play with a skip flag in {} play(s): skip prediction needs the extended \
             streaming history (Streaming_History_Audio_*.json or endsong_*.json)",
            import.plays.len()
        );
    }
    let reports = evaluate_skips(&events);
    let mut table = String::new();
    writeln!(
        table,
        "{:<28} {:>7} {:>7} {:>8}",
        "predictor", "AUC", "RMSE", "log-loss"
    )?;
    let mut predictors = Vec::new();
    for r in &reports {
        writeln!(
            table,
            "{:<28} {:>7.4} {:>7.4} {:>8.4}",
            r.name,
            r.auc.unwrap_or(f64::NAN),
            r.rmse,
            r.logloss
        )?;
        predictors.push(json!({
            "name": r.name,
            "auc": r.auc,
            "rmse": r.rmse,
            "logloss": r.logloss,
        }));
    }
    let skips = events.iter().filter(|e| e.skipped).count();
    let summary = json!({
        "data": "history",
        "events": events.len(),
        "skip_rate": skips as f64 / events.len() as f64,
        "predictors": predictors,
    });
    Ok((table, summary))
}

/// A Spotify export's files, folders or zips read as the app reads them; files that cannot be read are
/// reported and left out.
pub fn import_export(paths: &[String]) -> Result<attune_engine::import::Import> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let paths: Vec<&Path> = paths.iter().map(Path::new).collect();
    let import = attune_engine::import::import_paths(&paths, now);
    for f in &import.files {
        if let attune_engine::import::FileOutcome::Failed(err) = &f.outcome {
            eprintln!("attune: {err}");
        }
    }
    Ok(import)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-made fixtures of the engine and the lab, which cover the same code paths as the real
    /// data sets.
    fn fixture(name: &str) -> String {
        let crate_dir = match name {
            "obd-tiny" => "lab/fixtures",
            _ => "engine/src/bandit/fixtures",
        };
        format!("{}/../{crate_dir}/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn obd_report_has_every_policy_and_the_event_count() {
        let (table, summary) = obd_report(&fixture("obd-tiny"), 7).unwrap();
        assert!(table.starts_with("policy"), "{table}");
        assert!(table.lines().nth(1).unwrap().contains("37.50 %"), "{table}");
        assert_eq!(summary["events"], 8);
        let policies = summary["policies"].as_array().unwrap();
        assert_eq!(policies.len(), 3);
        for p in policies {
            for metric in ["replay_ctr", "ips", "snips", "dr"] {
                assert!(p.get(metric).is_some(), "{p}");
            }
            assert!(p["name"].is_string());
        }
    }

    #[test]
    fn history_report_has_every_predictor_and_the_event_count() {
        let path = fixture("Streaming_History_Audio_2024_tiny.json");
        let (table, summary) = history_report(&[path]).unwrap();
        assert_eq!(table.lines().count(), 5, "{table}");
        assert_eq!(summary["events"], 6);
        assert_eq!(summary["skip_rate"], 0.5);
        let predictors = summary["predictors"].as_array().unwrap();
        assert_eq!(predictors.len(), 4);
        for p in predictors {
            for metric in ["auc", "rmse", "logloss"] {
                assert!(p[metric].is_number(), "{p}");
            }
        }
    }

    #[test]
    fn inputs_without_what_is_needed_are_refused_with_the_reason() {
        let err = obd_report("/nonexistent", 7).unwrap_err();
        assert!(
            format!("{err:#}").contains("cannot read the Open Bandit Dataset"),
            "{err:#}"
        );
        // The OBD item table is a file, but not a listening history.
        let err = history_report(&[fixture("obd-tiny/random_item_context.csv")]).unwrap_err();
        assert!(
            format!("{err:#}").contains("no music play with a skip flag"),
            "{err:#}"
        );
    }
}
