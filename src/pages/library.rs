use crate::components::import_report::HistorySummary;
use crate::components::played_together::PlayedTogether;
use crate::format::{day, thousands};
use crate::my_data::{download, plays_csv};
use crate::paths::app_href;
use crate::store::{ImportRecord, Store, StoreError, StoredPlay};
use attune_engine::import::Summary;
use leptos::prelude::*;

/// What is stored: the history's numbers, where it came from, and plain exports of the plays.
#[component]
pub fn Library() -> impl IntoView {
    let library = LocalResource::new(load);
    view! {
        <section class="page library">
            <h1>"Library"</h1>
            <p class="lead">"Your listening history, stored only in this browser."</p>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Reading your library…"</p> }>
                {move || Suspend::new(async move {
                    match library.await {
                        Ok((plays, other, imports)) if !plays.is_empty() || !other.is_empty() => {
                            view! { <LibraryView plays other imports/> }.into_any()
                        }
                        Ok(_) => view! {
                            <p class="empty">"Nothing stored yet. "<a href=app_href("/import")>"Import your Spotify data"</a>" to start."</p>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

type Stored = (Vec<StoredPlay>, Vec<StoredPlay>, Vec<ImportRecord>);

async fn load() -> Result<Stored, StoreError> {
    let store = Store::open().await?;
    let stored = (
        store.music_plays().await?,
        store.other_plays().await?,
        store.imports().await?,
    );
    Ok(stored)
}

#[component]
fn LibraryView(
    plays: Vec<StoredPlay>,
    other: Vec<StoredPlay>,
    imports: Vec<ImportRecord>,
) -> impl IntoView {
    let everything: Vec<_> = plays
        .iter()
        .chain(&other)
        .map(StoredPlay::to_play)
        .collect();
    let summary = Summary::of(&everything, &Default::default());
    let all: Vec<StoredPlay> = plays.into_iter().chain(other).collect();
    let csv = {
        let all = all.clone();
        move |_| {
            let _ = download("attune-plays.csv", "text/csv", plays_csv(&all).as_bytes());
        }
    };
    let json = move |_| {
        let text = serde_json::to_vec_pretty(&all).unwrap_or_default();
        let _ = download("attune-plays.json", "application/json", &text);
    };
    let history = imports
        .into_iter()
        .rev()
        // Every sync records its pages; the ones that brought no play would only bury the imports.
        .filter(|record| {
            record.added + record.duplicates > 0
                || !record.files.iter().all(|f| f.starts_with("Spotify:"))
        })
        .map(|record| {
            let when = day((record.at / 1000.0) as i64);
            let files = record.files.join(", ");
            view! {
                <li>
                    {format!("{when}: {} new plays from {files}", thousands(record.added))}
                    {(record.duplicates > 0).then(|| format!(" ({} already stored)", thousands(record.duplicates)))}
                </li>
            }
        })
        .collect_view();
    view! {
        <HistorySummary summary label="Your library"/>
        <div class="actions">
            <button on:click=csv>"Download plays as CSV"</button>
            <button on:click=json>"Download plays as JSON"</button>
            <a class="button" href=app_href("/import")>"Import more"</a>
        </div>
        <h2>"What you play together"</h2>
        <PlayedTogether/>
        <h2>"Where it came from"</h2>
        <ul class="import-history">{history}</ul>
    }
}
