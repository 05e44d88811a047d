//! Full-information bandit streams (format `attune-fullinfo-1`, ../shared/bench/bandit-stream/README.md):
//! a supervised data set turned into bandit events (Bietti, Agarwal and Langford 2021). Every candidate's
//! reward is known, so a policy can be replayed exactly: it reads the context and the candidates, chooses,
//! and learns from the chosen candidate's reward only. Its score is the mean reward over the stream, with
//! a 95 % interval.

use attune_engine::bandit::hashed::{feature_id, HashedRegressor, Sparse};
use attune_engine::bandit::ridge::RidgeParams;
use attune_engine::bandit::squarecb::{SquareCb, SquareCbParams};
use attune_engine::bandit::{draw_index, Candidate, LinUcb, LinearThompson, Policy};
use attune_engine::rng::Rng;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::BufRead;
use thiserror::Error;

pub const FORMAT: &str = "attune-fullinfo-1";

#[derive(Debug, Error)]
pub enum StreamError {
    #[error("line {line}: {what}")]
    Bad { line: usize, what: String },
    #[error("cannot read the stream: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Deserialize)]
struct Header {
    format: String,
    #[serde(default = "default_popularity")]
    popularity_feature: String,
}

fn default_popularity() -> String {
    "lpop".into()
}

#[derive(Deserialize)]
struct RawEvent {
    context: BTreeMap<String, f32>,
    actions: Vec<BTreeMap<String, f32>>,
    rewards: Vec<f32>,
}

/// One event: the context, the candidates and every candidate's reward (which a policy never reads
/// before choosing).
pub struct Event {
    pub context: Sparse,
    pub actions: Vec<Sparse>,
    pub rewards: Vec<f32>,
    /// Each candidate's popularity feature (0 when absent), for the most-popular rule.
    pub popularity: Vec<f32>,
}

/// Reads a stream: a header line, then one event a line.
pub fn read_stream(input: impl BufRead) -> Result<Vec<Event>, StreamError> {
    let mut lines = input.lines().enumerate();
    let bad = |line: usize, what: String| StreamError::Bad {
        line: line + 1,
        what,
    };
    let (_, first) = lines
        .next()
        .ok_or_else(|| bad(0, "the stream is empty".into()))?;
    let header: Header =
        serde_json::from_str(&first?).map_err(|e| bad(0, format!("not a header: {e}")))?;
    if header.format != FORMAT {
        return Err(bad(
            0,
            format!("format {:?}, expected {FORMAT:?}", header.format),
        ));
    }
    let popularity = feature_id(&header.popularity_feature);
    let mut events = Vec::new();
    for (n, line) in lines {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawEvent = serde_json::from_str(&line).map_err(|e| bad(n, e.to_string()))?;
        if raw.actions.is_empty() || raw.actions.len() != raw.rewards.len() {
            return Err(bad(
                n,
                "actions and rewards must be non-empty and as many".into(),
            ));
        }
        let actions: Vec<Sparse> = raw.actions.iter().map(sparse).collect();
        events.push(Event {
            context: sparse(&raw.context),
            popularity: actions
                .iter()
                .map(|a| {
                    a.iter()
                        .find(|(f, _)| *f == popularity)
                        .map_or(0.0, |f| f.1)
                })
                .collect(),
            actions,
            rewards: raw.rewards,
        });
    }
    Ok(events)
}

fn sparse(features: &BTreeMap<String, f32>) -> Sparse {
    features
        .iter()
        .filter(|(_, v)| **v != 0.0)
        .map(|(name, &v)| (feature_id(name), v))
        .collect()
}

/// A policy as the replay drives it: probabilities for an event, then learning from the chosen reward.
pub trait StreamPolicy {
    fn name(&self) -> String;
    fn probabilities(&mut self, event: &Event, rng: &mut Rng) -> Vec<f32>;
    fn learn(&mut self, event: &Event, chosen: usize, reward: f32);
}

/// Uniform random.
pub struct Uniform;

impl StreamPolicy for Uniform {
    fn name(&self) -> String {
        "uniform random".into()
    }
    fn probabilities(&mut self, event: &Event, _: &mut Rng) -> Vec<f32> {
        vec![1.0 / event.actions.len() as f32; event.actions.len()]
    }
    fn learn(&mut self, _: &Event, _: usize, _: f32) {}
}

/// The candidate with the largest popularity feature; ties share.
pub struct MostPopular;

impl StreamPolicy for MostPopular {
    fn name(&self) -> String {
        "most popular candidate (anchor)".into()
    }
    fn probabilities(&mut self, event: &Event, _: &mut Rng) -> Vec<f32> {
        let best = event.popularity.iter().copied().fold(f32::MIN, f32::max);
        let ties = event.popularity.iter().filter(|&&p| p == best).count() as f32;
        event
            .popularity
            .iter()
            .map(|&p| if p == best { 1.0 / ties } else { 0.0 })
            .collect()
    }
    fn learn(&mut self, _: &Event, _: usize, _: f32) {}
}

/// Attune's SquareCB over the hashed regressor (the app's re-ranker's policy).
pub struct SquareCbPolicy(pub SquareCb);

impl StreamPolicy for SquareCbPolicy {
    fn name(&self) -> String {
        "Attune SquareCB (hashed pairs + agreement)".into()
    }
    fn probabilities(&mut self, event: &Event, _: &mut Rng) -> Vec<f32> {
        let p = self.0.probabilities(&event.context, &event.actions);
        self.0.choices += 1;
        p
    }
    fn learn(&mut self, event: &Event, chosen: usize, reward: f32) {
        self.0
            .update(&event.context, &event.actions[chosen], reward);
    }
}

/// A dense linear policy (LinUCB, linear Thompson sampling) on the features it can take from a stream:
/// no context but a constant, and for each candidate its agreement with the context and its popularity;
/// each candidate's own block is keyed by a hash of its features.
pub struct Dense(pub Box<dyn Policy>);

impl Dense {
    const ITEM_LEN: usize = 2;

