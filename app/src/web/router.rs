//! The whole HTTP surface in one place: the Leptos pages and server functions, the JSON API, health, and
//! the layers every response passes through (sessions, limits, compression, security headers, tracing).

use super::AppState;
use crate::auth::db::Backend;
use crate::{agreements, audit, auth, field, office_hours, shell, App};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
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

/// Request bodies larger than this are refused with 413. A full sync batch of 500 reports fits.
pub const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;
/// A request that takes longer than this is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// A session that is not used for this long ends.
const SESSION_IDLE: time::Duration = time::Duration::hours(12);

/// The policy for responses that are not pages (JSON, files): nothing may run or frame them.
pub(super) const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
/// The session cookie's name. A request that carries it never gets a page kept for everyone.
pub(super) const SESSION_COOKIE: &str = "lofte_session";

/// Builds the app. Creates the session table if needed and starts the background task that removes
/// expired sessions and idle rate-limit keys.
pub async fn router(state: AppState) -> Result<Router, sqlx::Error> {
    let store = super::sessions::Sessions::open(&state.pool).await?;
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
        .with_name(SESSION_COOKIE)
        .with_secure(state.cookie_secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE));
    let auth = AuthManagerLayerBuilder::new(Backend::new(state.pool.clone()), sessions).build();

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
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(auth)
        .layer(axum::middleware::from_fn(
            super::form_echo::echo_refused_forms,
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
            trusted_proxies,
            super::client::note_client,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .option_layer(hsts)
        .layer(CatchPanicLayer::new())
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
    // Outermost: a kept page or static file is answered before any other layer runs.
    Ok(app
        .layer(hardening)
        .layer(axum::middleware::from_fn_with_state(
            cache_state,
            super::cache::serve,
        )))
}

/// The span every request's logs are in: its method, path and the client's address.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let client = request
        .extensions()
        .get::<super::ClientAddr>()
        .map(|c| c.0.to_string())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %request.uri(),
        client = %client,
    )
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
pub(super) const CACHED_PAGE_CSP: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match crate::db::scalar!(&state.pool, as i32, "SELECT 1") {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
