//! The promise on a municipality's own website: a compact embed page per agreement and per municipality
//! (`/inbaddning/…`) that any site may frame, the code to paste for it, and oEmbed (`/oembed`) for the
//! publishing tools that look embeds up by a page's address. The embed sets no cookie, needs no session
//! and loads no WASM; its height follows its content through two small scripts of our own (`public/embed.js`
//! on the host page, `public/embed-frame.js` inside).

pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
mod server;

#[cfg(feature = "ssr")]
pub use server::routes;

/// The embeds and the oEmbed answers are the same for every visitor until the next change.
#[cfg(feature = "ssr")]
pub const CACHEABLE: &[crate::web::cache::Cacheable] = {
    use crate::paths;
    use crate::web::cache::Cacheable::{Below, Path};
    &[
        Below {
            prefix: paths::EMBED_AGREEMENTS,
            endings: &[],
        },
        Below {
            prefix: paths::EMBED_MUNICIPALITIES,
            endings: &[],
        },
        Path(paths::OEMBED),
    ]
};
