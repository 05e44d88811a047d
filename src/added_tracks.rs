//! The listener's own playlist: tracks added from any list with "Add", kept in the store, saved to
//! Spotify or exported from the builder page. Each add is also a reaction the recommender learns from.

use crate::store::{Space, Store};
use leptos::prelude::*;

const KEY: &str = "added_tracks";

/// The added tracks' Spotify ids, oldest first.
#[derive(Clone, Copy)]
pub struct AddedTracks {
    pub ids: RwSignal<Vec<String>>,
}

impl AddedTracks {
    /// Reads the kept list in the background; it is empty until then.
    pub fn load() -> AddedTracks {
        let added = AddedTracks {
            ids: RwSignal::new(Vec::new()),
        };
        leptos::task::spawn_local(async move {
            if let Some(kept) = Store::read_one::<Vec<String>>(Space::Settings, KEY).await {
                added.ids.update(|ids| {
                    for id in kept {
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                });
            }
        });
        added
    }

    pub fn add(&self, id: &str) {
        if !self.ids.with_untracked(|ids| ids.iter().any(|x| x == id)) {
            self.ids.update(|ids| ids.push(id.to_string()));
            self.keep();
        }
    }

    pub fn remove(&self, id: &str) {
        self.ids.update(|ids| ids.retain(|x| x != id));
        self.keep();
    }

    /// After an erase: the list in memory goes without being written back.
    pub fn forget_all(&self) {
        self.ids.set(Vec::new());
    }

    fn keep(&self) {
        let ids = self.ids.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(store) = Store::open().await {
                // A list that could not be kept is lost at the next visit only.
                let _ = store.put_value(Space::Settings, KEY, &ids).await;
            }
        });
    }
}
