//! Medborgarlöfte: the shared UI and domain code. Built with `ssr` for the server and `hydrate` for the
//! browser; the domain modules have no Leptos in them and are tested with plain `cargo test`.

#![recursion_limit = "512"]

pub mod accessibility;
pub mod admin;
pub mod agreements;
pub mod audit;
pub mod auth;
pub mod error;
pub mod field;
pub mod format;
pub mod forms;
mod layout;
pub mod office_hours;
pub mod types;
mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod web;

#[cfg(feature = "ssr")]
pub use layout::shell;
pub use layout::App;
