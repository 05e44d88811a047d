//! Props-only pieces shared by the pages.

pub mod coming_soon;
pub mod demo;
pub mod first_run;
pub mod nav;
pub mod seed_search;
pub mod track_card;
