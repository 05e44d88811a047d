//! Offline evaluation of the collaborative models on an interaction file.
//!
//! - weak generalisation: every user with ≥ 5 items has 20 % held out ([`Split`]); models train on the
//!   rest and rank every item the user does not have in training.
//! - strong generalisation: 20 % of users are held out entirely; models train on the others, then each
//!   held-out user is folded in from 80 % of their items and ranked against the other 20 %. This is the
//!   situation of a listener who arrives with their own history.
//!
//! Play weights become confidence through log1p before any model sees them.

use crate::ease::{Ease, EaseParams};
use crate::popularity::Popularity;
use crate::split::{FoldInSplit, Split, SplitParams};
use attune_engine::als::Als;
use attune_engine::hybrid::{Hybrid, HybridParams};
use attune_engine::interactions::{Csr, Interactions};
use attune_engine::item_content::ItemContent;
use attune_engine::item_knn::ItemKnn;
use attune_engine::metrics::{coverage, novelty, ranking_metrics, MeanRanking, RankingMetrics};
use attune_engine::recommend::{top_items, ItemScorer};
use std::sync::Arc;
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

/// The models `attune recommend --model` knows; the first is the default. EASE is the evaluation's
/// anchor, with its own fixed settings.
pub const MODELS: [&str; 5] = ["hybrid", "als", "rp3beta", "popularity", "ease"];

/// A fitted model of any kind, scoring trained users.
pub enum Fitted {
    Hybrid(Hybrid),
    Als(Als),
    Rp3Beta(ItemKnn),
    Popularity(Popularity),
    Ease(Ease),
}

impl Fitted {
    /// Fits the named model with the project's defaults on play weights already passed through log1p.
    pub fn fit(name: &str, train: &Csr) -> Option<Fitted> {
        Fitted::fit_with(name, train, HybridParams::default())
    }

    /// Fits the named model with these settings (checked by the caller).
    pub fn fit_with(name: &str, train: &Csr, params: HybridParams) -> Option<Fitted> {
        let checked = || params.als.check().expect("checked by the caller");
        Some(match name {
            "hybrid" => Fitted::Hybrid(Hybrid::fit(params, train).expect("checked by the caller")),
            "als" => Fitted::Als(Als::fit(checked(), train)),
            "rp3beta" => Fitted::Rp3Beta(ItemKnn::fit(params.neighbours, train)),
            "popularity" => Fitted::Popularity(Popularity::fit(train)),
            "ease" => Fitted::Ease(Ease::fit(EaseParams::default(), train)),
            _ => return None,
        })
    }

    /// Scores every item for a listener the model was not trained on, from their (item, weight) plays:
    /// the factorization folds them in (implicit's `recalculate_user`), the neighbours read their plays.
    pub fn score_history(&self, items: &[u32], weights: &[f32], out: &mut [f32]) {
        match self {
            Fitted::Hybrid(m) => m.score_history(None, items, weights, out),
            Fitted::Als(m) => m.score_vector(&m.recalculate_user(items, weights), out),
            Fitted::Rp3Beta(m) => m.score_history(items, weights, out),
            Fitted::Popularity(m) => m.score_items(0, out),
            Fitted::Ease(m) => m.score_history(items, out),
        }
    }

    fn scorer(&self) -> &dyn ItemScorer {
        match self {
            Fitted::Hybrid(m) => m,
            Fitted::Als(m) => m,
            Fitted::Rp3Beta(m) => m,
            Fitted::Popularity(m) => m,
            Fitted::Ease(m) => m,
        }
    }
}

impl ItemScorer for Fitted {
    fn n_items(&self) -> usize {
        self.scorer().n_items()
    }

    fn score_items(&self, user: usize, out: &mut [f32]) {
        self.scorer().score_items(user, out)
    }
}

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

/// One listener to rank for: a trained user (weak) or a history to fold in (strong), and the answers.
pub struct Case {
    pub known_user: Option<usize>,
    /// (items, weights) the listener is known by, sorted by item; excluded from the ranking.
    pub items: Vec<u32>,
    pub weights: Vec<f32>,
    pub held_out: Vec<u32>,
}

/// What to evaluate besides the defaults.
pub struct EvalOptions {
    pub seed: u64,
    pub params: HybridParams,
    /// Also fit the EASE upper anchor (slow: cubic in the head items).
    pub with_ease: bool,
    /// Content of the items, for the hybrid's content component.
    pub content: Option<Arc<ItemContent>>,
}

