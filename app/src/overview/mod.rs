//! Every municipality's promises in one place: the front page's national overview (when more than one
//! agreement is in force), a search by municipality, and a page per municipality (`/kommun/{code}`) and per
//! county (`/lan/{code}`). It sits above the agreements and the places it shows.

pub mod model;
mod page;
mod server;

pub use page::{CountyPage, FrontPage, MunicipalityPage};
pub use server::{county_page, front_page, municipality_page};

/// The place pages, kept by the page cache like the agreement pages (the front page is the agreements').
#[cfg(feature = "ssr")]
pub const CACHEABLE: &[crate::web::cache::Cacheable] = {
    use crate::paths;
    use crate::web::cache::Cacheable::Below;
    &[
        Below {
            prefix: paths::MUNICIPALITIES,
            endings: &[],
        },
        Below {
            prefix: paths::COUNTIES,
            endings: &[],
        },
    ]
};
