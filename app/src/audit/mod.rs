//! The audit log: one insert-only row for every change to definitions, office hours, accounts and the
//! record. Who, when, what, and the before and after as JSON. The database refuses UPDATE and DELETE on it.
//!
//! Every feature writes to it (`db::append`), so it depends on none: the admins' view of it, which
//! authorizes through accounts, is in `admin` (`admin::log`, its CSV in `admin::api`).

mod model;

#[cfg(feature = "ssr")]
pub mod db;

pub use model::{Action, Actor, AuditEntry, AuditFilter, Entity};
