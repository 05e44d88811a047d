use crate::components::app_status::OfflineBadge;
use crate::paths::app_href;
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: the name and the sections.
#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <header class="top-bar">
            <A href=app_href("/") attr:class="brand">"Attune"</A>
            <nav aria-label="Sections">
                <A href=app_href("/")>"Home"</A>
                <A href=app_href("/library")>"Library"</A>
                <A href=app_href("/mixes")>"Mixes"</A>
                <A href=app_href("/builder")>"Builder"</A>
                <A href=app_href("/blend")>"Blend"</A>
                <A href=app_href("/insights")>"Insights"</A>
                <A href=app_href("/settings")>"Settings"</A>
            </nav>
            <OfflineBadge/>
        </header>
    }
}
