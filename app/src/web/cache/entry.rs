//! One kept response: its body compressed once per encoding, answered by the best encoding a request
//! accepts, with a strong ETag (and `304 Not Modified` for a request that holds it).

use super::freshness::Generation;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use std::io::Write;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// While a page is being rendered again, other requests for it get the previous copy if that copy was
/// current this recently (it shows every change committed before then); an older one makes them wait.
pub const STALE_WHILE_RENDERING: Duration = Duration::from_secs(1);

/// How long a page that lets the record settle may stay after changes to the record only (see `settled`).
pub const SETTLE: Duration = Duration::from_secs(1);

/// How hard to compress: pages are rendered again after every change, so quickly; static files once, best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quality {
    Page,
    Static,
}

/// One rendered response in its three encodings.
pub struct Entry {
    generation: Generation,
    day: NaiveDate,
    /// When `generation` was read, before rendering: the copy shows every change committed before then.
    pub(super) as_of: Instant,
    quality: Quality,
    headers: HeaderMap,
    identity: Bytes,
    brotli: Bytes,
    /// Made on the first request that wants gzip: nearly every client takes brotli.
    gzip: OnceLock<Bytes>,
    /// The content's hash, the strong ETag's core: `"hash"`, `"hash-br"`, `"hash-gz"` per encoding.
    hash: String,
    /// When the page stops holding whatever the generation and day (seconds since the epoch): the office
    /// hours' "open now" changes at the next opening or closing. `None`: only a change or the day.
    until: Option<i64>,
    /// The page lets changes to the record settle (its renderer said so: it shows many agreements at a
    /// glance, and is dear to render again).
    settles: bool,
    /// The one agreement whose record the page shows, if it shows no other's (its renderer said so): changes
    /// to the record of other agreements leave it current.
    agreement: Option<i64>,
}

