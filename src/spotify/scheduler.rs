//! The app's side of the Spotify sync: runs it on open and every [`SYNC_EVERY_MS`] while the page is
//! open, online and signed in, and keeps its state in signals for the status line.

use crate::data_events::{announce, DataEvent};
use crate::locks::{exclusively, DATA};
use crate::prefs::{Prefs, Source};
use crate::spotify::{self, ApiError, SpotifyError, SyncProgress, SyncReport};
use gloo_timers::callback::Interval;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Fifteen minutes: Spotify keeps only the last 50 plays, which a listener rarely exceeds in that time.
const SYNC_EVERY_MS: u32 = 15 * 60 * 1000;

#[derive(Debug, Clone, PartialEq)]
pub enum SyncState {
    /// Not signed in to Spotify.
    SignedOut,
    /// Spotify ended the connection (revoked, or the six-month limit): why, and sign in again.
    NeedsSignIn(String),
    Idle(Option<SyncReport>),
    Running(Option<SyncProgress>),
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct SpotifySync {
    pub state: RwSignal<SyncState>,
    /// Switched to the listener's history once a sync has brought one.
    prefs: Option<Prefs>,
}

impl SpotifySync {
    /// Starts following the connection; syncs at once when signed in, then on a timer.
    pub fn start() -> SpotifySync {
        let sync = SpotifySync {
            state: RwSignal::new(SyncState::SignedOut),
            prefs: use_context::<Prefs>(),
        };
        // On the callback page the sign-in in progress runs the first sync once its tokens are
        // stored: one started now would run on the tokens being replaced.
        let on_callback = window()
            .location()
            .pathname()
            .is_ok_and(|path| path.ends_with("/callback"));
        leptos::task::spawn_local(async move {
            if spotify::signed_in().await.is_some() {
                sync.state.set(SyncState::Idle(spotify::last_sync().await));
                if !on_callback {
                    sync.run();
                }
            }
        });
        // For as long as the page is open.
        Interval::new(SYNC_EVERY_MS, move || sync.run()).forget();
        // Back online: what was queued offline goes out, and the sync catches up.
        let online = Closure::<dyn Fn()>::new(move || sync.run());
        let _ =
            window().add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();
        sync
    }

    /// One sync now, unless one is running, the browser is offline (it is retried on the next tick)
    /// or nobody is signed in.
    pub fn run(&self) {
        let state = self.state;
        if matches!(
            state.get_untracked(),
            SyncState::SignedOut | SyncState::NeedsSignIn(_) | SyncState::Running(_)
        ) || !window().navigator().on_line()
        {
            return;
        }
        state.set(SyncState::Running(None));
        let prefs = self.prefs;
        leptos::task::spawn_local(async move {
            // One tab at a time: a second tab's sync waits, then reads what the first one stored.
            let result = exclusively(DATA, async move {
                // The sync runs even when a queued playlist cannot be saved: Spotify keeps only the
                // last 50 plays, and a stuck queue must not cost the history.
                let flushed = spotify::flush_pending().await;
                let synced = spotify::sync(move |p| state.set(SyncState::Running(Some(p)))).await;
                synced.and_then(|report| {
                    flushed.map(|flushed| SyncReport {
                        dropped_for_another_account: flushed.for_another_account,
                        ..report
                    })
                })
            })
            .await;
            if matches!(&result, Ok(report) if report.new_plays > 0) {
                announce(DataEvent::Changed);
            }
            state.set(match result {
                Ok(report) => {
                    if let Some(prefs) = prefs {
                        if prefs.source.get_untracked() != Source::Library {
                            prefs.source.set(Source::Library);
                        }
                    }
                    SyncState::Idle(Some(report))
                }
                Err(SpotifyError::Api(ApiError::SignInAgain(message))) => {
                    let _ = spotify::disconnect().await;
                    SyncState::NeedsSignIn(message)
                }
                Err(other) => SyncState::Failed(other.to_string()),
            });
        });
    }

    /// After signing in: from signed out to syncing.
    pub fn signed_in(&self) {
        self.state.set(SyncState::Idle(None));
        self.run();
    }

    pub fn signed_out(&self) {
        self.state.set(SyncState::SignedOut);
    }
}
