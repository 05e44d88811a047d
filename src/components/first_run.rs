use crate::paths::app_href;
use leptos::prelude::*;

/// The first screen: three ways in. Only the demo needs no set-up, so it comes first.
#[component]
pub fn FirstRun(
    /// Called when the listener chooses the demo.
    #[prop(into)]
    on_demo: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="page first-run">
            <h1>"Music recommendations that stay on your device"</h1>
            <p class="lead">
                "Attune learns your taste in this browser tab. Nothing about your listening is sent anywhere."
            </p>
            <div class="ways-in">
                <article class="way">
                    <h2>"Try the demo"</h2>
                    <p>"Pick a few artists or songs you like from a catalog of 4,500 tracks and see what Attune suggests."</p>
                    <button class="primary" on:click=move |_| on_demo.run(())>"Try the demo"</button>
                </article>
                <article class="way">
                    <h2>"Import your Spotify data"</h2>
                    <p>"Use the history from Spotify's “Download your data”. Years of listening, read on your device."</p>
                    <a class="button" href=app_href("/import")>"Import your Spotify data"</a>
                </article>
                <article class="way">
                    <h2>"Connect Spotify"</h2>
                    <p>"Sign in with your own Spotify app's Client ID to sync what you play."</p>
                    <a class="button" href=app_href("/connect")>"Connect Spotify"</a>
                </article>
            </div>
        </section>
    }
}
