//! What the pages made from the listener's taste share: a first step to show until a way in is chosen,
//! and the catalog, loaded the first time a page needs it.

use crate::catalog_asset::SharedCatalog;
use crate::paths::app_href;
use crate::prefs::{Prefs, Source};
use attune_engine::ContentIndex;
use leptos::prelude::*;
use std::sync::Arc;

/// The page for the way in the listener chose; before they chose one, what the page needs and where to
/// go first.
#[component]
pub fn NeedsTaste(
    /// The page's CSS class and heading.
    class: &'static str,
    title: &'static str,
    /// Why the page needs a taste, in one sentence.
    why: &'static str,
    page: fn(Source) -> AnyView,
) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    move || match prefs.source.get() {
        Source::NotChosen => view! {
            <section class=format!("page {class}")>
                <h1>{title}</h1>
                <p class="empty">
                    {why}" "
                    <a href=app_href("/import")>"Import your Spotify data"</a>
                    " or "<a href=app_href("/")>"try the demo"</a>" first."
                </p>
            </section>
        }
        .into_any(),
        source => page(source),
    }
}

/// `render` with the app's catalog once it has loaded; a loading line until then, the reason if it
/// cannot.
#[component]
pub fn WithCatalog<F>(render: F) -> impl IntoView
where
    F: Fn(Arc<ContentIndex>) -> AnyView + Clone + Send + Sync + 'static,
{
    let index = expect_context::<SharedCatalog>().get();
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading the music catalog…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <Failed errors/> }>
                {move || {
                    let render = render.clone();
                    Suspend::new(async move { index.await.map(render) })
                }}
            </ErrorBoundary>
        </Suspense>
    }
}

/// What went wrong, in the words written for the listener.
#[component]
pub fn Failed(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| view! { <p class="error" role="alert">{error.to_string()}</p> })
            .collect_view()
    }
}
