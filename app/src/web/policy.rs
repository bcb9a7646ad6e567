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

/// The policy for a public page kept for everyone. It runs no script (its JSON-LD is data, which a policy
/// does not govern), so it needs no per-response nonce.
pub const CACHED_PAGE_CSP: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
