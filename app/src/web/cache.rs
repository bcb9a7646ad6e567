//! Public pages and open data from memory: each is rendered once per change and per day, compressed once
//! (brotli at once, gzip when first asked for), and then served to every visitor without a session as the same bytes, with a strong
//! ETag (304 Not Modified) and a short shared-cache lifetime. The static files are compressed once too.
//!
//! Correct by construction: an entry holds the database's change `generation` (bumped by triggers on every
//! table the public pages read, whoever writes) and the Stockholm date it was rendered for, and is served
//! only while both still hold. The generation is read from the database after every write request this
//! process answers, before its answer leaves, and otherwise at most `RECHECK` after the last read,
//! so a write by another process (`lofte` on the command line, a second server) shows within that time.
//!
//! One render per page at a time: the request that finds its page out of date renders it and is answered
//! with the result. Requests that arrive meanwhile are answered with the previous copy, if it is of the same
//! day and was current at most `STALE_WHILE_RENDERING` ago; otherwise they wait for the render too. An
//! out-of-date page is never served to a request that finds no render under way, so on a quiet system a
//! change shows on the very next request.

use super::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

/// How long a generation read from the database is trusted when this process has answered no write since.
pub const RECHECK: Duration = Duration::from_secs(1);
/// While a page is being rendered again, other requests for it get the previous copy if that copy was
/// current this recently (it shows every change committed before then); an older one makes them wait.
pub const STALE_WHILE_RENDERING: Duration = Duration::from_secs(1);
/// What browsers and shared proxies may do with a public page: keep it a minute, then ask again (a 304 when
/// nothing changed).
pub const PUBLIC_CACHE_CONTROL: &str = "public, max-age=60, must-revalidate";
/// For static files whose names do not change between builds: ask every time, get a 304 when unchanged.
pub const STATIC_CACHE_CONTROL: &str = "public, no-cache";
/// For static files addressed with this build's asset version (`?v=…`): they never change.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";
/// At most this many pages are kept; a full cache drops what is stale, then stops adding.
const MAX_ENTRIES: usize = 2_000;
/// Longer addresses are not cached (nothing public needs one).
const MAX_KEY: usize = 300;
/// A larger body is served but not kept.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// How hard to compress: pages are rendered again after every change, so quickly; static files once, best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quality {
    Page,
    Static,
}

/// The database's change counter, as far as this process knows it.
pub struct Freshness {
    known: AtomicI64,
    checked_ms: AtomicU64,
    dirty: AtomicBool,
    start: Instant,
}

impl Default for Freshness {
    fn default() -> Self {
        Self {
            known: AtomicI64::new(-1),
            checked_ms: AtomicU64::new(0),
            dirty: AtomicBool::new(true),
            start: Instant::now(),
        }
    }
}

impl Freshness {
    /// Marks the generation as unknown: the next request reads it from the database.
    pub fn touch(&self) {
        self.dirty.store(true, Ordering::SeqCst);
    }

    /// Reads the generation after a write this process answered, before the response leaves, so that
    /// readers need not: a request sent after the answer arrived sees the write. If the read fails, the
    /// next request reads it instead.
    pub async fn after_write(&self, pool: &crate::db::Db) {
        match read_generation(pool).await {
            Ok(generation) => {
                self.known.fetch_max(generation, Ordering::SeqCst);
            }
            Err(e) => {
                tracing::warn!(error = %e, "page cache: could not read the change counter");
                self.touch();
            }
        }
    }

    /// The current generation: from memory, or read when a write was answered or `RECHECK` has passed.
    pub async fn current(&self, pool: &crate::db::Db) -> Result<i64, sqlx::Error> {
        let now = self.start.elapsed().as_millis() as u64;
        let checked = self.checked_ms.load(Ordering::Relaxed);
        // One request claims a due check and reads; the others meanwhile go on with what is known, instead
        // of all queueing for a connection at once.
        let due = now.saturating_sub(checked) >= RECHECK.as_millis() as u64
            && self
                .checked_ms
                .compare_exchange(checked, now, Ordering::SeqCst, Ordering::Relaxed)
                .is_ok();
        // Cleared before reading, so a write answered meanwhile leaves it set for the next request.
        if self.dirty.swap(false, Ordering::SeqCst) || due {
            match read_generation(pool).await {
                Ok(generation) => {
                    self.known.fetch_max(generation, Ordering::SeqCst);
                    self.checked_ms.store(now, Ordering::Relaxed);
                }
                Err(e) => {
                    self.touch();
                    return Err(e);
                }
            }
        }
        Ok(self.known.load(Ordering::SeqCst))
    }
}

