//! Office hours: when and where the police can be met. Weekly slots with cancellations and extras, a public
//! page, and the admin's page to keep them up to date.

pub mod admin;
mod json_ld;
mod model;
pub mod officer;
mod page;
mod server;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod ical;

#[cfg(feature = "ssr")]
pub use api::routes;
pub use model::Schedule;
pub use page::OfficeHoursPage;
pub use server::office_hours;
