use crate::components::{
    context_bar::ContextBar,
    demo::DemoRecommender,
    first_run::FirstRun,
    history_recs::HistoryRecommender,
    page_frame::WithCatalog,
    player::{Player, PlayerBar},
};
use crate::prefs::{Prefs, Source};
use attune_engine::ContentIndex;
use leptos::prelude::*;
use std::sync::Arc;

/// Home: the three ways in on a first visit, then the listener's recommendations.
#[component]
pub fn Home() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    move || {
        match prefs.source.get() {
        Source::NotChosen => {
            view! { <FirstRun on_demo=move |_| prefs.source.set(Source::Demo)/> }.into_any()
        }
        Source::Demo => view! {
            <ForYou
                intro="Demo mode: recommendations from Attune's bundled catalog, computed in this tab."
                leave="Leave the demo"
                list=demo_list
            />
        }
        .into_any(),
        Source::Library => view! {
            <ForYou
                intro="From your listening history, stored and computed in this browser."
                leave="Start over"
                list=history_list
            />
        }
        .into_any(),
    }
    }
}

fn demo_list(index: Arc<ContentIndex>) -> AnyView {
    let seeds = expect_context::<Prefs>().seeds;
    view! { <DemoRecommender index seeds/> }.into_any()
}

fn history_list(index: Arc<ContentIndex>) -> AnyView {
    view! { <HistoryRecommender index/> }.into_any()
}

/// The page around a recommendation list: the catalog, downloaded the first time it is shown, and
/// the collaborative model training in a worker while the rest is already on screen.
#[component]
fn ForYou(
    intro: &'static str,
    /// The label of the button back to the three ways in.
    leave: &'static str,
    list: fn(Arc<ContentIndex>) -> AnyView,
) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let (worker, player) = Player::for_page();
    view! {
        <section class="page home">
            <div class="page-head">
                <h1>"For you"</h1>
                <p class="muted">{intro}</p>
                <button class="link-button" on:click=move |_| prefs.source.set(Source::NotChosen)>
                    {leave}
                </button>
            </div>
            <ContextBar worker/>
            <WithCatalog render=list/>
            <PlayerBar player/>
        </section>
    }
}
