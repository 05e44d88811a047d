//! A track in a list Attune makes for the listener (a Daily Mix, a built playlist): one of the
//! catalog's, or one of their own that the catalog does not have, known by the Spotify id their history
//! or library gave it.

use crate::catalog::{Catalog, TrackIdx};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListItem {
    Catalog(TrackIdx),
    /// One of the listener's tracks that the catalog does not have.
    Own {
        id: String,
        title: String,
        artist: String,
    },
}

impl ListItem {
    pub fn catalog(&self) -> Option<TrackIdx> {
        match self {
            ListItem::Catalog(t) => Some(*t),
            ListItem::Own { .. } => None,
        }
    }

    /// The Spotify id it is played and saved by.
    pub fn spotify_id<'a>(&'a self, catalog: &'a Catalog) -> &'a str {
        match self {
            ListItem::Catalog(t) => &catalog.track(*t).id,
            ListItem::Own { id, .. } => id,
        }
    }
}

/// A track of a list, with why it is there.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTrack {
    pub item: ListItem,
    /// One of the listener's own tracks (rather than a new one).
    pub familiar: bool,
    pub why: Vec<String>,
}
