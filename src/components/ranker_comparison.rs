//! The model lab's comparison of rankers on the listener's own reactions: Home's lists interleaved from
//! two rankers (who got the likes, adds and full plays), and off-policy estimates from the lists the
//! re-ranker drew. Computed in the worker.

use crate::components::pending::Pending;
use crate::prefs::Prefs;
use crate::worker::recommender::client::{RecommenderWorker, WorkerStatus};
use crate::worker::recommender::requests::CompareRankers;
use attune_engine::bandit::compare::{Comparison, RankerEstimate};
use attune_engine::bandit::estimators::Estimate;
use attune_engine::bandit::interleave::Tally;
use leptos::prelude::*;

#[component]
pub fn RankerComparison(worker: RecommenderWorker) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    Effect::new(move || {
        worker.learned.track();
        if worker.status.get() == WorkerStatus::Ready {
            worker.request(worker.comparison, CompareRankers);
        }
    });
    let result = move || {
        match worker.comparison.current() {
        None => view! { <Pending error=Signal::derive(move || worker.comparison.error()) loading="Comparing…"/> }
            .into_any(),
        Some(comparison) => results(comparison),
    }
    };
    view! {
        <h2>"Comparing rankers on your reactions"</h2>
        <label class="check">
            <input type="checkbox" prop:checked=move || prefs.compare.get()
                on:change=move |ev| prefs.compare.set(event_target_checked(&ev))/>
            "Compare on Home: mix the context re-ranker's picks with your sources' own order, and count "
            "which side your likes, adds and full plays go to"
        </label>
        {result}
    }
}

fn results(comparison: Comparison) -> AnyView {
    let interleaving = interleaving(comparison.interleaved);
    let estimates = if comparison.estimates.is_empty() {
        view! {
            <p class="empty">"React to a few tracks on Home (with comparing off) for estimates from the lists the re-ranker drew."</p>
        }
        .into_any()
    } else {
        estimates_table(&comparison)
    };
    view! { <p data-field="interleaving">{interleaving}</p> {estimates} }.into_any()
}

fn interleaving(tally: Tally) -> String {
    let Some((share, (low, high))) = tally.share_of_a() else {
        return "No compared list has a like, add or full play yet: turn comparing on and react to a few \
                tracks on Home."
            .into();
    };
    let verdict = if low > 0.5 {
        "Your reactions prefer the context re-ranker."
    } else if high < 0.5 {
        "Your reactions prefer your sources' own order."
    } else {
        "No clear winner yet."
    };
    format!(
        "The context re-ranker won {} of {} compared lists and your sources' own order {} ({:.0} %, 95 % \
         interval {:.0}–{:.0} %; {} tied). {verdict}",
        tally.a,
        tally.a + tally.b,
        tally.b,
        100.0 * share,
        100.0 * low,
        100.0 * high,
        tally.ties
    )
}

fn estimates_table(comparison: &Comparison) -> AnyView {
    let caption = format!(
        "Estimated reward per card, from {} lists the re-ranker drew ({} cards, {} with a reaction)",
        comparison.lists, comparison.slots, comparison.reacted_slots
    );
    let rows = comparison.estimates.iter().map(row).collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Ranker estimates, scrolls sideways">
            <table class="metrics">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">"Ranker"</th><th scope="col">"IPS"</th>
                    <th scope="col">"SNIPS"</th><th scope="col">"DR"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="muted plain-words">
            "A reward is −1 for a dislike or an immediate skip, ½ for a full play, 1 for a like, an add or a "
            "replay, 0 when you did nothing. Each estimate replays a ranker on the lists you were shown, "
            "weighting what you did by how likely that ranker was to show the same card; the range is its "
            "95 % interval."
        </p>
    }
    .into_any()
}

fn row(estimate: &RankerEstimate) -> impl IntoView {
    let cell = |e: Option<Estimate>| match e {
        Some((mean, (low, high))) => format!("{mean:+.2} ({low:+.2} to {high:+.2})"),
        None => "—".into(),
    };
    view! {
        <tr data-ranker=estimate.name.clone()>
            <th scope="row">{estimate.name.clone()}</th>
            <td>{cell(Some(estimate.ips))}</td>
            <td>{cell(estimate.snips)}</td>
            <td>{cell(Some(estimate.doubly_robust))}</td>
        </tr>
    }
}
