use crate::components::coming_soon::ComingSoon;
use leptos::prelude::*;

#[component]
pub fn Library() -> impl IntoView {
    view! {
        <ComingSoon title="Library" issue=4>
            <p>"Your plays, tracks and artists, from a Spotify data export or a connected account, stored only in this browser."</p>
        </ComingSoon>
    }
}