/// The change counter as the database has it now.
pub async fn read_generation(pool: &crate::db::Db) -> Result<i64, sqlx::Error> {
    crate::db::scalar!(pool, "SELECT generation FROM changes WHERE id = 1")
}

/// One rendered response in its three encodings.
pub struct Entry {
    generation: i64,
    day: NaiveDate,
    /// When `generation` was read, before rendering: the copy shows every change committed before then.
    as_of: Instant,
    quality: Quality,
    headers: HeaderMap,
    identity: Bytes,
    brotli: Bytes,
    /// Made on the first request that wants gzip: nearly every client takes brotli.
    gzip: OnceLock<Bytes>,
    /// The content's hash, the strong ETag's core: `"hash"`, `"hash-br"`, `"hash-gz"` per encoding.
    hash: String,
}

impl Entry {
    /// Compresses `body` once in both encodings and names it by its content.
    pub fn new(
        generation: i64,
        day: NaiveDate,
        as_of: Instant,
        headers: HeaderMap,
        body: Bytes,
        quality: Quality,
    ) -> Self {
        use std::hash::{DefaultHasher, Hasher};
        let mut hasher = DefaultHasher::new();
        hasher.write(&body);
        let hash = format!("{:016x}{:x}", hasher.finish(), body.len());
        let gzip = OnceLock::new();
        if quality == Quality::Static {
            // Compressed once at start, in the background, like the brotli copy.
            let _ = gzip.set(self::gzip(&body, quality).into());
        }
        Self {
            generation,
            day,
            as_of,
            quality,
            headers,
            brotli: brotli(&body, quality).into(),
            gzip,
            identity: body,
            hash,
        }
    }

    fn fresh(&self, generation: i64, day: NaiveDate) -> bool {
        self.day == day && self.generation >= generation
    }

    /// Whether this copy may stand in while its page is rendered again: of the same day, and current
    /// at most `STALE_WHILE_RENDERING` before `now`.
    fn may_stand_in(&self, day: NaiveDate, now: Instant) -> bool {
        self.day == day && now.saturating_duration_since(self.as_of) <= STALE_WHILE_RENDERING
    }

    fn gzip(&self) -> &Bytes {
        self.gzip
            .get_or_init(|| gzip(&self.identity, self.quality).into())
    }

    /// The response for a request with these headers: 304 if it holds a current ETag, else the body in
    /// the best encoding it accepts.
    pub fn respond(&self, request: &HeaderMap, cache_control: &'static str) -> Response {
        let accepted = accepted_encodings(request);
        let (body, etag, encoding) = if accepted.brotli {
            (&self.brotli, format!("\"{}-br\"", self.hash), Some("br"))
        } else if accepted.gzip {
            (self.gzip(), format!("\"{}-gz\"", self.hash), Some("gzip"))
        } else {
            (&self.identity, format!("\"{}\"", self.hash), None)
        };
        let not_modified = request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == "*" || tag.trim_matches('"').split('-').next() == Some(&self.hash));
        let mut response = if not_modified {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut response = Response::new(Body::from(body.clone()));
            *response.headers_mut() = self.headers.clone();
            if let Some(encoding) = encoding {
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            response
        };
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&etag) {
            headers.insert(header::ETAG, etag);
        }
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        headers.insert(
            header::VARY,
            HeaderValue::from_static("accept-encoding, cookie"),
        );
        response
    }
}

