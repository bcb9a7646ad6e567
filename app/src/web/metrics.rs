//! Metrics for Prometheus, off unless `LOFTE_METRICS_ADDR` is set, and then served on that address only,
//! never on the public port. Recorded through the `metrics` facade; `metrics-exporter-prometheus` renders
//! the exposition format.
//!
//! | metric | labels | what |
//! |---|---|---|
//! | `http_requests_total` | `route`, `method`, `status` | requests the router answered, by matched route |
//! | `http_request_duration_seconds` | `route`, `method` | their duration (a histogram) |
//! | `lofte_page_cache_total` | `outcome` (`hit`, `settled`, `miss`, `stand_in`, `render`) | public pages and files answered from memory (`hit`), pages that let a burst of reports settle answered with their copy (`settled`), pages not fresh in memory (`miss`), of which some are answered with the previous copy while another request renders (`stand_in`), and renders; a page from memory never reaches the router |
//! | `lofte_reports_total` | `status` (`created`, `duplicate`, `conflict`, `invalid`) | items of synced batches |
//! | `lofte_db_connections` | `state` (`idle`, `in_use`) | the database pool, at the scrape |
//! | `lofte_build_info` | `version` | 1 |

use crate::db::Db;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

/// The recorder, installed once per process.
static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the recorder (once; later calls return the same handle).
pub fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".into()),
                    &[
                        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                    ],
                )
                .expect("the buckets are not empty")
                .install_recorder()
                .expect("no other metrics recorder is installed");
            metrics::gauge!("lofte_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
            handle
        })
        .clone()
}

/// The metrics address's router: `GET /metrics`.
pub fn router(handle: PrometheusHandle, pool: Db) -> axum::Router {
    axum::Router::new().route(
        crate::paths::METRICS,
        axum::routing::get(move || {
            let (handle, pool) = (handle.clone(), pool.clone());
            async move {
                let (size, idle) = match &pool {
                    crate::db::Engine::Sqlite(p) => (p.size(), p.num_idle()),
                    crate::db::Engine::Postgres(p) => (p.size(), p.num_idle()),
                };
                metrics::gauge!("lofte_db_connections", "state" => "idle").set(idle as f64);
                metrics::gauge!("lofte_db_connections", "state" => "in_use")
                    .set(size.saturating_sub(idle as u32) as f64);
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    handle.render(),
                )
            }
        }),
    )
}

/// Middleware on the app's routes: counts and times each request by its matched route (`unmatched` for
/// the not-found page and the site's files).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!("http_request_duration_seconds", "route" => route.clone(), "method" => method.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("http_requests_total", "route" => route, "method" => method, "status" => status)
        .increment(1);
    response
}

/// Counts what the page cache did for a public page or file: `hit`, `miss`, `stand_in` (a miss answered
/// with the previous copy while another request renders), or `render`.
pub fn page_cache(outcome: &'static str) {
    metrics::counter!("lofte_page_cache_total", "outcome" => outcome).increment(1);
}

/// Counts the items of a synced batch by their status.
pub fn reports(statuses: impl IntoIterator<Item = &'static str>) {
    for status in statuses {
        metrics::counter!("lofte_reports_total", "status" => status).increment(1);
    }
}
