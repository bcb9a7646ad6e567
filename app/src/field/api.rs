//! `POST /api/v1/reports`: the sync endpoint the officers' devices (and other tools) post batches to.

use super::db;
use super::report::{ItemResult, MAX_BATCH};
use crate::auth::domain::Role;
use crate::auth::{require, AuthSession};
use crate::error::AppError;
use crate::problem::Problem;
use crate::web::{today, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/reports", post(sync))
}

/// The officer is taken from the session, never from the body. The session is checked before the body
/// is read, so an anonymous caller learns nothing about its input.
async fn sync(
    State(state): State<AppState>,
    auth: AuthSession,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Vec<ItemResult>>, AppError> {
    let officer = require(&auth, Role::Officer)?;
    let locale = crate::language::current();
    let Json(body) = body?;
    let Value::Array(items) = body else {
        return Err(AppError::Malformed {
            message: Problem::NotReportList.text(locale),
        });
    };
    if items.len() > MAX_BATCH {
        return Err(AppError::invalid(
            Problem::TooManyReports {
                max: MAX_BATCH,
                sent: items.len(),
            }
            .text(locale),
        ));
    }
    let actor = crate::audit::Actor::user(officer.id, &officer.username);
    let results = db::ingest(&state.pool, &actor, &items, today(), locale).await?;
    tracing::info!(
        officer = %officer.username,
        items = items.len(),
        created = results.iter().filter(|r| r.status == super::report::ItemStatus::Created).count(),
        "reports synced"
    );
    Ok(Json(results))
}
