//! Blend with a friend, no server: the listener previews and saves their taste card (top artists with
//! shares, genres, sound profile; no plays, times or tracks), opens a friend's, and gets tracks that fit
//! them both.

use crate::catalog_asset::SharedCatalog;
use crate::components::page_frame::NeedsTaste;
use crate::components::pending::Pending;
use crate::components::player::{Player, PlayerBar};
use crate::components::rec_list::{worker_cards, LearningStatus};
use crate::components::save_to_spotify::SaveToSpotify;
use crate::my_data::download;
use crate::prefs::{Prefs, Source};
use crate::worker::recommender::client::WorkerStatus;
use crate::worker::recommender::requests::{BlendWith, TasteCardOf};
use attune_engine::blend::TasteCard;
use attune_engine::insights::PROFILE_AXES;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

/// How many tracks a blend holds.
const BLEND_LENGTH: usize = 30;

#[component]
pub fn Blend() -> impl IntoView {
    view! {
        <NeedsTaste class="blend" title="Blend with a friend" why="A blend starts from your taste."
            page=|source| view! { <BlendFor source/> }.into_any()/>
    }
}

#[component]
fn BlendFor(source: Source) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let (worker, player) = Player::for_page();
    let index = expect_context::<SharedCatalog>().get();
    let basis = move || prefs.basis(source);
    let name = RwSignal::new("My taste".to_string());
    Effect::new(move || {
        if worker.status.get() == WorkerStatus::Ready {
            worker.request(
                worker.card,
                TasteCardOf {
                    basis: basis(),
                    name: name.get(),
                },
            );
        }
    });
    let friend = RwSignal::new(None::<TasteCard>);
    let refused = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let (Some(card), WorkerStatus::Ready) = (friend.get(), worker.status.get()) {
            worker.request(
                worker.blend,
                BlendWith {
                    basis: basis(),
                    friend: card,
                    k: BLEND_LENGTH,
                },
            );
        }
    });
    let open_card = Action::new_local(|input: &HtmlInputElement| {
        let file = input.files().and_then(|f| f.get(0));
        async move {
            let file = file.ok_or("no file was chosen")?;
            let text = JsFuture::from(file.text())
                .await
                .map_err(|_| format!("{} could not be read", file.name()))?;
            TasteCard::from_json(&text.as_string().unwrap_or_default())
                .map_err(|e| format!("{}: {e}", file.name()))
        }
    });
    Effect::new(move || match open_card.value().get() {
        Some(Ok(card)) => {
            refused.set(None);
            friend.set(Some(card));
        }
        Some(Err(message)) => refused.set(Some(message)),
        None => {}
    });
    let blend_list = move || {
        let index = index.get()?.ok()?;
        let friend = friend.get()?;
        Some(match worker.blend.current() {
            None => view! { <Pending error=Signal::derive(move || worker.blend.error()) loading="Blending…"/> }.into_any(),
            Some(items) => {
                let ids: Vec<String> = items.iter().map(|i| i.track_id.clone()).collect();
                view! {
                    <div class="list-head">
                        <h3>{format!("You and {}", friend.name)}</h3>
                        <SaveToSpotify name="Attune · Blend" tracks=Signal::derive(move || ids.clone())/>
                    </div>
                    {worker_cards(&index, items)}
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="page blend">
            <h1>"Blend with a friend"</h1>
            <p class="muted">"Swap taste cards, no server in between: each of you gets a list that serves you both."</p>
            <LearningStatus worker/>
            <h2>"Your taste card"</h2>
            <label class="card-name">"Name on the card "
                <input type="text" prop:value=move || name.get()
                    on:change=move |ev| name.set(event_target_value(&ev))/>
            </label>
            {move || match worker.card.current() {
                None => view! { <Pending error=Signal::derive(move || worker.card.error()) loading="Reading your taste…"/> }.into_any(),
                Some(card) => view! { <CardPreview card/> }.into_any(),
            }}
            <h2>"Blend with a friend's card"</h2>
            <label class="file-pick">"Open a friend's taste card "
                <input type="file" accept=".json,application/json" data-role="friend-card"
                    on:change=move |ev| { open_card.dispatch(event_target::<HtmlInputElement>(&ev)); }/>
            </label>
            {move || refused.get().map(|message| view! { <p class="notice-error" role="alert">{message}</p> })}
            {blend_list}
            <PlayerBar player/>
        </section>
    }
}

/// Everything the card holds, shown before it is saved.
#[component]
fn CardPreview(card: TasteCard) -> impl IntoView {
    let artists = card
        .artists
        .iter()
        .map(|(name, share)| format!("{name} ({:.0} %)", share * 100.0))
        .collect::<Vec<_>>()
        .join(", ");
    let sound = PROFILE_AXES
        .iter()
        .zip(&card.profile)
        .map(|(f, v)| format!("{} {:.0} %", f.label(), v * 100.0))
        .collect::<Vec<_>>()
        .join(", ");
    let genres = card.genres.join(", ");
    let count = card.artists.len();
    let json = serde_json::to_string_pretty(&card).expect("a card serialises");
    view! {
        <dl class="card-preview" aria-label="What your taste card holds">
            <dt>{format!("Artists ({count})")}</dt><dd data-field="card-artists">{artists}</dd>
            <dt>"Genres"</dt><dd>{genres}</dd>
            <dt>"Sound"</dt><dd>{sound}</dd>
        </dl>
        <p class="muted">"That is all: no plays, no times, no tracks."</p>
        <button on:click=move |_| { let _ = download("attune-taste-card.json", "application/json", json.as_bytes()); }>
            "Save taste card"
        </button>
    }
}
