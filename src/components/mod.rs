//! Props-only pieces shared by the pages.

pub mod allow_in_spotify;
pub mod app_status;
pub mod artists_for_you;
pub mod charts;
pub mod context_bar;
pub mod data_controls;
pub mod demo;
pub mod first_run;
pub mod history_recs;
pub mod import_drop;
pub mod import_report;
pub mod like_on_spotify;
pub mod nav;
pub mod page_frame;
pub mod pending;
pub mod played_together;
pub mod player;
pub mod playlist_actions;
pub mod ranges;
pub mod ranker_comparison;
pub mod rec_list;
pub mod save_to_spotify;
pub mod seed_search;
pub mod track_card;
pub mod up_next;