impl Entry {
    /// Compresses `body` once in both encodings and names it by its content.
    pub fn new(
        generation: Generation,
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
            until: None,
            settles: false,
            agreement: None,
        }
    }

    /// The copy shows the record of `agreement` only, if given.
    pub fn record_of(self, agreement: Option<i64>) -> Self {
        Self { agreement, ..self }
    }

    /// The copy lets changes to the record settle, if `settles`.
    pub fn settles(self, settles: bool) -> Self {
        Self { settles, ..self }
    }

    /// The copy holds only until `until` (seconds since the epoch), if given.
    pub fn until(self, until: Option<i64>) -> Self {
        Self { until, ..self }
    }

    fn in_time(&self) -> bool {
        self.until
            .is_none_or(|until| chrono::Utc::now().timestamp() < until)
    }

    pub(super) fn fresh(&self, generation: Generation, day: NaiveDate) -> bool {
        self.day == day && self.generation.all >= generation.all && self.in_time()
    }

    /// Whether this copy is current at `generation`: `fresh`, or it shows the record of one agreement only,
    /// nothing but the record has changed since it was rendered, and `freshness` has learnt of no change to
    /// that agreement's record since.
    pub(super) fn current(
        &self,
        generation: Generation,
        day: NaiveDate,
        freshness: &super::freshness::Freshness,
    ) -> bool {
        self.day == day
            && self.in_time()
            && (self.generation.all >= generation.all
                || self.agreement.is_some_and(|agreement| {
                    self.generation.only_records_until(generation)
                        && freshness.untouched(agreement, self.generation.all)
                }))
    }

    /// Whether this copy may still be served though the record has changed since it was rendered: its page
    /// lets the record settle, nothing but the record has changed, and it was current at most `SETTLE`
    /// before `now`. A burst of reports then renders such a page once a second, not once per report; any
    /// other change shows at once.
    pub(super) fn settled(&self, generation: Generation, day: NaiveDate, now: Instant) -> bool {
        self.settles
            && self.day == day
            && self.in_time()
            && self.generation.only_records_until(generation)
            && now.saturating_duration_since(self.as_of) <= SETTLE
    }

    /// Whether this copy may stand in while its page is rendered again (the generation now being
    /// `generation`): of the same day, and current at most `STALE_WHILE_RENDERING` before `now`, or, for a
    /// page that lets the record settle while only the record has changed, at most `SETTLE` longer (its
    /// copy is that old by the time it is rendered again, and the readers meanwhile need not wait).
    pub(super) fn may_stand_in(
        &self,
        generation: Generation,
        day: NaiveDate,
        now: Instant,
    ) -> bool {
        let limit = if self.settles && self.generation.only_records_until(generation) {
            STALE_WHILE_RENDERING + SETTLE
        } else {
            STALE_WHILE_RENDERING
        };
        self.day == day && now.saturating_duration_since(self.as_of) <= limit && self.in_time()
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

/// Request headers for a test, from name and value pairs.
#[cfg(test)]
pub(super) fn request(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(n, v)| (n.clone(), HeaderValue::from_static(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2019, 5, d).unwrap()
    }

    fn at(all: i64) -> Generation {
        Generation { all, records: 0 }
    }

    fn entry(generation: i64, on: NaiveDate) -> Entry {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        Entry::new(
            at(generation),
            on,
            Instant::now(),
            headers,
            Bytes::from("<p>hej hej hej</p>".repeat(50)),
            Quality::Page,
        )
    }

    #[test]
    fn an_entry_is_current_only_for_its_generation_and_day() {
        let e = entry(5, day(14));
        assert!(e.fresh(at(5), day(14)));
        assert!(e.fresh(at(4), day(14)), "newer than what the process knew");
        assert!(!e.fresh(at(6), day(14)), "a change since");
        assert!(!e.fresh(at(5), day(15)), "the day has turned");
        let now = chrono::Utc::now().timestamp();
        let e = e.until(Some(now + 60));
        assert!(e.fresh(at(5), day(14)), "before its time runs out");
        let e = e.until(Some(now - 1));
        assert!(!e.fresh(at(5), day(14)), "its time has run out");
        assert!(
            !e.may_stand_in(at(5), day(14), e.as_of),
            "nor may it stand in"
        );
    }

    #[tokio::test]
    async fn entries_answer_in_the_best_accepted_encoding_with_a_strong_etag() {
        let e = entry(1, day(14));
        let br = e.respond(
            &request(&[(header::ACCEPT_ENCODING, "gzip, deflate, br")]),
            "public, max-age=60, must-revalidate",
        );
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        let etag = br.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.ends_with("-br\""), "{etag}");
        assert_eq!(
            br.headers()[header::CACHE_CONTROL],
            "public, max-age=60, must-revalidate"
        );
        assert_eq!(br.headers()[header::VARY], "accept-encoding, cookie");
        let body = axum::body::to_bytes(br.into_body(), usize::MAX)
            .await
            .unwrap();
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
        assert_eq!(plain, e.identity);

        let gz = e.respond(
            &request(&[(header::ACCEPT_ENCODING, "gzip, br;q=0")]),
            "public, max-age=60, must-revalidate",
        );
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        let none = e.respond(&HeaderMap::new(), "public, max-age=60, must-revalidate");
        assert!(none.headers().get(header::CONTENT_ENCODING).is_none());
        assert_ne!(none.headers()[header::ETAG], gz.headers()[header::ETAG]);

        let again = e.respond(
            &request(&[
                (header::ACCEPT_ENCODING, "br"),
                (header::IF_NONE_MATCH, "\"other\""),
            ]),
            "public, max-age=60, must-revalidate",
        );
        assert_eq!(again.status(), StatusCode::OK);
        let mut headers = request(&[(header::ACCEPT_ENCODING, "br")]);
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&etag).unwrap());
        let not_modified = e.respond(&headers, "public, max-age=60, must-revalidate");
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(not_modified.headers()[header::ETAG], etag.as_str());
        let body = axum::body::to_bytes(not_modified.into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(body.is_empty());
    }

    #[test]
    fn a_page_that_settles_stays_for_a_moment_after_changes_to_the_record_only() {
        let rendered = Generation {
            all: 10,
            records: 4,
        };
        let reports = Generation {
            all: 13,
            records: 7,
        };
        let and_an_edit = Generation {
            all: 14,
            records: 7,
        };
        let e = entry(0, day(14)).settles(true);
        let e = Entry {
            generation: rendered,
            ..e
        };
        assert!(!e.fresh(reports, day(14)), "not current");
        assert!(e.settled(reports, day(14), e.as_of), "three reports since");
        assert!(e.settled(reports, day(14), e.as_of + SETTLE));
        assert!(
            !e.settled(
                reports,
                day(14),
                e.as_of + SETTLE + Duration::from_millis(1)
            ),
            "settled long enough"
        );
        assert!(
            !e.settled(and_an_edit, day(14), e.as_of),
            "an edit shows at once"
        );
        assert!(!e.settled(reports, day(15), e.as_of), "the day has turned");
        let strict = Entry {
            settles: false,
            ..entry(0, day(14))
        };
        let strict = Entry {
            generation: rendered,
            ..strict
        };
        assert!(
            !strict.settled(reports, day(14), strict.as_of),
            "a page that does not settle"
        );
    }

    #[test]
    fn a_copy_of_one_agreements_record_outlasts_reports_to_others_only() {
        use super::super::freshness::{Freshness, Touched};
        let freshness = Freshness::default();
        let of = |agreements: &[i64]| Touched {
            agreements: agreements.to_vec(),
            any: false,
        };
        let start = freshness.bump();
        let page = Entry::new(
            start,
            day(14),
            Instant::now(),
            HeaderMap::new(),
            Bytes::from("<p>avtal 3</p>"),
            Quality::Page,
        )
        .record_of(Some(3));
        let overview = entry(start.all, day(14));
        let elsewhere = freshness.bump_by(Some(&of(&[7])));
        assert!(
            page.current(elsewhere, day(14), &freshness),
            "another agreement's report"
        );
        assert!(
            !overview.current(elsewhere, day(14), &freshness),
            "a page that names none"
        );
        assert!(
            !page.current(elsewhere, day(15), &freshness),
            "the day has turned"
        );
        let own = freshness.bump_by(Some(&of(&[3])));
        assert!(
            !page.current(own, day(14), &freshness),
            "its own agreement's report"
        );
        let page = Entry::new(
            own,
            day(14),
            Instant::now(),
            HeaderMap::new(),
            Bytes::new(),
            Quality::Page,
        )
        .record_of(Some(3));
        assert!(page.current(own, day(14), &freshness), "rendered since");
        let edit = freshness.bump();
        assert!(
            !page.current(edit, day(14), &freshness),
            "a change to more than the record"
        );
    }

    #[test]
    fn a_previous_copy_stands_in_only_on_its_day_and_while_recent() {
        let e = entry(5, day(14));
        assert!(e.may_stand_in(at(5), day(14), e.as_of));
        assert!(e.may_stand_in(at(5), day(14), e.as_of + STALE_WHILE_RENDERING));
        assert!(
            !e.may_stand_in(
                at(5),
                day(14),
                e.as_of + STALE_WHILE_RENDERING + Duration::from_millis(1)
            ),
            "too old to stand in"
        );
        assert!(
            !e.may_stand_in(at(5), day(15), e.as_of),
            "the day has turned"
        );
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
}
