//! Settings' data section: storage and persistence, encrypted backup and restore, erase.

use crate::added_tracks::AddedTracks;
use crate::data_events::{announce, DataEvent};
use crate::format::thousands;
use crate::locks::{exclusively, DATA, TOKEN_REFRESH};
use crate::my_data::{
    create_backup, download, erase_everything, request_persistence, restore_backup, storage_status,
    MyDataError, StorageStatus,
};
use crate::paths::app_href;
use crate::prefs::{Prefs, Source};
use crate::spotify::scheduler::SpotifySync;
use crate::worker::recommender::client::SharedRecommender;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

/// Space used, the quota, and whether the browser will keep the data under storage pressure.
#[component]
pub fn StorageStatusView() -> impl IntoView {
    let status = LocalResource::new(storage_status);
    let ask = Action::new_local(|_: &()| request_persistence());
    Effect::new(move || {
        if ask.value().get().is_some() {
            status.refetch();
        }
    });
    // Asked again after the persistence request: the old figures stay up until the new ones come.
    view! {
        <Transition fallback=|| view! { <p class="loading">"Checking storage…"</p> }>
            {move || Suspend::new(async move {
                match status.await {
                    Err(err) => view! { <p class="muted">{err.to_string()}</p> }.into_any(),
                    Ok(s) => storage_lines(s, ask),
                }
            })}
        </Transition>
    }
}

fn storage_lines(s: StorageStatus, ask: Action<(), bool>) -> AnyView {
    let mb = |b: f64| format!("{:.1} MB", b / 1_048_576.0);
    view! {
        <p data-field="storage">{format!("Using {} of the {} this browser allows.", mb(s.used_bytes), mb(s.quota_bytes))}</p>
        <p data-field="persistence">
            {if s.persisted {
                "Persistent: the browser has agreed not to clear Attune's data when space runs low."
            } else {
                "Not persistent: the browser may clear Attune's data if space runs low."
            }}
        </p>
        {(!s.persisted).then(|| view! {
            <button on:click=move |_| { ask.dispatch(()); }>"Ask the browser to keep it"</button>
        })}
        {move || (ask.value().get() == Some(false)).then(|| view! {
            <p class="muted" role="status">"The browser said no; it often agrees once the site is installed or bookmarked."</p>
        })}
    }
    .into_any()
}

/// Download an encrypted backup, or restore one here (merged, without duplicates).
#[component]
pub fn BackupControls() -> impl IntoView {
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let backup = Action::new_local(move |_: &()| async move {
        if passphrase.get_untracked() != again.get_untracked() {
            return Err("The two passphrases differ.".to_string());
        }
        let sealed = create_backup(&passphrase.get_untracked())
            .await
            .map_err(|e| e.to_string())?;
        download("attune-backup.attune", "application/octet-stream", &sealed)
            .map_err(|e| format!("the download failed ({e:?})"))?;
        Ok(
            "Backup downloaded. Keep the passphrase: without it the file cannot be opened."
                .to_string(),
        )
    });
    let restore_file = NodeRef::<leptos::html::Input>::new();
    let restore_passphrase = RwSignal::new(String::new());
    let restore = Action::new_local(move |_: &()| async move {
        let input: Option<HtmlInputElement> = restore_file.get_untracked();
        let file = input
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
            .ok_or("Choose a backup file first.")?;
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| format!("could not read {} ({e:?})", file.name()))?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let record = restore_backup(&file.name(), &bytes, &restore_passphrase.get_untracked())
            .await
            .map_err(|e| e.to_string())?;
        if record.added > 0 {
            expect_context::<Prefs>().source.set(Source::Library);
            announce(DataEvent::Changed);
        }
        Ok(format!(
            "Restored: {} plays added, {} were already here.",
            thousands(record.added),
            thousands(record.duplicates)
        ))
    });
    for action in [backup, restore] {
        Effect::new(move || {
            if let Some(result) = action.value().get() {
                message.set(Some(match result {
                    Ok(text) => (true, text),
                    Err(text) => (false, text),
                }));
            }
        });
    }
    let busy = move || backup.pending().get() || restore.pending().get();
    view! {
        <div class="data-form">
            <h3>"Back up"</h3>
            <p class="muted">"One file with all your plays, encrypted with a passphrase you choose (AES-GCM, key from PBKDF2). Open it in Attune on another device to move or merge your data."</p>
            <label>"Passphrase"<input type="password" autocomplete="new-password" bind:value=passphrase/></label>
            <label>"Passphrase again"<input type="password" autocomplete="new-password" bind:value=again/></label>
            <button class="primary" disabled=busy on:click=move |_| { backup.dispatch(()); }>"Download encrypted backup"</button>
        </div>
        <div class="data-form">
            <h3>"Restore"</h3>
            <label>"Backup file"<input type="file" accept=".attune" node_ref=restore_file/></label>
            <label>"Passphrase"<input type="password" autocomplete="current-password" bind:value=restore_passphrase/></label>
            <button disabled=busy on:click=move |_| { restore.dispatch(()); }>"Restore backup"</button>
        </div>
        {move || message.get().map(|(ok, text)| {
            let class = if ok { "notice" } else { "notice notice-error" };
            let role = if ok { "status" } else { "alert" };
            view! { <p class=class role=role data-field="backup-message">{text}</p> }
        })}
    }
}

/// "Erase all my data", with a confirmation step.
#[component]
pub fn EraseControl() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let confirming = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();
    let sync = use_context::<SpotifySync>();
    let recommender = use_context::<SharedRecommender>();
    let added = use_context::<AddedTracks>();
    let erase = Action::new_local(move |_: &()| async move {
        // The worker holds the listener's taste and writes what they react to: it stops before the
        // delete (and an open connection of its own would hold the delete up).
        if let Some(recommender) = recommender {
            recommender.stop();
        }
        // After an import, sync or restore under way in another tab, never in the middle of one, nor
        // of a token refresh (which would write the tokens back). The other tabs hear of it before
        // anything else may write.
        exclusively(DATA, async move {
            exclusively(TOKEN_REFRESH, erase_everything()).await?;
            announce(DataEvent::Erased);
            Ok::<(), MyDataError>(())
        })
        .await?;
        if let Some(added) = added {
            added.forget_all();
        }
        Ok::<(), MyDataError>(())
    });
    Effect::new(move || {
        if let Some(Ok(())) = erase.value().get() {
            // The tokens went with the database.
            if let Some(sync) = sync {
                sync.signed_out();
            }
            prefs.seeds.set(Vec::new());
            prefs.source.set(Source::NotChosen);
            navigate(&app_href("/"), Default::default());
        }
    });
    view! {
        {move || if confirming.get() {
            view! {
                <div class="confirm" role="alertdialog" aria-labelledby="erase-question">
                    <p id="erase-question">"Erase every play, import, backup setting and preference Attune keeps in this browser? This cannot be undone."</p>
                    <button class="danger" on:click=move |_| { erase.dispatch(()); }>"Erase everything"</button>
                    <button on:click=move |_| confirming.set(false)>"Keep my data"</button>
                </div>
            }.into_any()
        } else {
            view! { <button class="danger" on:click=move |_| confirming.set(true)>"Erase all my data"</button> }.into_any()
        }}
        {move || erase.value().get().and_then(Result::err).map(|err| view! {
            <p class="notice notice-error" role="alert">{format!("Erasing failed: {err}")}</p>
        })}
    }
}
