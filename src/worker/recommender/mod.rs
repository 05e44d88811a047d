//! The recommender worker: trains the hybrid on the bundled assets (or reuses the kept model), answers
//! every list the pages show, re-ranked for the listening moment, and learns from every reaction, so the
//! page never freezes while the model works.
//!
//! Page side: [`client`] (the handle the pages share) and [`requests`] (what it can be asked). Worker
//! side: [`serve`] (the table of handlers), one file per job ([`training`], [`recommend`], [`lists`],
//! [`learning`]), what the worker holds between requests ([`state`]) and the kept model
//! ([`kept_model`]).

pub mod client;
pub mod kept_model;
pub mod learning;
pub mod lists;
pub mod recommend;
pub mod requests;
pub mod state;
pub mod training;

use crate::worker::serve::Handlers;

/// The recommender worker's `main`: every request it answers, and who answers it.
pub fn serve() {
    Handlers::default()
        .on(training::init)
        .on(recommend::recommend)
        .on(learning::react)
        .on(learning::forget)
        .on(lists::daily_mixes)
        .on(lists::draw_insights)
        .on(lists::test_models)
        .on(lists::taste_card)
        .on(lists::blend_with)
        .on(lists::played_together)
        .on(lists::artists_for)
        .on(lists::up_next)
        .on(lists::build_playlist)
        .on(learning::compare_rankers)
        .serve();
}
