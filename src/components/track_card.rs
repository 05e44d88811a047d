use crate::added_tracks::AddedTracks;
use crate::components::like_on_spotify::SpotifyLikes;
use crate::components::player::{Player, Queue};
use crate::covers::Covers;
use crate::listening::{what_it_does, ListeningMoment};
use crate::spotify::scheduler::{SpotifySync, SyncState};
use crate::worker::recommender::client::{RecommenderWorker, WorkerStatus};
use attune_engine::bandit::interleave::Team;
use attune_engine::bandit::Feedback;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One recommended track with the reasons it was chosen and the listener's reactions to it.
#[component]
pub fn TrackCard(
    /// Position in the list, from 1 (it changes when a card moves within a keyed list).
    #[prop(into)]
    rank: Signal<usize>,
    title: String,
    artists: String,
    /// Short reasons, most important first.
    why: Vec<String>,
    /// Spotify track id, for the "open in Spotify" link.
    spotify_id: String,
    /// Whether reactions teach the recommender: not for the listener's tracks outside the catalog,
    /// which it has no features of its own for.
    learns: bool,
    /// The whole list on screen: logged with a reaction as what was on offer, and what the player
    /// plays on through.
    #[prop(into)]
    list: Signal<Queue>,
) -> impl IntoView {
    let href = format!("https://open.spotify.com/track/{spotify_id}");
    let label = format!("Open {title} in Spotify");
    let play = use_context::<Player>().map(|player| {
        let id = spotify_id.clone();
        let playing = {
            let id = id.clone();
            move || player.now.with(|now| now.as_ref().is_some_and(|n| n.track.id == id))
        };
        view! {
            <button class="play" aria-label=format!("Play {title}") aria-pressed=move || playing().to_string()
                on:click=move |_| player.play(&id, list.get_untracked())>
                "Play"
            </button>
        }
    });
    // Covers come from Spotify, so only once it is connected; the space is kept while one loads.
    let covers = use_context::<Covers>().filter(|_| connected());
    let cover = covers.map(|covers| {
        covers.want(&spotify_id);
        let id = spotify_id.clone();
        view! {
            <span class="cover">
                {move || covers.url(&id).map(|src| view! { <img src=src alt="" width="56" height="56" loading="lazy"/> })}
            </span>
        }
    });
    let with_cover = cover.is_some();
    let reactions = use_context::<RecommenderWorker>().filter(|_| learns).map(|worker| {
        view! { <Reactions worker title=title.clone() spotify_id=spotify_id.clone() shown=list/> }
    });
    // While the model lab compares rankers: which one put the card here (for the tests; not shown, so
    // the listener's reactions stay blind to it).
    let team = {
        let id = spotify_id.clone();
        let worker = use_context::<RecommenderWorker>();
        move || {
            worker.and_then(|w| w.team_of(&id)).map(|team| match team {
                Team::A => "reranker",
                Team::B => "sources",
            })
        }
    };
    view! {
        <li class="track-card" class:with-cover=with_cover data-track-id=spotify_id.clone() tabindex="0"
            data-team=team
            aria-keyshortcuts="P L A S D" on:keydown=press_shortcut>
            <span class="rank" aria-hidden="true">{rank}</span>
            {cover}
            <div class="track-main">
                <p class="track-title">{title}</p>
                <p class="track-artists">{artists}</p>
                <ul class="why" aria-label="Why this track">
                    {why.into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
                </ul>
            </div>
            <div class="card-actions">
                {play}
                {reactions}
                <a class="open-spotify" href=href target="_blank" rel="noopener noreferrer" aria-label=label>
                    "Open"
                </a>
            </div>
        </li>
    }
}

/// Like, skip and dislike: each teaches the recommender at once; a like also reaches Spotify when the
/// listener is connected.
#[component]
fn Reactions(
    worker: RecommenderWorker,
    title: String,
    spotify_id: String,
    /// The list on screen; its ids are logged with a reaction.
    shown: Signal<Queue>,
) -> impl IntoView {
    let moment = expect_context::<ListeningMoment>();
    let connected = connected();
    let added = use_context::<AddedTracks>();
    let likes_on_spotify = use_context::<SpotifyLikes>();
    let given = {
        let id = spotify_id.clone();
        Memo::new(move |_| {
            worker
                .reacted
                .with(|r| r.get(&id).cloned().unwrap_or_default())
        })
    };
    let title_for_labels = title.clone();
    let react = move |feedback: Feedback| {
        // The moment the track was shown in, before this reaction counts towards the skip rate.
        let context = moment.context();
        moment.record(matches!(
            feedback,
            Feedback::Skipped { .. } | Feedback::Disliked
        ));
        let (on_screen, logged) = shown.with_untracked(|shown| {
            let slot = shown
                .iter()
                .find(|p| p.id == spotify_id)
                .and_then(|p| p.logged);
            (shown.iter().map(|p| p.id.clone()).collect(), slot)
        });
        worker.react_on_card(spotify_id.clone(), feedback, context, on_screen, logged);
        if let (Feedback::AddedToPlaylist, Some(added)) = (feedback, added) {
            added.add(&spotify_id);
        }
        worker.notice.set(Some(what_it_does(&title, feedback)));
        if feedback == Feedback::Liked {
            worker.continue_from(&spotify_id, &title, Vec::new());
            if let (true, Some(likes)) = (connected, likes_on_spotify) {
                likes.send(spotify_id.clone());
            }
        }
    };
    let react = StoredValue::new(react);
    let button = move |word: &'static str, done: &'static str, feedback: Feedback| {
        let label = format!("{word} {}", title_for_labels);
        let pressed = move || given.with(|g| g.contains(&feedback));
        // Reactions wait for the worker: it holds the catalog they are learnt against. A track can be
        // liked and added, but not also skipped or disliked, nor the other way round.
        let idle = move || {
            worker.status.get() != WorkerStatus::Ready
                || given.with(|g| {
                    g.iter().any(|&earlier| {
                        earlier == feedback || welcome(earlier) != welcome(feedback)
                    })
                })
        };
        view! {
            <button class=word.to_lowercase() aria-label=label disabled=idle
                aria-pressed=move || pressed().to_string()
                on:click=move |_| react.with_value(|r| r(feedback))>
                {move || if pressed() { done } else { word }}
            </button>
        }
    };
    view! {
        {button("Like", "Liked", Feedback::Liked)}
        {button("Add", "Added", Feedback::AddedToPlaylist)}
        {button("Skip", "Skipped", Feedback::Skipped { listened: 0.0 })}
        {button("Dislike", "Disliked", Feedback::Disliked)}
    }
}

/// Whether a reaction says "more like this" (like, add) rather than "not this" (skip, dislike).
fn welcome(feedback: Feedback) -> bool {
    feedback.reward() > 0.0
}

/// Keys on a focused card: P plays, L likes, A adds to the playlist, S skips, D dislikes; each presses the card's own button, so
/// a shortcut does exactly what the click would (and nothing when that button is disabled).
fn press_shortcut(ev: leptos::ev::KeyboardEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    let class = match ev.key().as_str() {
        "p" | "P" => "play",
        "l" | "L" => "like",
        "s" | "S" => "skip",
        "d" | "D" => "dislike",
        "a" | "A" => "add",
        _ => return,
    };
    let card = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let button = card.and_then(|c| c.query_selector(&format!("button.{class}")).ok().flatten());
    if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        ev.prevent_default();
        button.click();
    }
}

/// Whether Spotify is connected (read once: a card does not change when the connection does).
fn connected() -> bool {
    use_context::<SpotifySync>().is_some_and(|s| {
        !matches!(
            s.state.get_untracked(),
            SyncState::SignedOut | SyncState::NeedsSignIn(_)
        )
    })
}
