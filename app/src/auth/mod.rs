//! Accounts, sign-in and roles. The public needs no account; officers report, admins manage.

pub mod admin;
pub mod first_admin;
mod model;
mod page;
mod server;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod session;

pub use model::{AdminContext, PeoplePage, Person};
pub use page::{LoginPage, UserMenu};
pub use server::{signed_in_user, Login, Logout};
#[cfg(feature = "ssr")]
pub use session::{admin, authorize, require, sign_in, sign_out, Admin, AuthSession};
