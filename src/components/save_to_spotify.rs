use crate::components::allow_in_spotify::AllowInSpotify;
use crate::spotify::scheduler::{SpotifySync, SyncState};
use crate::spotify::{save_playlist, PendingSave, Permission, Saved};
use leptos::prelude::*;

/// "Save to Spotify" for a generated list: a private playlist in the listener's account. Shown only
/// when Spotify is connected.
#[component]
pub fn SaveToSpotify(
    /// The playlist's name.
    name: &'static str,
    /// Spotify track ids, in order.
    #[prop(into)]
    tracks: Signal<Vec<String>>,
) -> impl IntoView {
    let sync = expect_context::<SpotifySync>();
    let save = Action::new_local(move |_: &()| async move {
        let pending = PendingSave::new(
            name,
            "Made by Attune, on your device, from your listening.",
            tracks
                .get_untracked()
                .iter()
                .map(|id| format!("spotify:track:{id}"))
                .collect(),
        );
        save_playlist(pending).await.map_err(|e| e.to_string())
    });
    // The button only while Spotify is connected; what became of a save stays said even if the
    // connection ends meanwhile (Spotify ending it is what queues a save in the first place).
    let connected = move || {
        !matches!(
            sync.state.get(),
            SyncState::SignedOut | SyncState::NeedsSignIn(_)
        )
    };
    view! {
        <span class="save-to-spotify">
            {move || connected().then(|| view! {
                <button disabled=move || save.pending().get() || tracks.get().is_empty() on:click=move |_| { save.dispatch(()); }>
                    "Save to Spotify"
                </button>
            })}
            {move || save.value().get().map(|result| match result {
                Ok(Saved::Open(url)) => view! {
                    <a href=url target="_blank" rel="noopener noreferrer" role="status">"Saved: open the playlist"</a>
                }.into_any(),
                Ok(Saved::Queued(None)) => view! {
                    <span role="status">"You are offline: it will be saved to Spotify when the connection is back."</span>
                }.into_any(),
                Ok(Saved::WaitsForPermission) => view! {
                    <span role="status" data-field="save-waits">"Kept: you connected Spotify for reading only. To save it as a private playlist, allow Attune to create playlists."</span>
                    <AllowInSpotify permission=Permission::SavePlaylists/>
                }.into_any(),
                Ok(Saved::QueueFull) => view! {
                    <span class="notice-error" role="alert">{format!("Not kept: {} playlists already wait to be saved to Spotify. Sync from Connect, or allow saving there, then try again.", crate::spotify::MAX_QUEUED)}</span>
                }.into_any(),
                Ok(Saved::Queued(Some(why))) => view! {
                    <span role="status">{format!("Not saved yet: {why}. Attune keeps the playlist and finishes it at the next sync.")}</span>
                }.into_any(),
                Err(message) => view! { <span class="notice-error" role="alert">{message}</span> }.into_any(),
            })}
        </span>
    }
}
