//! The file contract used to compare Attune with other libraries on the same data:
//! `split` writes a train and a test file, any library writes recommendations for the train file in the
//! `recommend` format, and `score` computes the metrics of those recommendations with Attune's metrics.
//!
//! TRAIN.tsv: `user<TAB>item<TAB>weight`; RECS.tsv: `user<TAB>item<TAB>rank<TAB>score`, K lines a user, items
//! the user has in TRAIN excluded, ranks from 1; TEST.tsv: `user<TAB>item`.
//!
//! The fold-in protocol (`split --fold-in-out NEW.tsv`) holds out a fifth of the users instead: TRAIN.tsv
//! is everyone else (the community), NEW.tsv 80 % of each held-out user's items, TEST.tsv the other 20 %.
//! A library trains on TRAIN.tsv only, folds each user of NEW.tsv in, and writes their top K leaving out
//! what they have in NEW.tsv; `score --fold-in NEW.tsv` scores it.

use crate::args::{ScoreArgs, SplitArgs};
use anyhow::{bail, Context, Result};
use attune_engine::interactions::{Csr, Interactions};
use attune_engine::metrics::{coverage, ranking_metrics, MeanRanking};
use attune_lab::eval::{K, RECALL_K};
use attune_lab::split::{FoldInSplit, Split, SplitParams};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};

pub(crate) fn read(path: &str) -> Result<Interactions> {
    let file = File::open(path).with_context(|| format!("cannot open {path}"))?;
    Ok(Interactions::read_tsv(BufReader::new(file), path)?)
}

/// Each name's index.
pub(crate) fn ids(names: &[String]) -> HashMap<&str, u32> {
    names
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i as u32))
        .collect()
}

pub(crate) fn create(path: &str) -> Result<BufWriter<File>> {
    Ok(BufWriter::new(
        File::create(path).with_context(|| format!("cannot create {path}"))?,
    ))
}

pub fn split(args: SplitArgs) -> Result<()> {
    let SplitArgs {
        data: data_path,
        train_out: train_path,
        test_out: test_path,
        fold_in_out,
        seed,
    } = args;
    let seed = seed.unwrap_or(SplitParams::default().seed);
    let params = SplitParams {
        seed,
        ..Default::default()
    };
    let data = read(&data_path)?;
    let (mut train, mut test) = (create(&train_path)?, create(&test_path)?);
    let write_rows = |out: &mut BufWriter<File>, matrix: &Csr, users: &[usize]| -> Result<()> {
        for &u in users {
            let (items, weights) = matrix.row(u);
            for (i, w) in items.iter().zip(weights) {
                writeln!(out, "{}\t{}\t{w}", data.users[u], data.items[*i as usize])?;
            }
        }
        Ok(())
    };
    let all: Vec<usize> = (0..data.n_users()).collect();
    // (what is trained on, what is folded in and by whom, what is held out, who is evaluated)
    let (trained, folded, held_out, evaluated) = match &fold_in_out {
        None => {
            let split = Split::new(&data, params);
            let evaluated: Vec<usize> = split.evaluated_users().collect();
            (split.train.matrix, None, split.test, evaluated)
        }
        Some(_) => {
            let split = FoldInSplit::new(&data, params);
            let mut evaluated: Vec<usize> = split.evaluated_users().collect();
            evaluated.sort_unstable();
            let mut users = split.users;
            users.sort_unstable();
            let folded = (split.folded.train.matrix, users);
            (
                split.community.matrix,
                Some(folded),
                split.folded.test,
                evaluated,
            )
        }
    };
    write_rows(&mut train, &trained, &all)?;
    if let (Some(path), Some((matrix, users))) = (&fold_in_out, &folded) {
        let mut new = create(path)?;
        write_rows(&mut new, matrix, users)?;
        new.flush()?;
    }
    for &u in &evaluated {
        for i in &held_out[u] {
            writeln!(test, "{}\t{}", data.users[u], data.items[*i as usize])?;
        }
    }
    train.flush()?;
    test.flush()?;
    eprintln!("{} users evaluated", evaluated.len());
    Ok(())
}

pub fn score(args: ScoreArgs) -> Result<()> {
    let ScoreArgs {
        train,
        fold_in,
        test,
        recs: recs_path,
        per_user,
    } = args;
    let train = read(&train)?;
    let test = read(&test)?;
    // The users the recommendations are for: the trained ones, or those folded in.
    let listeners = fold_in.as_deref().map(read).transpose()?;
    let users = &listeners.as_ref().unwrap_or(&train).users;
    let (item_id, user_id) = (ids(&train.items), ids(users));
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); users.len()];
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
        lists[u as usize].push(i); // lines come in rank order
    }
    let mut at_k = MeanRanking::default();
    let mut recall = 0.0;
    let mut each = per_user.as_deref().map(create).transpose()?;
    for (tu, user) in test.users.iter().enumerate() {
        let Some(&u) = user_id.get(user.as_str()) else {
            continue;
        };
        let u = u as usize;
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
        let m = ranking_metrics(&lists[u], &held_out, K);
        let r = ranking_metrics(&lists[u], &held_out, RECALL_K).recall;
        at_k.add(m);
        recall += r;
        if let Some(out) = &mut each {
            writeln!(out, "{user}\t{:.6}\t{r:.6}\t{:.6}", m.ndcg, m.map)?;
        }
    }
    if let Some(mut out) = each {
        out.flush()?;
    }
    let m = at_k.mean();
    let tops: Vec<&[u32]> = lists.iter().map(|l| &l[..K.min(l.len())]).collect();
    println!(
        "{{\"users\":{},\"ndcg@10\":{:.4},\"precision@10\":{:.4},\"map@10\":{:.4},\"mrr\":{:.4},\"recall@20\":{:.4},\"coverage@10\":{:.4}}}",
        at_k.users, m.ndcg, m.precision, m.map, m.mrr, recall / at_k.users.max(1) as f64, coverage(tops, train.n_items())
    );
    Ok(())
}
