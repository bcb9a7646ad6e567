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
pub use page::{AreaOfficeHoursPage, OfficeHoursPage};

/// The office hours' public addresses, kept by the page cache: the pages (until a change, the day, or the
/// next opening or closing they show) and the feeds.
#[cfg(feature = "ssr")]
pub const CACHEABLE: &[crate::web::cache::Cacheable] = {
    use crate::paths;
    use crate::web::cache::Cacheable::{Below, Path};
    &[
        Path(paths::OFFICE_HOURS),
        Below {
            prefix: paths::OFFICE_HOURS_AREAS,
            endings: &[],
        },
        Path(paths::OFFICE_HOURS_FEED),
        Below {
            prefix: paths::OFFICE_HOURS_AREA_FEEDS,
            endings: &[paths::ICS],
        },
    ]
};
pub use server::office_hours;
