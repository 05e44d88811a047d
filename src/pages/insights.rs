//! Insights, in pictures: the listener's sound against their "new to you" list, when they listen, their
//! top artists and tracks by period, their genres over the months, and a map of their tracks by sound.
//! Computed in the worker from the stored history (the demo has picks, so only the sound and the map).

use crate::components::charts::{Bars, ClockHeatmap, Lines, Radar};
use crate::components::page_frame::{NeedsTaste, WithCatalog};
use crate::components::pending::Pending;
use crate::components::rec_list::LearningStatus;
use crate::listening::local_day_and_week;
use crate::paths::app_href;
use crate::prefs::{Prefs, Source};
use crate::worker::recommender::client::{SharedRecommender, WorkerStatus};
use crate::worker::recommender::requests::RecItem;
use crate::worker::recommender::requests::{DailyMixes, DrawInsights};
use attune_engine::insights::{profile, Insights as Found, MapPoint, PROFILE_AXES};
use attune_engine::ContentIndex;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn Insights() -> impl IntoView {
    view! {
        <NeedsTaste class="insights" title="Insights" why="Insights are pictures of your own listening."
            page=|source| view! { <InsightsFor source/> }.into_any()/>
    }
}

#[component]
fn InsightsFor(source: Source) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let worker = expect_context::<SharedRecommender>().get();
    Effect::new(move || {
        let basis = prefs.basis(source);
        if worker.status.get() == WorkerStatus::Ready {
            let now = js_sys::Date::new_0();
            let offset = -(now.get_timezone_offset() as i64) * 60;
            worker.request(
                worker.insights,
                DrawInsights {
                    basis: basis.clone(),
                    now: (now.get_time() / 1000.0) as i64,
                    utc_offset: offset,
                },
            );
            // The lists the listener's sound can be compared with.
            let (day, week) = local_day_and_week();
            worker.request(worker.mixes, DailyMixes { basis, day, week });
        }
    });
    let pictures = move |index: Arc<ContentIndex>| {
        move || {
            match worker.insights.current() {
            None => view! { <Pending error=Signal::derive(move || worker.insights.error()) loading="Drawing your listening…"/> }
                .into_any(),
            Some((found, recommended)) => pictures(index.clone(), found, recommended),
        }
        }
    };
    view! {
        <section class="page insights">
            <h1>"Insights"</h1>
            <p class="muted">
                "Pictures of your listening, computed on this device. How well do the models predict you? "
                <a href=app_href("/lab")>"See the model lab"</a>"."
            </p>
            <LearningStatus worker/>
            <WithCatalog render=move |index| pictures(index).into_any()/>
        </section>
    }
}

/// What a picture says when there is no history to draw it from.
fn needs_history() -> AnyView {
    view! { <p class="empty">"This picture needs your listening history: import your Spotify data."</p> }
        .into_any()
}

fn pictures(index: Arc<ContentIndex>, found: Found, recommended: Vec<f32>) -> AnyView {
    let heard = found.clock.iter().flatten().any(|&h| h > 0.0);
    let basis = found.sound_basis;
    let sound = if basis.by_track + basis.by_artist == 0.0 {
        needs_history()
    } else {
        let judged = (basis.by_artist > 0.0).then(|| view! {
            <p class="muted" data-field="sound-basis">{format!(
                "Judged by each track's own sound for {:.0} % of your listening, and by its artist's sound for {:.0} % (tracks outside Attune's catalog).",
                100.0 * basis.by_track,
                100.0 * basis.by_artist,
            )}</p>
        });
        view! {
            {judged}
            <SoundCompared index=index.clone() mine=found.profile recommended/>
        }
        .into_any()
    };
    let clock = if heard {
        view! { <ClockHeatmap clock=found.clock/> }.into_any()
    } else {
        needs_history()
    };
    let genres = if found.genres.is_empty() {
        needs_history()
    } else {
        let series = found
            .genres
            .into_iter()
            .map(|g| (g.genre, g.shares))
            .collect();
        view! { <Lines labels=found.months series/> }.into_any()
    };
    view! {
        <section aria-labelledby="sound-heading">
            <h2 id="sound-heading">"Your sound"</h2>
            <p class="muted">"The audio features of the music you play, against a list Attune made for you."</p>
            {sound}
        </section>
        <section aria-labelledby="clock-heading">
            <h2 id="clock-heading">"When you listen"</h2>
            {clock}
        </section>
        <section aria-labelledby="top-heading">
            <h2 id="top-heading">"Your top artists and tracks"</h2>
            <TopLists top=found.top heard/>
        </section>
        <section aria-labelledby="genres-heading">
            <h2 id="genres-heading">"Your genres over the months"</h2>
            {genres}
        </section>
        <section aria-labelledby="map-heading">
            <h2 id="map-heading">"Your taste map"</h2>
            <p class="muted">"Your tracks placed by how they sound: close together sounds alike. Pick a dot."</p>
            <TasteMap index points=found.map/>
        </section>
    }
    .into_any()
}

