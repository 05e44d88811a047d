use crate::components::allow_in_spotify::AllowInSpotify;
use crate::format::{count, day};
use crate::spotify::scheduler::{SpotifySync, SyncState};
use crate::spotify::{self, redirect_uri, Permission};
use crate::store::StoreError;
use leptos::prelude::*;

/// Connect Spotify with the listener's own Client ID: how to make one, the exact redirect URI to
/// register, sign-in, the sync's status, and disconnecting.
#[component]
pub fn Connect() -> impl IntoView {
    let sync = expect_context::<SpotifySync>();
    let client_id = RwSignal::new(spotify::client_id().unwrap_or_default());
    let saved = RwSignal::new(spotify::client_id().is_some());
    let error = RwSignal::new(None::<String>);
    let save = move |_| match spotify::set_client_id(&client_id.get_untracked()) {
        Ok(()) => {
            saved.set(true);
            error.set(None);
        }
        Err(message) => error.set(Some(message)),
    };
    let connect = Action::new_local(|_: &()| spotify::sign_in());
    let disconnect = Action::new_local(move |_: &()| async move {
        let dropped = spotify::sign_out().await;
        sync.signed_out();
        dropped
    });
    let redirect = redirect_uri();
    view! {
        <section class="page connect">
            <h1>"Connect Spotify"</h1>
            <p class="lead">"Attune syncs what you play, save and put in playlists, and can save its lists back. It talks to Spotify directly from this tab, with your own Spotify app: nothing passes through a server of ours."</p>
            <SyncStatus/>
            <details class="setup" open=move || !saved.get()>
                <summary>"Your Spotify app (one-time set-up)"</summary>
                <ol>
                    <li>"Open "<a href="https://developer.spotify.com/dashboard" target="_blank" rel="noopener noreferrer">"Spotify's developer dashboard"</a>" and create an app (any name; tick “Web API”)."</li>
                    <li>"Add this Redirect URI to it, exactly:"<br/><code data-field="redirect-uri">{redirect}</code></li>
                    <li>"Copy the app's Client ID here:"</li>
                </ol>
                <div class="data-form">
                    <label>"Client ID"<input type="text" autocomplete="off" spellcheck="false" bind:value=client_id/></label>
                    <button on:click=save>"Save Client ID"</button>
                    {move || error.get().map(|e| view! { <p class="notice-error" role="alert">{e.to_string()}</p> })}
                </div>
                <p class="muted">"A new Spotify app serves its owner and up to four people they add in the dashboard, which is why each listener brings their own."</p>
            </details>
            {move || match sync.state.get() {
                SyncState::SignedOut | SyncState::NeedsSignIn(_) => view! {
                    {move || disconnect.value().get().map(|dropped| view! { <DisconnectedNotice dropped/> })}
                    <button class="primary" disabled=move || !saved.get() on:click=move |_| { connect.dispatch(()); }>"Connect Spotify"</button>
                    {move || connect.value().get().and_then(Result::err).map(|e| view! { <p class="notice-error" role="alert">{e.to_string()}</p> })}
                }.into_any(),
                _ => view! {
                    <Permissions/>
                    <div class="actions">
                        <button on:click=move |_| sync.run()>"Sync now"</button>
                        <button on:click=move |_| { disconnect.dispatch(()); }>"Disconnect"</button>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// "Connected as …, last synced …", the running sync's progress, or what went wrong.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let sync = expect_context::<SpotifySync>();
    move || {
        match sync.state.get() {
        SyncState::SignedOut => ().into_any(),
        SyncState::Idle(None) => {
            view! { <p class="sync-status" role="status">"Connected."</p> }.into_any()
        }
        SyncState::Idle(Some(report)) => view! {
            <p class="sync-status" role="status" data-field="sync-report" data-finished=report.finished_at.to_string()>
                {format!(
                    "Connected as {}. Last synced {}: {}, {}, {}.",
                    report.account,
                    day((report.finished_at / 1000.0) as i64),
                    count(report.new_plays, "new play", "new plays"),
                    count(report.saved_tracks, "saved track", "saved tracks"),
                    count(report.playlists, "playlist", "playlists"),
                )}
            </p>
            {(report.dropped_for_another_account > 0).then(|| view! {
                <p class="notice" role="status" data-field="dropped-for-another-account">
                    {format!(
                        "{} queued for the Spotify account connected before {} not sent to {}.",
                        count(report.dropped_for_another_account, "save or like", "saves and likes"),
                        if report.dropped_for_another_account == 1 { "was" } else { "were" },
                        report.account,
                    )}
                </p>
            })}
        }
        .into_any(),
        SyncState::Running(progress) => {
            let (done, total, step) =
                progress.map_or((0, 1, "starting"), |p| (p.steps_done, p.steps, p.step));
            view! {
                <div class="learning" role="status">
                    <span>{format!("Syncing {step}…")}</span>
                    <progress max=total value=done aria-label="Sync progress"></progress>
                </div>
            }
            .into_any()
        }
        SyncState::Failed(message) | SyncState::NeedsSignIn(message) => {
            view! { <p class="notice notice-error" role="alert">{message}</p> }.into_any()
        }
    }
    }
}

/// What the connection may do beyond reading, each allowed here or on its first use.
#[component]
fn Permissions() -> impl IntoView {
    let held = LocalResource::new(|| async {
        let mut held = Vec::new();
        for permission in Permission::ALL {
            held.push((permission, spotify::granted(permission).await));
        }
        held
    });
    view! {
        <section class="permissions" aria-labelledby="permissions-title">
            <h2 id="permissions-title">"What Attune may do in your account"</h2>
            <ul>
                <li>"Read what you play, save and put in playlists, and your top tracks and artists: allowed when you connected."</li>
                {move || held.get().map(|held| held.into_iter().map(|(permission, allowed)| view! {
                    <li data-permission=permission.scope()>
                        {if allowed {
                            view! { {format!("{}: allowed.", capitalised(permission.lets()))} }.into_any()
                        } else {
                            view! {
                                {format!("{}: not asked for yet; Attune asks when you first need it.", capitalised(permission.lets()))}
                                " "<AllowInSpotify permission/>
                            }.into_any()
                        }}
                    </li>
                }).collect_view())}
            </ul>
        </section>
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What disconnecting did: the playlists still waiting for a connection are not saved to the next
/// account connected.
#[component]
fn DisconnectedNotice(dropped: Result<usize, StoreError>) -> impl IntoView {
    match dropped {
        Ok(0) => view! { <p class="notice" role="status">"Disconnected from Spotify."</p> }.into_any(),
        Ok(n) => view! {
            <p class="notice" role="status" data-field="dropped-saves">
                {format!("Disconnected from Spotify. {} waiting for the connection will not be saved.", count(n, "playlist", "playlists"))}
            </p>
        }.into_any(),
        Err(e) => view! { <p class="notice-error" role="alert">{format!("Disconnecting failed: {e}. Try again.")}</p> }.into_any(),
    }
}
