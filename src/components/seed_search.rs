use attune_engine::{ContentIndex, SearchHit, Seed};
use leptos::prelude::*;
use std::sync::Arc;

/// How many matches the search offers at once.
const SHOWN: usize = 8;

/// A search box over the catalog; picking a match hands it over as a seed.
#[component]
pub fn SeedSearch(
    index: Arc<ContentIndex>,
    /// Called with the match the listener picked.
    #[prop(into)]
    on_pick: Callback<Seed>,
) -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let matches = move || {
        let catalog = index.catalog();
        catalog
            .search(&query.get(), SHOWN)
            .into_iter()
            .map(|hit| {
                let (seed, kind) = match hit {
                    SearchHit::Track(t) => (Seed::Track(t), "Track"),
                    SearchHit::Artist(a) => (Seed::Artist(a), "Artist"),
                };
                let label = seed.label(catalog);
                view! {
                    <li>
                        <button
                            class="search-hit"
                            on:click=move |_| {
                                on_pick.run(seed);
                                set_query.set(String::new());
                            }
                        >
                            <span class="kind">{kind}</span>
                            <span class="label">{label}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="seed-search">
            <label for="seed-query">"Search for artists or songs you like"</label>
            <input
                id="seed-query"
                type="search"
                autocomplete="off"
                placeholder="e.g. Billie Eilish, Daft Punk, Bad Bunny"
                prop:value=query
                on:input=move |ev| set_query.set(event_target_value(&ev))
            />
            <ul class="search-hits" aria-label="Matches">{matches}</ul>
        </div>
    }
}
