//! Offline evaluation of the collaborative models on an interaction file.
//!
//! - weak generalisation: every user with ≥ 5 items has 20 % held out ([`Split`]); models train on the
//!   rest and rank every item the user does not have in training.
//! - strong generalisation: 20 % of users are held out entirely; models train on the others, then each
//!   held-out user is folded in from 80 % of their items and ranked against the other 20 %. This is the
//!   situation of a listener who arrives with their own history.
//!
//! Play weights become confidence through log1p before any model sees them.

use crate::als::{Als, AlsParams};
use crate::interactions::{Csr, Interactions};
use crate::metrics::{coverage, novelty, ranking_metrics, MeanRanking, RankingMetrics};
use crate::popularity::Popularity;
use crate::recommend::{top_items, ItemScorer};
use crate::rng::Rng;
use crate::split::{Split, SplitParams};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Weak,
    Strong,
}

/// The cut-offs reported: NDCG, precision and MAP at 10; recall at 20; MRR over the top 100.
pub const K: usize = 10;
pub const RECALL_K: usize = 20;
const LIST: usize = 100;

#[derive(Debug, Clone)]
pub struct ModelReport {
    pub name: String,
    pub at_k: RankingMetrics,
    pub recall_20: f64,
    pub coverage: f64,
    pub novelty: f64,
    pub users: usize,
    pub fit_seconds: f64,
}

/// The models compared: a popularity baseline and the factorization with the project's defaults.
pub fn evaluate(data: &Interactions, protocol: Protocol, seed: u64) -> Vec<ModelReport> {
    let data = data.with_matrix(data.matrix.map_values(f32::ln_1p));
    let params = SplitParams {
        seed,
        ..Default::default()
    };
    let (train, cases) = match protocol {
        Protocol::Weak => weak_cases(&data, params),
        Protocol::Strong => strong_cases(&data, params),
    };
    let users_per_item = users_per_item(&train);
    let n_users = train.n_rows();
    let mut reports = Vec::new();

    let start = Instant::now();
    let popularity = Popularity::fit(&train);
    let fit = start.elapsed().as_secs_f64();
    reports.push(report(
        "popularity",
        fit,
        &cases,
        &users_per_item,
        n_users,
        |case, out| {
            popularity.score_items(0, out);
            let _ = case;
        },
    ));

    let start = Instant::now();
    let als = Als::fit(
        AlsParams::default().check().expect("defaults are valid"),
        &train,
    );
    let fit = start.elapsed().as_secs_f64();
    reports.push(report(
        "als",
        fit,
        &cases,
        &users_per_item,
        n_users,
        |case, out| match case.known_user {
            Some(u) => als.score_items(u, out),
            None => als.score_vector(&als.recalculate_user(&case.history.0, &case.history.1), out),
        },
    ));
    reports
}

/// One user to rank for: a trained user (weak) or a history to fold in (strong), and the held-out items.
pub struct Case {
    pub known_user: Option<usize>,
    /// (items, weights) the user is known by, sorted by item; excluded from the ranking.
    pub history: (Vec<u32>, Vec<f32>),
    pub held_out: Vec<u32>,
}

fn weak_cases(data: &Interactions, params: SplitParams) -> (Csr, Vec<Case>) {
    let split = Split::new(data, params);
    let cases = split
        .evaluated_users()
        .map(|u| {
            let (items, weights) = split.train.matrix.row(u);
            Case {
                known_user: Some(u),
                history: (items.to_vec(), weights.to_vec()),
                held_out: split.test[u].clone(),
            }
        })
        .collect();
    (split.train.matrix, cases)
}

fn strong_cases(data: &Interactions, params: SplitParams) -> (Csr, Vec<Case>) {
    let mut users: Vec<usize> = (0..data.n_users()).collect();
    Rng::new(params.seed).shuffle(&mut users);
    let n_test = (users.len() as f64 * params.fraction).round() as usize;
    let test_users = &users[..n_test];
    // Train on everyone else; the held-out users' own items are split 80/20 into history and answers.
    let mut is_test = vec![false; data.n_users()];
    test_users.iter().for_each(|&u| is_test[u] = true);
    let mut train = Vec::new();
    for u in (0..data.n_users()).filter(|&u| !is_test[u]) {
        let (items, weights) = data.matrix.row(u);
        train.extend(items.iter().zip(weights).map(|(&i, &w)| (u as u32, i, w)));
    }
    let split = Split::new(data, params);
    let cases = test_users
        .iter()
        .filter(|&&u| !split.test[u].is_empty())
        .map(|&u| {
            let (items, weights) = split.train.matrix.row(u);
            Case {
                known_user: None,
                history: (items.to_vec(), weights.to_vec()),
                held_out: split.test[u].clone(),
            }
        })
        .collect();
    (
        Csr::from_triples(data.n_users(), data.n_items(), &train),
        cases,
    )
}

fn report(
    name: &str,
    fit_seconds: f64,
    cases: &[Case],
    users_per_item: &[u32],
    n_users: usize,
    mut score: impl FnMut(&Case, &mut [f32]),
) -> ModelReport {
    let mut at_k = MeanRanking::default();
    let mut recall = 0.0;
    let mut lists: Vec<Vec<u32>> = Vec::with_capacity(cases.len());
    let mut scores = vec![0.0f32; users_per_item.len()];
    for case in cases {
        score(case, &mut scores);
        let ranked: Vec<u32> = top_items(&scores, &case.history.0, LIST)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        at_k.add(ranking_metrics(&ranked, &case.held_out, K));
        recall += ranking_metrics(&ranked, &case.held_out, RECALL_K).recall;
        lists.push(ranked[..K.min(ranked.len())].to_vec());
    }
    ModelReport {
        name: name.into(),
        at_k: at_k.mean(),
        recall_20: recall / cases.len().max(1) as f64,
        coverage: coverage(lists.iter().map(Vec::as_slice), users_per_item.len()),
        novelty: novelty(lists.iter().map(Vec::as_slice), users_per_item, n_users),
        users: cases.len(),
        fit_seconds,
    }
}

/// How many users have each item in training.
pub fn users_per_item(train: &Csr) -> Vec<u32> {
    let mut counts = vec![0u32; train.n_cols];
    for &i in &train.indices {
        counts[i as usize] += 1;
    }
    counts
}
