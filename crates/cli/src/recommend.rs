//! `attune recommend`: each user's top K for a train file, or for listeners folded into a model trained on
//! it (`--fold-in`), with the settings chosen on a validation split of the train file (`engine::tune`)
//! unless `--no-tune` asks for the fixed defaults. The file contract is in [`crate::files`].

use crate::args::RecommendArgs;
use crate::files::{create, ids, read};
use anyhow::{bail, Context, Result};
use attune_engine::hybrid::HybridParams;
use attune_engine::interactions::{Csr, Interactions};
use attune_engine::recommend::{recommend_items, top_items};
use attune_engine::tune::{tune, Target, TuneOptions, Tuned};
use attune_lab::eval::{Fitted, MODELS};
use std::io::Write;
use std::time::Instant;

pub fn run(args: RecommendArgs) -> Result<()> {
    let started = Instant::now();
    let RecommendArgs {
        train: train_path,
        community,
        write_factors,
        fold_in,
        k,
        out: out_path,
        model,
        no_tune,
        quiet,
    } = args;
    if let (Some(asset), Some(fold_in)) = (&community, &fold_in) {
        return from_shipped(asset, fold_in, k, &out_path, quiet);
    }
    let train_path = train_path.context("--train or --community is needed")?;
    let model_name = model.unwrap_or_else(|| MODELS[0].to_string());
    if !MODELS.contains(&model_name.as_str()) {
        bail!("unknown model {model_name:?}; known: {}", MODELS.join(", "));
    }
    let train = read(&train_path)?;
    // The protocol's confidence: log1p of the play weight, for every model.
    let plays = train.matrix.map_values(f32::ln_1p);
    let new = fold_in
        .as_deref()
        .map(|path| Ok::<_, anyhow::Error>((read(path)?, path)))
        .transpose()?;
    let target = if new.is_some() {
        Target::FoldIn
    } else {
        Target::Known
    };

    let start = Instant::now();
    let tuned = settings(
        &plays,
        target,
        no_tune || ["popularity", "ease"].contains(&model_name.as_str()),
    )?;
    let tune_seconds = start.elapsed().as_secs_f64();
    let params = tuned
        .as_ref()
        .map_or_else(HybridParams::default, |t| t.params);
    if let (Some(tuned), false) = (&tuned, quiet) {
        eprintln!("{tuned}");
    }

    let start = Instant::now();
    let model = Fitted::fit_with(&model_name, &plays, params).expect("a known model");
    let fit_seconds = start.elapsed().as_secs_f64();
    if let Some(path) = &write_factors {
        let Fitted::Hybrid(hybrid) = &model else {
            bail!("--write-factors writes the hybrid, not {model_name}");
        };
        let asset = attune_engine::shipped::write(&train.items, &params, hybrid);
        std::fs::write(path, asset).with_context(|| format!("cannot write {path}"))?;
    }

    let start = Instant::now();
    let mut out = create(&out_path)?;
    let users = match &new {
        None => write_known(&mut out, &train, &plays, &model, k)?,
        Some((new, path)) => write_folded_in(&mut out, &train.items, new, &model, k)
            .with_context(|| format!("folding in {path}"))?,
    };
    out.flush()?;
    let recommend_seconds = start.elapsed().as_secs_f64();
    if !quiet {
        eprintln!(
            "{{\"model\":\"{model_name}\",\"settings\":\"{}\",\"tune_seconds\":{tune_seconds:.4},\"fit_seconds\":{fit_seconds:.4},\"recommend_seconds\":{recommend_seconds:.4},\"total_seconds\":{:.4},\"users\":{users},\"items\":{}}}",
            params.settings(),
            started.elapsed().as_secs_f64(),
            train.n_items()
        );
    }
    Ok(())
}

/// The --fold-in listeners' top K from a community shipped as factors: nothing is trained.
fn from_shipped(asset: &str, fold_in: &str, k: usize, out_path: &str, quiet: bool) -> Result<()> {
    let started = Instant::now();
    let text = std::fs::read_to_string(asset).with_context(|| format!("cannot read {asset}"))?;
    let shipped =
        attune_engine::shipped::read(&text).with_context(|| format!("cannot load {asset}"))?;
    let load_seconds = started.elapsed().as_secs_f64();
    let new = read(fold_in)?;
    let model = Fitted::Hybrid(shipped.hybrid);
    let mut out = create(out_path)?;
    let users = write_folded_in(&mut out, &shipped.items, &new, &model, k)
        .with_context(|| format!("folding in {fold_in}"))?;
    out.flush()?;
    if !quiet {
        eprintln!(
            "{{\"community\":\"{asset}\",\"settings\":\"{}\",\"load_seconds\":{load_seconds:.4},\"total_seconds\":{:.4},\"users\":{users},\"items\":{}}}",
            shipped.params.settings(),
            started.elapsed().as_secs_f64(),
            shipped.items.len()
        );
    }
    Ok(())
}

