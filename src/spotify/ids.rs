//! Spotify ids, checked as the engine checks those of imported files (see `attune_engine::ids`).

pub use attune_engine::ids::{is_id, track_id};
