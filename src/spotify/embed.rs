//! The Spotify Embed's iFrame API: one controller, loaded on the first play, that plays a track in an
//! iframe from open.spotify.com and reports its progress. It needs no sign-in (a listener who is logged
//! in to Spotify in this browser hears full tracks, others a preview), and Attune sends it nothing but the
//! track's URI.
//!
//! The API is a script that calls `window.onSpotifyIframeApiReady(IFrameAPI)` once loaded;
//! `IFrameAPI.createController(element, options, callback)` builds the player and hands over its
//! controller, whose `playback_update` events carry `{ isPaused, position, duration }` in milliseconds.

use js_sys::{Function, Object, Promise, Reflect};
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
    ) -> Result<EmbedController, String> {
        let api = iframe_api().await?;
        let options = Object::new();
        set(&options, "uri", &uri.into())?;
        set(&options, "width", &"100%".into())?;
        set(&options, "height", &JsValue::from(80))?;
        let element = element.clone();
        let created = Promise::new(&mut |resolve, reject| {
            let callback = Closure::once_into_js(move |controller: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &controller);
            });
            let started = call(&api, "createController", &[&element, &options, &callback]);
            if let Err(err) = started {
                let _ = reject.call1(&JsValue::NULL, &err.into());
            }
        });
        let controller = JsFuture::from(created)
            .await
            .map_err(|e| format!("the Spotify player could not start ({e:?})"))?;
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
    pub fn play(&self, uri: &str) -> Result<(), String> {
        call(&self.0, "loadUri", &[&uri.into()])?;
        call(&self.0, "play", &[])
    }
}

/// `window.onSpotifyIframeApiReady` as a promise: the API object, after adding its script once.
async fn iframe_api() -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    const KEPT: &str = "__attuneSpotifyIframeApi";
    if let Ok(api) = Reflect::get(&window, &KEPT.into()) {
        if !api.is_undefined() {
            return Ok(api);
        }
    }
    let document = window.document().ok_or("no document")?;
    let loaded = Promise::new(&mut |resolve, reject| {
        let keep = window.clone();
        let ready = Closure::once_into_js(move |api: JsValue| {
            let _ = Reflect::set(&keep, &KEPT.into(), &api);
            let _ = resolve.call1(&JsValue::NULL, &api);
        });
        let _ = Reflect::set(&window, &"onSpotifyIframeApiReady".into(), &ready);
        let rejects = reject.clone();
        let failed = Closure::once_into_js(move || {
            let _ = rejects.call1(&JsValue::NULL, &"unreachable".into());
        });
        match document.create_element("script") {
            Ok(script) => {
                let _ = script.set_attribute("src", IFRAME_API);
                let _ = Reflect::set(&script, &"onerror".into(), &failed);
                let _ = document.head().map(|head| head.append_child(&script));
            }
            Err(err) => {
                let _ = reject.call1(&JsValue::NULL, &err);
            }
        }
    });
    JsFuture::from(loaded)
        .await
        .map_err(|_| "Spotify's player could not be reached (offline?)".to_string())
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

fn set(target: &Object, key: &str, value: &JsValue) -> Result<(), String> {
    Reflect::set(target, &key.into(), value)
        .map(drop)
        .map_err(|e| format!("{e:?}"))
}

/// `target[method](...args)`.
fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<(), String> {
    let function: Function = Reflect::get(target, &method.into())
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| format!("the Spotify player has no {method}"))?;
    let args: js_sys::Array = args.iter().copied().collect();
    function
        .apply(target, &args)
        .map(drop)
        .map_err(|e| format!("the Spotify player refused {method} ({e:?})"))
}
