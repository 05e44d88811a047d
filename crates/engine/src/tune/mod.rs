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
//!   α (×2), λ (×3) and ν (±0.25) is moved one step at a time, up first, then down, for as long as the
//!   validation NDCG@10 improves by more than [`MIN_GAIN`]. Every step is warm-started from the best
//!   factors so far and trained [`WARM_SWEEPS`] sweeps instead of a full fit, which is what makes a step
//!   cheap: neighbouring settings have neighbouring solutions;
//! - every fitted factorization is scored with each neighbour weight of [`NEIGHBOUR_WEIGHTS`] (a blend costs
//!   a ranking, not a fit), and the content weight, where items have content, is chosen last among
//!   [`CONTENT_WEIGHTS`], which are all positive so that cold items stay ordered by content.
//!
//! The whole search is bounded by `max_sweeps`, so its cost is a known multiple of one fit.

mod validation;

use crate::als::{Als, AlsError, AlsParams};
use crate::hybrid::{Blend, HybridParams, Parts};
use crate::interactions::Csr;
use crate::item_content::ItemContent;
use crate::item_knn::ItemKnn;
use std::fmt;
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
pub const NEIGHBOUR_WEIGHTS: [f32; 5] = [0.0, 0.1, 0.25, 0.5, 1.0];
/// The content weights tried last, where items have content.
pub const CONTENT_WEIGHTS: [f32; 4] = [0.02, 0.05, 0.1, 0.2];
/// Sweeps of a warm-started step.
pub const WARM_SWEEPS: usize = 5;
/// The relative gain in validation NDCG@10 a step must bring to be taken: smaller differences are the
/// split's noise, not the settings'.
pub const MIN_GAIN: f64 = 0.003;

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
    /// At most this many factorization sweeps in the search, the first full fit included (default 120:
    /// eight full fits).
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
            max_sweeps: 120,
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

/// A factorization evaluated on the validation split with its best blend.
struct Trial {
    als: Als,
    params: HybridParams,
    ndcg: f64,
}

struct Search<'a> {
    validation: Validation,
    neighbours: ItemKnn,
    content: Option<&'a ItemContent>,
    trials: usize,
    sweeps: usize,
}

impl Search<'_> {
    fn parts<'b>(&'b self, als: &'b Als) -> Parts<'b> {
        Parts {
            als,
            neighbours: &self.neighbours,
            content: self.content,
        }
    }

    /// Scores the factorization with every neighbour weight and keeps the best.
    fn evaluate(&mut self, als: Als, mut params: HybridParams) -> Trial {
        self.trials += 1;
        let blends = NEIGHBOUR_WEIGHTS.map(|neighbour_weight| Blend {
            neighbour_weight,
            content_weight: params.content_weight,
        });
        let ndcg = self.validation.ndcg(self.parts(&als), &blends);
        let best = argmax(&ndcg);
        params.neighbour_weight = NEIGHBOUR_WEIGHTS[best];
        let ndcg = ndcg[best];
        Trial { als, params, ndcg }
    }

    /// The step's settings trained warm from `from`'s factors, or `None` past the budget or the bounds.
    fn step(&mut self, from: &Trial, step: Step, max_sweeps: usize) -> Option<Trial> {
        let als = step.apply(from.params.als)?;
        if self.sweeps + WARM_SWEEPS > max_sweeps {
            return None;
        }
        let checked = als.check().ok()?;
        let train = &self.validation.train;
        let mut fitted = from.als.clone().with_params(checked, train)?;
        fitted.train(train, WARM_SWEEPS, |_| {});
        self.sweeps += WARM_SWEEPS;
        Some(self.evaluate(fitted, HybridParams { als, ..from.params }))
    }
}

/// One move of one setting.
#[derive(Debug, Clone, Copy)]
enum Step {
    Alpha(f32),
    Regularization(f32),
    Exponent(f32),
}

impl Step {
    /// The coordinates, each as (up, down).
    const COORDINATES: [(Step, Step); 3] = [
        (Step::Alpha(2.0), Step::Alpha(0.5)),
        (Step::Regularization(3.0), Step::Regularization(1.0 / 3.0)),
        (Step::Exponent(0.25), Step::Exponent(-0.25)),
    ];

    /// The moved settings, or `None` outside the searched range (α 0.25-128, λ 0.01-10⁴, ν 0-1.5).
    fn apply(self, p: AlsParams) -> Option<AlsParams> {
        let inside = |v: f32, lo: f32, hi: f32| (lo * 0.999..=hi * 1.001).contains(&v).then_some(v);
        Some(match self {
            Step::Alpha(k) => p.alpha(inside(p.alpha * k, 0.25, 128.0)?),
            Step::Regularization(k) => {
                p.regularization(inside(p.regularization * k, 0.01, 1e4)?)
            }
            Step::Exponent(d) => {
                let nu = ((p.reg_exponent + d) * 4.0).round() / 4.0;
                p.reg_exponent(inside(nu, 0.0, 1.5)?)
            }
        })
    }
}

/// Chooses the settings on a validation split of `plays` (the training data, weights already as the
/// models see them: log1p of play counts). The caller refits on all of `plays` with `Tuned::params`.
pub fn tune(plays: &Csr, options: &TuneOptions) -> Result<Tuned, AlsError> {
    let start = options.start;
    let checked = start.als.check()?;
    let validation = Validation::carve(plays, options.target, options.seed, options.max_cases);
    let neighbours = ItemKnn::fit(start.neighbours, &validation.train);
    let mut search = Search {
        validation,
        neighbours,
        content: options.content.as_deref(),
        trials: 0,
        sweeps: start.als.iterations,
    };
    let als = Als::fit(checked, &search.validation.train);
    let mut best = search.evaluate(als, start);
    let start_ndcg = best.ndcg;
    let better = |trial: &Trial, best: &Trial| trial.ndcg > best.ndcg * (1.0 + MIN_GAIN);
    'search: for _pass in 0..2 {
        let mut moved = false;
        for (up, down) in Step::COORDINATES {
            for step in [up, down] {
                let mut went = false;
                // A step that changes nothing is walked through once: a penalty that has shrunk every
                // factor to nothing, or one already too small, sits on a plateau.
                let mut flat: Option<Trial> = None;
                loop {
                    let from = flat.as_ref().unwrap_or(&best);
                    let Some(trial) = search.step(from, step, options.max_sweeps) else {
                        if search.sweeps + WARM_SWEEPS > options.max_sweeps {
                            break 'search;
                        }
                        break;
                    };
                    if better(&trial, &best) {
                        best = trial;
                        went = true;
                        flat = None;
                    } else if flat.is_none() && trial.ndcg >= best.ndcg * (1.0 - MIN_GAIN) {
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
    if search.content.is_some() {
        let blends = CONTENT_WEIGHTS.map(|content_weight| Blend {
            neighbour_weight: best.params.neighbour_weight,
            content_weight,
        });
        let ndcg = search.validation.ndcg(search.parts(&best.als), &blends);
        let at = argmax(&ndcg);
        best.params.content_weight = CONTENT_WEIGHTS[at];
        best.ndcg = ndcg[at];
    }
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

/// The index of the largest value, the first of ties.
fn argmax(values: &[f64]) -> usize {
    (0..values.len())
        .rev()
        .max_by(|&a, &b| values[a].total_cmp(&values[b]))
        .expect("a value")
}

#[cfg(test)]
mod tests;
