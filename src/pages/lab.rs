//! The model lab: each model's metrics on the listener's own recent discoveries, their skip rate month by
//! month, and how the context model is learning from their reactions, in plain words. Computed in the
//! worker.

use crate::components::charts::Lines;
use crate::components::pending::Pending;
use crate::components::ranker_comparison::RankerComparison;
use crate::components::rec_list::LearningStatus;
use crate::paths::app_href;
use crate::prefs::Prefs;
use crate::worker::recommender::client::{SharedRecommender, WorkerStatus};
use crate::worker::recommender::requests::TestModels;
use attune_engine::community::{LabReport, LabRow};
use leptos::prelude::*;

#[component]
pub fn Lab() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let worker = expect_context::<SharedRecommender>().get();
    Effect::new(move || {
        let basis = prefs.basis(prefs.source.get());
        if worker.status.get() == WorkerStatus::Ready {
            let offset = -(js_sys::Date::new_0().get_timezone_offset() as i64) * 60;
            worker.request(
                worker.lab,
                TestModels {
                    basis,
                    utc_offset: offset,
                },
            );
        }
    });
    let body = move || {
        match worker.lab.current() {
        None => {
            view! { <Pending error=Signal::derive(move || worker.lab.error()) loading="Testing the models on your history…"/> }
                .into_any()
        }
        Some((report, curve)) => view! {
            <Metrics report=report.clone()/>
            <h2>"Your skip rate by month"</h2>
            {skips(report)}
            <h2>"How the context model is learning"</h2>
            {learning(curve)}
            <RankerComparison worker/>
        }
        .into_any(),
    }
    };
    view! {
        <section class="page lab">
            <h1>"Model lab"</h1>
            <LearningStatus worker/>
            {body}
        </section>
    }
}

#[component]
fn Metrics(report: LabReport) -> impl IntoView {
    if report.rows.is_empty() {
        return view! {
            <p class="empty">
                "The lab tests the models on your own listening: it needs a history with dates and some "
                "artists new in its latest part. "<a href=app_href("/import")>"Import your Spotify data"</a>"."
            </p>
        }
        .into_any();
    }
    let k = report.k;
    let intro = format!(
        "Each model learnt from your earlier {} plays and picked {k} tracks; a pick counts when its artist \
         is one of the {} you went on to play for the first time in your latest {} plays.",
        report.train_plays, report.discoveries, report.test_plays
    );
    let rows = report.rows.into_iter().map(row).collect_view();
    view! {
        <p>{intro}</p>
        // On a phone the table scrolls sideways: keyboard users reach it by Tab and scroll it with the
        // arrow keys.
        <div class="table-scroll" tabindex="0" role="region" aria-label="Model metrics, scrolls sideways">
            <table class="metrics">
                <caption>{format!("How well each model predicted your discoveries (top {k})")}</caption>
                <thead><tr>
                    <th scope="col">"Model"</th><th scope="col">"Precision"</th><th scope="col">"Recall"</th>
                    <th scope="col">"MAP"</th><th scope="col">"MRR"</th><th scope="col">"NDCG"</th>
                    <th scope="col">"Variety"</th><th scope="col">"Novelty"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ul class="muted plain-words">
            <li><strong>"Precision"</strong>": the share of the picks that were discoveries of yours."</li>
            <li><strong>"Recall"</strong>": the share of your discoveries the picks found."</li>
            <li><strong>"MAP, NDCG"</strong>": like precision, with hits near the top counting more."</li>
            <li><strong>"MRR"</strong>": 1 when the first pick was a hit, ½ when the second was, and so on."</li>
            <li><strong>"Variety"</strong>": different artists per pick (1 is all different)."</li>
            <li><strong>"Novelty"</strong>": how far from the hits the picks are, in bits (higher is less mainstream)."</li>
        </ul>
    }
    .into_any()
}

fn row(r: LabRow) -> impl IntoView {
    let cell = |v: f64| view! { <td>{format!("{v:.3}")}</td> };
    view! {
        <tr data-model=r.model.clone()>
            <th scope="row">{r.model.clone()}</th>
            {cell(r.precision)}{cell(r.recall)}{cell(r.map)}{cell(r.mrr)}{cell(r.ndcg)}
            {cell(r.variety)}<td>{format!("{:.2}", r.novelty)}</td>
        </tr>
    }
}

fn skips(report: LabReport) -> AnyView {
    if report.skip_rate.len() < 2 {
        return view! { <p class="empty">"This needs at least two months of your listening history."</p> }
            .into_any();
    }
    let (labels, rates): (Vec<String>, Vec<f32>) = report
        .skip_rate
        .into_iter()
        .map(|(month, rate)| (month, rate as f32))
        .unzip();
    let series = vec![("Plays skipped".to_string(), rates)];
    view! { <Lines labels series/> }.into_any()
}

fn learning(curve: Vec<f32>) -> AnyView {
    if curve.len() < 2 {
        return view! {
            <p class="empty">
                "Like, skip or play a few more tracks on "<a href=app_href("/")>"Home"</a>
                ": every five reactions add a point here."
            </p>
        }
        .into_any();
    }
    let labels = (1..=curve.len())
        .map(|i| format!("{}–{}", 5 * i - 4, 5 * i))
        .collect();
    let series = vec![(
        "Likes and full plays, of each five reactions".to_string(),
        curve,
    )];
    view! {
        <p class="muted">"When this rises, the lists are learning what suits you."</p>
        <Lines labels series/>
    }
    .into_any()
}
