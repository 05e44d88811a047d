use crate::spotify::{ask_for, Permission};
use leptos::prelude::*;

/// "Allow in Spotify": signs in again asking for one more permission, and comes back to this screen.
/// What waits for it is already kept, and goes out with the sync that follows.
#[component]
pub fn AllowInSpotify(permission: Permission) -> impl IntoView {
    let ask = Action::new_local(move |_: &()| async move {
        ask_for(permission).await.map_err(|e| e.to_string())
    });
    // The visible words first, so speech input that says them finds the button (WCAG 2.5.3).
    let label = format!("Allow in Spotify: {}", permission.lets());
    view! {
        <button class="allow" aria-label=label disabled=move || ask.pending().get()
            on:click=move |_| { ask.dispatch(()); }>
            "Allow in Spotify"
        </button>
        {move || ask.value().get().and_then(Result::err).map(|e| view! {
            <span class="notice-error" role="alert">{e}</span>
        })}
    }
}
