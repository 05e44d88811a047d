//! Comparing rankers on the listener's own reactions, on the device: off-policy estimates from the lists
//! the re-ranker drew (every slot logged with its probability), and the interleaved lists of two rankers.
//!
//! Each slot of a drawn list is one logged event: the tracks left in the pool were the candidates, the
//! track shown was chosen with the logged probability p, and its reward is what the listener did with it
//! (their reactions' rewards summed and kept within [−1, 1]; 0 when they did nothing). A target ranker's
//! probability of the same choice, π, is replayed from the pool and the scores logged with the list.
//! IPS, SNIPS and DR ([`super::estimators`]) then estimate the mean reward per slot each ranker would
//! have earned; DR's reward model is the mean logged reward per slot.

use super::estimators::{Estimate, LoggedStep, OffPolicy};
use super::interleave::{credits, Tally, Team};
use super::ranker::{greedy_order, Reaction};
use super::MusicContext;
use serde::{Deserialize, Serialize};

/// A list shown on Home, as logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Impression {
    /// Unique among the listener's impressions; reactions to the list name it.
    pub id: u64,
    /// Milliseconds since 1970.
    pub at: f64,
    pub context: MusicContext,
    /// The sources' pool (Spotify ids, in the order they proposed) and each track's score when drawn.
    pub pool: Vec<String>,
    pub scores: Vec<f32>,
    /// The list shown, and each slot's probability given the slots before it.
    pub shown: Vec<String>,
    pub propensities: Vec<f32>,
    /// For an interleaved list, each shown track's team (A: the re-ranker without exploring, B: the
    /// sources' order); `None` for a list the re-ranker drew.
    #[serde(default)]
    pub teams: Option<Vec<Team>>,
}

/// The rankers the estimates are for.
pub const RANKERS: [&str; 3] = [
    "the re-ranker, as it draws",
    "the re-ranker without exploring",
    "the sources' order, not re-ranked",
];

/// One ranker's estimated mean reward per slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankerEstimate {
    pub name: String,
    pub ips: Estimate,
    pub snips: Option<Estimate>,
    pub doubly_robust: Estimate,
}

/// What the model lab shows of the comparisons.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Drawn lists and their slots with a reaction.
    pub lists: usize,
    pub slots: usize,
    pub reacted_slots: usize,
    pub estimates: Vec<RankerEstimate>,
    /// Interleaved lists: wins of the re-ranker (A) and of the sources' order (B).
    pub interleaved: Tally,
}

