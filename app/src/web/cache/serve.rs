//! The middleware: serves public pages and static files from memory, renders and keeps a page on a miss,
//! and after every write request reads the change counter again before the answer leaves.

use super::entry::{Entry, Quality};
use super::html::without_inline_scripts;
use super::pages::Slot;
use crate::web::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Instant;

/// What browsers and shared proxies may do with a public page: keep it a minute, then ask again (a 304 when
/// nothing changed).
pub const PUBLIC_CACHE_CONTROL: &str = "public, max-age=60, must-revalidate";
/// For static files whose names do not change between builds: ask every time, get a 304 when unchanged.
pub const STATIC_CACHE_CONTROL: &str = "public, no-cache";
/// For static files addressed with this build's asset version (`?v=…`): they never change.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";
/// Longer addresses are not cached (nothing public needs one).
const MAX_KEY: usize = 300;
/// A larger body is served but not kept.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// The language a request's pages are in: the cookie `i18n_pref_locale`, else Swedish. `None` when it
/// carries a session, whose pages are personal.
fn anonymous_locale(headers: &HeaderMap) -> Option<&'static str> {
    let signed_in = crate::web::session_cookie::present(headers);
    // The same reading of the language cookie as the renderer's, so that a page is kept under the
    // language it was rendered in.
    use leptos_i18n::Locale as _;
    (!signed_in).then(|| crate::language::locale_of(headers).as_str())
}

/// The middleware: serves public pages and static files from memory, renders and keeps them on a miss, and
/// after every write request marks the change counter for reading again.
/// A response the cache does not keep, without the headers meant for the cache alone.
fn passed(mut response: Response) -> Response {
    super::until::take(response.headers_mut());
    super::settle::take(response.headers_mut(), &super::settle::SETTLES);
    super::settle::take_agreement(response.headers_mut());
    response
}

pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = state.pages.clone();
    if request.method() == Method::HEAD || request.method() == Method::OPTIONS {
        return passed(next.run(request).await);
    }
    if request.method() != Method::GET {
        // Every write of the app is a POST, PUT or DELETE request, answered after its transaction commits:
        // the change counter is read again before the answer leaves.
        let mut response = next.run(request).await;
        let record_only = super::settle::take_record_only(response.headers_mut());
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            // The storage failed this request: reading the counter now would only wait on it again. The
            // next reader reads it instead (a write cut off after its commit still shows then).
            cache.freshness.touch();
        } else {
            cache
                .freshness
                .after_write(&state.pool, record_only.as_ref())
                .await;
        }
        return response;
    }
    let path = request.uri().path();
    if let Some(file) = cache.static_file(path) {
        crate::web::metrics::page_cache("hit");
        let cache_control = match request.uri().query() {
            Some(query) if query == format!("v={}", state.asset_version) => IMMUTABLE_CACHE_CONTROL,
            _ => STATIC_CACHE_CONTROL,
        };
        return file.respond(request.headers(), cache_control);
    }
    if !cache.may_keep(path) {
        return passed(next.run(request).await);
    }
    let Some(locale) = anonymous_locale(request.headers()) else {
        return passed(next.run(request).await);
    };
    // Kept per host: a page may name its own address (the office hours' `webcal:` link when no public
    // origin is configured), and a request with a made-up `Host` must not change what others are served.
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let address = format!(
        "{host}{}",
        request.uri().path_and_query().map_or(path, |p| p.as_str())
    );
    if address.len() > MAX_KEY {
        return passed(next.run(request).await);
    }
    let day = state.today();
    let generation = match cache.freshness.current(&state.pool).await {
        Ok(generation) => generation,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: could not read the change counter");
            return passed(next.run(request).await);
        }
    };
    let Some(slot) = cache.slot((address, locale), generation, day) else {
        return passed(next.run(request).await);
    };
    let current = |slot: &Slot| {
        slot.entry
            .read()
            .expect("the page cache lock is never poisoned")
            .as_ref()
            .filter(|e| e.current(generation, day, &cache.freshness))
            .cloned()
    };
    if let Some(entry) = current(&slot) {
        crate::web::metrics::page_cache("hit");
        return entry.respond(request.headers(), PUBLIC_CACHE_CONTROL);
    }
    let settled = slot
        .entry
        .read()
        .expect("the page cache lock is never poisoned")
        .as_ref()
        .filter(|e| e.settled(generation, day, Instant::now()))
        .cloned();
    if let Some(entry) = settled {
        crate::web::metrics::page_cache("settled");
        return entry.respond(request.headers(), PUBLIC_CACHE_CONTROL);
    }
    crate::web::metrics::page_cache("miss");
    // One request renders. While it does, the others take the previous copy if it is recent enough, and
    // otherwise wait for the render and take its result.
    let _rendering = match slot.render.try_lock() {
        Ok(guard) => guard,
        Err(_) => {
            let previous = slot
                .entry
                .read()
                .expect("the page cache lock is never poisoned")
                .as_ref()
                .filter(|e| e.may_stand_in(generation, day, Instant::now()))
                .cloned();
            if let Some(entry) = previous {
                crate::web::metrics::page_cache("stand_in");
                return entry.respond(request.headers(), PUBLIC_CACHE_CONTROL);
            }
            slot.render.lock().await
        }
    };
    if let Some(entry) = current(&slot) {
        crate::web::metrics::page_cache("hit");
        return entry.respond(request.headers(), PUBLIC_CACHE_CONTROL);
    }
    // Read before rendering: whatever the page shows is at least this current.
    let as_of = Instant::now();
    let generation = match cache.freshness.before_render(&state.pool).await {
        Ok(generation) => generation,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: could not read the change counter");
            return passed(next.run(request).await);
        }
    };
    let request_headers = request.headers().clone();
    let (mut parts, body) = request.into_parts();
    // The inner layers answer in plain text; the cache compresses once.
    parts.headers.remove(header::ACCEPT_ENCODING);
    parts.headers.remove(header::IF_NONE_MATCH);
    // Rendered, compressed and kept apart from the threads that answer requests (see `render`); the entry
    // is kept even if this request goes away meanwhile.
    let rendered = super::render::apart(render(
        next,
        Request::from_parts(parts, body),
        slot.clone(),
        Page {
            generation,
            day,
            as_of,
            locale,
        },
    ))
    .await;
    match rendered {
        Ok(entry) => entry.respond(&request_headers, PUBLIC_CACHE_CONTROL),
        Err(response) => response,
    }
}

