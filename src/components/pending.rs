//! What a list shows while the recommender's answer is on its way, or why it will not come. A request
//! that fails says so here and nowhere else: the worker and the other lists carry on.

use leptos::prelude::*;

/// `error` is the request's failure, if it failed (see `Answer::error`).
#[component]
pub fn Pending(
    #[prop(into)] error: Signal<Option<String>>,
    loading: &'static str,
) -> impl IntoView {
    move || {
        match error.get() {
        Some(message) => view! {
            <p class="notice-error" role="alert">
                {format!("This could not be made: {}. Reload the page to try again.", message.trim_end_matches('.'))}
            </p>
        }
        .into_any(),
        None => view! { <p class="loading" role="status">{loading}</p> }.into_any(),
    }
    }
}