/// The estimates and the interleaving tally from every logged list and reaction.
pub fn compare(impressions: &[Impression], reactions: &[Reaction]) -> Comparison {
    let reward_of = |impression: &Impression, track: &str| -> f32 {
        reactions
            .iter()
            .filter(|r| r.impression == Some(impression.id) && r.track_id == track)
            .map(|r| r.reward)
            .sum::<f32>()
            .clamp(-1.0, 1.0)
    };
    let mut comparison = Comparison::default();
    let drawn: Vec<&Impression> = impressions.iter().filter(|i| i.teams.is_none()).collect();
    let steps: Vec<(usize, f32, f32)> = drawn
        .iter()
        .flat_map(|impression| {
            impression
                .shown
                .iter()
                .zip(&impression.propensities)
                .enumerate()
                .map(move |(slot, (track, &p))| (slot, p, reward_of(impression, track)))
        })
        .collect();
    comparison.lists = drawn.len();
    comparison.slots = steps.len();
    comparison.reacted_slots = steps.iter().filter(|s| s.2 != 0.0).count();
    let mean_reward = steps.iter().map(|s| s.2 as f64).sum::<f64>() / steps.len().max(1) as f64;
    let mut estimators = [OffPolicy::default(); RANKERS.len()];
    for impression in &drawn {
        for (slot, (track, &p)) in impression
            .shown
            .iter()
            .zip(&impression.propensities)
            .enumerate()
        {
            let reward = reward_of(impression, track);
            let left: Vec<usize> = (0..impression.pool.len())
                .filter(|&i| !impression.shown[..slot].contains(&impression.pool[i]))
                .collect();
            let chosen =
                |index: Option<&usize>| index.is_some_and(|&i| impression.pool[i] == *track);
            let greedy_scores: Vec<f32> = left.iter().map(|&i| impression.scores[i]).collect();
            let greedy = greedy_order(&greedy_scores, 1).first().map(|&g| left[g]);
            let targets = [
                p,
                chosen(greedy.as_ref()) as u8 as f32,
                chosen(left.first()) as u8 as f32,
            ];
            for (estimator, target) in estimators.iter_mut().zip(targets) {
                estimator.add(&LoggedStep {
                    reward,
                    propensity: p,
                    target_probability: target,
                    target_matches: target > 0.0,
                    predicted_reward: mean_reward as f32,
                    predicted_target_reward: mean_reward as f32,
                });
            }
        }
    }
    if comparison.slots > 0 {
        comparison.estimates = RANKERS
            .iter()
            .zip(&estimators)
            .map(|(name, est)| RankerEstimate {
                name: name.to_string(),
                ips: est.ips_interval(),
                snips: est.snips_interval(),
                doubly_robust: est.doubly_robust_interval(),
            })
            .collect();
    }
    for impression in impressions {
        let Some(teams) = &impression.teams else {
            continue;
        };
        let (mut a, mut b) = (0, 0);
        for reaction in reactions
            .iter()
            .filter(|r| r.impression == Some(impression.id))
        {
            if !credits(reaction.feedback) {
                continue;
            }
            match impression
                .shown
                .iter()
                .position(|t| *t == reaction.track_id)
                .map(|slot| teams[slot])
            {
                Some(Team::A) => a += 1,
                Some(Team::B) => b += 1,
                None => {}
            }
        }
        comparison.interleaved.add(a, b);
    }
    comparison
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bandit::Feedback;

    fn impression(id: u64, shown: &[&str], p: f32, teams: Option<Vec<Team>>) -> Impression {
        Impression {
            id,
            at: 0.0,
            context: MusicContext::default(),
            pool: ["a", "b", "c", "d"].map(String::from).to_vec(),
            // The re-ranker scores c above the pool's first.
            scores: vec![0.9, 0.5, 1.0, 0.1],
            shown: shown.iter().map(|s| s.to_string()).collect(),
            propensities: vec![p; shown.len()],
            teams,
        }
    }

    fn reaction(impression: u64, track: &str, feedback: Feedback) -> Reaction {
        Reaction {
            at: 0.0,
            context: MusicContext::default(),
            shown: vec![],
            track_id: track.into(),
            propensity: 0.5,
            reward: feedback.reward(),
            feedback,
            impression: Some(impression),
        }
    }

    #[test]
    fn estimates_credit_the_ranker_that_would_have_shown_what_was_liked() {
        // Half the lists open on c (liked), half on a (skipped early); each draw had probability 0.5.
        let mut impressions = Vec::new();
        let mut reactions = Vec::new();
        for id in 0..20 {
            let first = if id % 2 == 0 { "c" } else { "a" };
            impressions.push(impression(id, &[first], 0.5, None));
            let feedback = if first == "c" {
                Feedback::Liked
            } else {
                Feedback::Skipped { listened: 0.0 }
            };
            reactions.push(reaction(id, first, feedback));
        }
        let comparison = compare(&impressions, &reactions);
        assert_eq!((comparison.lists, comparison.slots), (20, 20));
        let ips = |name: &str| {
            comparison
                .estimates
                .iter()
                .find(|e| e.name == name)
                .unwrap()
                .ips
                .0
        };
        // As drawn: the mean reward, 0. Greedy (opens on c): +1 per slot. Pool order (opens on a): −1.
        assert!(ips(RANKERS[0]).abs() < 1e-9);
        assert!((ips(RANKERS[1]) - 1.0).abs() < 1e-9);
        assert!((ips(RANKERS[2]) + 1.0).abs() < 1e-9);
        let greedy = &comparison.estimates[1];
        assert!(greedy.doubly_robust.1 .0 > 0.0, "{greedy:?}");
    }

    #[test]
    fn interleaved_lists_are_won_by_the_team_whose_cards_were_liked() {
        let teams = Some(vec![Team::A, Team::B, Team::A]);
        let impressions = vec![
            impression(1, &["c", "a", "b"], 1.0, teams.clone()),
            impression(2, &["c", "a", "b"], 1.0, teams.clone()),
            impression(3, &["c", "a", "b"], 1.0, teams),
        ];
        let reactions = vec![
            reaction(1, "c", Feedback::Liked),
            reaction(2, "b", Feedback::Completed),
            reaction(3, "a", Feedback::AddedToPlaylist),
            reaction(3, "c", Feedback::Disliked),
        ];
        let comparison = compare(&impressions, &reactions);
        assert_eq!(
            comparison.interleaved,
            Tally {
                a: 2,
                b: 1,
                ties: 0
            }
        );
        assert!(
            comparison.estimates.is_empty(),
            "interleaved lists are not drawn ones"
        );
    }
}
