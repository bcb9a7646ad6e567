//! The integration tests: the real server on port 0 with a fresh database, met over HTTP.
//!
//! One test binary with a module per area, so the suite is linked once rather than once per file.

mod admin;
mod api;
mod auth;
mod backup;
mod cache;
mod cli;
mod common;
mod counted;
mod cross_site;
mod csv_safety;
mod dcat;
mod embeds;
mod feeds;
mod first_run;
mod import;
mod instances;
mod language;
mod limits;
mod office_hours;
mod open_data;
mod organisations;
mod overview;
mod probes;
mod problems;
mod reports;
mod security;
mod storage;
mod to_postgres;