/// What a render is for: the language, and how current it is.
struct Page {
    generation: super::freshness::Generation,
    day: chrono::NaiveDate,
    as_of: Instant,
    locale: &'static str,
}

/// Renders a page through the inner layers and keeps it in `slot`: the kept entry, or the response to pass
/// on as it is when it may not be kept.
async fn render(
    next: Next,
    request: Request,
    slot: Arc<Slot>,
    page: Page,
) -> Result<Arc<Entry>, Response> {
    let Page {
        generation,
        day,
        as_of,
        locale,
    } = page;
    let response = next.run(request).await;
    crate::web::metrics::page_cache("render");
    // leptos_i18n repeats the language cookie the request carried; nothing else may set one on a kept page.
    let own_cookie = format!("i18n_pref_locale={locale}");
    let sets_other_cookies = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().map_or(true, |v| v != own_cookie));
    if response.status() != StatusCode::OK
        || sets_other_cookies
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return Err(passed(response));
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: body not kept");
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let mut headers = parts.headers;
    let until = super::until::take(&mut headers);
    let settles = super::settle::take(&mut headers, &super::settle::SETTLES);
    let agreement = super::settle::take_agreement(&mut headers);
    for name in [
        header::CONTENT_LENGTH,
        header::TRANSFER_ENCODING,
        header::DATE,
        header::VARY,
        header::SET_COOKIE,
    ] {
        headers.remove(name);
    }
    // A page kept for everyone cannot carry a per-response nonce. Public pages load no WASM, so the inline
    // scripts Leptos adds for hydration (its resources' data) would never be read: they are left out, and
    // the page's policy allows no script at all. JSON-LD stays: it is data, not a script.
    let mut body = body;
    if let Some(csp) = headers.get(header::CONTENT_SECURITY_POLICY) {
        if csp.to_str().is_ok_and(|v| v.contains("'nonce-")) {
            body = without_inline_scripts(&body).into();
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(crate::web::policy::CACHED_PAGE_CSP),
            );
        }
    }
    let entry = Arc::new(
        Entry::new(generation, day, as_of, headers, body, Quality::Page)
            .until(until)
            .settles(settles)
            .record_of(agreement),
    );
    *slot
        .entry
        .write()
        .expect("the page cache lock is never poisoned") = Some(entry.clone());
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::super::entry::request;
    use super::*;

    #[test]
    fn only_requests_without_a_session_share_kept_pages_in_their_language() {
        assert_eq!(anonymous_locale(&HeaderMap::new()), Some("sv"));
        assert_eq!(
            anonymous_locale(&request(&[(header::COOKIE, "a=b; i18n_pref_locale=en")])),
            Some("en")
        );
        assert_eq!(
            anonymous_locale(&request(&[(
                header::COOKIE,
                "i18n_pref_locale=en; lofte_session=abc"
            )])),
            None
        );
    }
}
