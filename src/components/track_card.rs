use crate::spotify::like;
use crate::spotify_sync::{SpotifySync, SyncState};
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
    let like_label = format!("Like {title} on Spotify");
    let connected = use_context::<SpotifySync>().map(|s| s.state);
    let liked = Action::new_local({
        let id = spotify_id.clone();
        move |_: &()| {
            let id = id.clone();
            async move { like(&id).await.map_err(|e| e.to_string()) }
        }
    });
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
            <div class="card-actions">
                {move || connected.filter(|s| !matches!(s.get(), SyncState::SignedOut | SyncState::NeedsSignIn(_))).map(|_| {
                    let like_label = like_label.clone();
                    view! {
                        <button class="like" aria-label=like_label aria-pressed=move || (liked.value().get() == Some(Ok(()))).to_string()
                            disabled=move || liked.pending().get() || liked.value().get() == Some(Ok(()))
                            on:click=move |_| { liked.dispatch(()); }>
                            {move || if liked.value().get() == Some(Ok(())) { "Liked" } else { "Like" }}
                        </button>
                        {move || liked.value().get().and_then(Result::err).map(|e| view! { <span class="notice-error" role="alert">{e}</span> })}
                    }
                })}
                <a class="open-spotify" href=href target="_blank" rel="noopener noreferrer" aria-label=label>
                    "Open"
                </a>
            </div>
        </li>
    }
}
