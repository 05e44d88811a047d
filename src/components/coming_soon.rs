use leptos::prelude::*;

/// An honest placeholder for a section that is not built yet: what it will do and where the work is.
#[component]
pub fn ComingSoon(
    /// The section's heading.
    title: &'static str,
    /// The issue that builds it.
    issue: u32,
    /// What the section will do, in the listener's words.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="page coming-soon">
            <h1>{title}</h1>
            <div class="notice">
                {children()}
                <p class="muted">{format!("Not built yet: this is tracked as issue #{issue}.")}</p>
            </div>
        </section>
    }
}
