//! The cold-item protocol: every interaction of a seeded random 20 % of items is held out, models train
//! on the rest, and each listener who had held-out items ranks all held-out items. The AUC of that
//! ranking says whether a model can place items nobody has played: a pure factorization gives them all
//! the same score (AUC 0.5); content can tell them apart (LightFM reports 0.716 on MovieLens-10M).

use attune_engine::als::Als;
use attune_engine::hybrid::{Hybrid, HybridParams};
use attune_engine::interactions::{Csr, Interactions};
use attune_engine::item_content::ItemContent;
use attune_engine::item_knn::ItemKnn;
use attune_engine::metrics::auc;
use attune_engine::rng::Rng;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct ColdReport {
    pub name: String,
    /// Mean over listeners of the AUC of their held-out items among all held-out items.
    pub auc: f64,
    /// The same among the held-out items that have content only: how well content orders items once
    /// "has a profile at all" (which favours well-known artists) is taken out.
    pub auc_with_content: f64,
    pub users: usize,
}

/// Scores every item for a training user.
type Scorer<'a> = dyn Fn(usize, &mut [f32]) + 'a;

/// Share of items made cold.
const COLD_FRACTION: f64 = 0.2;

pub fn evaluate_cold(
    data: &Interactions,
    content: Arc<ItemContent>,
    params: HybridParams,
    seed: u64,
) -> Vec<ColdReport> {
    let plays = data.matrix.map_values(f32::ln_1p);
    let mut items: Vec<u32> = (0..data.n_items() as u32).collect();
    Rng::new(seed).shuffle(&mut items);
    let mut cold: Vec<u32> =
        items[..(items.len() as f64 * COLD_FRACTION).round() as usize].to_vec();
    cold.sort_unstable();
    let is_cold = |i: u32| cold.binary_search(&i).is_ok();

    let mut train = Vec::new();
    for u in 0..plays.n_rows() {
        let (items, weights) = plays.row(u);
        train.extend(
            items
                .iter()
                .zip(weights)
                .filter(|(&i, _)| !is_cold(i))
                .map(|(&i, &w)| (u as u32, i, w)),
        );
    }
    let train = Csr::from_triples(plays.n_rows(), plays.n_cols, &train);

    let als = Als::fit(params.als.check().expect("checked by the caller"), &train);
    let neighbours = ItemKnn::fit(params.neighbours, &train);
    let hybrid = Hybrid::from_parts(als, neighbours, params.neighbour_weight)
        .with_content(content.clone(), params.content_weight);

    // The collaborative parts give every cold item zero (no one played it in training), so the
    // factorization's row stands for them all.
    let models: [(&str, &Scorer); 3] = [
        ("als", &|u, out| {
            hybrid.als.score_vector(hybrid.als.user(u), out)
        }),
        ("content", &|u, out| {
            let (items, weights) = train.row(u);
            content.score_history(items, weights, out)
        }),
        ("hybrid", &|u, out| {
            let (items, weights) = train.row(u);
            hybrid.score_history(Some(u), items, weights, out)
        }),
    ];
    let with_content: Vec<u32> = cold
        .iter()
        .copied()
        .filter(|&i| content.artist(i).is_some())
        .collect();
    models
        .iter()
        .map(|(name, score)| {
            let (mut total, mut total_content, mut users, mut users_content) = (0.0, 0.0, 0, 0);
            let mut scores = vec![0.0f32; plays.n_cols];
            for u in 0..plays.n_rows() {
                let have = plays.row(u).0;
                if train.row(u).0.is_empty() {
                    continue;
                }
                let mut scored = false;
                for (candidates, total, users) in [
                    (&cold, &mut total, &mut users),
                    (&with_content, &mut total_content, &mut users_content),
                ] {
                    // Positions, within the candidates, of this listener's held-out items.
                    let positives: Vec<u32> = have
                        .iter()
                        .filter_map(|i| candidates.binary_search(i).ok())
                        .map(|p| p as u32)
                        .collect();
                    if positives.is_empty() {
                        continue;
                    }
                    if !scored {
                        score(u, &mut scores);
                        scored = true;
                    }
                    let candidate_scores: Vec<f32> =
                        candidates.iter().map(|&i| scores[i as usize]).collect();
                    if let Some(a) = auc(&candidate_scores, &positives) {
                        *total += a;
                        *users += 1;
                    }
                }
            }
            ColdReport {
                name: name.to_string(),
                auc: total / users.max(1) as f64,
                auc_with_content: total_content / users_content.max(1) as f64,
                users,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog_source::{build_artist_catalog, ArtistFilter};
    use attune_engine::content::ContentIndex;

    /// 20 artists in two genres with opposite sounds; 60 listeners each play 8 of one genre's 10.
    fn two_scenes() -> (Interactions, Arc<ItemContent>) {
        let mut table = String::from("genres,artists,danceability,energy,valence,acousticness,instrumentalness,speechiness,liveness,loudness,tempo,popularity\n");
        let mut names = Vec::new();
        for a in 0..20 {
            let (genre, energy) = if a < 10 {
                ("\"techno, edm\"", 0.9)
            } else {
                ("\"folk, acoustic\"", 0.2)
            };
            let name = format!("Artist {a}");
            table.push_str(&format!(
                "{genre},{name},0.5,{energy},0.5,{},0,0.05,0.1,-8,{},50\n",
                1.0 - energy,
                80.0 + 60.0 * energy
            ));
            names.push(name);
        }
        let index = Arc::new(ContentIndex::new(
            build_artist_catalog(
                table.as_bytes(),
                ArtistFilter {
                    min_popularity: 0.0,
                    require_genres: false,
                },
            )
            .unwrap(),
            Default::default(),
        ));
        let mut plays = String::new();
        for u in 0..60 {
            let scene = u % 2;
            for k in 0..8 {
                plays.push_str(&format!("u{u}\t{}\t{}\n", scene * 10 + (u + k) % 10, 1 + k));
            }
        }
        let data = Interactions::read_tsv(plays.as_bytes(), "scenes").unwrap();
        let item_names: Vec<String> = data
            .items
            .iter()
            .map(|i| names[i.parse::<usize>().unwrap()].clone())
            .collect();
        (data, Arc::new(ItemContent::for_artists(index, &item_names)))
    }

    #[test]
    fn content_ranks_cold_items_where_the_factorization_cannot() {
        let (data, content) = two_scenes();
        let mut params = HybridParams::default();
        params.als = params.als.factors(4).regularization(1.0);
        let reports = evaluate_cold(&data, content, params, 11);
        let auc = |name: &str| reports.iter().find(|r| r.name == name).unwrap().auc;
        assert_eq!(auc("als"), 0.5, "cold items all score zero");
        assert!(auc("content") > 0.9, "content {}", auc("content"));
        assert!(
            (auc("hybrid") - auc("content")).abs() < 1e-9,
            "among cold items the hybrid is its content"
        );
        assert!(reports.iter().all(|r| r.users > 0));
    }
}
