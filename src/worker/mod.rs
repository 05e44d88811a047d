//! Attune's two Web Workers and how the page talks to them. Heavy work never runs on the page's thread:
//! the recommender trains and answers every list, the importer reads exports into the store.
//!
//! A request is a type with its answer ([`protocol::Request`]); the page asks with
//! [`channel::WorkerChannel::ask`] and awaits the answer, the worker answers from a table of handlers
//! ([`serve::Handlers`]). Adding a request is one type and one handler.

pub mod answer;
pub mod channel;
pub mod import;
pub mod protocol;
pub mod recommender;
pub mod serve;
pub mod spawn;
