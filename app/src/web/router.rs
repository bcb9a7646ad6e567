//! The whole HTTP surface in one place: the Leptos pages and server functions, the JSON API, health, and
//! the layers every response passes through (sessions, limits, compression, security headers, tracing).

use super::policy::{API_CSP, BODY_LIMIT_BYTES, REQUEST_TIMEOUT};
use super::AppState;
use crate::auth::db::Backend;
use crate::{agreements, audit, auth, field, office_hours, shell, App};
use axum::extract::State;
use axum::handler::Handler;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};

/// A session that is not used for this long ends.
const SESSION_IDLE: time::Duration = time::Duration::hours(12);

/// Builds the app. Creates the session table if needed and starts the background task that removes
/// expired sessions and idle rate-limit keys.
pub async fn router(state: AppState) -> Result<Router, sqlx::Error> {
    let store = super::sessions::Sessions::open(&state.pool, state.db_timeout).await?;
    tokio::spawn({
        let store = store.clone();
        let limiter = state.login_limiter.clone();
        async move {
            let mut tick = tokio::time::interval(Duration::from_secs(600));
            loop {
                tick.tick().await;
                if let Err(e) = store.delete_expired().await {
                    tracing::warn!(error = %e, "could not delete expired sessions");
                }
                limiter.forget_idle();
            }
        }
    });
    let sessions = SessionManagerLayer::new(store)
        .with_name(super::session_cookie::name(state.cookie_secure))
        .with_secure(state.cookie_secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE));
    let auth = AuthManagerLayerBuilder::new(
        Backend::new(state.pool.clone()).with_timeout(state.db_timeout),
        sessions,
    )
    .build();

    state.pages.precompress_static(
        &state.leptos_options.site_root,
        &state.leptos_options.site_pkg_dir,
    );
    let cache_state = state.clone();
    let routes = route_list();
    let trusted_proxies = state.trusted_proxies.clone();
    let cookie_secure = state.cookie_secure;
    let app = Router::new()
        .route("/healthz", get(healthz))
        .route("/livez", get(super::probes::livez))
        .route("/readyz", get(super::probes::readyz))
        .route("/sw.js", get(service_worker))
        .merge(agreements::api::routes())
        .merge(auth::api::routes())
        .merge(field::api::routes())
        .merge(audit::api::routes())
        .merge(office_hours::routes())
        .merge(crate::language::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        // The site's files that the page cache does not hold in memory, else the not-found page. Not Leptos's
        // `file_and_error_handler`: for a file it makes a reactive owner under whichever owner the thread
        // last left current and moves that owner's response headers onto the file's response. While a page
        // was being rendered, that moved the page's Content-Security-Policy onto an icon, the page went out
        // with the API's policy, which blocks its scripts, and the service worker kept it for offline use.
        .fallback_service(
            tower_http::services::ServeDir::new(state.leptos_options.site_root.as_ref())
                .call_fallback_on_method_not_allowed(true)
                .fallback(not_found.with_state(state.clone())),
        )
        // Inside the routing, where each request's matched route is known.
        .layer(axum::middleware::from_fn(super::metrics::track))
        // Inside the session layer, which it keeps a refused form's values in.
        .layer(axum::middleware::from_fn(
            super::form_echo::echo_refused_forms,
        ))
        .layer(auth)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::storage::watch,
        ))
        // Before the session is loaded, inside the language scope so that the refusal is worded in it.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::origin::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(crate::language::scope))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .with_state(state);

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
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_CSP),
        ));
    // A kept page or static file is answered before any layer inside runs; only HSTS and the rule for
    // signed-in requests are outside it, so that they hold for every response.
    Ok(app
        .layer(hardening)
        .layer(axum::middleware::from_fn_with_state(
            cache_state,
            super::cache::serve,
        ))
        .layer(axum::middleware::from_fn(no_store_when_signed_in))
        .layer(tower::util::option_layer(hsts)))
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

/// The app's routes, worked out once per process. Working them out renders the app with resource loading
/// suppressed by a process-wide flag, and a page render whose resource first runs meanwhile waits forever
/// (leptos-rs/leptos#4773). Once per process, before anything is served, that cannot happen — also when
/// the app is built more than once in a process, as the integration tests do.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The not-found page, for a path that neither a route nor a file of the site answers. It is rendered under
/// a reactive owner of its own.
async fn not_found(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(state.clone()),
        move || shell(options.clone()),
    );
    let mut response = render(request).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

/// The service worker script from the site's static files. It is served apart because a worker's own
/// Content-Security-Policy comes from this response: it must be allowed to fetch from this site, and a
/// browser must look for a new version on every visit.
async fn service_worker(State(state): State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = std::path::Path::new(state.leptos_options.site_root.as_ref()).join("sw.js");
    match tokio::fs::read(&path).await {
        Ok(script) => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
                (header::CONTENT_SECURITY_POLICY, "default-src 'self'"),
            ],
            script,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, path = %path.display(), "no service worker script");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}

/// `200 ok` when the database answers within the timeout and no request met a storage fault lately (see
/// `storage::FAULT_WINDOW`); otherwise `503` with the fault's code, `storage_full` or `storage_unavailable`.
/// It answers within the database timeout whatever the database does.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    use crate::error::StorageFault;
    let check = tokio::time::timeout(state.db_timeout, async {
        crate::db::scalar!(&state.pool, as i32, "SELECT 1")
    });
    let fault = match check.await {
        Ok(Ok(_)) => state.storage.current(),
        Ok(Err(e)) => {
            tracing::error!(error = %crate::error::chain(&e), "health check: the database did not answer");
            Some(crate::storage_fault::of(&e).unwrap_or(StorageFault::Unavailable))
        }
        Err(_) => {
            tracing::error!(timeout = ?state.db_timeout, "health check: the database did not answer in time");
            Some(StorageFault::Unavailable)
        }
    };
    match fault {
        None => (StatusCode::OK, "ok"),
        Some(fault) => (StatusCode::SERVICE_UNAVAILABLE, fault.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use leptos::prelude::Owner;
    use tower::ServiceExt;

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

    /// A file's response takes nothing from a page render whose reactive owner the thread still holds: the
    /// page keeps its policy, and the file gets the API's.
    #[tokio::test]
    async fn a_file_takes_no_headers_from_a_page_owner_left_on_the_thread() {
        let site = std::env::temp_dir().join(format!("lofte-site-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("icon-192.png"), b"not really a png").unwrap();
        let options = leptos::prelude::LeptosOptions::builder()
            .output_name("lofte")
            .site_root(site.to_str().unwrap())
            .build();
        let state = AppState::new(options, crate::db::test_pool().await, Default::default());
        let app = router(state).await.unwrap();

        let page = leptos_axum::ResponseOptions::default();
        page.insert_header(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'nonce-abc'"),
        );
        let render = Owner::new();
        render.with(|| provide_context(page.clone()));
        render.set();
        let file = app
            .oneshot(
                axum::http::Request::get("/icon-192.png")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        render.unset();
        std::fs::remove_dir_all(&site).ok();

        assert_eq!(file.status(), StatusCode::OK);
        assert_eq!(file.headers()[header::CONTENT_SECURITY_POLICY], API_CSP);
        assert!(
            page.0
                .read()
                .unwrap()
                .headers
                .contains_key(header::CONTENT_SECURITY_POLICY),
            "the page keeps its policy"
        );
    }
}
