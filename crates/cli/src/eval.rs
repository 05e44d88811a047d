//! `attune eval`: the split, the models and the metrics table on one interaction file.

use crate::args::EvalArgs;
use anyhow::{bail, Context, Result};
use attune_engine::hybrid::HybridParams;
use attune_engine::interactions::Interactions;
use attune_engine::item_content::ItemContent;
use attune_engine::ContentIndex;
use attune_lab::catalog_source::{build_artist_catalog, ArtistFilter};
use attune_lab::cold_start::evaluate_cold;
use attune_lab::eval::{evaluate, EvalOptions, Protocol, K, RECALL_K};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::sync::Arc;

pub fn run(args: EvalArgs) -> Result<()> {
    let EvalArgs {
        data: path,
        protocol,
        seed,
        ease: with_ease,
        als: als_overrides,
        neighbour_weight,
        item_names,
        artist_table,
        content_weight,
    } = args;
    let mut params = HybridParams::default();
    params.content_weight = content_weight.unwrap_or(params.content_weight);
    params.neighbour_weight = neighbour_weight.unwrap_or(params.neighbour_weight);
    params.als = params
        .als
        .with_overrides(&als_overrides)
        .map_err(anyhow::Error::msg)?;
    params.als.check().context("--als")?;

    let data = Interactions::read_tsv(BufReader::new(open(&path)?), &path)?;
    eprintln!(
        "{path}: {} users, {} items, {} interactions; protocol {protocol}, seed {seed}",
        data.n_users(),
        data.n_items(),
        data.matrix.nnz()
    );
    let content = match (item_names, artist_table) {
        (Some(names), Some(table)) => Some(item_content(&data, &names, &table)?),
        (None, None) => None,
        _ => bail!("--item-names and --artist-table go together"),
    };

    let protocol = match protocol.as_str() {
        "weak" => Protocol::Weak,
        "strong" => Protocol::Strong,
        "cold" => {
            let Some(content) = content else {
                bail!("--protocol cold needs --item-names and --artist-table")
            };
            println!(
                "{:<12} {:>9} {:>22} {:>7}",
                "model", "cold auc", "among items w/ content", "users"
            );
            for r in evaluate_cold(&data, content, params, seed) {
                println!(
                    "{:<12} {:>9.4} {:>22.4} {:>7}",
                    r.name, r.auc, r.auc_with_content, r.users
                );
            }
            return Ok(());
        }
        other => bail!("--protocol must be weak, strong or cold, not {other:?}"),
    };
    let reports = evaluate(
        &data,
        protocol,
        EvalOptions {
            seed,
            params,
            with_ease,
            content,
        },
    );
    println!(
        "{:<14} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>7}",
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
            "{:<14} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>9.4} {:>8.4} {:>8.2} {:>8.2} {:>7}",
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

fn open(path: &str) -> Result<File> {
    File::open(path).with_context(|| format!("cannot open {path}"))
}

/// Content for the data's items: their names from `id<TAB>name` lines (HetRec's artists.dat; a header
/// line is skipped), looked up in the artist feature table.
fn item_content(
    data: &Interactions,
    names_path: &str,
    table_path: &str,
) -> Result<Arc<ItemContent>> {
    let mut names: HashMap<String, String> = HashMap::new();
    for line in BufReader::new(open(names_path)?).lines() {
        let line = line?;
        let mut fields = line.split('\t');
        if let (Some(id), Some(name)) = (fields.next(), fields.next()) {
            names.insert(id.trim().to_string(), name.to_string());
        }
    }
    // Every artist of the table, not only the popular ones the app ships: evaluation wants coverage.
    let filter = ArtistFilter {
        min_popularity: 0.0,
        require_genres: false,
    };
    let catalog =
        build_artist_catalog(open(table_path)?, filter).context("cannot read the artist table")?;
    let index = Arc::new(ContentIndex::new(catalog, Default::default()));
    let item_names: Vec<String> = data
        .items
        .iter()
        .map(|id| names.get(id).cloned().unwrap_or_default())
        .collect();
    let content = ItemContent::for_artists(index, &item_names);
    eprintln!(
        "content found for {:.1} % of items",
        content.coverage() * 100.0
    );
    Ok(Arc::new(content))
}
