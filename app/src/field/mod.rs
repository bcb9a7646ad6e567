//! Field reporting: officers record targeted operations, meetings and other activities, offline first.
//!
//! Read from the bottom up, each file importing only those above it in this list:
//! - `model`: the data the pages, islands, server functions and database code exchange;
//! - `local_queue`: the queue kept in the browser's local storage (islands only);
//! - `db`: storing reports (`db`, exactly once, with their audit rows) and the admin's record (`db::record`);
//! - `server` and `api`: the server functions, and the sync endpoint phones post their queue to;
//! - `sync`: the browser's sync engine, which drains the queue to `api`;
//! - the islands (`form`, `queue_page`, `sync_bar`) and the pages (`pages` for officers, `admin` for the
//!   record).

pub mod admin;
mod form;
mod model;
mod pages;
mod queue_page;
mod server;
pub mod sync;
mod sync_bar;

#[cfg(feature = "hydrate")]
pub mod local_queue;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;

pub use model::{
    FieldContext, OperationSummary, RecordFilter, RecordPage, RecordRow, RecordWhat, ReportDetail,
    VersionInfo, OFFICER_HEADER, SAVED_BY,
};
pub use pages::{ActivityReportPage, MeetingPage, OfficerLayout, OperationPage, QueuePage};
pub use server::{officer_context, submit_report, SubmitReport};
