//! Open data: `GET /api/v1/agreements` and `GET /api/v1/agreements/{slug}/progress`.

use super::db;
use super::view::{AgreementSummary, Progress};
use crate::error::AppError;
use crate::web::{today, AppState};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/agreements", get(list))
        .route("/api/v1/agreements/{slug}/progress", get(progress))
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<AgreementSummary>>, AppError> {
    db::list(&state.pool).await.map(Json)
}

/// A slug that is not even valid UTF-8 names no agreement either: 404, like any unknown slug.
async fn progress(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Json<Progress>, AppError> {
    let Path(slug) = slug.map_err(|_| AppError::NotFound)?;
    let (_, progress) = db::progress(&state.pool, &slug, today())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(progress))
}
