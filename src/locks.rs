//! One writer at a time across tabs and workers: Web Locks (`navigator.locks`), with a plain run where
//! a browser has none or refuses the request.
//!
//! Import, sync, restore and the save queue each read what is stored and write later; two tabs doing
//! either at once would write twice. Each holds [`DATA`] while it reads and writes, so a second tab waits
//! for the first and then reads what the first wrote. The token refresh has its own lock (a refresh
//! must not wait for a long import).

use futures::channel::oneshot;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Held by whatever writes the listener's data: import, sync, restore, the save queue, erase.
pub const DATA: &str = "attune-data";

/// Held while a tab looks artists up on Spotify, so two tabs never double the look-ups.
pub const ARTIST_LOOKUPS: &str = "attune-artist-lookups";

/// Held while a token is refreshed (a refresh must not wait for a long import), and by erase.
pub const TOKEN_REFRESH: &str = "attune-spotify-refresh";

/// Runs `work` holding the Web Lock `name` (exclusive, waiting for it), and returns what it returns.
/// Where Web Locks are missing (an old browser, an insecure origin) or the request throws, `work` runs
/// without the lock: a second tab could then interleave, which is what happened before locks existed,
/// and better than not running at all.
pub async fn exclusively<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> T {
    let work = Rc::new(RefCell::new(Some(work)));
    let (done, finished) = oneshot::channel::<T>();
    let done = Rc::new(RefCell::new(Some(done)));
    if let Some((locks, request)) = lock_manager() {
        let job = work.clone();
        let callback = wasm_bindgen::closure::Closure::once_into_js(move |_lock: JsValue| {
            let job = job.borrow_mut().take();
            wasm_bindgen_futures::future_to_promise(async move {
                if let Some(job) = job {
                    let result = job.await;
                    if let Some(done) = done.borrow_mut().take() {
                        let _ = done.send(result);
                    }
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        if let Ok(promise) = request.call2(&locks, &JsValue::from_str(name), &callback) {
            // Settles when the work is done, or early if the lock is taken away (another script's
            // `steal`): then the work goes on to its end without it, and its result is awaited below.
            let _ = JsFuture::from(js_sys::Promise::from(promise)).await;
        }
    }
    let job = work.borrow_mut().take();
    match job {
        // The lock never ran the work: no lock manager, or it refused the request.
        Some(job) => job.await,
        None => finished
            .await
            .expect("the lock's callback sends the work's result when the work ends"),
    }
}
/// `navigator.locks` and its `request` function, where the global scope (window or worker) has them.
fn lock_manager() -> Option<(JsValue, js_sys::Function)> {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = js_sys::Reflect::get(&navigator, &"locks".into())
        .ok()
        .filter(|l| !l.is_undefined() && !l.is_null())?;
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    Some((locks, request))
}
