//! The audit log: one insert-only row for every change to definitions, office hours, accounts and the
//! record. Who, when, what, and the before and after as JSON. The database refuses UPDATE and DELETE on it.

mod model;
mod page;
mod server;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;

pub use model::{Action, Actor, AuditEntry, AuditFilter, Entity};
pub use page::AuditLogPage;
pub use server::audit_log;
