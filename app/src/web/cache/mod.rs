//! Public pages and open data from memory: each is rendered once per change and per day, compressed once
//! (brotli at once, gzip when first asked for), and then served to every visitor without a session as the
//! same bytes, with a strong ETag (304 Not Modified) and a short shared-cache lifetime. The static files are
//! compressed once too.
//!
//! Correct by construction: an entry holds the change `generation` it was rendered at (moved by every write
//! to a table the public pages read, whoever writes, see `freshness`) and the Stockholm date it was rendered
//! for, and is served only while both still hold. After every write request this process answers, the
//! generation moves before the answer leaves; a write by another process (the command line, a second
//! server) shows within `RECHECK` on SQLite and as soon as it commits on PostgreSQL.
//!
//! A page that shows many agreements at a glance (the national overview, a county's or a municipality's
//! page, the agreements list) may let changes to the record settle: while only reports (their corrections,
//! voids, office hours held) have changed since its copy was current, the copy is served for up to
//! `SETTLE`, so a burst of synced reports renders it once a second instead of once per report. Any other
//! change, and every change on the other pages, shows on the next request.
//!
//! A page that shows the record of one agreement only (its page, its progress JSON) says which: while only
//! the record has changed since its copy, and not that agreement's, the copy stays current (`freshness`
//! knows which agreement each change to the record was made to), so a report in one municipality does not
//! render every other agreement's page again.
//!
//! One render per page at a time: the request that finds its page out of date renders it and is answered
//! with the result. Requests that arrive meanwhile are answered with the previous copy, if it is of the same
//! day and was current at most `STALE_WHILE_RENDERING` ago; otherwise they wait for the render too. An
//! out-of-date page is never served to a request that finds no render under way, so on a quiet system a
//! change shows on the very next request.

//!
//! The parts: `freshness` (the change counter), `entry` (one kept response in its encodings, with its ETag),
//! `html` (what a kept page leaves out), `rules` (which addresses may be kept, as the features declare
//! them), `pages` (the kept pages and static files, one render at a time), `render` (the thread renders run
//! on), `settle` (what renderers and writers tell the cache) and `serve` (the middleware).

mod entry;
mod freshness;
mod html;
mod pages;
mod render;
mod rules;
mod serve;
mod settle;
mod until;

pub use entry::{Entry, Quality};
pub use freshness::{Freshness, Generation, Touched, CHANNEL, RECHECK};
pub use pages::PageCache;
pub use rules::{is_build_file, Cacheable};
pub use serve::{serve, IMMUTABLE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL, STATIC_CACHE_CONTROL};
pub use settle::{record_of_header, record_only_header, settles, settles_header, shows_record_of};
pub use until::fresh_until;
