//! `POST /api/v1/reports`: the sync endpoint the officers' devices (and other tools) post batches to.

use super::db;
use crate::auth::{require, AuthSession};
use crate::error::AppError;
use crate::web::AppState;
use crate::words::problems::render;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use domain::credentials::Role;
use domain::problem::{Problem, Problems};
use domain::report::{ItemResult, MAX_BATCH};
use serde_json::Value;

pub fn routes() -> Router<AppState> {
    Router::new().route(crate::paths::API_REPORTS, post(sync))
}

/// The officer is taken from the session, never from the body. The session is checked before the body
/// is read, so an anonymous caller learns nothing about its input.
async fn sync(
    State(state): State<AppState>,
    auth: AuthSession,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<impl axum::response::IntoResponse, AppError> {
    let officer = require(&auth, Role::Officer)?;
    // A shared phone names the officer who saved the reports; they are stored under the session's officer
    // only if that is who it is. The session stays the judge: a client that names no one gets the session's.
    if let Some(saved_by) = headers
        .get(super::model::SAVED_BY)
        .and_then(|v| v.to_str().ok())
    {
        if saved_by != officer.username {
            return Err(AppError::conflict(Problem::OtherOfficer));
        }
    }
    let Json(body) = body?;
    let Value::Array(items) = body else {
        return Err(AppError::Malformed {
            detail: String::new(),
            problem: Some(Problem::NotReportList),
        });
    };
    if items.len() > MAX_BATCH {
        let too_many = Problem::TooManyReports {
            max: MAX_BATCH,
            sent: items.len(),
        };
        return Err(AppError::problems(
            too_many.clone(),
            Problems::from([("item", too_many)]),
        ));
    }
    let actor = crate::audit::Actor::user(officer.id, &officer.username);
    // Bounded, so that a database that does not answer gets the phone an answer it retries on. A batch cut
    // off here was not acknowledged, whether or not its commit landed; sent again, what landed is answered
    // `duplicate`.
    let ingest = db::ingest(&state.pool, &actor, &officer.scope, &items, state.today());
    let (mut results, changed) = tokio::time::timeout(state.db_timeout, ingest)
        .await
        .map_err(|_| {
            tracing::error!(timeout = ?state.db_timeout, "a sync batch waited too long on the database: refused with 503");
            AppError::Storage(crate::error::StorageFault::Unavailable)
        })??;
    crate::web::metrics::reports(results.iter().map(|r| r.status.as_str()));
    // The refusals are data; here, at the edge, they are also worded in the request's language.
    let locale = crate::language::current();
    for result in &mut results {
        result.errors = result.problems.as_ref().map(|p| render(p, locale));
    }
    tracing::info!(
        officer = %officer.username,
        items = items.len(),
        created = results.iter().filter(|r| r.status == domain::report::ItemStatus::Created).count(),
        "reports synced"
    );
    // Only reports were written, to these agreements: the pages that let the record settle may, and the
    // pages of other agreements stay current.
    Ok((
        crate::web::cache::record_only_header(&changed),
        Json::<Vec<ItemResult>>(results),
    ))
}
