use crate::components::coming_soon::ComingSoon;
use leptos::prelude::*;

#[component]
pub fn Import() -> impl IntoView {
    view! {
        <ComingSoon title="Import your Spotify data" issue=4>
            <p>"Drop the zip from Spotify's “Download your data” here. Attune reads it in this tab and keeps it in this browser; nothing is uploaded."</p>
        </ComingSoon>
    }
}
