//! The session cookie's name, and whether a request carries it.

use axum::http::{header, HeaderMap};

/// The session cookie's name over plain HTTP (development, tests).
const PLAIN: &str = "lofte_session";
/// Its name over HTTPS. Browsers accept a `__Host-` cookie only when it is `Secure`, has `Path=/` and no
/// `Domain`, so no other site under the same domain, and no page served over plain HTTP, can set or
/// overwrite it.
const HOST_ONLY: &str = "__Host-lofte_session";

/// The name the session cookie is given: `__Host-` prefixed when it is marked `Secure`.
pub fn name(secure: bool) -> &'static str {
    if secure {
        HOST_ONLY
    } else {
        PLAIN
    }
}

/// Whether a request carries a session cookie (by either name): whether it may be signed in. Such a
/// request never gets a page kept for everyone, and nothing answered to it is kept by the browser.
pub fn present(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split('=').next())
        .any(|cookie| matches!(cookie.trim(), PLAIN | HOST_ONLY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_cookie(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn either_name_counts_and_nothing_else_does() {
        assert!(present(&with_cookie("lofte_session=abc")));
        assert!(present(&with_cookie("a=b; __Host-lofte_session=abc")));
        assert!(present(&with_cookie("a=b;lofte_session =abc")));
        assert!(!present(&with_cookie(
            "xlofte_session=abc; i18n_pref_locale=en"
        )));
        assert!(!present(&with_cookie("a=lofte_session")));
        assert!(!present(&HeaderMap::new()));
        assert_eq!(name(true), "__Host-lofte_session");
        assert_eq!(name(false), "lofte_session");
    }
}
