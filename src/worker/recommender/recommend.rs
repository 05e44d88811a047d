//! For You: a source's pool drawn for the listening moment by the re-ranker learnt from reactions, from
//! the demo's picks or the stored history; or, while the model lab compares rankers, the re-ranker's
//! list interleaved with the sources' own order. Every list is logged with each slot's probability (and
//! team), so that the lab can compare rankers on the listener's own reactions. Answers [`Recommend`].

use super::lists::items;
use super::requests::{Basis, Logged, RecItem, Recommend};
use super::state::{history_taste, with_model, LEARNING};
use crate::store::Store;
use crate::worker::protocol::WorkerError;
use attune_engine::bandit::compare::Impression;
use attune_engine::bandit::interleave::{team_draft, Team};
use attune_engine::bandit::MusicContext;
use attune_engine::community::CommunityRecommender;
use attune_engine::rng::Rng;
use attune_engine::{Scored, Seed};
use std::cell::Cell;

/// The sources propose this many times the tracks shown; the context model picks the shown ones.
const POOL_FACTOR: usize = 3;

thread_local! {
    /// Lists logged since the worker started, so that two lists of one millisecond get different ids.
    static LOGGED: Cell<u64> = const { Cell::new(0) };
}

pub async fn recommend(request: Recommend) -> Result<Vec<RecItem>, WorkerError> {
    let Recommend {
        basis,
        k,
        discovery,
        context,
        compare,
    } = request;
    let history = match basis {
        Basis::History => Some(history_taste().await?),
        Basis::Picks(_) => None,
    };
    let (list, impression) = with_model(|model| {
        let pool = match &history {
            Some(taste) => model.recommend_for_history(taste, POOL_FACTOR * k, discovery),
            None => model.recommend(&picked(model, &basis), POOL_FACTOR * k, discovery),
        };
        Ok(LEARNING.with(|l| {
            let learning = l.borrow();
            let pool = learning.without_turned_down(model.index(), pool);
            if compare {
                interleaved(model, &learning, &context, pool, k)
            } else {
                drawn(model, &learning, &context, pool, k)
            }
        }))
    })
    .await?;
    // A list that could not be logged is still shown; the lab only has one list fewer to go on.
    if let Err(err) = Store::open().await?.save_impression(&impression).await {
        web_sys::console::warn_1(&format!("the list shown was not logged: {err}").into());
    }
    Ok(list)
}

/// The re-ranker's draw, each card with its slot's probability.
fn drawn(
    model: &CommunityRecommender,
    learning: &super::learning::Learning,
    context: &MusicContext,
    pool: Vec<Scored>,
    k: usize,
) -> (Vec<RecItem>, Impression) {
    let list = learning.ranker().rerank(model.index(), context, pool, k);
    let impression = logged_list(
        model,
        context,
        &list.pool,
        &list.scores,
        &list.items,
        &list.propensities,
        None,
    );
    let mut shown = items(model, list.items);
    for (item, &propensity) in shown.iter_mut().zip(&list.propensities) {
        item.logged = Some(Logged {
            impression: impression.id,
            propensity,
            team: None,
        });
    }
    (shown, impression)
}

/// Team A, the re-ranker without exploring, and team B, the sources' order, drafted into one list.
fn interleaved(
    model: &CommunityRecommender,
    learning: &super::learning::Learning,
    context: &MusicContext,
    pool: Vec<Scored>,
    k: usize,
) -> (Vec<RecItem>, Impression) {
    let greedy = learning
        .ranker()
        .greedy(model.index(), context, pool.clone(), k);
    let by_track = |list: &[Scored]| list.iter().map(|s| s.item).collect::<Vec<_>>();
    let mut rng = Rng::new(js_sys::Date::now() as u64 ^ LOGGED.with(Cell::get));
    let drafted = team_draft(
        &by_track(&greedy.items),
        &by_track(&pool[..k.min(pool.len())]),
        k,
        &mut rng,
    );
    let teams: Vec<Team> = drafted.iter().map(|(_, team)| *team).collect();
    // Each card with the reasons of the ranker that picked it.
    let chosen: Vec<Scored> = drafted
        .into_iter()
        .filter_map(|(track, team)| {
            let list = if team == Team::A {
                &greedy.items
            } else {
                &pool
            };
            list.iter().find(|s| s.item == track).cloned()
        })
        .collect();
    let ones = vec![1.0; chosen.len()];
    let impression = logged_list(
        model,
        context,
        &greedy.pool,
        &greedy.scores,
        &chosen,
        &ones,
        Some(teams.clone()),
    );
    let mut shown = items(model, chosen);
    for (item, team) in shown.iter_mut().zip(teams) {
        item.logged = Some(Logged {
            impression: impression.id,
            propensity: 1.0,
            team: Some(team),
        });
    }
    (shown, impression)
}

fn logged_list(
    model: &CommunityRecommender,
    context: &MusicContext,
    pool: &[attune_engine::TrackIdx],
    scores: &[f32],
    shown: &[Scored],
    propensities: &[f32],
    teams: Option<Vec<Team>>,
) -> Impression {
    let catalog = model.index().catalog();
    let at = js_sys::Date::now();
    let count = LOGGED.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    Impression {
        // Milliseconds and a counter: unique on this device, and below 2^53 for a JS number.
        id: (at as u64) << 10 | (count & 1023),
        at,
        context: *context,
        pool: pool.iter().map(|&t| catalog.track(t).id.clone()).collect(),
        scores: scores.to_vec(),
        shown: shown
            .iter()
            .map(|s| catalog.track(s.item).id.clone())
            .collect(),
        propensities: propensities.to_vec(),
        teams,
    }
}

/// The demo's picks, and the tracks liked since: a liked track joins the picks, so the next list folds
/// it in.
fn picked(model: &CommunityRecommender, basis: &Basis) -> Vec<Seed> {
    let catalog = model.index().catalog();
    let keys = match basis {
        Basis::Picks(keys) => keys.as_slice(),
        Basis::History => &[],
    };
    let mut seeds: Vec<Seed> = keys
        .iter()
        .filter_map(|key| Seed::from_key(key, catalog))
        .collect();
    LEARNING.with(|l| seeds.extend(l.borrow().liked_seeds(model.index())));
    seeds
}