/// The listener's sound on a radar against a list they choose: "new to you", this week's discoveries,
/// a Daily Mix, or the last playlist they built or blended on this visit.
#[component]
fn SoundCompared(index: Arc<ContentIndex>, mine: Vec<f32>, recommended: Vec<f32>) -> impl IntoView {
    let worker = expect_context::<SharedRecommender>().get();
    let lists = Memo::new(move |_| {
        let ids = |items: &[RecItem]| items.iter().map(|i| i.track_id.clone()).collect::<Vec<_>>();
        let mut lists: Vec<(String, Vec<String>)> = Vec::new();
        if let Some(mixes) = worker.mixes.current() {
            lists.push(("Discover Weekly".into(), ids(&mixes.weekly)));
            lists.extend(mixes.daily.iter().map(|m| (m.name.clone(), ids(&m.tracks))));
        }
        if let Some(built) = worker.built.current() {
            lists.push(("The playlist you built".into(), ids(&built.items)));
        }
        if let Some(blend) = worker.blend.current() {
            lists.push(("Your blend".into(), ids(&blend)));
        }
        lists
    });
    let chosen = RwSignal::new(String::from(NEW_TO_YOU));
    let options = move || {
        std::iter::once(NEW_TO_YOU.to_string())
            .chain(lists.get().into_iter().map(|(name, _)| name))
            .map(|name| view! { <option value=name.clone()>{name.clone()}</option> })
            .collect_view()
    };
    let radar = move || {
        let name = chosen.get();
        let theirs = match lists.get().into_iter().find(|(n, _)| *n == name) {
            Some((_, ids)) => {
                let catalog = index.catalog();
                let tracks: Vec<_> = ids
                    .iter()
                    .filter_map(|id| catalog.track_by_id(id))
                    .collect();
                profile(&index, &tracks)
            }
            None => recommended.clone(),
        };
        let axes: Vec<&'static str> = PROFILE_AXES.iter().map(|f| f.label()).collect();
        let series = vec![("Your listening".to_string(), mine.clone()), (name, theirs)];
        view! { <Radar axes series/> }
    };
    view! {
        <label>"Compare with "
            <select prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                {options}
            </select>
        </label>
        {radar}
    }
}

const NEW_TO_YOU: &str = "New to you";

#[component]
fn TopLists(top: Vec<attune_engine::insights::TopList>, heard: bool) -> impl IntoView {
    if !heard {
        return needs_history();
    }
    // The shortest period with any listening: an old export has nothing in the last four weeks.
    let first_heard = top.iter().position(|l| !l.artists.is_empty()).unwrap_or(0);
    let period = RwSignal::new(first_heard);
    let tabs = top
        .iter()
        .enumerate()
        .map(|(i, list)| {
            view! {
                <button class="activity" aria-pressed=move || (period.get() == i).to_string()
                    on:click=move |_| period.set(i)>{list.period.clone()}</button>
            }
        })
        .collect_view();
    let lists = move || {
        let list = top[period.get()].clone();
        let tracks = list
            .tracks
            .into_iter()
            .map(|(title, artist, hours)| (format!("{title} · {artist}"), hours))
            .collect();
        if list.artists.is_empty() {
            return view! { <p class="empty">"No listening in this period."</p> }.into_any();
        }
        view! {
            <div class="top-lists">
                <div><h3>"Artists"</h3><Bars label="Top artists" items=list.artists unit="h"/></div>
                <div><h3>"Tracks"</h3><Bars label="Top tracks" items=tracks unit="h"/></div>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="activities" role="group" aria-label="Period">{tabs}</div>
        {lists}
    }
    .into_any()
}

/// The tracks as dots on the first two principal components of their sound; a picked dot is named.
#[component]
fn TasteMap(index: Arc<ContentIndex>, points: Vec<MapPoint>) -> impl IntoView {
    if points.is_empty() {
        return needs_history();
    }
    let picked = RwSignal::new(None::<usize>);
    let extent = |f: fn(&MapPoint) -> f32| {
        points
            .iter()
            .map(f)
            .fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    let ((x0, x1), (y0, y1)) = (extent(|p| p.x), extent(|p| p.y));
    let scale =
        |v: f32, lo: f32, hi: f32, size: f32| 12.0 + (size - 24.0) * (v - lo) / (hi - lo).max(1e-6);
    let catalog_name = {
        let index = index.clone();
        move |id: &str| {
            let catalog = index.catalog();
            catalog
                .track_by_id(id)
                .map(|t| format!("{} · {}", catalog.track(t).name, catalog.credits(t)))
                .unwrap_or_default()
        }
    };
    let dots = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let name = catalog_name(&p.track_id);
            view! {
                <circle cx=scale(p.x, x0, x1, 560.0) cy=scale(p.y, y0, y1, 320.0) r=6 tabindex="0"
                    role="button" aria-label=name class=move || if picked.get() == Some(i) { "dot picked" } else { "dot" }
                    on:click=move |_| picked.set(Some(i))
                    on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { picked.set(Some(i)) }/>
            }
        })
        .collect_view();
    let shown = move || {
        picked.get().map(|i| {
            let id = points[i].track_id.clone();
            let name = catalog_name(&id);
            view! {
                <p data-field="map-pick" role="status">
                    {name}" "<a href=format!("https://open.spotify.com/track/{id}") target="_blank" rel="noopener noreferrer">"Open in Spotify"</a>
                </p>
            }
        })
    };
    view! {
        <figure class="chart map">
            <svg viewBox="0 0 560 320" role="group" aria-label="Your tracks by sound">{dots}</svg>
        </figure>
        {shown}
    }
    .into_any()
}
