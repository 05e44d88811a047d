use crate::paths::app_href;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href=app_href("/")>"Go to Home"</a> "."</p>
        </section>
    }
}
