use crate::components::app_status::OfflineBadge;
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: the name and the five sections.
#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <header class="top-bar">
            <A href="/" attr:class="brand">"Attune"</A>
            <nav aria-label="Sections">
                <A href="/">"Home"</A>
                <A href="/library">"Library"</A>
                <A href="/mixes">"Mixes"</A>
                <A href="/insights">"Insights"</A>
                <A href="/settings">"Settings"</A>
            </nav>
            <OfflineBadge/>
        </header>
    }
}
