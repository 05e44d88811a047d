//! The player on Home: the Spotify Embed playing the listener's pick, and what its progress says fed back
//! to the recommender: a track left early is a skip (and how early), one played to the end a completed
//! play, one started again a replay.

use crate::components::up_next::UpNext;
use crate::listening::{what_it_does, ListeningMoment};
use crate::spotify::embed::{EmbedController, Progress};
use crate::worker::recommender::client::{RecommenderWorker, SharedRecommender};
use crate::worker::recommender::requests::Logged;
use attune_engine::bandit::{Feedback, PlaybackTracker};
use leptos::prelude::*;
use std::sync::Arc;

/// The element the embed replaces with its iframe.
const EMBED_ELEMENT: &str = "spotify-embed";
/// The plays "Up next" is told of: as many as the next-track model compares (its `match_plays`).
const PLAYED_KEPT: usize = 6;

/// A track of a list the player can play and go on through.
#[derive(Debug, Clone, PartialEq)]
pub struct Playable {
    /// Spotify's track id.
    pub id: String,
    pub title: String,
    /// Whether what the listener does with it teaches the recommender: not for their own tracks
    /// outside the catalog, which it has no features of its own for.
    pub learns: bool,
    /// Its slot in the Home list it was picked from, kept while it plays: the Home list may be drawn
    /// again meanwhile (a skip changes the moment), and the reaction belongs to the list it came from.
    pub logged: Option<Logged>,
}

/// The list on screen when a track was picked, in order.
pub type Queue = Arc<Vec<Playable>>;

/// What is loaded in the player, and the list it was picked from.
#[derive(Debug, Clone, PartialEq)]
pub struct NowPlaying {
    pub track: Playable,
    pub list: Queue,
}

/// One player for the page; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Player {
    pub now: RwSignal<Option<NowPlaying>>,
    pub error: RwSignal<Option<String>>,
    tracker: StoredValue<PlaybackTracker>,
    /// What played in this visit, oldest first: "Up next" reads the session from it.
    played: StoredValue<Vec<String>>,
    controller: StoredValue<Option<EmbedController>, LocalStorage>,
    worker: RecommenderWorker,
    moment: ListeningMoment,
}

impl Player {
    /// The app's recommender and a player for this page, both provided to the page's components.
    pub fn for_page() -> (RecommenderWorker, Player) {
        let worker = expect_context::<SharedRecommender>().get();
        provide_context(worker);
        let player = Player::new(worker, expect_context::<ListeningMoment>());
        provide_context(player);
        (worker, player)
    }

    fn new(worker: RecommenderWorker, moment: ListeningMoment) -> Player {
        Player {
            now: RwSignal::new(None),
            error: RwSignal::new(None),
            tracker: StoredValue::new(PlaybackTracker::default()),
            played: StoredValue::new(Vec::new()),
            controller: StoredValue::new_local(None),
            worker,
            moment,
        }
    }

    /// Plays a track picked from `list`; the one playing before, if left unfinished, was skipped.
    pub fn play(&self, track_id: &str, list: Queue) {
        // The id goes into the player's URI: only Spotify's form is played, and only from its list.
        let picked = list.iter().find(|p| p.id == track_id).cloned();
        let Some(track) = picked.filter(|p| crate::spotify::ids::is_id(&p.id)) else {
            return;
        };
        let left = self
            .tracker
            .try_update_value(|t| t.load(track_id))
            .flatten();
        if let Some((id, feedback)) = left {
            self.report(&id, feedback);
        }
        let before = self.played.get_value();
        self.played.update_value(|played| {
            played.push(track_id.to_string());
            let extra = played.len().saturating_sub(PLAYED_KEPT);
            played.drain(..extra);
        });
        self.worker.continue_from(track_id, &track.title, before);
        let uri = format!("spotify:track:{track_id}");
        self.now.set(Some(NowPlaying { track, list }));
        self.error.set(None);
        match self.controller.get_value() {
            Some(controller) => {
                if let Err(message) = controller.play(&uri) {
                    self.error.set(Some(message.to_string()));
                }
            }
            None => {
                let player = *self;
                leptos::task::spawn_local(async move { player.start(&uri).await });
            }
        }
    }

    /// The track after the current one in its list.
    pub fn next(&self) {
        let Some(now) = self.now.get_untracked() else {
            return;
        };
        let at = now.list.iter().position(|p| *p == now.track);
        let next = at.and_then(|i| now.list.get(i + 1)).map(|p| p.id.clone());
        if let Some(next) = next {
            self.play(&next, now.list.clone());
        }
    }

    /// Builds the embed on the first play.
    async fn start(self, uri: &str) {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(EMBED_ELEMENT));
        let Some(element) = element else {
            return;
        };
        let on_progress = move |progress: Progress| {
            let reaction = self
                .tracker
                .try_update_value(|t| t.progress(progress.position_ms, progress.duration_ms))
                .flatten();
            if let Some((id, feedback)) = reaction {
                self.report(&id, feedback);
            }
        };
        match EmbedController::create(&element, uri, on_progress).await {
            Ok(controller) => {
                let started = controller.play(uri);
                self.controller.set_value(Some(controller));
                if let Err(message) = started {
                    self.error.set(Some(message.to_string()));
                }
            }
            Err(message) => self.error.set(Some(message.to_string())),
        }
    }

    /// Tells the recommender what the listener did with the track playing (the tracker only ever
    /// reports the one loaded).
    fn report(&self, track_id: &str, feedback: Feedback) {
        let Some(now) = self.now.get_untracked() else {
            return;
        };
        if now.track.id != track_id {
            return;
        }
        let context = self.moment.context();
        // A skip says how the session goes whatever the track; only a catalog track teaches the model.
        self.moment
            .record(matches!(feedback, Feedback::Skipped { .. }));
        if !now.track.learns {
            return;
        }
        let shown = now.list.iter().map(|p| p.id.clone()).collect();
        self.worker.react(
            track_id.to_string(),
            feedback,
            context,
            shown,
            now.track.logged,
        );
        self.worker
            .notice
            .set(Some(what_it_does(&now.track.title, feedback)));
    }
}

/// The bar at the bottom of Home with the embed, once something plays, and what comes next.
#[component]
pub fn PlayerBar(player: Player) -> impl IntoView {
    let playing = move || player.now.get().is_some();
    view! {
        <section class="player" aria-label="Player" hidden=move || !playing()>
            <div class="player-head">
                <p class="muted" data-field="now-playing">
                    {move || player.now.get().map(|now| format!("Playing “{}”", now.track.title))}
                </p>
                <button on:click=move |_| player.next()>"Next"</button>
            </div>
            <div id=EMBED_ELEMENT></div>
            {move || player.error.get().map(|message| view! {
                <p class="notice-error" role="alert">{message}</p>
            })}
        </section>
        <UpNext worker=player.worker/>
    }
}
