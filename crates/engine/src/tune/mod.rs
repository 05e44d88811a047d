//! Choosing the hybrid's settings from the training data alone, the way a careful practitioner would:
//! carve a validation split out of the training data ([`validation`]), search the settings on it, and let
//! the caller refit on all of it with what was chosen.
//!
//! A fixed default tuned on one data set does not carry over (issue #15): the factorization's confidence
//! slope α, its penalty λ and the frequency exponent ν (Rendle et al., RecSys 2022, §4.2, who tune exactly
//! these), and the blend's weights move with the data. The search spends little:
//!
//! - the starting settings (the defaults) are fitted once in full;
//! - then a coordinate search (Rendle et al.'s own procedure, in the manner of their Figure 1): each of
//!   α (×2), λ (×3), ν (±0.25) and RP3beta's popularity exponent β (±0.2, Paudel et al. 2017) is moved
//!   one step at a time, up first, then down, for as long as the validation NDCG@10 improves by more
//!   than [`MIN_GAIN_ERRORS`] standard errors (a step that changes nothing is walked through once, to cross a plateau). Every
//!   step of the factorization is warm-started from the best factors so far and trained [`WARM_SWEEPS`]
//!   sweeps instead of a full fit, which is what makes a step cheap: neighbouring settings have
//!   neighbouring solutions; a step of β refits only the neighbours;
//! - every fitted factorization is scored with each neighbour weight of [`NEIGHBOUR_WEIGHTS`] (a blend costs
//!   a ranking, not a fit), and the content weight, where items have content, is chosen last among
//!   [`CONTENT_WEIGHTS`], which are all positive so that cold items stay ordered by content.
//!
//! The whole search is bounded by `max_sweeps`, so its cost is a known multiple of one fit.

mod validation;

use crate::als::{Als, AlsError};
use crate::hybrid::{Blend, HybridParams, Parts};
use crate::interactions::Csr;
use crate::item_content::ItemContent;
use crate::item_knn::{ItemKnn, Similarity};
use std::fmt;
use std::rc::Rc;
use validation::Validation;

/// Who the settings are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Listeners the model is trained on (`attune recommend --train`): validation holds out a share of
    /// each listener's items.
    Known,
    /// Listeners folded into a model trained on others, as the app does (`attune recommend --fold-in`,
    /// the community asset): validation holds out a share of listeners and folds each in from most of
    /// their items.
    FoldIn,
}

/// The neighbour weights every fitted factorization is blended with.
pub const NEIGHBOUR_WEIGHTS: [f32; 7] = [0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0];
/// The content weights tried last, where items have content.
pub const CONTENT_WEIGHTS: [f32; 4] = [0.02, 0.05, 0.1, 0.2];
/// Sweeps of a warm-started step.
pub const WARM_SWEEPS: usize = 5;
/// A step is taken when its gain in validation NDCG@10, paired listener by listener, is at least this
/// many standard errors of that gain: smaller differences are the split's noise, not the settings'
/// (a validation split of a few hundred listeners moves NDCG by a few per cent by chance alone).
pub const MIN_GAIN_ERRORS: f64 = 1.5;
/// A step whose gain or loss is within this many standard errors changes nothing (a plateau).
pub const FLAT_ERRORS: f64 = 1.0;

#[derive(Clone)]
pub struct TuneOptions {
    pub target: Target,
    /// Seed of the validation split (default 1, as `attune split --seed 1` of the training file).
    pub seed: u64,
    /// Where the search starts (default [`HybridParams::default`]).
    pub start: HybridParams,
    /// The items' content, when they have it.
    pub content: Option<std::sync::Arc<ItemContent>>,
    /// At most this many validation listeners (a seeded sample; default 2,000).
    pub max_cases: usize,
    /// At most this many factorization sweeps in the search, the first full fit included (default 90:
    /// six full fits; with the validation rankings, `attune recommend` then stays within ten implicit
    /// fits, and on the benchmark sets the sweeps past 90 never changed the choice).
    pub max_sweeps: usize,
}

impl Default for TuneOptions {
    fn default() -> Self {
        TuneOptions {
            target: Target::Known,
            seed: 1,
            start: HybridParams::default(),
            content: None,
            max_cases: 2000,
            max_sweeps: 90,
        }
    }
}

/// What the search chose, and what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Tuned {
    pub params: HybridParams,
    pub target: Target,
    /// Validation NDCG@10 of the chosen settings and of the starting ones.
    pub ndcg: f64,
    pub start_ndcg: f64,
    pub cases: usize,
    /// Factorizations evaluated, and their sweeps in all.
    pub trials: usize,
    pub sweeps: usize,
}

impl fmt::Display for Tuned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = match self.target {
            Target::Known => "known listeners",
            Target::FoldIn => "listeners folded in",
        };
        write!(
            f,
            "settings {} (chosen on a validation split of the training data, {} {who}: NDCG@10 {:.4}, \
             starting settings {:.4}; {} factorizations, {} sweeps)",
            self.params.settings(),
            self.cases,
            self.ndcg,
            self.start_ndcg,
            self.trials,
            self.sweeps
        )
    }
}