    pub fn lin_ucb() -> Dense {
        Dense(Box::new(LinUcb::new(
            1,
            Self::ITEM_LEN,
            RidgeParams::default(),
            1.0,
        )))
    }

    pub fn thompson() -> Dense {
        Dense(Box::new(LinearThompson::new(
            1,
            Self::ITEM_LEN,
            RidgeParams::default(),
            1.0,
            64,
        )))
    }

    fn candidates(event: &Event) -> Vec<Candidate> {
        event
            .actions
            .iter()
            .zip(&event.popularity)
            .map(|(action, &popularity)| {
                let agreement: f32 = action
                    .iter()
                    .filter_map(|(f, a)| {
                        event
                            .context
                            .iter()
                            .find(|(u, _)| u == f)
                            .map(|(_, u)| u * a)
                    })
                    .sum();
                let arm = action.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, (f, _)| {
                    (h ^ *f as u64).wrapping_mul(0x0100_0000_01b3)
                });
                Candidate {
                    arm,
                    features: vec![agreement, popularity],
                }
            })
            .collect()
    }
}

impl StreamPolicy for Dense {
    fn name(&self) -> String {
        format!("{} (agreement, popularity)", self.0.name())
    }
    fn probabilities(&mut self, event: &Event, rng: &mut Rng) -> Vec<f32> {
        self.0.probabilities(&[1.0], &Self::candidates(event), rng)
    }
    fn learn(&mut self, event: &Event, chosen: usize, reward: f32) {
        let candidates = Self::candidates(event);
        self.0.update(&[1.0], &candidates[chosen], reward);
    }
}

/// Attune's default policy for streams: SquareCB with Vowpal Wabbit's γ defaults over 2^18 weights
/// (VW's default table size).
pub fn square_cb() -> SquareCbPolicy {
    SquareCbPolicy(SquareCb::new(
        HashedRegressor::new(22),
        SquareCbParams::default(),
    ))
}