/// Evaluates popularity, the factorization, RP3beta, their hybrid (the default model) and, when asked,
/// the hybrid with content and the EASE upper anchor.
pub fn evaluate(data: &Interactions, protocol: Protocol, options: EvalOptions) -> Vec<ModelReport> {
    let EvalOptions {
        seed,
        params,
        with_ease,
        content,
    } = options;
    let data = data.with_matrix(data.matrix.map_values(f32::ln_1p));
    let split = SplitParams {
        seed,
        ..Default::default()
    };
    let (train, cases) = match protocol {
        Protocol::Weak => weak_cases(&data, split),
        Protocol::Strong => strong_cases(&data, split),
    };
    let judge = Judge {
        cases: &cases,
        users_per_item: users_per_item(&train),
        n_users: train.n_rows(),
    };

    let (popularity, fit) = timed(|| Popularity::fit(&train));
    let mut reports =
        vec![judge.report("popularity", fit, |_, out| popularity.score_items(0, out))];

    let (als, fit) = timed(|| Als::fit(params.als.check().expect("checked by the caller"), &train));
    reports.push(judge.report("als", fit, |case, out| match case.known_user {
        Some(u) => als.score_items(u, out),
        None => als.score_vector(&als.recalculate_user(&case.items, &case.weights), out),
    }));
    let (neighbours, fit_neighbours) = timed(|| ItemKnn::fit(params.neighbours, &train));
    reports.push(judge.report("rp3beta", fit_neighbours, |case, out| {
        neighbours.score_history(&case.items, &case.weights, out)
    }));
    let mut hybrid = Hybrid::from_parts(als, neighbours, params.neighbour_weight);
    reports.push(judge.report("hybrid", fit + fit_neighbours, |case, out| {
        hybrid.score_history(case.known_user, &case.items, &case.weights, out)
    }));

    if let Some(content) = content {
        hybrid = hybrid.with_content(content, params.content_weight);
        reports.push(
            judge.report("hybrid+content", fit + fit_neighbours, |case, out| {
                hybrid.score_history(case.known_user, &case.items, &case.weights, out)
            }),
        );
    }

    if with_ease {
        let (ease, fit) = timed(|| Ease::fit(EaseParams::default(), &train));
        reports.push(judge.report("ease", fit, |case, out| {
            ease.score_history(&case.items, out)
        }));
    }
    reports
}

fn timed<T>(fit: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let model = fit();
    (model, start.elapsed().as_secs_f64())
}

fn weak_cases(data: &Interactions, params: SplitParams) -> (Csr, Vec<Case>) {
    let split = Split::new(data, params);
    let cases = split
        .evaluated_users()
        .map(|u| case(&split, u, Some(u)))
        .collect();
    (split.train.matrix, cases)
}

fn strong_cases(data: &Interactions, params: SplitParams) -> (Csr, Vec<Case>) {
    // Train on everyone else; the held-out users' own items are split 80/20 into history and answers.
    let split = FoldInSplit::new(data, params);
    let cases = split
        .evaluated_users()
        .map(|u| case(&split.folded, u, None))
        .collect();
    (split.community.matrix, cases)
}

fn case(split: &Split, u: usize, known_user: Option<usize>) -> Case {
    let (items, weights) = split.train.matrix.row(u);
    Case {
        known_user,
        items: items.to_vec(),
        weights: weights.to_vec(),
        held_out: split.test[u].clone(),
    }
}

/// Ranks every case with a model and averages the metrics.
struct Judge<'a> {
    cases: &'a [Case],
    users_per_item: Vec<u32>,
    n_users: usize,
}

impl Judge<'_> {
    fn report(
        &self,
        name: &str,
        fit_seconds: f64,
        mut score: impl FnMut(&Case, &mut [f32]),
    ) -> ModelReport {
        let mut at_k = MeanRanking::default();
        let mut recall = 0.0;
        let mut lists: Vec<Vec<u32>> = Vec::with_capacity(self.cases.len());
        let mut scores = vec![0.0f32; self.users_per_item.len()];
        for case in self.cases {
            score(case, &mut scores);
            let ranked: Vec<u32> = top_items(&scores, &case.items, LIST)
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
            recall_20: recall / self.cases.len().max(1) as f64,
            coverage: coverage(lists.iter().map(Vec::as_slice), self.users_per_item.len()),
            novelty: novelty(
                lists.iter().map(Vec::as_slice),
                &self.users_per_item,
                self.n_users,
            ),
            users: self.cases.len(),
            fit_seconds,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Two taste groups of 20 listeners each, every listener with 8 of their group's 10 items.
    fn two_groups() -> Interactions {
        let mut text = String::new();
        for u in 0..40 {
            let group = u / 20;
            for k in 0..8 {
                let item = group * 10 + (u + k) % 10;
                text.push_str(&format!("u{u}\ti{item}\t{}\n", 1 + k));
            }
        }
        Interactions::read_tsv(text.as_bytes(), "groups").unwrap()
    }

    #[test]
    fn collaborative_models_beat_popularity_under_both_protocols() {
        let mut params = HybridParams::default();
        params.als = params.als.factors(4).regularization(1.0);
        for protocol in [Protocol::Weak, Protocol::Strong] {
            let options = EvalOptions {
                seed: 7,
                params,
                with_ease: true,
                content: None,
            };
            let reports = evaluate(&two_groups(), protocol, options);
            let ndcg = |name: &str| reports.iter().find(|r| r.name == name).unwrap().at_k.ndcg;
            for model in ["als", "rp3beta", "hybrid", "ease"] {
                assert!(
                    ndcg(model) > ndcg("popularity") + 0.1,
                    "{protocol:?} {model}: {} vs {}",
                    ndcg(model),
                    ndcg("popularity")
                );
            }
            assert!(reports.iter().all(|r| r.users > 0));
        }
    }
}
