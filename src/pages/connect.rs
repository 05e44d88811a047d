use crate::components::coming_soon::ComingSoon;
use leptos::prelude::*;

#[component]
pub fn Connect() -> impl IntoView {
    view! {
        <ComingSoon title="Connect Spotify" issue=5>
            <p>"Sign in with your own Spotify app's Client ID. Attune will sync your recently played tracks, top items, saved tracks and playlists, and can save the lists it makes back to Spotify."</p>
        </ComingSoon>
    }
}