/// A factorization and neighbours evaluated on the validation split with their best blend.
struct Trial {
    als: Als,
    neighbours: Rc<ItemKnn>,
    params: HybridParams,
    /// NDCG@10 of each validation listener, and their mean.
    per_case: Vec<f64>,
    ndcg: f64,
}

impl Trial {
    /// The trial's mean gain in NDCG@10 over `best`, paired listener by listener, in standard errors of
    /// that mean.
    fn gain_in_errors(&self, best: &Trial) -> f64 {
        let n = self.per_case.len() as f64;
        let d: Vec<f64> = self
            .per_case
            .iter()
            .zip(&best.per_case)
            .map(|(a, b)| a - b)
            .collect();
        let mean = d.iter().sum::<f64>() / n;
        let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
        let error = (var / n).sqrt();
        match (error > 0.0, mean.partial_cmp(&0.0)) {
            (true, _) => mean / error,
            // The same difference for every listener (often none at all).
            (false, Some(std::cmp::Ordering::Greater)) => f64::INFINITY,
            (false, Some(std::cmp::Ordering::Less)) => f64::NEG_INFINITY,
            _ => 0.0,
        }
    }
}

impl Trial {
    fn parts<'b>(&'b self, content: Option<&'b ItemContent>) -> Parts<'b> {
        Parts {
            als: &self.als,
            neighbours: &self.neighbours,
            content,
        }
    }
}

struct Search<'a> {
    validation: Validation,
    content: Option<&'a ItemContent>,
    /// The blends every trial is scored with (the factorization alone while it is tuned).
    blends: Vec<Blend>,
    trials: usize,
    sweeps: usize,
}

impl Search<'_> {
    /// Scores the parts with every blend and keeps the best.
    fn evaluate(&mut self, als: Als, neighbours: Rc<ItemKnn>, params: HybridParams) -> Trial {
        self.trials += 1;
        let mut trial = Trial {
            als,
            neighbours,
            params,
            per_case: Vec::new(),
            ndcg: 0.0,
        };
        let mut ndcg = self
            .validation
            .ndcg(trial.parts(self.content), &self.blends);
        let best = argmax(&ndcg.iter().map(|v| mean(v)).collect::<Vec<_>>());
        if self.blends.len() > 1 {
            trial.params.neighbour_weight = self.blends[best].neighbour_weight;
            trial.params.content_weight = self.blends[best].content_weight;
        }
        trial.per_case = ndcg.swap_remove(best);
        trial.ndcg = mean(&trial.per_case);
        trial
    }

    /// The step's settings, or `None` past the budget or the bounds. A step of the factorization is
    /// trained warm from `from`'s factors; a step of the neighbours refits them (a fraction of a sweep).
    fn step(&mut self, from: &Trial, step: Step, max_sweeps: usize) -> Option<Trial> {
        let params = step.apply(from.params)?;
        let train = &self.validation.train;
        if params.neighbours != from.params.neighbours {
            let neighbours = Rc::new(ItemKnn::fit(params.neighbours, train));
            return Some(self.evaluate(from.als.clone(), neighbours, params));
        }
        if self.sweeps + WARM_SWEEPS > max_sweeps {
            return None;
        }
        let mut fitted = from
            .als
            .clone()
            .with_params(params.als.check().ok()?, train)?;
        fitted.train(train, WARM_SWEEPS);
        self.sweeps += WARM_SWEEPS;
        Some(self.evaluate(fitted, from.neighbours.clone(), params))
    }
}

/// One move of one setting.
#[derive(Debug, Clone, Copy)]
enum Step {
    Alpha(f32),
    Regularization(f32),
    Exponent(f32),
    /// RP3beta's popularity exponent β.
    Beta(f32),
}

impl Step {
    /// The factorization's coordinates, each as (up, down).
    const FACTORIZATION: [(Step, Step); 3] = [
        (Step::Alpha(2.0), Step::Alpha(0.5)),
        (Step::Regularization(3.0), Step::Regularization(1.0 / 3.0)),
        (Step::Exponent(0.25), Step::Exponent(-0.25)),
    ];
    /// The neighbours' coordinate.
    const NEIGHBOURS: [(Step, Step); 1] = [(Step::Beta(0.2), Step::Beta(-0.2))];

    /// The moved settings, or `None` outside the searched range (α 0.25-128, λ 0.01-10⁴, ν 0-1.5,
    /// β 0-1).
    fn apply(self, p: HybridParams) -> Option<HybridParams> {
        let inside = |v: f32, lo: f32, hi: f32| (lo * 0.999..=hi * 1.001).contains(&v).then_some(v);
        let twentieths = |v: f32| (v * 20.0).round() / 20.0;
        let a = p.als;
        let mut moved = p;
        match self {
            Step::Alpha(k) => moved.als = a.alpha(inside(a.alpha * k, 0.25, 128.0)?),
            Step::Regularization(k) => {
                let lambda = inside(significant(a.regularization * k), 0.01, 1e4)?;
                moved.als = a.regularization(lambda)
            }
            Step::Exponent(d) => {
                moved.als = a.reg_exponent(inside(twentieths(a.reg_exponent + d), 0.0, 1.5)?)
            }
            Step::Beta(d) => match &mut moved.neighbours.similarity {
                Similarity::Rp3Beta { beta, .. } => {
                    *beta = inside(twentieths(*beta + d), 0.0, 1.0)?
                }
                Similarity::Cosine { .. } => return None,
            },
        }
        Some(moved)
    }
}

