//! `attune eval`: the split, the models and the metrics table on one interaction file.

use crate::args::Args;
use anyhow::{bail, Context, Result};
use attune_engine::eval::{evaluate, Protocol, K, RECALL_K};
use attune_engine::hybrid::HybridParams;
use attune_engine::interactions::Interactions;
use std::io::BufReader;

pub fn run(mut args: Args) -> Result<()> {
    let path = args.required("--data")?;
    let protocol = match args.optional::<String>("--protocol")?.as_deref() {
        None | Some("weak") => Protocol::Weak,
        Some("strong") => Protocol::Strong,
        Some(other) => bail!("--protocol must be weak or strong, not {other:?}"),
    };
    let seed: u64 = args.optional("--seed")?.unwrap_or(20261130);
    let als_overrides = args.optional::<String>("--als")?.unwrap_or_default();
    let with_ease = args.flag("--ease");
    args.finish()?;
    let mut params = HybridParams::default();
    params.als = params
        .als
        .with_overrides(&als_overrides)
        .map_err(anyhow::Error::msg)?;
    params.als.check().context("--als")?;
    let file = std::fs::File::open(&path).with_context(|| format!("cannot open {path}"))?;
    let data = Interactions::read_tsv(BufReader::new(file), &path)?;
    eprintln!(
        "{path}: {} users, {} items, {} interactions; protocol {protocol:?}, seed {seed}",
        data.n_users(),
        data.n_items(),
        data.matrix.nnz()
    );
    let reports = evaluate(&data, protocol, seed, params, with_ease);
    println!(
        "{:<12} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>7}",
        "model",
        format!("ndcg@{K}"),
        format!("prec@{K}"),
        format!("map@{K}"),
        "mrr",
        format!("recall@{RECALL_K}"),
        "coverage",
        "novelty",
        "fit s",
        "users"
    );
    for r in &reports {
        println!(
            "{:<12} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>9.4} {:>8.4} {:>8.2} {:>8.2} {:>7}",
            r.name,
            r.at_k.ndcg,
            r.at_k.precision,
            r.at_k.map,
            r.at_k.mrr,
            r.recall_20,
            r.coverage,
            r.novelty,
            r.fit_seconds,
            r.users
        );
    }
    Ok(())
}
