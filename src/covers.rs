//! Cover art for the cards once Spotify is connected: one `GET /tracks/{id}` per track shown (the batch
//! look-up is gone for new apps), one request at a time, keeping the smallest image of at least 64 px
//! for the rest of the visit. Without a connection the cards have no covers and ask nothing.

use crate::spotify::Spotify;
use leptos::prelude::*;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// Covers by Spotify track id: `Some(url)`, or `None` for a track Spotify has no image for.
#[derive(Clone, Copy)]
pub struct Covers {
    known: RwSignal<HashMap<String, Option<String>>>,
    waiting: StoredValue<VecDeque<String>, LocalStorage>,
    fetching: StoredValue<bool, LocalStorage>,
}

impl Covers {
    pub fn new() -> Covers {
        Covers {
            known: RwSignal::new(HashMap::new()),
            waiting: StoredValue::new_local(VecDeque::new()),
            fetching: StoredValue::new_local(false),
        }
    }

    /// Asks for a track's cover unless it is known or asked already.
    pub fn want(&self, id: &str) {
        // Only ids of Spotify's form go into the request's path.
        if !crate::spotify::ids::is_id(id) {
            return;
        }
        let asked = self.known.with_untracked(|k| k.contains_key(id))
            || self.waiting.with_value(|w| w.iter().any(|x| x == id));
        if !asked {
            self.waiting.update_value(|w| w.push_back(id.to_string()));
            self.fetch_waiting();
        }
    }

    /// The cover's URL once it has arrived (tracked).
    pub fn url(&self, id: &str) -> Option<String> {
        self.known.with(|k| k.get(id).cloned().flatten())
    }

    /// One request at a time, until nothing waits.
    fn fetch_waiting(&self) {
        if self.fetching.get_value() {
            return;
        }
        self.fetching.set_value(true);
        let covers = *self;
        leptos::task::spawn_local(async move {
            while let Some(id) = covers.waiting.try_update_value(|w| w.pop_front()).flatten() {
                // A track Spotify does not know, or a failed request, simply has no cover.
                let url = Spotify
                    .get(&format!("/tracks/{id}"))
                    .await
                    .ok()
                    .and_then(|track| smallest_cover(&track));
                covers.known.update(|k| {
                    k.insert(id, url);
                });
            }
            covers.fetching.set_value(false);
        });
    }
}

impl Default for Covers {
    fn default() -> Self {
        Covers::new()
    }
}

/// The smallest of a track's album images that is at least 64 px wide, else the largest.
fn smallest_cover(track: &Value) -> Option<String> {
    let images = track["album"]["images"].as_array()?;
    let mut all: Vec<(u64, &str)> = images
        .iter()
        .filter_map(|i| Some((i["width"].as_u64().unwrap_or(0), i["url"].as_str()?)))
        .collect();
    all.sort_unstable();
    all.iter()
        .find(|(w, _)| *w >= 64)
        .or(all.last())
        .map(|(_, u)| u.to_string())
}
