//! The composition root: every feature's routes, server functions and pages put together with the
//! plumbing (`web`). It sits above everything else; nothing imports it but the server binary. Each feature
//! exposes its HTTP routes and which of its public addresses the page cache may keep; `web` knows none of
//! them.

use crate::auth::db::Backend;
use crate::web::cache::Cacheable;
use crate::web::policy::BODY_LIMIT_BYTES;
use crate::web::{self, AppState};
use crate::{accessibility, admin, agreements, auth, field, office_hours, paths, shell, App};
use axum::extract::State;
use axum::handler::Handler;
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};

/// A session that is not used for this long ends.
const SESSION_IDLE: time::Duration = time::Duration::hours(12);

/// Builds the app. Creates the session table if needed and starts the background task that removes
/// expired sessions and idle rate-limit keys.
pub async fn router(state: AppState) -> Result<Router, sqlx::Error> {
    let store = web::sessions::Sessions::open(&state.pool, state.db_timeout).await?;
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
        .with_name(web::session_cookie::name(state.cookie_secure))
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
    state.pages.keep(cacheable());
    // On PostgreSQL the kept pages learn of every instance's changes by notification.
    web::cache::Freshness::listen(&state.pages.freshness, &state.pool).await?;
    let routes = route_list();
    let app = Router::new()
        .route(paths::HEALTHZ, get(web::probes::healthz))
        .route(paths::LIVEZ, get(web::probes::livez))
        .route(paths::READYZ, get(web::probes::readyz))
        .route(paths::SERVICE_WORKER, get(service_worker))
        .merge(agreements::api::routes())
        .merge(auth::api::routes())
        .merge(field::api::routes())
        .merge(admin::api::routes())
        .merge(office_hours::routes())
        .merge(crate::dcat::routes())
        .merge(crate::embed::routes())
        .merge(crate::feeds::routes())
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
        .layer(axum::middleware::from_fn(web::metrics::track))
        .layer(axum::middleware::from_fn(
            web::form_lists::repeated_fields_as_lists,
        ))
        // Inside the session layer, which it keeps a refused form's values in.
        .layer(axum::middleware::from_fn(
            web::form_echo::echo_refused_forms,
        ))
        .layer(auth)
        .layer(axum::middleware::from_fn_with_state(
            state.storage.clone(),
            web::storage::watch,
        ))
        // Before the session is loaded, inside the language scope so that the refusal is worded in it.
        .layer(axum::middleware::from_fn_with_state(
            state.public_origin.clone(),
            web::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(crate::language::scope))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .with_state(state.clone());
    Ok(web::layers::outer(app, &state))
}

/// The public addresses whose responses the page cache may keep, as the features declare them.
pub fn cacheable() -> Vec<Cacheable> {
    [
        agreements::CACHEABLE,
        office_hours::CACHEABLE,
        crate::overview::CACHEABLE,
        crate::embed::CACHEABLE,
        crate::feeds::CACHEABLE,
        &[web::cache::Cacheable::Path(paths::DCAT)],
        accessibility::CACHEABLE,
    ]
    .concat()
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::HeaderValue;
    use leptos::prelude::Owner;
    use tower::ServiceExt;

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
        assert_eq!(
            file.headers()[header::CONTENT_SECURITY_POLICY],
            crate::web::policy::API_CSP
        );
        assert!(
            page.0
                .read()
                .unwrap()
                .headers
                .contains_key(header::CONTENT_SECURITY_POLICY),
            "the page keeps its policy"
        );
    }

    fn kept(path: &str) -> bool {
        cacheable().iter().any(|a| a.matches(path))
    }

    #[test]
    fn only_the_public_pages_and_open_data_are_kept() {
        for path in [
            "/",
            "/avtal/savsjo-2018-2019",
            "/avtal/savsjo-2018-2019/uppfoljning",
            "/tillganglighet",
            "/api/v1/agreements",
            "/api/v1/agreements/savsjo-2018-2019/progress",
            "/api/v1/agreements/savsjo-2018-2019/progress.csv",
            "/oppettider",
            "/oppettider/hoglandet",
            "/office-hours.ics",
            "/office-hours/hoglandet.ics",
        ] {
            assert!(kept(path), "{path}");
        }
        for path in [
            "/office-hours/hoglandet.txt",
            "/rapportera",
            "/admin",
            "/logga-in",
            "/api/v1/agreements/savsjo-2018-2019/operations.csv",
            "/api/v1/session",
            "/avtal/",
        ] {
            assert!(!kept(path), "{path}");
        }
    }

    /// The page routes are written in `layout` (Leptos's `path!` takes a literal); every page path that
    /// `paths` builds must be one of them. On a runtime: working the routes out renders the app, whose
    /// language context spawns an effect, and another test of this process may have set Leptos's executor to
    /// Tokio first (without a runtime that panicked, now and then, depending on the order the tests ran).
    #[tokio::test]
    async fn every_page_path_the_app_builds_is_a_route() {
        let routes: Vec<String> = route_list().iter().map(|r| r.path().to_owned()).collect();
        let is_route = |path: &str| {
            let path = path.split('?').next().unwrap_or_default();
            let parts: Vec<&str> = path.split('/').collect();
            routes.iter().any(|route| {
                let pattern: Vec<&str> = route.split('/').collect();
                pattern.len() == parts.len()
                    && pattern.iter().zip(&parts).all(|(p, s)| {
                        p == s || p.starts_with(':') || (p.starts_with('{') && p.ends_with('}'))
                    })
            })
        };
        for path in [
            paths::HOME.to_owned(),
            paths::agreement("a"),
            paths::follow_up("a"),
            paths::follow_up_month("a", "2026-11", Some(2)),
            paths::activity("a", 1),
            paths::OFFICE_HOURS.into(),
            paths::office_hours_area("a"),
            paths::municipality("0684"),
            paths::county("06"),
            paths::STATEMENT.into(),
            paths::LOGIN.into(),
            paths::login_then(paths::ADMIN),
            paths::SIGNED_OUT.into(),
            paths::FIRST_ADMIN.into(),
            paths::REPORT.into(),
            paths::MEETING.into(),
            paths::ACTIVITY_REPORT.into(),
            paths::QUEUE.into(),
            paths::MARKING.into(),
            paths::ADMIN.into(),
            paths::ADMIN_OFFICE_HOURS.into(),
            paths::ADMIN_PEOPLE.into(),
            paths::ADMIN_REPORTS.into(),
            paths::admin_report("r"),
            paths::ADMIN_LOG.into(),
            paths::IMPORT.into(),
            paths::admin_agreement("a"),
        ] {
            assert!(is_route(&path), "{path} is not among the routes {routes:?}");
        }
        assert!(!is_route("/finns-inte"), "the check can fail");
    }
}