/// A policy's score on a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamReport {
    pub name: String,
    pub mean_reward: f64,
    pub ci95: (f64, f64),
    pub events: usize,
    /// Mean of Σ p · rewards per event: the expected score, with less variance.
    pub expected_reward: f64,
    /// Microseconds per event (a choice and an update).
    pub micros_per_event: f64,
}

/// Replays `events` in order with `policy`; the draws come from `seed`.
pub fn replay(events: &[Event], policy: &mut dyn StreamPolicy, seed: u64) -> StreamReport {
    let mut rng = Rng::new(seed);
    let (mut sum, mut sum_sq, mut expected) = (0.0f64, 0.0f64, 0.0f64);
    let start = std::time::Instant::now();
    for event in events {
        let p = policy.probabilities(event, &mut rng);
        let chosen = draw_index(&p, &mut rng);
        let reward = event.rewards[chosen];
        policy.learn(event, chosen, reward);
        sum += reward as f64;
        sum_sq += (reward as f64).powi(2);
        expected += p
            .iter()
            .zip(&event.rewards)
            .map(|(p, r)| (p * r) as f64)
            .sum::<f64>();
    }
    let n = events.len().max(1) as f64;
    let mean = sum / n;
    let variance = (sum_sq / n - mean * mean).max(0.0) * n / (n - 1.0).max(1.0);
    let half = 1.96 * (variance / n).sqrt();
    StreamReport {
        name: policy.name(),
        mean_reward: mean,
        ci95: (mean - half, mean + half),
        events: events.len(),
        expected_reward: expected / n,
        micros_per_event: start.elapsed().as_secs_f64() * 1e6 / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events where the candidate agreeing with the context pays, on ten kinds of context.
    fn stream(events: usize) -> String {
        let mut rng = Rng::new(9);
        let mut out =
            String::from("{\"format\":\"attune-fullinfo-1\",\"popularity_feature\":\"lpop\"}\n");
        for _ in 0..events {
            let taste = rng.below(10);
            let good = rng.below(5);
            let actions: Vec<String> = (0..5)
                .map(|i| {
                    let tag = if i == good { taste } else { 10 + rng.below(10) };
                    format!("{{\"t{tag}\":1.0,\"lpop\":{:.2}}}", rng.next_f32())
                })
                .collect();
            let rewards: Vec<&str> = (0..5).map(|i| if i == good { "1" } else { "0" }).collect();
            out.push_str(&format!(
                "{{\"context\":{{\"t{taste}\":1.0}},\"actions\":[{}],\"rewards\":[{}]}}\n",
                actions.join(","),
                rewards.join(",")
            ));
        }
        out
    }

    #[test]
    fn a_policy_that_learns_beats_uniform_and_popularity_and_only_the_chosen_reward_is_read() {
        let events = read_stream(stream(3000).as_bytes()).unwrap();
        assert_eq!(events.len(), 3000);
        let uniform = replay(&events, &mut Uniform, 1);
        let popular = replay(&events, &mut MostPopular, 1);
        let learnt = replay(&events, &mut square_cb(), 1);
        assert!((uniform.mean_reward - 0.2).abs() < 0.03, "{uniform:?}");
        assert!(learnt.mean_reward > 0.6, "{learnt:?}");
        assert!(learnt.ci95.0 > popular.ci95.1, "{learnt:?} vs {popular:?}");
        for dense in [Dense::lin_ucb(), Dense::thompson()] {
            let mut dense = dense;
            assert!(replay(&events, &mut dense, 1).mean_reward > 0.4);
        }
    }

    #[test]
    fn a_stream_of_another_format_or_with_missing_rewards_is_refused_with_its_line() {
        let other = "{\"format\":\"something-else\"}\n";
        assert!(matches!(
            read_stream(other.as_bytes()),
            Err(StreamError::Bad { line: 1, .. })
        ));
        let short = "{\"format\":\"attune-fullinfo-1\"}\n{\"context\":{},\"actions\":[{}],\"rewards\":[]}\n";
        assert!(matches!(
            read_stream(short.as_bytes()),
            Err(StreamError::Bad { line: 2, .. })
        ));
    }
}
