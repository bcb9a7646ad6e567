//! Agreements (medborgarlöften): their definitions, the public page, and the open-data API.

mod activity;
mod page;
pub mod seed;
pub mod view;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;

pub use activity::{activity_page, ActivityPage};
pub use follow_up::{follow_up, FollowUpPage};
pub use page::{agreement_page, AgreementPage};
pub mod admin;
#[cfg(feature = "ssr")]
pub mod demo;
mod follow_up;
pub mod forms;
pub mod import;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod tallies;
