//! What the embeddable widget accepts from outside: its documented attributes (track, artist, search,
//! seed, count, theme, layout), or for `embed.html` the same names in the query string, each checked here
//! before anything uses it. `public/widget.js` passes on no other name: whatever else a host page or a
//! link puts on the element is ignored, because the widget's input is an attacker's input.

use thiserror::Error;

/// Longest artist name or search text taken (the catalog's longest name is 136 characters).
pub const MAX_TEXT: usize = 200;
pub const DEFAULT_COUNT: usize = 5;
pub const MAX_COUNT: usize = 20;

/// What to find similar tracks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WidgetSeed {
    /// A Spotify track id (22 base-62 characters).
    Track(String),
    Artist(String),
    Search(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetTheme {
    Light,
    Dark,
    Auto,
}

impl WidgetTheme {
    pub fn class(self) -> &'static str {
        match self {
            WidgetTheme::Light => "light",
            WidgetTheme::Dark => "dark",
            WidgetTheme::Auto => "auto",
        }
    }
}

/// The checked options of one widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetOptions {
    pub seed: WidgetSeed,
    pub count: usize,
    pub theme: WidgetTheme,
    pub compact: bool,
}

/// Why an attribute was refused; shown in the widget in place of the list.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WidgetOptionError {
    #[error("Say what to find similar tracks for: track, artist or search.")]
    NoSeed,
    #[error("track must be spotify:track: followed by 22 letters or digits.")]
    BadTrack,
    #[error("{name} is longer than {MAX_TEXT} characters.")]
    TooLong { name: &'static str },
    #[error("{name} has characters a name cannot have.")]
    ControlCharacters { name: &'static str },
    #[error("count must be a whole number from 1 to {MAX_COUNT}.")]
    BadCount,
    #[error("theme must be light, dark or auto.")]
    BadTheme,
    #[error("layout must be compact, or left out.")]
    BadLayout,
}

impl WidgetOptions {
    /// Reads and checks the documented attributes, given by name (`None`: not set). `seed` is an alias of
    /// `search`; when several seeds are set, track wins over artist over search.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Result<WidgetOptions, WidgetOptionError> {
        let seed = if let Some(track) = get("track") {
            WidgetSeed::Track(track_id(track.trim()).ok_or(WidgetOptionError::BadTrack)?)
        } else if let Some(artist) = get("artist") {
            WidgetSeed::Artist(text("artist", &artist)?)
        } else if let Some(search) = get("search").or_else(|| get("seed")) {
            WidgetSeed::Search(text("search", &search)?)
        } else {
            return Err(WidgetOptionError::NoSeed);
        };
        let count = match get("count") {
            None => DEFAULT_COUNT,
            Some(count) => count
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|c| (1..=MAX_COUNT).contains(c))
                .ok_or(WidgetOptionError::BadCount)?,
        };
        let theme = match get("theme").as_deref().map(str::trim) {
            None | Some("auto") => WidgetTheme::Auto,
            Some("light") => WidgetTheme::Light,
            Some("dark") => WidgetTheme::Dark,
            Some(_) => return Err(WidgetOptionError::BadTheme),
        };
        let compact = match get("layout").as_deref().map(str::trim) {
            None | Some("") => false,
            Some("compact") => true,
            Some(_) => return Err(WidgetOptionError::BadLayout),
        };
        Ok(WidgetOptions {
            seed,
            count,
            theme,
            compact,
        })
    }
}

/// The id of `spotify:track:ID`, when ID has Spotify's form.
fn track_id(uri: &str) -> Option<String> {
    crate::spotify::ids::track_id(uri).map(String::from)
}

fn text(name: &'static str, value: &str) -> Result<String, WidgetOptionError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(WidgetOptionError::NoSeed);
    }
    if value.chars().count() > MAX_TEXT {
        return Err(WidgetOptionError::TooLong { name });
    }
    if value.chars().any(char::is_control) {
        return Err(WidgetOptionError::ControlCharacters { name });
    }
    Ok(value.to_string())
}
