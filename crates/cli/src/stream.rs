//! `attune replay --full-info FILE [--policy NAME]`: Attune's bandit policies and the anchors replayed on
//! a full-information stream (`attune_lab::fullinfo`), in order, each learning from its chosen reward
//! only. Prints a table, then `{"policies": [{"name", "mean_reward", "ci95": [lo, hi], "events"}, ...]}`.

use anyhow::{bail, Context, Result};
use attune_lab::fullinfo::{
    read_stream, replay, square_cb, Dense, MostPopular, StreamPolicy, Uniform,
};
use serde_json::{json, Value};
use std::fmt::Write;
use std::io::{BufRead, BufReader, Read};

/// The policies by their `--policy` names, in the order the table shows them.
const POLICIES: [&str; 5] = ["uniform", "popular", "linucb", "thompson", "squarecb"];

fn policy(name: &str) -> Option<Box<dyn StreamPolicy>> {
    Some(match name {
        "uniform" => Box::new(Uniform),
        "popular" => Box::new(MostPopular),
        "linucb" => Box::new(Dense::lin_ucb()),
        "thompson" => Box::new(Dense::thompson()),
        "squarecb" => Box::new(square_cb()),
        _ => return None,
    })
}

pub fn report(path: &str, only: Option<&str>, seed: u64) -> Result<(String, Value)> {
    let names: Vec<&str> = match only {
        Some(name) if POLICIES.contains(&name) => vec![name],
        Some(other) => bail!("unknown policy {other:?}; known: {}", POLICIES.join(", ")),
        None => POLICIES.to_vec(),
    };
    let started = std::time::Instant::now();
    let events = read_stream(open(path)?).with_context(|| format!("cannot read {path}"))?;
    eprintln!(
        "{path}: {} events, read in {:.1} s",
        events.len(),
        started.elapsed().as_secs_f64()
    );
    let mut table = format!(
        "{:<48} {:>24} {:>9} {:>8} {:>10}\n",
        "policy", "mean reward [95% CI]", "expected", "events", "µs/event"
    );
    let mut rows = Vec::new();
    for name in names {
        let mut policy = policy(name).expect("a known name");
        let r = replay(&events, policy.as_mut(), seed);
        let percent = |v: f64| 100.0 * v;
        writeln!(
            table,
            "{:<48} {:>7.2} % [{:5.2}, {:5.2}] {:>7.2} % {:>8} {:>10.1}",
            r.name,
            percent(r.mean_reward),
            percent(r.ci95.0),
            percent(r.ci95.1),
            percent(r.expected_reward),
            r.events,
            r.micros_per_event
        )?;
        rows.push(json!({
            "name": r.name,
            "mean_reward": r.mean_reward,
            "ci95": [r.ci95.0, r.ci95.1],
            "events": r.events,
            "expected_reward": r.expected_reward,
            "micros_per_event": r.micros_per_event,
        }));
    }
    Ok((table, json!({ "policies": rows })))
}

/// The stream's lines, gunzipped when the file is gzip (by its magic bytes, whatever its name).
fn open(path: &str) -> Result<Box<dyn BufRead>> {
    let mut file = std::fs::File::open(path).with_context(|| format!("cannot open {path}"))?;
    let mut magic = [0u8; 2];
    let gzipped = file.read(&mut magic)? == 2 && magic == [0x1f, 0x8b];
    let file = std::fs::File::open(path)?;
    Ok(if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}
