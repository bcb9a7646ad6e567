//! Organisations: the police areas admins create, the municipalities and police area each agreement
//! belongs to, and the checks that an account's scope covers them. Sweden's counties and municipalities
//! themselves are reference data in `domain::places`.
//!
//! Data and SQL only: the admin's police-area functions are in `admin`, the public list of municipalities
//! in `agreements::api`.

pub mod model;

#[cfg(feature = "ssr")]
pub mod db;
