//! Field reporting: officers record targeted operations and collaboration meetings, offline first. The
//! officer pages are rendered on the server (`pages`); the parts that need the browser are islands: the
//! report form (`form`), the queue (`queue_page`) and the navigation that runs the sync engine
//! (`sync_bar`, `sync`), which share the queue kept on the device (`store`).

pub mod admin;
mod context;
mod form;
mod pages;
mod queue_page;
mod record_model;
pub mod sync;
mod sync_bar;

#[cfg(feature = "hydrate")]
pub mod store;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod record;

pub use context::{officer_context, FieldContext};
pub use pages::{
    submit_report, ActivityReportPage, MeetingPage, OfficerLayout, OperationPage, QueuePage,
    SubmitReport,
};

/// The request header in which a device names the officer who saved the reports it sends to the sync API.
pub const SAVED_BY: &str = "x-lofte-saved-by";

/// The response header of an officer page that names its officer, for the service worker (`public/sw.js`
/// reads it by this name).
pub const OFFICER_HEADER: &str = "x-lofte-officer";
