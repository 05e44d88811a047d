//! Mixes: Discover Weekly (new every Monday, the same all week) and the Daily Mixes (groups of what the
//! listener plays, half familiar and half new, refreshed every day), computed in the worker.

use crate::components::page_frame::{NeedsTaste, WithCatalog};
use crate::components::pending::Pending;
use crate::components::player::{Player, PlayerBar};
use crate::components::rec_list::{worker_cards, LearningStatus};
use crate::components::save_to_spotify::SaveToSpotify;
use crate::listening::{local_day_and_week, this_monday};
use crate::prefs::{Prefs, Source};
use crate::store::{Space, Store};
use crate::worker::recommender::client::WorkerStatus;
use crate::worker::recommender::requests::DailyMixes;
use crate::worker::recommender::requests::{Basis, MixOut, RecItem};
use attune_engine::ContentIndex;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[component]
pub fn Mixes() -> impl IntoView {
    view! {
        <NeedsTaste class="mixes" title="Mixes" why="Your mixes are made from what you listen to."
            page=|source| view! { <MixesFor source/> }.into_any()/>
    }
}

#[component]
fn MixesFor(source: Source) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let (worker, player) = Player::for_page();
    let (day, week) = local_day_and_week();
    let basis = move || prefs.basis(source);
    let basis_key = move || match basis() {
        Basis::History => "library".to_string(),
        Basis::Picks(keys) => format!("picks:{}", keys.join("|")),
    };
    Effect::new(move || {
        if worker.status.get() == WorkerStatus::Ready {
            worker.request(
                worker.mixes,
                DailyMixes {
                    basis: basis(),
                    day,
                    week,
                },
            );
        }
    });
    // This week's list, once made, is kept: it stays the same all week even as the history grows.
    let kept = LocalResource::new(|| Store::read_one::<KeptWeekly>(Space::Settings, WEEKLY_KEY));
    let weekly = Memo::new(move |_| {
        let key = basis_key();
        let kept = kept.get().flatten();
        match kept.filter(|k| k.week == week && k.basis == key) {
            Some(kept) => Some(kept.items),
            None => worker.mixes.current().map(|m| m.weekly),
        }
    });
    Effect::new(move || {
        let Some(fresh) = worker.mixes.current() else {
            return;
        };
        let key = basis_key();
        let unkept = kept
            .get()
            .is_some_and(|k| k.is_none_or(|k| k.week != week || k.basis != key));
        if unkept && !fresh.weekly.is_empty() {
            let record = KeptWeekly {
                week,
                basis: key,
                items: fresh.weekly,
            };
            leptos::task::spawn_local(async move {
                keep_weekly(&record).await;
                kept.refetch();
            });
        }
    });
    let body = move |index: Arc<ContentIndex>| {
        let weekly_list = {
            let index = index.clone();
            move || {
                match weekly.get() {
                Some(items) if items.is_empty() => {
                    view! { <p class="empty">{EMPTY}</p> }.into_any()
                }
                Some(items) => worker_cards(&index, items),
                None => {
                    view! { <Pending error=Signal::derive(move || worker.mixes.error()) loading="Choosing this week's tracks…"/> }
                        .into_any()
                }
            }
            }
        };
        let daily = move || {
            match worker.mixes.current() {
            Some(mixes) if mixes.daily.is_empty() => {
                view! { <p class="empty">{EMPTY}</p> }.into_any()
            }
            Some(mixes) => mixes
                .daily
                .into_iter()
                .map(|mix| daily_mix(&index, mix))
                .collect_view()
                .into_any(),
            None => view! { <Pending error=Signal::derive(move || worker.mixes.error()) loading="Grouping what you play…"/> }
                .into_any(),
        }
        };
        view! {
            <section class="weekly" aria-labelledby="weekly-heading">
                <div class="list-head">
                    <h2 id="weekly-heading">"Discover Weekly"</h2>
                    <SaveToSpotify name="Attune · Discover Weekly" tracks=Signal::derive(move || {
                        weekly.get().unwrap_or_default().into_iter().map(|i| i.track_id).collect::<Vec<_>>()
                    })/>
                </div>
                <p class="muted">{format!(
                    "Tracks you have not played, chosen for the week of {}. New every Monday.",
                    this_monday()
                )}</p>
                {weekly_list}
            </section>
            <section class="daily" aria-labelledby="daily-heading">
                <h2 id="daily-heading">"Daily Mixes"</h2>
                <p class="muted">"Groups of what you play, each half familiar and half new. Refreshed every day."</p>
                {daily}
            </section>
        }
        .into_any()
    };
    view! {
        <section class="page mixes">
            <h1>"Mixes"</h1>
            <LearningStatus worker/>
            <WithCatalog render=body/>
            <PlayerBar player/>
        </section>
    }
}

const EMPTY: &str =
    "Too few of your tracks are by artists Attune knows the sound of to make this yet: import \
                     more of your history, or pick more artists in the demo.";

fn daily_mix(index: &Arc<ContentIndex>, mix: MixOut) -> impl IntoView {
    let familiar = mix.tracks.iter().filter(|t| t.familiar).count();
    let summary = format!(
        "{} · {} tracks, {familiar} of yours",
        mix.description,
        mix.tracks.len()
    );
    view! {
        <details class="mix">
            <summary>
                <span class="mix-name">{mix.name}</span>
                <span class="muted">{summary}</span>
            </summary>
            {worker_cards(index, mix.tracks)}
        </details>
    }
}

/// This week's Discover Weekly, for the picks or library it was made from.
#[derive(Clone, Serialize, Deserialize)]
struct KeptWeekly {
    week: i64,
    basis: String,
    items: Vec<RecItem>,
}

const WEEKLY_KEY: &str = "discover_weekly";

async fn keep_weekly(record: &KeptWeekly) {
    if let Ok(store) = Store::open().await {
        // A list that could not be kept is made again, the same, on the next visit.
        let _ = store.put_value(Space::Settings, WEEKLY_KEY, record).await;
    }
}
