//! Server plumbing that knows no feature: the app state (`state`, which imports no feature), request
//! helpers, the layers every response passes through (`layers`), the page cache, sessions, probes and
//! metrics. The routes that put the features together are above it, in `crate::routes`.

pub mod cache;
mod client;
pub mod form_echo;
pub mod form_lists;
pub mod handover;
pub mod layers;
pub mod login_limit;
pub mod metrics;
mod origin;
pub mod policy;
pub mod probes;
pub mod request_id;
pub mod session_cookie;
pub mod sessions;
mod state;
pub mod storage;

pub use client::{client_address, ClientAddr, TrustedProxies};
pub use origin::{is_cross_site, public_host, refuse_cross_site, site_origin, PublicOrigin};
pub use policy::page_csp;
pub use state::{app_state, AppState, Clock, Publisher, Settings};

use crate::error::AppError;
use axum::extract::rejection::JsonRejection;
use axum::extract::FromRequest;

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

/// JSON input that answers malformed bodies with our error type.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        AppError::Malformed {
            detail: rejection.body_text(),
            problem: None,
        }
    }
}
