//! k-means (Lloyd's algorithm with k-means++ seeding, Arthur and Vassilvitskii 2007): groups of points
//! that sit close together, for the Daily Mixes' groups of a listener's tracks.

use crate::rng::Rng;

/// Rounds of assignment and update at most; the groups of a few hundred tracks settle well before.
const MAX_ROUNDS: usize = 50;

/// The group of each point, in `0..k` (fewer groups when there are fewer distinct points). The seed makes
/// the result repeatable: the same points and seed give the same groups.
pub fn kmeans(points: &[Vec<f32>], k: usize, seed: u64) -> Vec<usize> {
    if points.is_empty() || k == 0 {
        return vec![0; points.len()];
    }
    let mut rng = Rng::new(seed);
    let mut centres = seed_centres(points, k, &mut rng);
    let mut groups = vec![0; points.len()];
    for round in 0..MAX_ROUNDS {
        let mut moved = false;
        for (group, point) in groups.iter_mut().zip(points) {
            let nearest = nearest(&centres, point).0;
            moved |= nearest != *group;
            *group = nearest;
        }
        if round > 0 && !moved {
            break;
        }
        for (c, centre) in centres.iter_mut().enumerate() {
            let members: Vec<&Vec<f32>> = points
                .iter()
                .zip(&groups)
                .filter(|(_, &g)| g == c)
                .map(|(p, _)| p)
                .collect();
            // A centre that lost every point keeps its place; it may win some back.
            if !members.is_empty() {
                for (d, value) in centre.iter_mut().enumerate() {
                    *value = members.iter().map(|p| p[d]).sum::<f32>() / members.len() as f32;
                }
            }
        }
    }
    groups
}

/// k-means++: the first centre uniformly, each next one with probability proportional to its squared
/// distance from the nearest centre so far.
fn seed_centres(points: &[Vec<f32>], k: usize, rng: &mut Rng) -> Vec<Vec<f32>> {
    let mut centres = vec![points[rng.below(points.len())].clone()];
    while centres.len() < k {
        let distances: Vec<f32> = points.iter().map(|p| nearest(&centres, p).1).collect();
        let total: f32 = distances.iter().sum();
        if total <= 0.0 {
            break; // Every point sits on a centre already.
        }
        let mut target = rng.next_f32() * total;
        let chosen = distances
            .iter()
            .position(|&d| {
                target -= d;
                target < 0.0
            })
            .unwrap_or(points.len() - 1);
        centres.push(points[chosen].clone());
    }
    centres
}

/// The nearest centre and the squared distance to it.
fn nearest(centres: &[Vec<f32>], point: &[f32]) -> (usize, f32) {
    centres
        .iter()
        .map(|c| {
            c.iter()
                .zip(point)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f32>()
        })
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("at least one centre")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_clear_groups_are_found_whatever_the_seed() {
        let mut points = Vec::new();
        for (cx, cy) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)] {
            for i in 0..5 {
                points.push(vec![cx + i as f32 * 0.1, cy - i as f32 * 0.1]);
            }
        }
        for seed in 0..10 {
            let groups = kmeans(&points, 3, seed);
            for chunk in groups.chunks(5) {
                assert!(chunk.iter().all(|&g| g == chunk[0]), "{seed}: {groups:?}");
            }
            assert_ne!(groups[0], groups[5]);
            assert_ne!(groups[5], groups[10]);
            assert_ne!(groups[0], groups[10]);
            assert_eq!(kmeans(&points, 3, seed), groups, "repeatable");
        }
    }

    #[test]
    fn fewer_distinct_points_than_groups_make_fewer_groups() {
        let points = vec![vec![1.0, 1.0]; 4];
        assert_eq!(kmeans(&points, 3, 1), vec![0; 4]);
        assert!(kmeans(&[], 3, 1).is_empty());
    }
}
