//! The file contract used to compare Attune with other libraries on the same data:
//! `split` writes a train and a test file, any library writes recommendations for the train file in the
//! `recommend` format, and `score` computes the metrics of those recommendations with Attune's metrics.
//!
//! TRAIN.tsv: `user<TAB>item<TAB>weight`; RECS.tsv: `user<TAB>item<TAB>rank<TAB>score`, K lines a user, items
//! the user has in TRAIN excluded, ranks from 1; TEST.tsv: `user<TAB>item`.

use crate::args::{RecommendArgs, ScoreArgs, SplitArgs};
use anyhow::{bail, Context, Result};
use attune_engine::interactions::Interactions;
use attune_engine::metrics::{coverage, ranking_metrics, MeanRanking};
use attune_engine::recommend::recommend_items;
use attune_lab::eval::{Fitted, K, MODELS, RECALL_K};
use attune_lab::split::{Split, SplitParams};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

fn read(path: &str) -> Result<Interactions> {
    let file = File::open(path).with_context(|| format!("cannot open {path}"))?;
    Ok(Interactions::read_tsv(BufReader::new(file), path)?)
}

fn create(path: &str) -> Result<BufWriter<File>> {
    Ok(BufWriter::new(
        File::create(path).with_context(|| format!("cannot create {path}"))?,
    ))
}

pub fn recommend(args: RecommendArgs) -> Result<()> {
    let RecommendArgs {
        train: train_path,
        k,
        out: out_path,
        model,
    } = args;
    let model_name = model.unwrap_or_else(|| MODELS[0].to_string());
    let train = read(&train_path)?;
    // The protocol's confidence: log1p of the play weight, for every model.
    let plays = train.matrix.map_values(f32::ln_1p);

    let start = Instant::now();
    let Some(model) = Fitted::fit(&model_name, &plays) else {
        bail!("unknown model {model_name:?}; known: {}", MODELS.join(", "));
    };
    let fit_seconds = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let mut out = create(&out_path)?;
    for (u, user) in train.users.iter().enumerate() {
        let (have, _) = plays.row(u);
        for (rank, (item, score)) in recommend_items(&model, u, have, k).iter().enumerate() {
            writeln!(
                out,
                "{user}\t{}\t{}\t{score}",
                train.items[*item as usize],
                rank + 1
            )?;
        }
    }
    out.flush()?;
    let recommend_seconds = start.elapsed().as_secs_f64();
    eprintln!(
        "{{\"model\":\"{model_name}\",\"fit_seconds\":{fit_seconds:.4},\"recommend_seconds\":{recommend_seconds:.4},\"users\":{},\"items\":{}}}",
        train.n_users(),
        train.n_items()
    );
    Ok(())
}

pub fn split(args: SplitArgs) -> Result<()> {
    let SplitArgs {
        data: data_path,
        train_out: train_path,
        test_out: test_path,
        seed,
    } = args;
    let seed = seed.unwrap_or(SplitParams::default().seed);
    let data = read(&data_path)?;
    let split = Split::new(
        &data,
        SplitParams {
            seed,
            ..Default::default()
        },
    );
    let (mut train, mut test) = (create(&train_path)?, create(&test_path)?);
    for (u, user) in data.users.iter().enumerate() {
        let (items, weights) = split.train.matrix.row(u);
        for (i, w) in items.iter().zip(weights) {
            writeln!(train, "{user}\t{}\t{w}", data.items[*i as usize])?;
        }
        for i in &split.test[u] {
            writeln!(test, "{user}\t{}", data.items[*i as usize])?;
        }
    }
    train.flush()?;
    test.flush()?;
    eprintln!("{} users evaluated", split.evaluated_users().count());
    Ok(())
}

pub fn score(args: ScoreArgs) -> Result<()> {
    let train = read(&args.train)?;
    let test = read(&args.test)?;
    let recs_path = args.recs;
    let item_id: HashMap<&str, u32> = train
        .items
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i as u32))
        .collect();
    let user_id: HashMap<&str, usize> = train
        .users
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); train.n_users()];
    let file = File::open(&recs_path).with_context(|| format!("cannot open {recs_path}"))?;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(&u), Some(&i)) = (
            fields.first().and_then(|u| user_id.get(u)),
            fields.get(1).and_then(|i| item_id.get(i)),
        ) else {
            bail!(
                "{recs_path}, line {}: unknown user or item in {line:?}",
                n + 1
            );
        };
        lists[u].push(i); // lines come in rank order
    }
    let mut at_k = MeanRanking::default();
    let mut recall = 0.0;
    for (tu, user) in test.users.iter().enumerate() {
        let Some(&u) = user_id.get(user.as_str()) else {
            continue;
        };
        // A held-out item no one has in training cannot be recommended, but it still counts as a miss:
        // give it an id past the training items instead of dropping it.
        let mut held_out: Vec<u32> = test
            .matrix
            .row(tu)
            .0
            .iter()
            .map(|&i| {
                item_id
                    .get(test.items[i as usize].as_str())
                    .copied()
                    .unwrap_or(train.n_items() as u32 + i)
            })
            .collect();
        held_out.sort_unstable();
        at_k.add(ranking_metrics(&lists[u], &held_out, K));
        recall += ranking_metrics(&lists[u], &held_out, RECALL_K).recall;
    }
    let m = at_k.mean();
    let tops: Vec<&[u32]> = lists.iter().map(|l| &l[..K.min(l.len())]).collect();
    println!(
        "{{\"users\":{},\"ndcg@10\":{:.4},\"precision@10\":{:.4},\"map@10\":{:.4},\"mrr\":{:.4},\"recall@20\":{:.4},\"coverage@10\":{:.4}}}",
        at_k.users, m.ndcg, m.precision, m.map, m.mrr, recall / at_k.users.max(1) as f64, coverage(tops, train.n_items())
    );
    Ok(())
}
