//! Cross-site requests that would change something are refused, as defence in depth beside the session
//! cookie's `SameSite=Lax`: a state-changing request whose `Origin` names another origin than this
//! server's, or that the browser marks `Sec-Fetch-Site: cross-site`, gets 403 before any handler runs.
//! Requests with neither header (curl, API clients, old browsers) pass.

use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// This server's origin as browsers name it (`https://lofte.example.se`), for when a proxy in front
/// changes the `Host` header: `scheme://host[:port]`, lowercase, the scheme's default port left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(String);

impl PublicOrigin {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim().trim_end_matches('/');
        normalise(trimmed)
            .map(Self)
            .ok_or_else(|| format!("not an origin such as https://lofte.example.se: {raw:?}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The host (and port) this server's pages name themselves by: the configured public origin's, else the
/// request's `Host` header.
pub fn public_host(public: Option<&PublicOrigin>, headers: &HeaderMap) -> Option<String> {
    match public {
        Some(origin) => origin.0.split_once("://").map(|(_, host)| host.to_owned()),
        None => headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned),
    }
}

/// This site's origin for absolute addresses (feeds, the catalogue, embed code): the configured public
/// origin, else `http://` and the request's `Host`.
pub fn site_origin(public: Option<&PublicOrigin>, headers: &HeaderMap) -> Option<String> {
    match public {
        Some(origin) => Some(origin.0.clone()),
        None => public_host(None, headers).map(|host| format!("http://{host}")),
    }
}

/// `scheme://host[:port]` from an `Origin` value, or `None` for `null` and anything unreadable.
fn normalise(origin: &str) -> Option<String> {
    let uri: Uri = origin.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    if uri.path_and_query().is_some_and(|p| p.as_str() != "/") {
        return None;
    }
    let host = uri.host()?.to_ascii_lowercase();
    Some(match uri.port_u16() {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// Whether a request may change something.
fn changes_state(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Whether a state-changing request comes from another site than this server's.
pub fn is_cross_site(method: &Method, headers: &HeaderMap, public: Option<&PublicOrigin>) -> bool {
    if !changes_state(method) {
        return false;
    }
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    if fetch_site.is_some_and(|s| s.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Some(origin) = origin.to_str().ok().and_then(normalise) else {
        return true;
    };
    match public {
        Some(public) => origin != public.0,
        None => {
            let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
                return true;
            };
            let (scheme, authority) = origin
                .split_once("://")
                .expect("a normalised origin has a scheme");
            let host = host.trim().to_ascii_lowercase();
            let default = if scheme == "https" { ":443" } else { ":80" };
            authority != host.strip_suffix(default).unwrap_or(&host)
        }
    }
}

/// Middleware: answers a cross-site state-changing request with 403 and the app's JSON error.
pub async fn refuse_cross_site(
    State(public_origin): State<Option<std::sync::Arc<PublicOrigin>>>,
    request: Request,
    next: Next,
) -> Response {
    if is_cross_site(
        request.method(),
        request.headers(),
        public_origin.as_deref(),
    ) {
        tracing::info!(
            method = %request.method(),
            path = %request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            "cross-site request refused"
        );
        return AppError::Forbidden.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn another_origin_is_cross_site_and_this_one_is_not() {
        let own = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert!(!is_cross_site(&Method::POST, &own, None));
        let evil = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example"),
        ]);
        for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(is_cross_site(&m, &evil, None), "{m}");
        }
        assert!(
            !is_cross_site(&Method::GET, &evil, None),
            "reading is not refused"
        );
        let other_port = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3001"),
        ]);
        assert!(is_cross_site(&Method::POST, &other_port, None));
        let null = headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]);
        assert!(is_cross_site(&Method::POST, &null, None));
    }

    #[test]
    fn default_ports_and_case_do_not_matter() {
        let h = headers(&[
            ("host", "Lofte.Example.se"),
            ("origin", "https://lofte.example.se:443"),
        ]);
        assert!(!is_cross_site(&Method::POST, &h, None));
        let h = headers(&[
            ("host", "lofte.example.se:443"),
            ("origin", "https://lofte.example.se"),
        ]);
        assert!(!is_cross_site(&Method::POST, &h, None));
        let h = headers(&[
            ("host", "lofte.example.se:8443"),
            ("origin", "https://lofte.example.se"),
        ]);
        assert!(is_cross_site(&Method::POST, &h, None));
    }

    #[test]
    fn fetch_metadata_alone_decides_when_there_is_no_origin() {
        assert!(is_cross_site(
            &Method::POST,
            &headers(&[("sec-fetch-site", "cross-site")]),
            None
        ));
        assert!(!is_cross_site(
            &Method::POST,
            &headers(&[("sec-fetch-site", "same-origin")]),
            None
        ));
        assert!(
            !is_cross_site(&Method::POST, &HeaderMap::new(), None),
            "curl and API clients pass"
        );
    }

    #[test]
    fn a_configured_public_origin_replaces_the_host_header() {
        let public = PublicOrigin::parse("HTTPS://lofte.example.se/").unwrap();
        assert_eq!(public.as_str(), "https://lofte.example.se");
        let behind_proxy = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://lofte.example.se"),
        ]);
        assert!(!is_cross_site(&Method::POST, &behind_proxy, Some(&public)));
        let own_host = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert!(is_cross_site(&Method::POST, &own_host, Some(&public)));
    }

    #[test]
    fn a_public_origin_must_be_just_an_origin() {
        for bad in [
            "lofte.example.se",
            "ftp://lofte.example.se",
            "https://lofte.example.se/app",
            "",
        ] {
            assert!(PublicOrigin::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            PublicOrigin::parse("http://localhost:8080")
                .unwrap()
                .as_str(),
            "http://localhost:8080"
        );
    }
}
