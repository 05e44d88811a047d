//! The Spotify Embed's iFrame API: one controller, loaded on the first play, that plays a track in an
//! iframe from open.spotify.com and reports its progress. It needs no sign-in (a listener who is logged
//! in to Spotify in this browser hears full tracks, others a preview), and Attune sends it nothing but the
//! track's URI.
//!
//! The API comes in two scripts: a loader at [`IFRAME_API`] that injects the API itself from
//! `embed-cdn.spotifycdn.com` (under a Trusted Types policy of its own), which then calls
//! `window.onSpotifyIframeApiReady(IFrameAPI)`; the page's Content-Security-Policy allows both
//! (`scripts/csp.py`). `IFrameAPI.createController(element, options, callback)` builds the player and hands
//! over its controller, whose `playback_update` events carry `{ isPaused, position, duration }` in
//! milliseconds. A player that does not start in time is reported, and the lists never wait for it.

use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Fixed, like the other Spotify hosts: tests route it to a fake in the browser.
pub const IFRAME_API: &str = "https://open.spotify.com/embed/iframe-api/v1";

/// A progress report: where the player is in the track, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub paused: bool,
    pub position_ms: f64,
    pub duration_ms: f64,
}

/// Why the player does not play; the lists never wait for it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlayerError {
    #[error("Spotify's player did not start within {} seconds. Your list still works; press Play again to retry.", START_TIMEOUT_MS / 1000)]
    NotStarted,
    #[error("Spotify's player could not be reached (offline?). Your list still works.")]
    Unreachable,
    #[error("the Spotify player refused {method} ({detail})")]
    Refused {
        method: &'static str,
        detail: String,
    },
}

/// The embed's controller.
#[derive(Clone)]
pub struct EmbedController(JsValue);

impl EmbedController {
    /// Loads the API (once per page) and builds a player inside `element`, starting on `uri`; every
    /// progress report goes to `on_progress`.
    pub async fn create(
        element: &web_sys::Element,
        uri: &str,
        on_progress: impl Fn(Progress) + 'static,
    ) -> Result<EmbedController, PlayerError> {
        let api = iframe_api().await?;
        let options = crate::worker::protocol::object(&[
            ("uri", uri.into()),
            ("width", "100%".into()),
            ("height", JsValue::from(80)),
        ]);
        let element = element.clone();
        let created = Promise::new(&mut |resolve, reject| {
            let callback = Closure::once_into_js(move |controller: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &controller);
            });
            let started = call(&api, "createController", &[&element, &options, &callback]);
            if let Err(err) = started {
                let _ = reject.call1(&JsValue::NULL, &err.to_string().into());
            }
        });
        let controller = within_start_timeout(created)
            .await
            .map_err(|failure| match failure {
                Failure::TimedOut => PlayerError::NotStarted,
                Failure::Refused(e) => PlayerError::Refused {
                    method: "createController",
                    detail: format!("{e:?}"),
                },
            })?;
        let listener = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            if let Some(progress) = progress(&event) {
                on_progress(progress);
            }
        });
        call(
            &controller,
            "addListener",
            &[&"playback_update".into(), listener.as_ref()],
        )?;
        // The controller lives as long as the page's player: one listener, never removed.
        listener.forget();
        Ok(EmbedController(controller))
    }

    /// Loads another track and plays it.
    pub fn play(&self, uri: &str) -> Result<(), PlayerError> {
        call(&self.0, "loadUri", &[&uri.into()])?;
        call(&self.0, "play", &[])
    }
}

/// How long the player may take to start before the listener is told: the real API is two scripts from
/// two hosts, and a blocked or unreachable one never says so.
const START_TIMEOUT_MS: u32 = 15_000;

thread_local! {
    /// The API's arrival, shared by every Play: its loader runs once per page (a second copy only warns
    /// that it "has already been initialized"), so a Play after a timeout waits for the same arrival.
    static API: std::cell::RefCell<Option<Promise>> = const { std::cell::RefCell::new(None) };
}

/// The API object: `window.onSpotifyIframeApiReady` as a promise, after adding the loader script once;
/// gives up after [`START_TIMEOUT_MS`].
async fn iframe_api() -> Result<JsValue, PlayerError> {
    let arrival = match API.with(|api| api.borrow().clone()) {
        Some(arrival) => arrival,
        None => {
            let arrival = load_iframe_api()?;
            API.with(|api| *api.borrow_mut() = Some(arrival.clone()));
            arrival
        }
    };
    within_start_timeout(arrival)
        .await
        .map_err(|failure| match failure {
            Failure::TimedOut => PlayerError::NotStarted,
            Failure::Refused(_) => {
                // The loader itself did not load, so it never ran: the next Play adds it again.
                API.with(|api| *api.borrow_mut() = None);
                PlayerError::Unreachable
            }
        })
}

/// Adds the loader's script; the promise settles when the API calls `onSpotifyIframeApiReady`, or the
/// loader itself fails to load.
fn load_iframe_api() -> Result<Promise, PlayerError> {
    let document = web_sys::window().and_then(|w| w.document());
    let head = document.as_ref().and_then(|d| d.head());
    let script = document.and_then(|d| d.create_element("script").ok());
    let (Some(window), Some(head), Some(script)) = (web_sys::window(), head, script) else {
        return Err(PlayerError::Unreachable);
    };
    let loaded = Promise::new(&mut |resolve, reject| {
        let ready = Closure::once_into_js(move |api: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &api);
        });
        let _ = Reflect::set(&window, &"onSpotifyIframeApiReady".into(), &ready);
        let failed = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &"unreachable".into());
        });
        let _ = Reflect::set(&script, &"onerror".into(), &failed);
    });
    script
        .set_attribute("src", IFRAME_API)
        .and_then(|()| head.append_child(&script))
        .map_err(|_| PlayerError::Unreachable)?;
    Ok(loaded)
}

enum Failure {
    TimedOut,
    Refused(JsValue),
}

/// `promise`, or [`Failure::TimedOut`] once [`START_TIMEOUT_MS`] pass first.
async fn within_start_timeout(promise: Promise) -> Result<JsValue, Failure> {
    let timer = TimeoutFuture::new(START_TIMEOUT_MS);
    match select(JsFuture::from(promise), timer).await {
        Either::Left((settled, _)) => settled.map_err(Failure::Refused),
        Either::Right(((), _)) => Err(Failure::TimedOut),
    }
}

/// `event.data` of a `playback_update`.
fn progress(event: &JsValue) -> Option<Progress> {
    let data = Reflect::get(event, &"data".into()).ok()?;
    let number = |key: &str| Reflect::get(&data, &key.into()).ok()?.as_f64();
    Some(Progress {
        paused: Reflect::get(&data, &"isPaused".into())
            .ok()?
            .as_bool()
            .unwrap_or(true),
        position_ms: number("position")?,
        duration_ms: number("duration").unwrap_or(0.0),
    })
}

/// `target[method](...args)`.
fn call(target: &JsValue, method: &'static str, args: &[&JsValue]) -> Result<(), PlayerError> {
    let refused = |detail: String| PlayerError::Refused { method, detail };
    let function: Function = Reflect::get(target, &method.into())
        .map_err(|e| refused(format!("{e:?}")))?
        .dyn_into()
        .map_err(|_| refused("it has no such method".into()))?;
    let args: js_sys::Array = args.iter().copied().collect();
    function
        .apply(target, &args)
        .map(drop)
        .map_err(|e| refused(format!("{e:?}")))
}
