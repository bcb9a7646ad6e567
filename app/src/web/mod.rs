//! Server plumbing shared by every feature: the app state, request helpers, and the router with its
//! hardening layers.

mod router;

pub use router::{page_csp, router};

use crate::auth::limit::LoginLimiter;
use crate::error::AppError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, FromRequest};
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;
use std::sync::Arc;

/// Built once at start and shared by every handler and server function.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub login_limiter: Arc<LoginLimiter>,
    pub cookie_secure: bool,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, pool: SqlitePool, cookie_secure: bool) -> Self {
        Self {
            leptos_options,
            pool,
            login_limiter: Arc::new(LoginLimiter::standard()),
            cookie_secure,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The app state inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// An axum extractor inside a server function.
pub async fn extract<T>() -> Result<T, AppError>
where
    T: axum::extract::FromRequestParts<()>,
    T::Rejection: std::fmt::Debug,
{
    leptos_axum::extract::<T>()
        .await
        .map_err(AppError::internal)
}

/// Today's date where the agreements apply.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
}

/// JSON input that answers malformed bodies with our error type.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        AppError::Malformed {
            message: rejection.body_text(),
        }
    }
}
