use crate::data_events::DataEvent;
use crate::paths::app_href;
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

/// What another tab did to the listener's data: a change is offered as a reload (this tab's lists were
/// made before it), an erase empties this tab too, at once, back to the first run.
#[component]
pub fn OtherTabsBanner() -> impl IntoView {
    let heard = crate::data_events::from_other_tabs();
    let recommender = use_context::<crate::worker::recommender::client::SharedRecommender>();
    Effect::new(move || {
        if heard.get() == Some(DataEvent::Erased) {
            // The worker holds the listener's taste in memory: it goes first, then the page's state.
            if let Some(recommender) = recommender {
                recommender.stop();
            }
            let _ = window().location().replace(&app_href("/"));
        }
    });
    move || {
        (heard.get() == Some(DataEvent::Changed)).then(|| {
            view! {
                <div class="update-banner" role="status" data-field="changed-elsewhere">
                    <span>"Your listening data changed in another tab."</span>
                    <button class="primary" on:click=move |_| { let _ = window().location().reload(); }>
                        "Show the new lists"
                    </button>
                </div>
            }
        })
    }
}
