//! The import worker: reads a Spotify export into the store off the page's thread. [`client`] is the page's
//! side (one import at a time, cancelled by terminating the worker), [`requests`] what passes between
//! them, and [`job`] the worker's side.

pub mod client;
pub mod job;
pub mod requests;

use crate::worker::serve::Handlers;

/// The import worker's `main`.
pub fn serve() {
    Handlers::default().on_attached(job::import_files).serve();
}
