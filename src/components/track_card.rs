use leptos::prelude::*;

/// One recommended track with the reasons it was chosen.
#[component]
pub fn TrackCard(
    /// Position in the list, from 1.
    rank: usize,
    title: String,
    artists: String,
    /// Short reasons, most important first.
    why: Vec<String>,
    /// Spotify track id, for the "open in Spotify" link.
    spotify_id: String,
) -> impl IntoView {
    let href = format!("https://open.spotify.com/track/{spotify_id}");
    let label = format!("Open {title} in Spotify");
    view! {
        <li class="track-card">
            <span class="rank" aria-hidden="true">{rank}</span>
            <div class="track-main">
                <p class="track-title">{title}</p>
                <p class="track-artists">{artists}</p>
                <ul class="why" aria-label="Why this track">
                    {why.into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
                </ul>
            </div>
            <a class="open-spotify" href=href target="_blank" rel="noopener noreferrer" aria-label=label>
                "Open"
            </a>
        </li>
    }
}
