//! Atom feeds (RFC 4287) that people and other sites can follow: one per agreement, per municipality and
//! for the whole instance. An entry is written when an agreement is published or its period begins, when
//! an activity reaches its target in a span, when an office hour in its police area is cancelled, and one
//! per day with targeted operations (the day's aggregates, small counts suppressed as on the pages).
//!
//! Each entry has a key made of what it is about; the first time a feed shows it, it gets a lasting id
//! (`urn:uuid:…`), kept in `feed_entries` with the content it had. `updated` moves only when that content
//! changes, so readers see an entry again only when it did.

#[cfg(feature = "ssr")]
mod db;
pub mod model;
#[cfg(feature = "ssr")]
mod server;

#[cfg(feature = "ssr")]
pub use server::routes;

/// How many entries a feed holds: the latest by `updated`.
pub const ENTRIES: usize = 50;

/// The feeds, the same for every reader until the next change.
#[cfg(feature = "ssr")]
pub const CACHEABLE: &[crate::web::cache::Cacheable] = {
    use crate::paths;
    use crate::web::cache::Cacheable::{Below, Path};
    &[
        Path(paths::FEED_ALL),
        Below {
            prefix: paths::FEED_AGREEMENTS,
            endings: &[paths::ATOM],
        },
        Below {
            prefix: paths::FEED_MUNICIPALITIES,
            endings: &[paths::ATOM],
        },
    ]
};
