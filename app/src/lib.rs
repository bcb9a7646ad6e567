//! Medborgarlöfte: the pages, the server functions and the database code, built with `ssr` for the server
//! and `hydrate` for the browser. The rules they apply live in the `domain` crate, which has no Leptos in
//! it; this crate words its values for people (`words`).

#![recursion_limit = "512"]

pub mod accessibility;
pub mod admin;
pub mod agreements;
pub mod audit;
pub mod auth;
pub mod embed;
pub mod error;
pub mod feeds;
pub mod field;
mod layout;
pub mod office_hours;
pub mod overview;
pub mod paths;
pub mod places;
pub mod storage_fault;
mod ui;

#[cfg(feature = "ssr")]
pub mod csv_export;
#[cfg(feature = "ssr")]
pub mod database_url;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod dcat;
#[cfg(feature = "ssr")]
mod filters;
#[cfg(feature = "ssr")]
pub mod postgres;
#[cfg(feature = "ssr")]
mod request_scope;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(test)]
mod testing;
#[cfg(feature = "ssr")]
pub mod web;

pub mod language;
pub mod words;

// The `i18n` module: `Locale`, `I18nContextProvider`, `use_i18n` and the `t!` macros, generated from the
// locale files in locales/ (Swedish first, see Cargo.toml) and checked at compile time. leptos_i18n 0.6
// prefers generating it from build.rs with leptos_i18n_build, but that build dependency brings ICU's data
// exporter (with a WASM interpreter and an HTTP client) into every build; the macro generates the same
// module without it.
#[allow(deprecated)]
mod i18n_module {
    leptos_i18n::load_locales!();
}
pub use i18n_module::i18n;

#[cfg(feature = "ssr")]
pub use layout::shell;
pub use layout::App;
