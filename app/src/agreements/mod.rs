//! Agreements (medborgarlöften): their definitions, the public pages, the open-data API, the admin's editor
//! and the import of a published text.
//!
//! Read from the bottom up, each file importing only those above it in this list:
//! - `model` (what the public reads) and `forms` (the admin's edit forms and their checks): data;
//! - `seed`: the first customer's agreement;
//! - `db`: reading agreements and their progress (`db`), the admin's changes (`db::edits`), the tallies
//!   the database keeps (`db::tallies`) and the demo agreement (`db::demo`);
//! - `server` and `api`: the server functions and the open-data HTTP API;
//! - the pages: `page` (an agreement), `activity`, `follow_up`, `admin` (the editor), and `import`, which
//!   has the same layers inside.

mod activity;
pub mod admin;
mod follow_up;
pub mod forms;
pub mod import;
pub mod model;
pub mod page;
pub mod seed;
pub(crate) mod server;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;

pub use activity::ActivityPage;
pub use follow_up::FollowUpPage;
pub use page::AgreementPage;
pub use server::{activity_page, agreement_page, follow_up};

/// The public addresses of this feature whose response the page cache may keep: the front page, each
/// agreement's pages, and the open data that is the same for everyone until the next change.
#[cfg(feature = "ssr")]
pub const CACHEABLE: &[crate::web::cache::Cacheable] = {
    use crate::paths;
    use crate::web::cache::Cacheable::{Below, Path};
    &[
        Path(paths::HOME),
        Path(paths::API_AGREEMENTS),
        Path(paths::API_MUNICIPALITIES),
        Path(paths::API_NATIONAL_PROGRESS),
        Path(paths::API_NATIONAL_PROGRESS_CSV),
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