/// Chooses the settings on a validation split of `plays` (the training data, weights already as the
/// models see them: log1p of play counts). The caller refits on all of `plays` with `Tuned::params`.
pub fn tune(plays: &Csr, options: &TuneOptions) -> Result<Tuned, AlsError> {
    let start = options.start;
    let checked = start.als.check()?;
    let validation = Validation::carve(plays, options.target, options.seed, options.max_cases);
    let neighbours = Rc::new(ItemKnn::fit(start.neighbours, &validation.train));
    let alone = Blend {
        neighbour_weight: 0.0,
        content_weight: 0.0,
    };
    let mut search = Search {
        validation,
        content: options.content.as_deref(),
        blends: vec![alone],
        trials: 1,
        sweeps: start.als.iterations,
    };
    let als = Als::fit(checked, &search.validation.train);
    let mut best = Trial {
        als,
        neighbours,
        params: start,
        per_case: Vec::new(),
        ndcg: 0.0,
    };
    let as_given = Blend {
        neighbour_weight: start.neighbour_weight,
        content_weight: start.content_weight,
    };
    let mut ndcg = search
        .validation
        .ndcg(best.parts(search.content), &[as_given, alone]);
    let start_ndcg = mean(&ndcg[0]);
    best.per_case = ndcg.swap_remove(1);
    best.ndcg = mean(&best.per_case);

    // The factorization alone first, as Rendle et al. tune it: a blend would let the neighbours stand in
    // for a poor factorization and hide what its settings do.
    best = climb(&mut search, best, &Step::FACTORIZATION, options.max_sweeps);
    // Then the blend: every neighbour weight (and content weight, where items have content) with the
    // chosen factorization, and RP3beta's β.
    let contents = match search.content {
        Some(_) => CONTENT_WEIGHTS.to_vec(),
        None => vec![start.content_weight],
    };
    search.blends = NEIGHBOUR_WEIGHTS
        .iter()
        .flat_map(|&neighbour_weight| {
            contents.iter().map(move |&content_weight| Blend {
                neighbour_weight,
                content_weight,
            })
        })
        .collect();
    best = search.evaluate(best.als, best.neighbours, best.params);
    best = climb(&mut search, best, &Step::NEIGHBOURS, options.max_sweeps);
    Ok(Tuned {
        params: best.params,
        target: options.target,
        ndcg: best.ndcg,
        start_ndcg,
        cases: search.validation.cases.len(),
        trials: search.trials,
        sweeps: search.sweeps,
    })
}

/// Coordinate ascent from `best` over `coordinates`, each tried up, then down, step after step while
/// the validation NDCG@10 gains [`MIN_GAIN_ERRORS`] standard errors or more; two passes at most, and
/// never past `max_sweeps`.
fn climb(
    search: &mut Search<'_>,
    mut best: Trial,
    coordinates: &[(Step, Step)],
    max_sweeps: usize,
) -> Trial {
    for _pass in 0..2 {
        let mut moved = false;
        for &(up, down) in coordinates {
            for step in [up, down] {
                let mut went = false;
                // A step that changes nothing is walked through once: a penalty that has shrunk every
                // factor to nothing, or one already too small, sits on a plateau.
                let mut flat: Option<Trial> = None;
                loop {
                    let from = flat.as_ref().unwrap_or(&best);
                    let Some(trial) = search.step(from, step, max_sweeps) else {
                        if search.sweeps + WARM_SWEEPS > max_sweeps {
                            return best;
                        }
                        break;
                    };
                    let gain = trial.gain_in_errors(&best);
                    if gain >= MIN_GAIN_ERRORS {
                        best = trial;
                        went = true;
                        flat = None;
                    } else if flat.is_none() && gain.abs() < FLAT_ERRORS {
                        flat = Some(trial);
                    } else {
                        break;
                    }
                }
                moved |= went;
                if went {
                    break; // no need to look the other way
                }
            }
        }
        if !moved {
            break;
        }
    }
    best
}

/// `x` to three significant digits, so that the chosen settings print and store as they were meant
/// (λ 3.33, not 3.3333335).
fn significant(x: f32) -> f32 {
    let scale = 10f32.powi(2 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// The index of the largest value, the first of ties.
fn argmax(values: &[f64]) -> usize {
    (0..values.len())
        .rev()
        .max_by(|&a, &b| values[a].total_cmp(&values[b]))
        .expect("a value")
}

#[cfg(test)]
mod tests;
