//! Progressive off-policy evaluation on the Open Bandit Dataset (Saito et al. 2021; ZOZOTOWN fashion
//! impressions logged by a uniform-random policy over 80 items, with clicks and propensities).
//!
//! In time order, for each logged impression every policy gives its probability of the logged item, from
//! which the [`estimators`](super::estimators) build IPS, SNIPS and DR estimates of its click rate, and one
//! draw from it feeds replay; then the policy learns the event. A policy is only ever scored on events it
//! has not learnt from.
//!
//! Context: the four hashed user features, one-hot (their values are collected from the file, which reads
//! no click). The slot position is left out: the policy does not choose it, and under the examination
//! hypothesis of click models it scales the click probability of every item in the slot alike, so it
//! cannot change which item is best there; in the model it would only add parameters (its crosses with
//! the item features and a coefficient in every arm's block) to be learnt from 38 clicks. Arms: the 80
//! items, each with its own block (the hybrid model) and two features: `item_feature_0` (numeric) and the
//! user-item affinity of that item. The three categorical item features are left out: they are functions
//! of the item, which its own block already covers, and crossing 40 more one-hots with the context would
//! make the shared model 13 times larger.

use attune_engine::bandit::estimators::{ArmRateModel, LoggedStep, OffPolicy};
use attune_engine::bandit::ridge::RidgeParams;
use attune_engine::bandit::{draw_index, Candidate, EpsilonGreedy, LinUcb, LinearThompson, Policy};
use attune_engine::error::DataError;
use attune_engine::rng::Rng;
use std::collections::HashMap;
use std::path::Path;

const USER_FEATURES: usize = 4;

/// One logged impression.
#[derive(Debug, Clone, PartialEq)]
pub struct ObdEvent {
    pub item: usize,
    /// 0-based slot.
    pub position: usize,
    pub click: bool,
    pub propensity: f32,
    /// Each user feature as an index into its vocabulary.
    user: [usize; USER_FEATURES],
    /// The user-item affinity of every item.
    affinity: Vec<f32>,
}

/// A log and its item table.
#[derive(Debug, Clone)]
pub struct ObdLog {
    pub events: Vec<ObdEvent>,
    /// `item_feature_0` of each item.
    item_feature: Vec<f32>,
    /// How many values each user feature takes.
    user_vocab: [usize; USER_FEATURES],
}

impl ObdLog {
    /// Reads `random_all.csv` and `random_item_context.csv` from the dataset's folder.
    pub fn read_dir(dir: &Path) -> Result<ObdLog, DataError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| DataError::BadLine {
                file: path.display().to_string(),
                line: 0,
                what: format!("cannot read it: {e}"),
            })
        };
        ObdLog::parse(&read("random_all.csv")?, &read("random_item_context.csv")?)
    }

    /// Parses the log and the item table from their CSV text.
    pub fn parse(log_csv: &str, items_csv: &str) -> Result<ObdLog, DataError> {
        let items = Table::parse("random_item_context.csv", items_csv)?;
        let mut item_feature = vec![0.0; items.rows.len()];
        for (line, row) in items.lines() {
            let id: usize = items.number(row, "item_id", line)?;
            let slot = item_feature
                .get_mut(id)
                .ok_or_else(|| items.bad(line, format!("item_id {id} is past the table's end")))?;
            *slot = items.number(row, "item_feature_0", line)?;
        }
        let log = Table::parse("random_all.csv", log_csv)?;
        let mut vocab: [HashMap<String, usize>; USER_FEATURES] = Default::default();
        let mut timed = Vec::with_capacity(log.rows.len());
        for (line, row) in log.lines() {
            let item: usize = log.number(row, "item_id", line)?;
            if item >= item_feature.len() {
                return Err(log.bad(line, format!("item_id {item} is not in the item table")));
            }
            let position: usize = log.number(row, "position", line)?;
            let mut user = [0; USER_FEATURES];
            for (f, slot) in user.iter_mut().enumerate() {
                let value = log.field(row, &format!("user_feature_{f}"), line)?;
                let next = vocab[f].len();
                *slot = *vocab[f].entry(value.to_string()).or_insert(next);
            }
            let affinity = (0..item_feature.len())
                .map(|i| log.number(row, &format!("user-item_affinity_{i}"), line))
                .collect::<Result<Vec<f32>, _>>()?;
            let click: u8 = log.number(row, "click", line)?;
            let event = ObdEvent {
                item,
                position: position
                    .checked_sub(1)
                    .ok_or_else(|| log.bad(line, "positions are numbered from 1".to_string()))?,
                click: click == 1,
                propensity: log.number(row, "propensity_score", line)?,
                user,
                affinity,
            };
            timed.push((log.field(row, "timestamp", line)?.to_string(), event));
        }
        // The timestamps share one ISO format, so text order is time order.
        timed.sort_by(|a, b| a.0.cmp(&b.0));
        let events: Vec<ObdEvent> = timed.into_iter().map(|(_, e)| e).collect();
        Ok(ObdLog {
            user_vocab: vocab.map(|v| v.len()),
            events,
            item_feature,
        })
    }

    pub fn items(&self) -> usize {
        self.item_feature.len()
    }

    pub fn context_len(&self) -> usize {
        self.user_vocab.iter().sum::<usize>()
    }

    /// Item features per candidate: `item_feature_0` and the affinity.
    pub const ITEM_LEN: usize = 2;

    /// One-hot user features (not the position: see the module's documentation).
    pub fn context(&self, event: &ObdEvent) -> Vec<f32> {
        let mut v = vec![0.0; self.context_len()];
        let mut offset = 0;
        for (value, size) in event.user.iter().zip(self.user_vocab) {
            v[offset + value] = 1.0;
            offset += size;
        }
        v
    }

    pub fn candidates(&self, event: &ObdEvent) -> Vec<Candidate> {
        (0..self.items())
            .map(|i| Candidate {
                arm: i as u64,
                features: vec![self.item_feature[i], event.affinity[i]],
            })
            .collect()
    }

    pub fn click_rate(&self) -> f64 {
        self.events.iter().filter(|e| e.click).count() as f64 / self.events.len().max(1) as f64
    }
}

