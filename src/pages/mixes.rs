use crate::components::coming_soon::ComingSoon;
use leptos::prelude::*;

#[component]
pub fn Mixes() -> impl IntoView {
    view! {
        <ComingSoon title="Mixes" issue=7>
            <p>"Daily Mixes from the clusters of your taste, a weekly discovery list, and a playlist builder with tempo and energy ranges."</p>
        </ComingSoon>
    }
}
