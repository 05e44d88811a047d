use crate::components::coming_soon::ComingSoon;
use leptos::prelude::*;

#[component]
pub fn Insights() -> impl IntoView {
    view! {
        <ComingSoon title="Insights" issue=7>
            <p>"Your sound as a radar chart, a listening clock, top artists over time and a map of your taste."</p>
        </ComingSoon>
    }
}
