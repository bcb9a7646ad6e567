//! A page that holds only until a moment: the renderer says when, in a header the cache reads and removes.

use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// Seconds since the epoch until which the rendered page holds. Never leaves the server.
pub const FRESH_UNTIL: HeaderName = HeaderName::from_static("x-lofte-fresh-until");

/// Called while a page renders (from its server function): the page cache keeps the page at most until
/// `until`. Outside a render, it does nothing.
pub fn fresh_until(until: chrono::DateTime<chrono::Utc>) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(FRESH_UNTIL, HeaderValue::from(until.timestamp()));
    }
}

/// Takes the moment a rendered response holds until out of its headers.
pub fn take(headers: &mut HeaderMap) -> Option<i64> {
    headers
        .remove(FRESH_UNTIL)
        .and_then(|v| v.to_str().ok().and_then(|v| v.parse().ok()))
}
