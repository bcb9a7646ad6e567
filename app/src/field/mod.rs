//! Field reporting: officers record targeted operations and collaboration meetings, offline first.
//! The report rules, the personnummer guard and the queue are plain Rust shared by browser and server.

pub mod pnr;
pub mod queue;
pub mod report;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
