//! `GET /api/v1/admin/audit.csv`: the audit log as CSV, with the admin view's filters.

use super::{db, to_csv, AuditFilter};
use crate::auth::{require, AuthSession};
use crate::error::AppError;
use crate::web::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use domain::credentials::Role;

/// Every row matching the filter, up to this many.
const EXPORT_LIMIT: i64 = 1_000_000;

pub fn routes() -> Router<AppState> {
    Router::new().route(crate::paths::API_AUDIT_CSV, get(export))
}

async fn export(
    State(state): State<AppState>,
    auth: AuthSession,
    filter: Result<Query<AuditFilter>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    require(&auth, Role::Admin)?;
    let Query(filter) = filter.map_err(|e| AppError::Malformed {
        detail: e.body_text(),
        problem: None,
    })?;
    let rows = db::list(&state.pool, &filter, EXPORT_LIMIT).await?;
    let body = to_csv(&rows).map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"andringslogg.csv\"",
            ),
        ],
        body,
    ))
}
