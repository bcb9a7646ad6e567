//! Field reporting: officers record targeted operations and collaboration meetings, offline first.
//! The report rules, the personnummer guard and the queue are plain Rust shared by browser and server.

pub mod admin;
mod page;
pub mod sync;

#[cfg(feature = "hydrate")]
pub mod store;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod record;

pub use page::{
    officer_context, submit_report, ActivityReportPage, MeetingPage, OfficerLayout, OperationPage, QueuePage,
};
