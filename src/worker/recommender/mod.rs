//! The recommender worker: loads the community's hybrid from the bundled factors, answers
//! every list the pages show, re-ranked for the listening moment, and learns from every reaction, so the
//! page never freezes while the model works.
//!
//! Page side: [`client`] (the handle the pages share) and [`requests`] (what it can be asked). Worker
//! side: [`serve`] (the table of handlers), one file per job ([`loading`], [`recommend`], [`lists`],
//! [`learning`]) and what the worker holds between requests ([`state`]).

pub mod client;
pub mod learning;
pub mod lists;
pub mod loading;
pub mod recommend;
pub mod requests;
pub mod state;

use crate::worker::serve::Handlers;

/// The recommender worker's `main`: every request it answers, and who answers it.
pub fn serve() {
    Handlers::default()
        .on(loading::init)
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