fn brotli(body: &[u8], quality: Quality) -> Vec<u8> {
    // Pages: quality 5 gives the same size as 6 on these pages (7 KB of HTML to 2,074 bytes either way) in
    // less time, and its encoder's tables take 1 MB instead of 2 MB for every render.
    // Static files: the best quality, with a window no larger than the file (at least 1 KB, at most 4 MB):
    // a 4 MB window costs the encoder 32 MB of tables, whatever the file's size.
    let (level, window) = match quality {
        Quality::Page => (5, 22),
        Quality::Static => (11, window_bits(body.len())),
    };
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 16 * 1024, level, window);
        writer
            .write_all(body)
            .expect("compressing into memory cannot fail");
    }
    out
}

/// The smallest brotli window (as a power of two, 10 to 22) that holds `len` bytes: brotli keeps 16 bytes of
/// a window for itself.
fn window_bits(len: usize) -> u32 {
    (10..22)
        .find(|bits| len + 16 <= 1usize << bits)
        .unwrap_or(22)
}

fn gzip(body: &[u8], quality: Quality) -> Vec<u8> {
    let level = match quality {
        Quality::Page => flate2::Compression::default(),
        Quality::Static => flate2::Compression::best(),
    };
    let mut writer = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), level);
    writer
        .write_all(body)
        .expect("compressing into memory cannot fail");
    writer
        .finish()
        .expect("compressing into memory cannot fail")
}

/// The HTML without its executable inline scripts (`<script>` and `<script nonce="…">` elements); data
/// blocks such as `<script type="application/ld+json">` stay.
fn without_inline_scripts(html: &[u8]) -> Vec<u8> {
    const END: &[u8] = b"</script>";
    let mut out = Vec::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = find(rest, b"<script") {
        let after = &rest[start + b"<script".len()..];
        let executable = after.starts_with(b">") || after.starts_with(b" nonce=");
        let end = find(after, END).map(|e| start + b"<script".len() + e + END.len());
        match (executable, end) {
            (true, Some(end)) => {
                out.extend_from_slice(&rest[..start]);
                rest = &rest[end..];
            }
            _ => {
                let keep = start + b"<script".len();
                out.extend_from_slice(&rest[..keep]);
                rest = &rest[keep..];
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Which encodings a request accepts (a `q=0` refuses one).
#[derive(Debug, PartialEq, Eq)]
struct Accepted {
    brotli: bool,
    gzip: bool,
}

fn accepted_encodings(headers: &HeaderMap) -> Accepted {
    let mut accepted = Accepted {
        brotli: false,
        gzip: false,
    };
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            match name.as_str() {
                "br" => accepted.brotli = !refused,
                "gzip" => accepted.gzip = !refused,
                _ => {}
            }
        }
    }
    accepted
}

/// One cached address: its entry, and a lock held by the one request that renders it.
#[derive(Default)]
struct Slot {
    entry: RwLock<Option<Arc<Entry>>>,
    render: tokio::sync::Mutex<()>,
}

/// The public pages kept in memory, and the static files compressed at start.
#[derive(Default)]
pub struct PageCache {
    pub freshness: Freshness,
    slots: RwLock<HashMap<(String, &'static str), Arc<Slot>>>,
    statics: RwLock<HashMap<String, Arc<Entry>>>,
}

impl PageCache {
    fn slot(
        &self,
        key: (String, &'static str),
        generation: i64,
        day: NaiveDate,
    ) -> Option<Arc<Slot>> {
        if let Some(slot) = self
            .slots
            .read()
            .expect("the page cache lock is never poisoned")
            .get(&key)
        {
            return Some(slot.clone());
        }
        let mut slots = self
            .slots
            .write()
            .expect("the page cache lock is never poisoned");
        if slots.len() >= MAX_ENTRIES {
            slots.retain(|_, slot| {
                slot.entry
                    .read()
                    .expect("the page cache lock is never poisoned")
                    .as_ref()
                    .is_some_and(|e| e.fresh(generation, day))
            });
            if slots.len() >= MAX_ENTRIES {
                return None;
            }
        }
        Some(slots.entry(key).or_default().clone())
    }

    /// How many pages are kept (for tests and logs).
    pub fn len(&self) -> usize {
        self.slots
            .read()
            .expect("the page cache lock is never poisoned")
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Compresses the site's static files once, at the best brotli quality, in the background: until a
    /// file is done it is served as before (compressed per request).
    pub fn precompress_static(self: &Arc<Self>, site_root: &str, pkg_dir: &str) {
        let cache = self.clone();
        let root = std::path::PathBuf::from(site_root);
        let pkg = pkg_dir.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut files = Vec::new();
            for dir in [root.clone(), root.join(&pkg)] {
                let Ok(read) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for entry in read.flatten() {
                    let path = entry.path();
                    if path.is_file() {
                        files.push(path);
                    }
                }
            }
            // The small files first: the CSS every page needs is ready long before the WASM.
            files.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(u64::MAX));
            for path in files {
                let Some(content_type) = static_type(&path) else {
                    continue;
                };
                let Ok(relative) = path.strip_prefix(&root) else {
                    continue;
                };
                let address = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
                if address == "/sw.js" {
                    continue; // served by its own route, with its own policy
                }
                let Ok(body) = std::fs::read(&path) else {
                    continue;
                };
                let mut headers = HeaderMap::new();
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                headers.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(super::policy::API_CSP),
                );
                headers.insert(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                );
                let entry = Entry::new(
                    0,
                    NaiveDate::MIN,
                    Instant::now(),
                    headers,
                    body.into(),
                    Quality::Static,
                );
                cache
                    .statics
                    .write()
                    .expect("the page cache lock is never poisoned")
                    .insert(address, Arc::new(entry));
            }
            tracing::debug!("static files compressed");
        });
    }

    fn static_file(&self, path: &str) -> Option<Arc<Entry>> {
        self.statics
            .read()
            .expect("the page cache lock is never poisoned")
            .get(path)
            .cloned()
    }
}

/// Whether `path` names one of the site's built files (`/pkg/…`, and the icons and manifest at the root),
/// which are the same for everyone, signed in or not.
pub fn is_build_file(path: &str) -> bool {
    path.starts_with("/pkg/")
        || (path.rfind('/') == Some(0)
            && [".png", ".ico", ".svg", ".webmanifest", ".css", ".txt"]
                .iter()
                .any(|ext| path.ends_with(ext)))
}

/// The static files worth compressing, by extension, with their content type.
fn static_type(path: &std::path::Path) -> Option<&'static str> {
    Some(match path.extension()?.to_str()? {
        "css" => "text/css",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "webmanifest" => "application/manifest+json",
        "json" => "application/json",
        "txt" => "text/plain",
        _ => return None,
    })
}

