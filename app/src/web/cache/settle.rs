//! Two things only the renderer or the handler knows, told to the cache in headers it reads and removes:
//! that a page lets changes to the record settle (it shows many agreements at a glance and is dear to
//! render again), and that a write changed nothing but the record (a sync of reports). Neither header
//! leaves the server.

use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// On a rendered page: it lets changes to the record settle for `entry::SETTLE`.
pub const SETTLES: HeaderName = HeaderName::from_static("x-lofte-settles");
/// On the answer to a write: it changed nothing but the record.
pub const RECORD_ONLY: HeaderName = HeaderName::from_static("x-lofte-record-only");

/// Called while a page renders (from its server function): reports synced after it was rendered may show
/// on it up to `SETTLE` later; any other change still shows at once. Outside a render it does nothing.
pub fn settles() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(SETTLES, HeaderValue::from_static("1"));
    }
}

/// The header for a handler's own answer that lets the record settle.
pub fn settles_header() -> [(HeaderName, HeaderValue); 1] {
    [(SETTLES, HeaderValue::from_static("1"))]
}

/// The header for the answer to a write that changed nothing but the record.
pub fn record_only_header() -> [(HeaderName, HeaderValue); 1] {
    [(RECORD_ONLY, HeaderValue::from_static("1"))]
}

/// Takes `name` out of `headers`: whether it was there.
pub fn take(headers: &mut HeaderMap, name: &HeaderName) -> bool {
    headers.remove(name).is_some()
}
