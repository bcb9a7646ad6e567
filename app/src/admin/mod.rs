//! The admin pages' frame, and the admins' view of the audit log. Each feature keeps its own admin page
//! (agreements, office hours, people, the record), built from the parts in `ui::admin`; this module holds
//! them together. It sits above every feature: the audit log, which every feature writes, is read here, so
//! that it depends on no feature itself.
//!
//! Read from the bottom up: `server` (the frame's and the log's server functions) and `api` (the log as
//! CSV), then the pages: `frame` and `log`.

mod frame;
mod log;
mod police_areas;
mod server;

#[cfg(feature = "ssr")]
mod scope;

#[cfg(feature = "ssr")]
pub mod api;

pub use frame::{AdminHome, AdminLayout};
pub use log::AuditLogPage;
pub use server::{admin_session, audit_log, create_police_area, police_areas};
