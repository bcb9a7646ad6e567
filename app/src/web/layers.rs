//! The layers every response passes through, outside the routes: the client's address and the request's
//! id, tracing, panics, the request timeout, compression, security headers, the page cache, `no-store` for
//! signed-in requests and HSTS.

use super::policy::{API_CSP, REQUEST_TIMEOUT};
use super::AppState;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Wraps the routed app in the outer layers.
pub fn outer(app: Router, state: &AppState) -> Router {
    let cookie_secure = state.cookie_secure;
    let trusted_proxies = state.trusted_proxies.clone();
    let cache_state = state.clone();
    // Over HTTPS (which a Secure cookie means), browsers are told to keep to it for a year.
    let hsts = cookie_secure.then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        )
    });
    let hardening = ServiceBuilder::new()
        // First, so that the trace span and everything inside know the client's address.
        .layer(axum::middleware::from_fn_with_state(
            trusted_proxies.clone(),
            super::client::note_client,
        ))
        .layer(axum::middleware::from_fn_with_state(
            trusted_proxies,
            super::request_id::assign,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(CatchPanicLayer::custom(panic_answer))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // same-origin, not no-referrer: forms without JavaScript return to the page they came from by it.
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_CSP),
        ));
    // A kept page or static file is answered before any layer inside runs; only HSTS and the rule for
    // signed-in requests are outside it, so that they hold for every response.
    app.layer(hardening)
        .layer(axum::middleware::from_fn_with_state(
            cache_state,
            super::cache::serve,
        ))
        .layer(axum::middleware::from_fn(no_store_when_signed_in))
        // Outside the cache: framing is refused on kept pages and static files too, the embeds excepted.
        .layer(axum::middleware::from_fn(super::policy::frame_rule))
        .layer(tower::util::option_layer(hsts))
}

/// A panic is answered as any internal error: JSON in the request's language, with the request's id.
fn panic_answer(_: Box<dyn std::any::Any + Send>) -> Response {
    use axum::response::IntoResponse;
    crate::error::AppError::Internal.into_response()
}

/// Nothing answered to a signed-in request is kept by the browser or anything between: the pages and
/// answers of officers and admins (a one-time password, the record, the queue) stay off shared phones'
/// disks and out of proxies. The build's files are the same for everyone and keep their caching.
async fn no_store_when_signed_in(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let signed_in = super::session_cookie::present(request.headers());
    let build_file = super::cache::is_build_file(request.uri().path());
    let mut response = next.run(request).await;
    if signed_in && !build_file {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The span every request's logs are in: its method, address and the client's address.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let client = request
        .extensions()
        .get::<super::ClientAddr>()
        .map(|c| c.0.to_string())
        .unwrap_or_default();
    let id = request
        .extensions()
        .get::<super::request_id::RequestId>()
        .map(|id| id.0.to_string())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        uri = %logged_uri(request.method(), request.uri()),
        client = %client,
    )
}

/// A request's address as the log keeps it: the query of a request that writes is left out, so that
/// whatever a client puts there (a form's values, once) stays out of the log.
fn logged_uri(method: &axum::http::Method, uri: &axum::http::Uri) -> String {
    match *method {
        axum::http::Method::GET | axum::http::Method::HEAD => uri.to_string(),
        _ => uri.path().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_is_answered_as_an_internal_error_in_json() {
        let answer = panic_answer(Box::new("boom"));
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(answer.into_body(), 4096)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], "internal");
    }

    #[test]
    fn the_log_keeps_no_query_of_a_request_that_writes() {
        use axum::http::{Method, Uri};
        let uri: Uri = "/api/v1/admin/users/create?__input=username%3Danna"
            .parse()
            .unwrap();
        assert_eq!(
            logged_uri(&Method::POST, &uri),
            "/api/v1/admin/users/create"
        );
        assert_eq!(
            logged_uri(&Method::DELETE, &uri),
            "/api/v1/admin/users/create"
        );
        let page: Uri = "/avtal/x?manad=2026-11".parse().unwrap();
        assert_eq!(logged_uri(&Method::GET, &page), "/avtal/x?manad=2026-11");
    }
}
