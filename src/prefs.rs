//! Small preferences kept in localStorage: which way in the listener chose, and the demo's seeds.
//! They are a few bytes and must be there synchronously at start-up, before IndexedDB could answer;
//! the listener's real data goes to IndexedDB (see the data layer).

use crate::worker::recommender::requests::Basis;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const SOURCE_KEY: &str = "attune.source";
const SEEDS_KEY: &str = "attune.demo.seeds";
const COMPARE_KEY: &str = "attune.compare_rankers";

/// How the listener feeds Attune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// Whether Home interleaves two rankers for the model lab's comparison.
    pub compare: RwSignal<bool>,
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
        // Before JSON, the way in was a bare word and the seeds one key a line.
        let source = read(SOURCE_KEY, |word| match word.as_str() {
            "demo" => Some(Source::Demo),
            "library" => Some(Source::Library),
            _ => None,
        })
        .unwrap_or(Source::NotChosen);
        let seeds = read(SEEDS_KEY, |lines| {
            Some(
                lines
                    .split('\n')
                    .filter(|k| !k.is_empty())
                    .map(String::from)
                    .collect(),
            )
        })
        .unwrap_or_default();
        let compare = LocalStorage::get(COMPARE_KEY).unwrap_or(false);
        let prefs = Prefs {
            source: RwSignal::new(source),
            seeds: RwSignal::new(seeds),
            compare: RwSignal::new(compare),
        };
        // Storage can be switched off (private modes, enterprise policy); Attune then simply forgets.
        Effect::new(move || {
            let _ = match prefs.source.get() {
                Source::NotChosen => {
                    LocalStorage::delete(SOURCE_KEY);
                    Ok(())
                }
                source => LocalStorage::set(SOURCE_KEY, source),
            };
        });
        Effect::new(move || {
            let _ = LocalStorage::set(SEEDS_KEY, prefs.seeds.get());
        });
        Effect::new(move || {
            let _ = LocalStorage::set(COMPARE_KEY, prefs.compare.get());
        });
        prefs
    }
}

/// A value kept as JSON, or one kept in the older plain form, read by `older`.
fn read<T: DeserializeOwned>(key: &str, older: impl Fn(String) -> Option<T>) -> Option<T> {
    LocalStorage::get(key).ok().or_else(|| {
        let plain = LocalStorage::raw().get_item(key).ok().flatten()?;
        older(plain)
    })
}
