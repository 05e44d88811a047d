//! One file per route.

pub mod blend;
pub mod builder;
pub mod callback;
pub mod connect;
pub mod home;
pub mod import;
pub mod insights;
pub mod lab;
pub mod library;
pub mod mixes;
pub mod not_found;
pub mod settings;
