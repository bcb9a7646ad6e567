//! Agreements (medborgarlöften): their definitions, the public page, and the open-data API.

pub mod domain;
mod page;
pub mod progress;
pub mod seed;
pub mod view;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;

pub use page::{agreement_page, AgreementPage};
pub mod admin;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod store;
