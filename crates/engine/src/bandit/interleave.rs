//! Team-draft interleaving (Radlinski, Kurup and Joachims 2008): two rankers' lists merged into one, each
//! card kept on the team that put it there, so that the listener's reactions to one list say which ranker
//! they preferred. Each round a coin decides which team picks first; each picks its best card not yet
//! taken. A list where one team's cards got more good reactions (likes, adds, plays to the end, replays)
//! is a win for that team; the share of wins comes with a Wilson 95 % interval.

use super::Feedback;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Team {
    A,
    B,
}

/// Merges `a` and `b` into `k` items by team draft; each item comes with its team.
pub fn team_draft<T: PartialEq + Clone>(
    a: &[T],
    b: &[T],
    k: usize,
    rng: &mut Rng,
) -> Vec<(T, Team)> {
    let mut merged: Vec<(T, Team)> = Vec::with_capacity(k);
    let (mut next_a, mut next_b) = (0, 0);
    let (mut taken_a, mut taken_b) = (0, 0);
    let taken = |merged: &[(T, Team)], item: &T| merged.iter().any(|(m, _)| m == item);
    while merged.len() < k {
        let a_first = taken_a < taken_b || (taken_a == taken_b && rng.next_f32() < 0.5);
        let order = if a_first {
            [Team::A, Team::B]
        } else {
            [Team::B, Team::A]
        };
        let mut picked = false;
        for team in order {
            let (list, next, count) = match team {
                Team::A => (a, &mut next_a, &mut taken_a),
                Team::B => (b, &mut next_b, &mut taken_b),
            };
            while *next < list.len() && taken(&merged, &list[*next]) {
                *next += 1;
            }
            if *next < list.len() && merged.len() < k {
                merged.push((list[*next].clone(), team));
                *count += 1;
                picked = true;
                break;
            }
        }
        if !picked {
            break;
        }
    }
    merged
}

/// Whether a reaction counts for the team whose card got it.
pub fn credits(feedback: Feedback) -> bool {
    matches!(
        feedback,
        Feedback::Liked | Feedback::AddedToPlaylist | Feedback::Completed | Feedback::Replayed
    )
}

/// Wins of each team over the interleaved lists that got any credit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub a: u32,
    pub b: u32,
    pub ties: u32,
}

impl Tally {
    /// One interleaved list, with how many credited reactions each team's cards got.
    pub fn add(&mut self, credits_a: u32, credits_b: u32) {
        match credits_a.cmp(&credits_b) {
            std::cmp::Ordering::Greater => self.a += 1,
            std::cmp::Ordering::Less => self.b += 1,
            std::cmp::Ordering::Equal if credits_a > 0 => self.ties += 1,
            std::cmp::Ordering::Equal => {}
        }
    }

    /// A's share of the decided lists and its Wilson 95 % interval; `None` before any was decided.
    pub fn share_of_a(&self) -> Option<(f64, (f64, f64))> {
        let n = (self.a + self.b) as f64;
        if n == 0.0 {
            return None;
        }
        let p = self.a as f64 / n;
        let z = 1.96f64;
        let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
        let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
        Some((p, (centre - half, centre + half)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_draft_takes_turns_without_duplicates_and_keeps_each_rankers_order() {
        let a = [1, 2, 3, 4, 5];
        let b = [3, 1, 6, 7, 8];
        for seed in 0..20 {
            let merged = team_draft(&a, &b, 6, &mut Rng::new(seed));
            assert_eq!(merged.len(), 6);
            let items: Vec<i32> = merged.iter().map(|m| m.0).collect();
            let mut unique = items.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 6, "{items:?}");
            let count = |team| merged.iter().filter(|m| m.1 == team).count();
            assert_eq!(count(Team::A), 3);
            // Each team's cards appear in its ranker's order.
            let of = |team, list: &[i32]| {
                let picks: Vec<usize> = merged
                    .iter()
                    .filter(|m| m.1 == team)
                    .map(|m| list.iter().position(|x| *x == m.0).unwrap())
                    .collect();
                picks.windows(2).all(|w| w[0] < w[1])
            };
            assert!(of(Team::A, &a) && of(Team::B, &b), "{merged:?}");
        }
    }

    #[test]
    fn wins_and_their_interval() {
        let mut tally = Tally::default();
        assert_eq!(tally.share_of_a(), None);
        tally.add(0, 0);
        assert_eq!(
            tally,
            Tally::default(),
            "a list without credit decides nothing"
        );
        for _ in 0..9 {
            tally.add(2, 1);
        }
        tally.add(0, 1);
        tally.add(1, 1);
        assert_eq!((tally.a, tally.b, tally.ties), (9, 1, 1));
        let (share, (low, high)) = tally.share_of_a().unwrap();
        assert!((share - 0.9).abs() < 1e-9);
        assert!(
            low > 0.5 && low < 0.9 && high > 0.9 && high < 1.0,
            "{low} {high}"
        );
        assert!(credits(Feedback::Completed) && !credits(Feedback::Disliked));
    }
}
