//! Small preferences kept in localStorage: which way in the listener chose, and the demo's seeds.
//! They are a few bytes and must be there synchronously at start-up, before IndexedDB could answer;
//! the listener's real data goes to IndexedDB (see the data layer).

use crate::worker::recommender::requests::Basis;
use leptos::prelude::*;

const SOURCE_KEY: &str = "attune.source";
const SEEDS_KEY: &str = "attune.demo.seeds";

/// How the listener feeds Attune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// First visit: show the three ways in.
    NotChosen,
    /// The bundled catalog with seeds the listener picks.
    Demo,
    /// The listener's own history in the store (imported or synced).
    Library,
}

/// The preferences as signals; changes are written back to localStorage at once.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub source: RwSignal<Source>,
    /// Demo seeds as stable keys: `track:<spotify id>` or `artist:<name>`.
    pub seeds: RwSignal<Vec<String>>,
}

impl Prefs {
    /// What lists start from for a way in (tracked): the history, or the demo's picks.
    pub fn basis(&self, source: Source) -> Basis {
        match source {
            Source::Library => Basis::History,
            _ => Basis::Picks(self.seeds.get()),
        }
    }

    pub fn load() -> Prefs {
        let source = match read(SOURCE_KEY).as_deref() {
            Some("demo") => Source::Demo,
            Some("library") => Source::Library,
            _ => Source::NotChosen,
        };
        let seeds = read(SEEDS_KEY)
            .map(|s| {
                s.split('\n')
                    .filter(|k| !k.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let prefs = Prefs {
            source: RwSignal::new(source),
            seeds: RwSignal::new(seeds),
        };
        Effect::new(move || {
            let value = match prefs.source.get() {
                Source::Demo => Some("demo"),
                Source::Library => Some("library"),
                Source::NotChosen => None,
            };
            write(SOURCE_KEY, value);
        });
        Effect::new(move || write(SEEDS_KEY, Some(&prefs.seeds.get().join("\n"))));
        prefs
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Storage can be switched off (private modes, enterprise policy); Attune then simply forgets.
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn write(key: &str, value: Option<&str>) {
    if let Some(storage) = storage() {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}
