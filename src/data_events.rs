//! What one tab tells the others about the listener's data: it changed (an import, a sync, a restore),
//! or it was erased. Through a `BroadcastChannel`, which reaches every other tab and worker of the origin
//! but not the channel object that sent it: each tab keeps one object, for sending and listening.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

const CHANNEL: &str = "attune-data";
const CHANGED: &str = "changed";
const ERASED: &str = "erased";

thread_local! {
    static TAB: Option<BroadcastChannel> = BroadcastChannel::new(CHANNEL).ok();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataEvent {
    /// Plays or the library were written: lists made before are out of date.
    Changed,
    /// Everything was erased: whatever a tab holds in memory must go.
    Erased,
}

/// Tells the other tabs. Where `BroadcastChannel` is missing nothing is sent: the other tabs catch up on
/// their next load.
pub fn announce(event: DataEvent) {
    let message = match event {
        DataEvent::Changed => CHANGED,
        DataEvent::Erased => ERASED,
    };
    TAB.with(|tab| {
        if let Some(tab) = tab {
            let _ = tab.post_message(&JsValue::from_str(message));
        }
    });
}

/// The last thing another tab said, as a signal (for the page's banner); listens for the app's life.
pub fn from_other_tabs() -> ReadSignal<Option<DataEvent>> {
    let (heard, set_heard) = signal(None);
    TAB.with(|tab| {
        let Some(tab) = tab else {
            return;
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            // Only the two known words: any other message (another app on the origin) is ignored.
            match event.data().as_string().as_deref() {
                Some(CHANGED) => set_heard.set(Some(DataEvent::Changed)),
                Some(ERASED) => set_heard.set(Some(DataEvent::Erased)),
                _ => {}
            }
        });
        tab.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    });
    heard
}
