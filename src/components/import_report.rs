use crate::format::{count, day, percent, thousands};
use crate::worker::import::requests::{FileLine, FileOutcome, ImportProgress};
use attune_engine::import::Summary;
use leptos::prelude::*;

/// The running import: a progress bar with files, records and percent, and a cancel button.
#[component]
pub fn ImportProgressBar(
    progress: Option<ImportProgress>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let (value, text) = match &progress {
        Some(p) => (
            p.percent,
            format!(
                "File {} of {} · {} records read · {:.0}%",
                p.files_done.min(p.files_total),
                p.files_total,
                thousands(p.records),
                p.percent
            ),
        ),
        None => (0.0, "Reading your files…".to_string()),
    };
    view! {
        <div class="import-progress" role="status">
            <progress max="100" value=value aria-label="Import progress"></progress>
            <span>{text}</span>
            <button on:click=move |_| on_cancel.run(())>"Cancel"</button>
        </div>
    }
}

/// What happened to each file.
#[component]
pub fn ImportFiles(files: Vec<FileLine>) -> impl IntoView {
    let rows = files
        .into_iter()
        .map(|line| {
            let (class, text) = match line.outcome {
                FileOutcome::Stored {
                    records,
                    added,
                    duplicates,
                } => (
                    "stored",
                    format!(
                        "{} records: {} new plays stored, {} already there",
                        thousands(records),
                        thousands(added),
                        thousands(duplicates)
                    ),
                ),
                FileOutcome::Saved {
                    tracks,
                    artists,
                    playlists,
                } => (
                    "stored",
                    format!(
                        "saved {}, {}, {}",
                        count(tracks, "liked song", "liked songs"),
                        count(artists, "followed artist", "followed artists"),
                        count(playlists, "playlist", "playlists")
                    ),
                ),
                FileOutcome::Skipped { why } => ("skipped", format!("skipped: {why}")),
                FileOutcome::Refused { why } => ("refused", why),
            };
            let role = (class == "refused").then_some("alert");
            view! {
                <li class=format!("file-line {class}") role=role>
                    <span class="file-name">{line.name}</span>
                    <span class="file-outcome">{text}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="file-lines">{rows}</ul> }
}

/// The numbers of a history: plays, tracks, artists, dates, skips, what was set aside.
#[component]
pub fn HistorySummary(summary: Summary, #[prop(into)] label: String) -> impl IntoView {
    let dates = match (summary.first_ts, summary.last_ts) {
        (Some(first), Some(last)) => format!("{} to {}", day(first), day(last)),
        _ => "–".into(),
    };
    let rejected: usize = summary.rejected.values().sum();
    let reasons = summary
        .rejected
        .iter()
        .map(|(why, n)| format!("{why} ({})", thousands(*n)))
        .collect::<Vec<_>>()
        .join(", ");
    let field = |name: &'static str, label: &'static str, value: usize, shown: String| {
        view! {
            <div class="stat">
                <dt>{label}</dt>
                <dd data-field=name data-value=value.to_string()>{shown}</dd>
            </div>
        }
    };
    view! {
        <dl class="summary" aria-label=label>
            {field("music_plays", "Music plays", summary.music_plays, thousands(summary.music_plays))}
            {field("distinct_tracks", "Tracks", summary.distinct_tracks, thousands(summary.distinct_tracks))}
            {field("distinct_artists", "Artists", summary.distinct_artists, thousands(summary.distinct_artists))}
            <div class="stat wide"><dt>"Dates"</dt><dd data-field="dates">{dates}</dd></div>
            {field("skipped", "Skipped", summary.skipped, percent(summary.skipped, summary.music_plays))}
            {field("podcast_plays", "Podcasts set aside", summary.podcast_plays, thousands(summary.podcast_plays))}
            {(summary.audiobook_plays > 0).then(|| field("audiobook_plays", "Audiobooks set aside", summary.audiobook_plays, thousands(summary.audiobook_plays)))}
            {(rejected > 0).then(|| view! {
                <div class="stat wide">
                    <dt>"Records left out"</dt>
                    <dd data-field="rejected" data-value=rejected.to_string()>{format!("{}: {reasons}", thousands(rejected))}</dd>
                </div>
            })}
        </dl>
    }
}
