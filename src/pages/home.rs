use crate::catalog_asset::load_catalog;
use crate::components::{demo::DemoRecommender, first_run::FirstRun};
use crate::prefs::{Prefs, Source};
use crate::worker_client::RecommenderWorker;
use leptos::prelude::*;

/// Home: the three ways in on a first visit, then the listener's recommendations.
#[component]
pub fn Home() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    move || match prefs.source.get() {
        Source::NotChosen => {
            view! { <FirstRun on_demo=move |_| prefs.source.set(Source::Demo)/> }.into_any()
        }
        Source::Demo => view! { <DemoHome/> }.into_any(),
    }
}

/// The demo over the bundled catalog, downloaded the first time it is shown.
#[component]
fn DemoHome() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let index = LocalResource::new(load_catalog);
    // The collaborative model trains in a worker while the content list is already on screen.
    let worker = RecommenderWorker::start();
    provide_context(worker);
    on_cleanup(move || worker.stop());
    view! {
        <section class="page home">
            <div class="page-head">
                <h1>"For you"</h1>
                <p class="muted">"Demo mode: recommendations from Attune's bundled catalog, computed in this tab."</p>
                <button class="link-button" on:click=move |_| prefs.source.set(Source::NotChosen)>
                    "Leave the demo"
                </button>
            </div>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading the music catalog…"</p> }>
                {move || Suspend::new(async move {
                    match index.await {
                        Ok(index) => view! { <DemoRecommender index seeds=prefs.seeds/> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