/// A CSV file with a header, kept as text rows, that names itself and its line in every error.
struct Table {
    file: &'static str,
    columns: HashMap<String, usize>,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    fn parse(file: &'static str, text: &str) -> Result<Table, DataError> {
        let bad = |line: u64, what: String| DataError::BadLine {
            file: file.into(),
            line,
            what,
        };
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().map_err(|e| bad(1, e.to_string()))?;
        let columns = header
            .iter()
            .enumerate()
            .map(|(i, name)| (name.to_string(), i))
            .collect();
        let rows = reader
            .records()
            .enumerate()
            .map(|(i, r)| r.map_err(|e| bad(i as u64 + 2, e.to_string())))
            .collect::<Result<_, _>>()?;
        Ok(Table {
            file,
            columns,
            rows,
        })
    }

    /// Rows with their line numbers (the header is line 1).
    fn lines(&self) -> impl Iterator<Item = (u64, &csv::StringRecord)> {
        self.rows.iter().enumerate().map(|(i, r)| (i as u64 + 2, r))
    }

    fn bad(&self, line: u64, what: String) -> DataError {
        DataError::BadLine {
            file: self.file.into(),
            line,
            what,
        }
    }

    fn field<'a>(
        &self,
        row: &'a csv::StringRecord,
        column: &str,
        line: u64,
    ) -> Result<&'a str, DataError> {
        let index = self
            .columns
            .get(column)
            .ok_or_else(|| self.bad(1, format!("no column {column:?}")))?;
        row.get(*index)
            .ok_or_else(|| self.bad(line, format!("the row ends before column {column:?}")))
    }

    fn number<T: std::str::FromStr>(
        &self,
        row: &csv::StringRecord,
        column: &str,
        line: u64,
    ) -> Result<T, DataError> {
        let text = self.field(row, column, line)?;
        text.trim()
            .parse()
            .map_err(|_| self.bad(line, format!("{column} {text:?} is not a number")))
    }
}

/// One policy's estimates after the whole log.
#[derive(Debug, Clone)]
pub struct PolicyReport {
    pub name: String,
    pub estimates: OffPolicy,
}

/// LinUCB (α = 1), Thompson sampling (v = 1, 64 draws per probability estimate) and epsilon-greedy
/// (ε = 0.05, the anchor's ε) on the hybrid model with λ = 1: textbook settings, not tuned on this log.
pub fn default_policies(log: &ObdLog) -> Vec<Box<dyn Policy>> {
    let (c, i, params) = (log.context_len(), ObdLog::ITEM_LEN, RidgeParams::default());
    vec![
        Box::new(LinUcb::new(c, i, params, 1.0)),
        Box::new(LinearThompson::new(c, i, params, 1.0, 64)),
        Box::new(EpsilonGreedy::new(c, i, params, 0.05)),
    ]
}

/// Runs the progressive protocol over the whole log. Each policy draws from its own seeded stream, so
/// adding a policy changes no other's figures.
pub fn evaluate_progressive(
    log: &ObdLog,
    mut policies: Vec<Box<dyn Policy>>,
    seed: u64,
) -> Vec<PolicyReport> {
    let mut rngs: Vec<Rng> = (0..policies.len() as u64)
        .map(|i| Rng::new(seed.wrapping_add(i)))
        .collect();
    let mut estimates = vec![OffPolicy::default(); policies.len()];
    let mut reward_model = ArmRateModel::default();
    for event in &log.events {
        let context = log.context(event);
        let candidates = log.candidates(event);
        let predicted: Vec<f32> = (0..candidates.len() as u64)
            .map(|arm| reward_model.predict(arm))
            .collect();
        let reward = event.click as u8 as f32;
        for ((policy, rng), est) in policies.iter_mut().zip(&mut rngs).zip(&mut estimates) {
            let pi = policy.probabilities(&context, &candidates, rng);
            // A draw from π is what `choose` would do, without scoring the candidates again (for
            // Thompson sampling: one of its draws' winners, itself a posterior draw).
            let drawn = draw_index(&pi, rng);
            est.add(&LoggedStep {
                reward,
                propensity: event.propensity,
                target_probability: pi[event.item],
                target_matches: drawn == event.item,
                predicted_reward: predicted[event.item],
                predicted_target_reward: attune_engine::linalg::dot(&pi, &predicted),
            });
            policy.update(&context, &candidates[event.item], reward);
        }
        reward_model.update(event.item as u64, reward);
    }
    policies
        .iter()
        .zip(estimates)
        .map(|(p, estimates)| PolicyReport {
            name: p.name(),
            estimates,
        })
        .collect()
}

#[cfg(test)]
mod tests;
