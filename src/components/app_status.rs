use crate::pwa::AppStatus;
use leptos::prelude::*;

/// "Offline" in the top bar while the browser has no connection: everything but Spotify keeps working.
#[component]
pub fn OfflineBadge() -> impl IntoView {
    let status = expect_context::<AppStatus>();
    move || {
        (!status.online.get()).then(|| {
            view! {
                <span class="offline-badge" role="status" title="Recommendations, your library and feedback work offline; Spotify sync waits for the connection.">
                    "Offline"
                </span>
            }
        })
    }
}

/// Offers a newer build once it is ready, rather than swapping the app under the listener.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let status = expect_context::<AppStatus>();
    move || {
        status.update.get().is_some().then(|| {
            view! {
                <div class="update-banner" role="status">
                    <span>"A new version of Attune is ready."</span>
                    <button class="primary" on:click=move |_| status.apply_update()>"Reload"</button>
                </div>
            }
        })
    }
}
