use crate::components::import_drop::ImportDrop;
use crate::components::import_report::{HistorySummary, ImportFiles, ImportProgressBar};
use crate::format::count;
use crate::my_data::request_persistence;
use crate::paths::app_href;
use crate::prefs::{Prefs, Source};
use crate::worker::import::client::{ImportState, Importer};
use crate::worker::import::requests::Saved;
use leptos::prelude::*;

/// Import the Spotify export: drop or pick, watch it being read, see what it held.
#[component]
pub fn Import() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let importer = Importer::new();
    on_cleanup(move || importer.cancel());
    let start = move |files| {
        // The listener is trusting the browser with years of history: ask it not to evict them.
        leptos::task::spawn_local(async {
            request_persistence().await;
        });
        importer.start(files);
    };
    let busy = Signal::derive(move || matches!(importer.state.get(), ImportState::Running(_)));
    let status = move || {
        match importer.state.get() {
        ImportState::Idle => ().into_any(),
        ImportState::Running(progress) => {
            view! { <ImportProgressBar progress on_cancel=move |_| importer.cancel()/> }.into_any()
        }
        ImportState::Cancelled => view! {
            <p class="notice" role="status">
                "Import cancelled. The file being read was not stored; files listed as stored are kept."
            </p>
        }
        .into_any(),
        ImportState::Failed(message) => {
            view! { <p class="notice notice-error" role="alert">{message}</p> }.into_any()
        }
        ImportState::Finished(report) => {
            if report.library.music_plays > 0 || report.saved.tracks > 0 {
                prefs.source.set(Source::Library);
            }
            view! {
                <section class="import-report" aria-labelledby="import-done" data-read-back-ms=report.read_back_ms.to_string()>
                    <h2 id="import-done">"Imported"</h2>
                    <p class="lead">
                        {format!(
                            "{} stored, {} already in your library.",
                            count(report.added, "new play", "new plays"),
                            count(report.duplicates, "was", "were")
                        )}
                    </p>
                    <HistorySummary summary=report.this_import label="What the files held"/>
                    <h2>"Your library now"</h2>
                    <HistorySummary summary=report.library label="Your library"/>
                    {(report.saved != Saved::default()).then(|| view! {
                        <p data-field="saved">{format!(
                            "Also kept: {}, {} and {}. Attune counts them as strong likes.",
                            count(report.saved.tracks, "liked song", "liked songs"),
                            count(report.saved.artists, "followed artist", "followed artists"),
                            count(report.saved.playlists, "playlist", "playlists")
                        )}</p>
                    })}
                    <p><a class="button primary" href=app_href("/")>"See recommendations from your history"</a></p>
                </section>
            }
            .into_any()
        }
    }
    };
    view! {
        <section class="page import">
            <h1>"Import your Spotify data"</h1>
            <p class="lead">
                "Attune reads Spotify's “Download your data” export in this tab and keeps it in this browser. Nothing is uploaded."
            </p>
            <details class="how-to">
                <summary>"How to get your export"</summary>
                <ol>
                    <li>"Open Spotify's account page, Privacy settings, and request your data."</li>
                    <li>"“Account data” arrives within days; “Extended streaming history” (every play since you joined, with skips) within 30 days."</li>
                    <li>"Spotify emails a link to a zip. Drop that zip here, as it is."</li>
                </ol>
            </details>
            <ImportDrop on_files=move |files| start(files) busy/>
            {status}
            {move || {
                let files = importer.files.get();
                (!files.is_empty()).then(|| view! { <ImportFiles files/> })
            }}
        </section>
    }
}
