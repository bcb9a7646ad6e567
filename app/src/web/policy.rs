//! What every response is held to, for the router that applies it and the page cache and form echo that
//! must agree with it: the Content-Security-Policies, the body limit and the request timeout.

use std::time::Duration;

/// Request bodies larger than this are refused with 413. A full sync batch of 500 reports fits.
pub const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;
/// A request that takes longer than this is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The policy for responses that are not pages (JSON, files): nothing may run or frame them.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The Content-Security-Policy for pages: scripts only from this site or with this response's nonce
/// (the hydration bootstrap), WebAssembly allowed, nothing inline otherwise, no framing.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The policy for an embed (`/inbaddning/…`): its own style sheet and the script that reports its height,
/// nothing else, and any site may frame it.
pub const EMBED_CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     base-uri 'none'; form-action 'none'; frame-ancestors *";

/// Whether a response may be framed by other sites: only one whose own policy says any site may (the
/// embeds). Every other response is refused to frames by both its policy (`frame-ancestors 'none'`) and
/// `X-Frame-Options: DENY`, for browsers that know only the older header.
pub fn frameable(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|csp| csp.split(';').any(|d| d.trim() == "frame-ancestors *"))
}

/// Middleware, outside everything else that answers: `X-Frame-Options: DENY` on every response but the
/// frameable ones, kept pages and static files included.
pub async fn frame_rule(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let mut response = next.run(request).await;
    if frameable(response.headers()) {
        response.headers_mut().remove(header::X_FRAME_OPTIONS);
    } else {
        response
            .headers_mut()
            .insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

/// The policy for a public page kept for everyone. It runs no script (its JSON-LD is data, which a policy
/// does not govern), so it needs no per-response nonce.
pub const CACHED_PAGE_CSP: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
