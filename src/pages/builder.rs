//! The playlist builder: ranges of tempo, energy, mood and danceability, decades, how familiar, and an
//! order (a warm-up / peak / cool-down curve for workouts); the list follows the sliders live, and can
//! be played, saved to Spotify or exported as M3U, CSV or JSON.

use crate::added_tracks::AddedTracks;
use crate::components::page_frame::{NeedsTaste, WithCatalog};
use crate::components::pending::Pending;
use crate::components::player::{Player, PlayerBar};
use crate::components::playlist_actions::PlaylistActions;
use crate::components::ranges::{apply_preset, RangeControl, PRESETS, RANGED};
use crate::components::rec_list::{ranked, LearningStatus, RecList};
use crate::format::count;
use crate::prefs::{Prefs, Source};
use crate::worker::recommender::client::WorkerStatus;
use crate::worker::recommender::requests::BuildPlaylist;
use crate::worker::recommender::requests::BuiltPlaylist;
use crate::worker::recommender::requests::RecItem;
use attune_engine::playlist::{Order, PlaylistSpec};
use attune_engine::ContentIndex;
use leptos::prelude::*;
use std::sync::Arc;

const NAME: &str = "Attune · Playlist";
const DECADES: [u16; 8] = [1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020];
const ORDERS: [(Order, &str, &str); 5] = [
    (Order::Ranked, "ranked", "Best match first"),
    (Order::TempoRising, "tempo", "Tempo rising"),
    (Order::EnergyRising, "energy", "Energy rising"),
    (
        Order::AsYouPlayThem,
        "as-played",
        "In the order you like to play them",
    ),
    (
        Order::WarmUpPeakCoolDown,
        "workout",
        "Warm-up, peak, cool-down",
    ),
];

#[component]
pub fn Builder() -> impl IntoView {
    view! {
        <NeedsTaste class="builder" title="Playlist builder" why="Playlists start from what you listen to."
            page=|source| view! { <BuilderFor source/> }.into_any()/>
    }
}

#[component]
fn BuilderFor(source: Source) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let (worker, player) = Player::for_page();
    let spec = RwSignal::new(PlaylistSpec {
        ranges: Vec::new(),
        years: None,
        familiar_share: 0.3,
        order: Order::Ranked,
        length: 30,
    });
    Effect::new(move || {
        let basis = prefs.basis(source);
        if worker.status.get() == WorkerStatus::Ready {
            worker.request(
                worker.built,
                BuildPlaylist {
                    basis,
                    spec: spec.get(),
                },
            );
        }
    });
    let presets = PRESETS
        .iter()
        .map(|&(name, ranges, order)| {
            view! {
                <button class="activity" on:click=move |_| spec.update(|s| apply_preset(s, ranges, order))>
                    {name}
                </button>
            }
        })
        .collect_view();
    let ranges = RANGED
        .iter()
        .map(|&(feature, ..)| view! { <RangeControl spec feature/> })
        .collect_view();
    let decade = move |end: &'static str| {
        let options = DECADES
            .iter()
            .map(|d| view! { <option value=d.to_string()>{format!("{d}s")}</option> })
            .collect_view();
        view! {
            <label>{end}
                <select on:change=move |ev| {
                    let value = event_target_value(&ev).parse::<u16>().ok();
                    spec.update(|s| s.years = decades(s.years, end, value));
                }>
                    <option value="">"Any"</option>
                    {options}
                </select>
            </label>
        }
    };
    let order = ORDERS
        .iter()
        .map(|&(_, value, label)| view! { <option value=value>{label}</option> })
        .collect_view();
    let result = move |index: Arc<ContentIndex>| {
        let added = index.clone();
        view! {
            <h2>"Built for your ranges"</h2>
            {move || match worker.built.current() {
                None => view! { <Pending error=Signal::derive(move || worker.built.error()) loading="Building…"/> }.into_any(),
                Some(built) => built_view(&index, built),
            }}
            <h2>"Your playlist"</h2>
            <AddedPlaylist index=added/>
        }
        .into_any()
    };
    view! {
        <section class="page builder">
            <h1>"Playlist builder"</h1>
            <p class="muted">"Start from an activity, then move the sliders: the list follows."</p>
            <div class="activities" role="group" aria-label="Start from">{presets}</div>
            <div class="ranges">{ranges}</div>
            <div class="builder-options">
                {decade("From")}
                {decade("To")}
                <label>"Familiar tracks"
                    <input type="range" min="0" max="1" step="0.1" aria-label="Share of familiar tracks"
                        prop:value=move || spec.with(|s| s.familiar_share.to_string())
                        on:input=move |ev| if let Ok(v) = event_target_value(&ev).parse() {
                            spec.update(|s| s.familiar_share = v)
                        }/>
                </label>
                <label>"Order"
                    <select prop:value=move || spec.with(|s| ORDERS.iter().find(|o| o.0 == s.order).map(|o| o.1).unwrap_or("ranked"))
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some(o) = ORDERS.iter().find(|o| o.1 == value) {
                                spec.update(|s| s.order = o.0);
                            }
                        }>
                        {order}
                    </select>
                </label>
            </div>
            <LearningStatus worker/>
            <WithCatalog render=result/>
            <PlayerBar player/>
        </section>
    }
}

/// The years a decade choice leaves: "From 1990s" starts in 1990, "To 2000s" ends in 2009.
fn decades(years: Option<(u16, u16)>, end: &str, decade: Option<u16>) -> Option<(u16, u16)> {
    let (from, to) = years.unwrap_or((0, u16::MAX));
    let (from, to) = match (end, decade) {
        ("From", d) => (d.unwrap_or(0), to),
        (_, d) => (from, d.map(|d| d + 9).unwrap_or(u16::MAX)),
    };
    (from > 0 || to < u16::MAX).then_some((from, to))
}

fn built_view(index: &Arc<ContentIndex>, built: BuiltPlaylist) -> AnyView {
    let mut summary = format!(
        "{} tracks, of {} that fit.",
        built.items.len(),
        built.fitting
    );
    if built.artist_level > 0 {
        summary.push_str(&format!(
            " {} judged by their artist's sound: Attune has no audio features of their own.",
            built.artist_level
        ));
    }
    if built.items.is_empty() {
        return view! { <p class="empty">"Nothing fits these ranges: widen one."</p> }.into_any();
    }
    let list = ranked(index, built.items);
    view! {
        <div class="list-head">
            <p class="muted" data-field="built-summary" role="status">{summary}</p>
            <PlaylistActions name=NAME file="attune-playlist" list=list.clone()/>
        </div>
        <RecList list/>
    }
    .into_any()
}

/// The tracks the listener added from any list with "Add".
#[component]
fn AddedPlaylist(index: Arc<ContentIndex>) -> impl IntoView {
    let added = expect_context::<AddedTracks>();
    move || {
        let ids = added.ids.get();
        if ids.is_empty() {
            return view! {
                <p class="empty">"Press Add on any track, here or on Home and Mixes: it gathers here."</p>
            }
            .into_any();
        }
        let items = ids
            .iter()
            .map(|id| RecItem {
                track_id: id.clone(),
                why: vec!["you added it".into()],
                familiar: false,
                outside_catalog: None,
                logged: None,
            })
            .collect();
        let list = ranked(&index, items);
        view! {
            <div class="list-head">
                <p class="muted" data-field="added-count">{count(ids.len(), "track", "tracks")}</p>
                <PlaylistActions name="Attune · My picks" file="attune-my-picks" list=list.clone()/>
            </div>
            <RecList list/>
        }
        .into_any()
    }
}
