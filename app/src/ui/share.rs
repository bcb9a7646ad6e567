//! Sharing a page: the code a municipality pastes to embed an agreement or a municipality on its own site
//! (with a preview), the `<link>`s that announce the embed (oEmbed discovery) and the Atom feed, and the
//! visible link to the feed. The embeds themselves are `embed`'s, the feeds `feeds`'.

use crate::i18n::{td_string, use_i18n, Locale};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Link;

/// The embed's width when the host asks for none.
pub const EMBED_WIDTH: u32 = 640;
/// The height of the plain iframe, before (or without) the script that fits it to its content.
pub const EMBED_HEIGHT: u32 = 480;

/// The embed's address in a language: Swedish is the default, English asks for it.
pub fn in_language(path: &str, locale: Locale) -> String {
    match locale {
        Locale::sv => path.to_owned(),
        other => format!("{path}?lang={}", leptos_i18n::Locale::as_str(other)),
    }
}

/// The code a host page pastes: the iframe, with a fixed height that holds without any script, and our
/// script that fits its height to the content. Every value is escaped for its attribute.
pub fn snippet(origin: &str, src: &str, title: &str, width: u32, height: u32) -> String {
    let attr = |text: &str| html_escape::encode_double_quoted_attribute(text).into_owned();
    let (origin, src, title) = (attr(origin), attr(src), attr(title));
    format!(
        "<iframe src=\"{origin}{src}\" title=\"{title}\" width=\"{width}\" height=\"{height}\" \
         style=\"width:100%;max-width:{width}px;border:0\" loading=\"lazy\" data-lofte-embed></iframe>\n\
         <script src=\"{origin}{script}\" async></script>",
        script = paths::EMBED_SCRIPT
    )
}

/// This site's origin as the page's visitor reached it: the configured public origin, else `http://` and
/// the request's `Host` (the page cache keeps a page per host). Empty outside a request.
pub fn page_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        if let (Ok(state), Some(parts)) = (
            crate::web::app_state(),
            use_context::<axum::http::request::Parts>(),
        ) {
            return crate::web::site_origin(state.public_origin.as_deref(), &parts.headers)
                .unwrap_or_default();
        }
    }
    String::new()
}

/// "Bädda in på er webbplats": the code to paste for the embed at `embed_path`, and a preview of it.
#[component]
pub fn EmbedCode(embed_path: String, title: String) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let src = in_language(&embed_path, locale);
    let code = snippet(&page_origin(), &src, &title, EMBED_WIDTH, EMBED_HEIGHT);
    view! {
        <section class="card embed-code" aria-labelledby="embed-heading">
            <details>
                <summary><h2 id="embed-heading">{td_string!(locale, embed.heading)}</h2></summary>
                <p>{td_string!(locale, embed.intro)}</p>
                <label for="embed-snippet">{td_string!(locale, embed.code_label)}</label>
                <textarea id="embed-snippet" readonly rows="6" spellcheck="false" inner_html=crate::ui::textarea_text(&code)></textarea>
                <h3>{td_string!(locale, embed.preview)}</h3>
                <iframe class="embed-preview" src=src title=title width=EMBED_WIDTH height=EMBED_HEIGHT></iframe>
            </details>
        </section>
    }
}

/// The `<link>` in the page's head that announces its embed to oEmbed consumers.
#[component]
pub fn AnnounceEmbed(page_path: String, title: String) -> impl IntoView {
    view! { <Link rel="alternate" type_="application/json+oembed" href=oembed_href(&page_path) title=title/> }
}

/// The `<link>` in the page's head that announces its Atom feed.
#[component]
pub fn AnnounceFeed(feed_path: String, title: String) -> impl IntoView {
    view! { <Link rel="alternate" type_="application/atom+xml" href=feed_path title=title/> }
}

/// The oEmbed address that answers for the page at `page_path` on this site.
fn oembed_href(page_path: &str) -> String {
    let origin = page_origin();
    #[cfg(feature = "ssr")]
    let url: String =
        form_urlencoded::byte_serialize(format!("{origin}{page_path}").as_bytes()).collect();
    #[cfg(not(feature = "ssr"))]
    let url = page_path.to_owned();
    format!("{origin}{}?url={url}&format=json", paths::OEMBED)
}

/// A visible link to a page's Atom feed.
#[component]
pub fn FeedLink(feed_path: String) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <p class="feed-link"><a href=feed_path type="application/atom+xml">{td_string!(locale, embed.follow)}</a></p>
    }
}