/// The settings chosen on a validation split of the training plays, or `None` for the fixed defaults.
fn settings(plays: &Csr, target: Target, fixed: bool) -> Result<Option<Tuned>> {
    if fixed {
        return Ok(None);
    }
    let options = TuneOptions {
        target,
        ..Default::default()
    };
    Ok(Some(tune(plays, &options).context("tuning")?))
}

/// The top K of every trained user, leaving out what they have in training.
fn write_known(
    out: &mut impl Write,
    train: &Interactions,
    plays: &Csr,
    model: &Fitted,
    k: usize,
) -> Result<usize> {
    for (u, user) in train.users.iter().enumerate() {
        let (have, _) = plays.row(u);
        write_list(out, user, &train.items, &recommend_items(model, u, have, k))?;
    }
    Ok(train.n_users())
}

/// The top K of every listener of `new`, folded into the model trained on `train` from their items the
/// community knows (items it does not know cannot be scored), leaving out what they have in `new`.
fn write_folded_in(
    out: &mut impl Write,
    community_items: &[String],
    new: &Interactions,
    model: &Fitted,
    k: usize,
) -> Result<usize> {
    let item_id = ids(community_items);
    let known: Vec<Option<u32>> = new
        .items
        .iter()
        .map(|s| item_id.get(s.as_str()).copied())
        .collect();
    let mut scores = vec![0.0f32; community_items.len()];
    for (u, user) in new.users.iter().enumerate() {
        let (items, weights) = new.matrix.row(u);
        let mut history: Vec<(u32, f32)> = items
            .iter()
            .zip(weights)
            .filter_map(|(&i, &w)| Some((known[i as usize]?, w.ln_1p())))
            .collect();
        history.sort_unstable_by_key(|&(i, _)| i);
        let (items, weights): (Vec<u32>, Vec<f32>) = history.into_iter().unzip();
        model.score_history(&items, &weights, &mut scores);
        write_list(out, user, community_items, &top_items(&scores, &items, k))?;
    }
    Ok(new.n_users())
}

/// One user's list, best first, as RECS.tsv lines (`user<TAB>item<TAB>rank<TAB>score`).
fn write_list(
    out: &mut impl Write,
    user: &str,
    items: &[String],
    list: &[(u32, f32)],
) -> Result<()> {
    for (rank, (item, score)) in list.iter().enumerate() {
        writeln!(
            out,
            "{user}\t{}\t{}\t{score}",
            items[*item as usize],
            rank + 1
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_engine::testutil::checker_board;

    #[test]
    fn no_tune_is_the_fixed_defaults() {
        let plays = checker_board(12);
        assert!(settings(&plays, Target::Known, true).unwrap().is_none());
        let tuned = settings(&plays, Target::Known, false).unwrap().unwrap();
        assert_eq!(tuned.target, Target::Known);
    }

    /// `user<TAB>item<TAB>3` lines of a checkerboard's row `u` (items i with u + i odd) under `name`,
    /// without item `withheld`.
    fn row(name: &str, u: usize, n: usize, withheld: Option<usize>) -> String {
        (0..n)
            .filter(|i| (u + i) % 2 == 1 && Some(*i) != withheld)
            .map(|i| format!("{name}\ti{i}\t3\n"))
            .collect()
    }

    #[test]
    fn a_folded_in_listener_of_the_checkerboard_gets_the_withheld_item() {
        let n = 12;
        let community: String = (0..n).map(|u| row(&format!("u{u}"), u, n, None)).collect();
        let community = Interactions::read_tsv(community.as_bytes(), "community").unwrap();
        // A new listener who plays like the odd rows, with one of those items withheld.
        let new = row("new", 1, n, Some(4));
        let new = Interactions::read_tsv(new.as_bytes(), "new").unwrap();
        let plays = community.matrix.map_values(f32::ln_1p);
        let mut params = HybridParams::default();
        params.als = params.als.factors(2).regularization(0.1).iterations(20);
        for name in ["hybrid", "als", "rp3beta"] {
            let model = Fitted::fit_with(name, &plays, params).unwrap();
            let mut out = Vec::new();
            write_folded_in(&mut out, &community.items, &new, &model, 1).unwrap();
            let out = String::from_utf8(out).unwrap();
            assert!(out.starts_with("new\ti4\t1\t"), "{name}: {out}");
        }
    }
}
