//! Every request gets an id: in its log span, in the `X-Request-Id` response header, and in the body of a
//! `500` answer, so that a person can quote it and an operator can find the request in the log. An id that
//! a client sends is taken only from a trusted proxy (`LOFTE_TRUSTED_PROXIES`), which may have given the
//! request its id already; from anyone else it is replaced.

use super::client::{peer, TrustedProxies};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request, as an extension of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub Arc<str>);

/// An id as a proxy may send it: 1 to 128 visible ASCII characters.
fn acceptable(id: &str) -> bool {
    (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
}

/// The id a trusted proxy sent with the request from `peer`, if it is acceptable.
fn forwarded<'a>(
    headers: &'a axum::http::HeaderMap,
    peer: std::net::IpAddr,
    trusted: &TrustedProxies,
) -> Option<&'a str> {
    if !trusted.contains(peer) {
        return None;
    }
    headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|id| acceptable(id))
}

/// Middleware: gives the request its id and sends it back with the answer.
pub async fn assign(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let id: Arc<str> = match forwarded(request.headers(), peer(&request), &trusted) {
        Some(id) => id.into(),
        None => uuid::Uuid::new_v4().simple().to_string().into(),
    };
    let value = HeaderValue::from_str(&id).expect("an acceptable id is a header value");
    request.headers_mut().insert(HEADER, value.clone());
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = crate::request_scope::with_id(id, next.run(request)).await;
    response.headers_mut().insert(HEADER, value);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn with_id(id: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(HEADER, HeaderValue::from_str(id).unwrap());
        headers
    }

    #[test]
    fn an_id_is_taken_only_from_a_trusted_proxy_and_only_if_plain() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let proxy = "10.0.0.5".parse().unwrap();
        let stranger = "192.0.2.7".parse().unwrap();
        assert_eq!(
            forwarded(&with_id("abc-123"), proxy, &trusted),
            Some("abc-123")
        );
        assert_eq!(forwarded(&with_id("abc-123"), stranger, &trusted), None);
        assert_eq!(forwarded(&with_id("a b"), proxy, &trusted), None);
        assert_eq!(forwarded(&with_id(&"x".repeat(129)), proxy, &trusted), None);
        assert_eq!(forwarded(&HeaderMap::new(), proxy, &trusted), None);
    }

    #[tokio::test]
    async fn an_internal_error_names_its_request_and_no_other_error_does() {
        use crate::error::AppError;
        use crate::i18n::Locale;
        let (internal, not_found) = crate::request_scope::with_id("abc123".into(), async {
            (
                AppError::Internal.body(Locale::sv).request_id,
                AppError::NotFound.body(Locale::sv).request_id,
            )
        })
        .await;
        assert_eq!(internal.as_deref(), Some("abc123"));
        assert_eq!(not_found, None);
        assert_eq!(
            AppError::Internal.body(Locale::sv).request_id,
            None,
            "outside a request"
        );
    }
}
