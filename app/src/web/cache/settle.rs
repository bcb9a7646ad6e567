//! What only the renderer or the handler knows, told to the cache in headers it reads and removes: that a
//! page lets changes to the record settle (it shows many agreements at a glance and is dear to render
//! again), that a page shows the record of one agreement only, and that a write changed nothing but the
//! record (a sync of reports), and of which agreements. None of these headers leaves the server.

use super::freshness::Touched;
use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// On a rendered page: it lets changes to the record settle for `entry::SETTLE`.
pub const SETTLES: HeaderName = HeaderName::from_static("x-lofte-settles");
/// On a rendered page: the one agreement whose record it shows (by id); changes to the record of others
/// leave it current.
pub const AGREEMENT: HeaderName = HeaderName::from_static("x-lofte-agreement");
/// On the answer to a write: it changed nothing but the record, of these agreements (ids separated by
/// commas; empty: of any).
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

/// Called while a page renders (from its server function): of the record, the page shows the agreement
/// `agreement`'s and no other's, so reports to other agreements leave it current. Any other change still
/// shows at once. Outside a render it does nothing.
pub fn shows_record_of(agreement: i64) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(AGREEMENT, HeaderValue::from(agreement));
    }
}

/// The header for a handler's own answer that shows the record of `agreement` only.
pub fn record_of_header(agreement: i64) -> [(HeaderName, HeaderValue); 1] {
    [(AGREEMENT, HeaderValue::from(agreement))]
}

/// The header for the answer to a write that changed nothing but the record of `agreements` (none named:
/// any agreement's, as when a sync stored nothing new: a write answered here still moves the generation).
pub fn record_only_header(agreements: &[i64]) -> [(HeaderName, HeaderValue); 1] {
    let ids: Vec<String> = agreements.iter().map(i64::to_string).collect();
    let value =
        HeaderValue::from_str(&ids.join(",")).expect("digits and commas are a header value");
    [(RECORD_ONLY, value)]
}

/// Takes `name` out of `headers`: whether it was there.
pub fn take(headers: &mut HeaderMap, name: &HeaderName) -> bool {
    headers.remove(name).is_some()
}

/// Takes the agreement a page shows the record of out of `headers`.
pub fn take_agreement(headers: &mut HeaderMap) -> Option<i64> {
    headers
        .remove(AGREEMENT)
        .and_then(|v| v.to_str().ok()?.parse().ok())
}

/// Takes what a write's answer says of the record out of `headers`: `None` if it changed more than the
/// record, else the agreements it changed (any, when it names none or one that cannot be read).
pub fn take_record_only(headers: &mut HeaderMap) -> Option<Touched> {
    let value = headers.remove(RECORD_ONLY)?;
    let agreements: Option<Vec<i64>> = value
        .to_str()
        .ok()
        .filter(|v| !v.is_empty())
        .and_then(|v| v.split(',').map(|id| id.parse().ok()).collect());
    Some(agreements.map_or_else(Touched::any, |agreements| Touched {
        agreements,
        any: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_names_the_agreements_it_changed_or_any() {
        let mut headers: HeaderMap = record_only_header(&[3, 17]).into_iter().collect();
        assert_eq!(
            take_record_only(&mut headers),
            Some(Touched {
                agreements: vec![3, 17],
                any: false
            })
        );
        assert!(headers.is_empty(), "the header does not leave the server");
        let mut headers: HeaderMap = record_only_header(&[]).into_iter().collect();
        assert_eq!(take_record_only(&mut headers), Some(Touched::any()));
        let mut headers = HeaderMap::new();
        headers.insert(RECORD_ONLY, HeaderValue::from_static("3,x"));
        assert_eq!(take_record_only(&mut headers).map(|t| t.any), Some(true));
        assert_eq!(take_record_only(&mut HeaderMap::new()), None);
    }

    #[test]
    fn a_page_names_the_agreement_whose_record_it_shows() {
        let mut headers: HeaderMap = record_of_header(12).into_iter().collect();
        assert_eq!(take_agreement(&mut headers), Some(12));
        assert!(headers.is_empty());
        assert_eq!(take_agreement(&mut HeaderMap::new()), None);
    }
}
