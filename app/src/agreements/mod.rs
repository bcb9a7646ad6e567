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

/// The public addresses of this feature whose response the page cache may keep: the front page, each
/// agreement's pages, and the open data that is the same for everyone until the next change.
#[cfg(feature = "ssr")]
pub const CACHEABLE: &[crate::web::cache::Cacheable] = {
    use crate::paths;
    use crate::web::cache::Cacheable::{Below, Path};
    &[
        Path(paths::HOME),
        Path(paths::API_AGREEMENTS),
        Below {
            prefix: paths::AGREEMENTS,
            endings: &[],
        },
        Below {
            prefix: paths::API_AGREEMENT,
            endings: paths::API_PROGRESS_ENDINGS,
        },
    ]
};
