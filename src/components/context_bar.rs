//! The context bar on Home: the time of day as the lists see it, the activity in one tap, and what the
//! recommender has learnt from the listener's reactions, with a way to forget it.

use crate::listening::{time_of_day, ListeningMoment};
use crate::worker::recommender::client::RecommenderWorker;
use attune_engine::bandit::Activity;
use leptos::prelude::*;

/// The activities offered, with their labels.
const ACTIVITIES: [(Activity, &str); 6] = [
    (Activity::None, "Anything"),
    (Activity::Workout, "Workout"),
    (Activity::Focus, "Focus"),
    (Activity::Relax, "Relax"),
    (Activity::Commute, "Commute"),
    (Activity::Party, "Party"),
];

#[component]
pub fn ContextBar(worker: RecommenderWorker) -> impl IntoView {
    let moment = expect_context::<ListeningMoment>();
    let chips = ACTIVITIES
        .iter()
        .map(|&(activity, label)| {
            let picked = move || moment.activity.get() == activity;
            view! {
                <button class="activity" aria-pressed=move || picked().to_string()
                    on:click=move |_| moment.activity.set(activity)>
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="context-bar" aria-label="Your listening moment">
            <p class="moment">
                <span class="muted">"Ranked for "</span>
                <strong data-field="time-of-day">{time_of_day()}</strong>
            </p>
            <div class="activities" role="group" aria-label="What are you doing?">{chips}</div>
            <LearnedFromReactions worker/>
            <p class="muted keys">"Keys on a focused card: P play · L like · A add to your playlist · S skip · D dislike."</p>
        </section>
    }
}

/// "Learned from 3 reactions on this device", with the reset behind a confirmation.
#[component]
fn LearnedFromReactions(worker: RecommenderWorker) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let summary = move || match worker.learned.get() {
        None => "Loading what it learned from your reactions…".to_string(),
        Some(0) => "Like, skip or dislike a track: the next list learns from it, on this device."
            .to_string(),
        Some(1) => "Learned from 1 reaction, on this device.".to_string(),
        Some(n) => format!("Learned from {n} reactions, on this device."),
    };
    let has_learned = move || worker.learned.get().is_some_and(|n| n > 0);
    view! {
        <div class="learned">
            <p class="muted" data-field="learned" role="status">{summary}</p>
            {move || (has_learned() && !confirming.get()).then(|| view! {
                <button class="link-button" on:click=move |_| confirming.set(true)>
                    "Reset what it learned"
                </button>
            })}
            {move || confirming.get().then(|| view! {
                <span class="confirm">
                    "Forget every reaction? "
                    <button class="danger" on:click=move |_| { worker.forget(); confirming.set(false); }>
                        "Forget them"
                    </button>
                    <button on:click=move |_| confirming.set(false)>"Keep"</button>
                </span>
            })}
            {move || worker.notice.get().map(|message| view! {
                <p class="reaction-notice" data-field="reaction-notice">{message}</p>
            })}
            {move || worker.learning_error.get().map(|message| view! {
                <p class="notice-error" role="alert">{message}</p>
            })}
        </div>
    }
}
