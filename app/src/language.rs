//! Swedish by default, English by choice. The choice is a cookie set by a plain link (`/sprak/en/…`), so it
//! works on the public pages, which load no WASM, as well as in the app; the browser's Accept-Language is
//! deliberately not consulted, as the agreement is a Swedish document.

use crate::i18n::Locale;
use leptos_i18n::Locale as _;

/// The cookie that keeps the chosen language (the name leptos_i18n gives its own, which the app used before).
pub const COOKIE: &str = "i18n_pref_locale";

/// The language a `Cookie` header chose: the default (Swedish) unless it names another known one.
pub fn from_cookie_header(cookies: &str) -> Locale {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or_default()
}

/// The language a page names (`sv`, `en`), as an island gets it in its props; Swedish for anything else.
pub fn named(lang: &str) -> Locale {
    lang.parse().unwrap_or_default()
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    static REQUEST_LOCALE: Locale;
}

/// The language of the request being answered, for messages made far from any page: the language `scope`
/// noted for this request's task, else (a page's body streamed after the handler returned) the request's
/// parts in the Leptos context, else Swedish. The task's own note comes first: Leptos's current owner is
/// per thread, and a plain API handler must not take another request's language from it.
#[cfg(feature = "ssr")]
pub fn current() -> Locale {
    use leptos::prelude::use_context;
    REQUEST_LOCALE.try_with(|l| *l).unwrap_or_else(|_| {
        use_context::<axum::http::request::Parts>()
            .map(|parts| locale_of(&parts.headers))
            .unwrap_or_default()
    })
}

/// The language the visitor chose, as leptos_i18n reads an `Accept-Language` header: the page's language
/// on the server; nothing in the browser, where the pages take theirs from the server's.
pub fn chosen() -> Option<String> {
    #[cfg(feature = "ssr")]
    return Some(current().as_str().to_owned());
    #[cfg(not(feature = "ssr"))]
    None
}

/// The language a request's cookies chose: what the renderer and the page cache's key both read.
#[cfg(feature = "ssr")]
pub fn locale_of(headers: &axum::http::HeaderMap) -> Locale {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(from_cookie_header)
        .find(|l| *l != Locale::default())
        .unwrap_or_default()
}

/// `?lang=en`: the language an embed or a feed is asked for, as other sites and feed readers fetch them
/// without our cookie; without it the cookie decides, as on every page.
#[cfg(feature = "ssr")]
#[derive(serde::Deserialize)]
pub struct Asked {
    pub lang: Option<String>,
}

#[cfg(feature = "ssr")]
impl Asked {
    pub fn locale(&self, headers: &axum::http::HeaderMap) -> Locale {
        match &self.lang {
            Some(lang) => named(lang),
            None => locale_of(headers),
        }
    }
}

/// Middleware: notes the request's language for `current`, so that a refusal made deep in a handler is
/// worded in it.
#[cfg(feature = "ssr")]
pub async fn scope(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let locale = locale_of(request.headers());
    REQUEST_LOCALE.scope(locale, next.run(request)).await
}

/// The link that switches to `to` and comes back to `path`.
pub fn switch_href(to: Locale, path: &str) -> String {
    match back_path(path).as_str() {
        crate::paths::HOME => format!("{}{}", crate::paths::LANGUAGE, to.as_str()),
        back => format!("{}{}{back}", crate::paths::LANGUAGE, to.as_str()),
    }
}

/// Where a switch may send the browser back to: `path` (with or without its leading `/`) if it is a path
/// on this site by the one check every redirect passes (`domain::credentials::local_path`), else the front
/// page.
pub fn back_path(path: &str) -> String {
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    domain::credentials::local_path(Some(&path)).to_owned()
}

/// `GET /sprak/{locale}` and `GET /sprak/{locale}/{*back}`: sets the cookie for a year and redirects back.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use axum::extract::Path;
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;

    async fn switch(Path(params): Path<Vec<(String, String)>>) -> axum::response::Response {
        let locale = params
            .iter()
            .find(|(k, _)| k == "locale")
            .map(|(_, v)| v.as_str());
        let back = params
            .iter()
            .find(|(k, _)| k == "back")
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        let Some(locale) = locale.and_then(|l| l.parse::<Locale>().ok()) else {
            return (StatusCode::NOT_FOUND, "Okänt språk / unknown language").into_response();
        };
        let cookie = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.as_str()
        );
        (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, back_path(back)),
                (header::SET_COOKIE, cookie),
            ],
        )
            .into_response()
    }
    axum::Router::new()
        .route(
            &format!("{}{{locale}}", crate::paths::LANGUAGE),
            axum::routing::get(switch),
        )
        .route(
            &format!("{}{{locale}}/{{*back}}", crate::paths::LANGUAGE),
            axum::routing::get(switch),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_chooses_and_anything_else_is_swedish() {
        assert_eq!(from_cookie_header("i18n_pref_locale=en"), Locale::en);
        assert_eq!(
            from_cookie_header("id=abc; i18n_pref_locale=en; x=1"),
            Locale::en
        );
        assert_eq!(from_cookie_header("i18n_pref_locale=sv"), Locale::sv);
        assert_eq!(from_cookie_header("i18n_pref_locale=de"), Locale::sv);
        assert_eq!(from_cookie_header("xi18n_pref_locale=en"), Locale::sv);
        assert_eq!(from_cookie_header(""), Locale::sv);
    }

    #[test]
    fn a_switch_only_ever_returns_to_this_site() {
        assert_eq!(back_path("/oppettider"), "/oppettider");
        assert_eq!(
            back_path("avtal/savsjo-2018-2019"),
            "/avtal/savsjo-2018-2019"
        );
        assert_eq!(back_path(""), "/");
        for away in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "\t/evil.example",
            "/\t/evil.example",
            "\n/x",
        ] {
            assert_eq!(back_path(away), "/", "{away:?}");
        }
        assert_eq!(back_path("a//b"), "/a//b", "a path that stays on the site");
        assert_eq!(
            switch_href(Locale::en, "/oppettider"),
            "/sprak/en/oppettider"
        );
        assert_eq!(switch_href(Locale::sv, "/"), "/sprak/sv");
    }
}