/// Whether a path's public response may be kept: the same for every visitor without a session on a day,
/// until the next change. `/oppettider` says what is open now, so it changes by the hour; the operations
/// CSV streams; the rest of the site is personal or not a page.
pub fn cacheable(path: &str) -> bool {
    if path == "/" || path == "/tillganglighet" || path == "/api/v1/agreements" {
        return true;
    }
    if let Some(rest) = path.strip_prefix("/avtal/") {
        return !rest.is_empty();
    }
    if let Some(rest) = path.strip_prefix("/api/v1/agreements/") {
        return rest.ends_with("/progress") || rest.ends_with("/progress.csv");
    }
    false
}

/// The language a request's pages are in: the cookie `i18n_pref_locale`, else Swedish. `None` when it
/// carries a session, whose pages are personal.
fn anonymous_locale(headers: &HeaderMap) -> Option<&'static str> {
    let signed_in = super::session_cookie::present(headers);
    // The same reading of the language cookie as the renderer's, so that a page is kept under the
    // language it was rendered in.
    use leptos_i18n::Locale as _;
    (!signed_in).then(|| crate::language::locale_of(headers).as_str())
}

/// The middleware: serves public pages and static files from memory, renders and keeps them on a miss, and
/// after every write request marks the change counter for reading again.
pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = state.pages.clone();
    if request.method() == Method::HEAD || request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    if request.method() != Method::GET {
        // Every write of the app is a POST, PUT or DELETE request, answered after its transaction commits:
        // the change counter is read again before the answer leaves.
        let response = next.run(request).await;
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            // The storage failed this request: reading the counter now would only wait on it again. The
            // next reader reads it instead (a write cut off after its commit still shows then).
            cache.freshness.touch();
        } else {
            cache.freshness.after_write(&state.pool).await;
        }
        return response;
    }
    let path = request.uri().path();
    if let Some(file) = cache.static_file(path) {
        super::metrics::page_cache("hit");
        let cache_control = match request.uri().query() {
            Some(query) if query == format!("v={}", state.asset_version) => IMMUTABLE_CACHE_CONTROL,
            _ => STATIC_CACHE_CONTROL,
        };
        return file.respond(request.headers(), cache_control);
    }
    if !cacheable(path) {
        return next.run(request).await;
    }
    let Some(locale) = anonymous_locale(request.headers()) else {
        return next.run(request).await;
    };
    let address = request
        .uri()
        .path_and_query()
        .map_or(path, |p| p.as_str())
        .to_owned();
    if address.len() > MAX_KEY {
        return next.run(request).await;
    }
    let day = state.today();
    let generation = match cache.freshness.current(&state.pool).await {
        Ok(generation) => generation,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: could not read the change counter");
            return next.run(request).await;
        }
    };
    let Some(slot) = cache.slot((address, locale), generation, day) else {
        return next.run(request).await;
    };
    let current = |slot: &Slot| {
        slot.entry
            .read()
            .expect("the page cache lock is never poisoned")
            .as_ref()
            .filter(|e| e.fresh(generation, day))
            .cloned()
    };
    if let Some(entry) = current(&slot) {
        super::metrics::page_cache("hit");
        return entry.respond(request.headers(), PUBLIC_CACHE_CONTROL);
    }
    super::metrics::page_cache("miss");
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
                .filter(|e| e.may_stand_in(day, Instant::now()))
                .cloned();
            if let Some(entry) = previous {
                super::metrics::page_cache("stand_in");
                return entry.respond(request.headers(), PUBLIC_CACHE_CONTROL);
            }
            slot.render.lock().await
        }
    };
    if let Some(entry) = current(&slot) {
        super::metrics::page_cache("hit");
        return entry.respond(request.headers(), PUBLIC_CACHE_CONTROL);
    }
    // Read before rendering: whatever the page shows is at least this current.
    let as_of = Instant::now();
    let generation = match read_generation(&state.pool).await {
        Ok(generation) => generation,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: could not read the change counter");
            return next.run(request).await;
        }
    };
    let request_headers = request.headers().clone();
    let (mut parts, body) = request.into_parts();
    // The inner layers answer in plain text; the cache compresses once.
    parts.headers.remove(header::ACCEPT_ENCODING);
    parts.headers.remove(header::IF_NONE_MATCH);
    let response = next.run(Request::from_parts(parts, body)).await;
    super::metrics::page_cache("render");
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
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: body not kept");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut headers = parts.headers;
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
                HeaderValue::from_static(super::policy::CACHED_PAGE_CSP),
            );
        }
    }
    let entry = Arc::new(Entry::new(
        generation,
        day,
        as_of,
        headers,
        body,
        Quality::Page,
    ));
    *slot
        .entry
        .write()
        .expect("the page cache lock is never poisoned") = Some(entry.clone());
    entry.respond(&request_headers, PUBLIC_CACHE_CONTROL)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2019, 5, d).unwrap()
    }

    fn entry(generation: i64, on: NaiveDate) -> Entry {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        Entry::new(
            generation,
            on,
            Instant::now(),
            headers,
            Bytes::from("<p>hej hej hej</p>".repeat(50)),
            Quality::Page,
        )
    }

    fn request(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(n, v)| (n.clone(), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn an_entry_is_current_only_for_its_generation_and_day() {
        let e = entry(5, day(14));
        assert!(e.fresh(5, day(14)));
        assert!(e.fresh(4, day(14)), "newer than what the process knew");
        assert!(!e.fresh(6, day(14)), "a change since");
        assert!(!e.fresh(5, day(15)), "the day has turned");
    }

    #[tokio::test]
    async fn entries_answer_in_the_best_accepted_encoding_with_a_strong_etag() {
        let e = entry(1, day(14));
        let br = e.respond(
            &request(&[(header::ACCEPT_ENCODING, "gzip, deflate, br")]),
            PUBLIC_CACHE_CONTROL,
        );
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        let etag = br.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.ends_with("-br\""), "{etag}");
        assert_eq!(br.headers()[header::CACHE_CONTROL], PUBLIC_CACHE_CONTROL);
        assert_eq!(br.headers()[header::VARY], "accept-encoding, cookie");
        let body = axum::body::to_bytes(br.into_body(), usize::MAX)
            .await
            .unwrap();
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
        assert_eq!(plain, e.identity);

        let gz = e.respond(
            &request(&[(header::ACCEPT_ENCODING, "gzip, br;q=0")]),
            PUBLIC_CACHE_CONTROL,
        );
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        let none = e.respond(&HeaderMap::new(), PUBLIC_CACHE_CONTROL);
        assert!(none.headers().get(header::CONTENT_ENCODING).is_none());
        assert_ne!(none.headers()[header::ETAG], gz.headers()[header::ETAG]);

        let again = e.respond(
            &request(&[
                (header::ACCEPT_ENCODING, "br"),
                (header::IF_NONE_MATCH, "\"other\""),
            ]),
            PUBLIC_CACHE_CONTROL,
        );
        assert_eq!(again.status(), StatusCode::OK);
        let mut headers = request(&[(header::ACCEPT_ENCODING, "br")]);
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&etag).unwrap());
        let not_modified = e.respond(&headers, PUBLIC_CACHE_CONTROL);
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(not_modified.headers()[header::ETAG], etag.as_str());
        let body = axum::body::to_bytes(not_modified.into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(body.is_empty());
    }

    #[test]
    fn a_previous_copy_stands_in_only_on_its_day_and_while_recent() {
        let e = entry(5, day(14));
        assert!(e.may_stand_in(day(14), e.as_of));
        assert!(e.may_stand_in(day(14), e.as_of + STALE_WHILE_RENDERING));
        assert!(
            !e.may_stand_in(
                day(14),
                e.as_of + STALE_WHILE_RENDERING + Duration::from_millis(1)
            ),
            "too old to stand in"
        );
        assert!(!e.may_stand_in(day(15), e.as_of), "the day has turned");
    }

    #[test]
    fn static_files_get_a_window_that_holds_them() {
        assert_eq!(window_bits(0), 10);
        assert_eq!(window_bits(1008), 10);
        assert_eq!(window_bits(1009), 11);
        assert_eq!(window_bits(860_000), 20);
        assert_eq!(window_bits(50_000_000), 22);
        let css = "body { margin: 0 } ".repeat(400);
        let packed = brotli(css.as_bytes(), Quality::Static);
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut plain).unwrap();
        assert_eq!(plain, css.as_bytes());
    }

    #[test]
    fn kept_pages_lose_their_hydration_scripts_but_keep_their_data() {
        let html = br#"<head><script type="application/ld+json">{"a":1}</script></head><body><p>x</p><script></script><!><script nonce="abc">__RESOLVED_RESOURCES=[];</script><script nonce="abc">x</script></body>"#;
        assert_eq!(
            String::from_utf8(without_inline_scripts(html)).unwrap(),
            r#"<head><script type="application/ld+json">{"a":1}</script></head><body><p>x</p><!></body>"#
        );
        assert_eq!(
            without_inline_scripts(b"<p>no scripts</p>"),
            b"<p>no scripts</p>"
        );
    }

    #[test]
    fn only_public_pages_without_a_session_are_kept() {
        for path in [
            "/",
            "/avtal/savsjo-2018-2019",
            "/avtal/savsjo-2018-2019/uppfoljning",
            "/tillganglighet",
            "/api/v1/agreements",
            "/api/v1/agreements/savsjo-2018-2019/progress",
            "/api/v1/agreements/savsjo-2018-2019/progress.csv",
        ] {
            assert!(cacheable(path), "{path}");
        }
        for path in [
            "/oppettider",
            "/rapportera",
            "/admin",
            "/logga-in",
            "/api/v1/agreements/savsjo-2018-2019/operations.csv",
            "/api/v1/session",
            "/avtal/",
        ] {
            assert!(!cacheable(path), "{path}");
        }
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
