use crate::paths::app_href;
use crate::spotify;
use crate::spotify::scheduler::SpotifySync;
use leptos::prelude::*;

/// Where Spotify sends the listener back: finishes signing in, takes the code and state out of the
/// address bar at once, then moves on to Connect, where the first sync shows its progress (or back to
/// the screen that asked for a permission).
#[component]
pub fn Callback() -> impl IntoView {
    let sync = expect_context::<SpotifySync>();
    let navigate = leptos_router::hooks::use_navigate();
    let query = window().location().search().unwrap_or_default();
    // The code is single-use and the state secret: neither stays in the URL or in history.
    let _ = window()
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("callback")));
    let outcome = LocalResource::new(move || spotify::complete_sign_in_owned(query.clone()));
    Effect::new(move || {
        if let Some(Ok(go_on_to)) = outcome.get() {
            sync.signed_in();
            navigate(
                &app_href(&go_on_to),
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    view! {
        <section class="page callback">
            <h1>"Connecting Spotify"</h1>
            {move || match outcome.get() {
                None => view! { <p class="loading" role="status">"Finishing the sign-in…"</p> }.into_any(),
                Some(Ok(_)) => view! { <p role="status">"Connected."</p> }.into_any(),
                Some(Err(message)) => view! {
                    <p class="notice notice-error" role="alert">{message.to_string()}</p>
                    <p><a class="button" href=app_href("/connect")>"Back to Connect"</a></p>
                }.into_any(),
            }}
        </section>
    }
}
