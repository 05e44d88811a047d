use crate::components::allow_in_spotify::AllowInSpotify;
use crate::spotify::{like, Liked, Permission};
use leptos::prelude::*;

/// Likes sent to Spotify from the cards, and how the last one went. It lives with the app, not the
/// card: a liked card makes way for what the like leads to, and the answer must still be told.
#[derive(Clone, Copy)]
pub struct SpotifyLikes {
    last: RwSignal<Option<Result<Liked, String>>>,
}

impl SpotifyLikes {
    pub fn new() -> SpotifyLikes {
        SpotifyLikes {
            last: RwSignal::new(None),
        }
    }

    /// Likes the track on Spotify (or keeps it until the listener allows it).
    pub fn send(&self, track_id: String) {
        let last = self.last;
        last.set(None);
        leptos::task::spawn_local(async move {
            last.set(Some(like(&track_id).await.map_err(|e| e.to_string())));
        });
    }
}

impl Default for SpotifyLikes {
    fn default() -> Self {
        SpotifyLikes::new()
    }
}

/// What became of the last like on Spotify, when there is something to say (it waits for the
/// listener's permission, or it failed), on every screen with cards, until dismissed.
#[component]
pub fn LikeOnSpotify() -> impl IntoView {
    let likes = use_context::<SpotifyLikes>();
    let dismiss = move |_| {
        if let Some(likes) = likes {
            likes.last.set(None);
        }
    };
    move || {
        let said = match likes.and_then(|likes| likes.last.get())? {
            Ok(Liked::OnSpotify) => return None,
            Ok(Liked::WaitsForPermission) => view! {
                <span role="status" data-field="like-waits">"Liked here. To add it to your Liked Songs on Spotify too, allow it:"</span>
                " "<AllowInSpotify permission=Permission::Like/>
            }
            .into_any(),
            Err(e) => view! {
                <span role="alert">{format!("Not liked on Spotify: {e}")}</span>
            }
            .into_any(),
        };
        Some(view! {
            <div class="update-banner like-on-spotify">
                {said}
                " "<button class="link-button" on:click=dismiss>"Dismiss"</button>
            </div>
        })
    }
}
