//! Open data: `GET /api/v1/agreements`, `GET /api/v1/agreements/{slug}/progress` (JSON and CSV) and
//! `GET /api/v1/agreements/{slug}/operations.csv`.

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
        .route("/api/v1/agreements/{slug}/progress.csv", get(progress_csv))
        .route(
            "/api/v1/agreements/{slug}/operations.csv",
            get(operations_csv),
        )
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

/// The columns of `progress.csv`: one row per activity and span.
pub const PROGRESS_COLUMNS: [&str; 14] = [
    "as_of",
    "promise",
    "promise_text",
    "activity_id",
    "activity_text",
    "owner",
    "measure",
    "cadence",
    "from",
    "to",
    "target",
    "achieved",
    "expected",
    "pace",
];

/// The columns of `operations.csv`: one row per targeted operation, aggregates only.
pub const OPERATION_COLUMNS: [&str; 6] = [
    "date",
    "place",
    "persons_checked",
    "persons_21_or_under",
    "drug_offences_reported",
    "corrected",
];

fn csv_response(name: &str, body: String) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

fn csv_text(rows: Vec<Vec<String>>, header: &[&str]) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).map_err(AppError::internal)?;
    for row in rows {
        out.write_record(row).map_err(AppError::internal)?;
    }
    let bytes = out.into_inner().map_err(AppError::internal)?;
    String::from_utf8(bytes).map_err(AppError::internal)
}

async fn progress_csv(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
) -> Result<axum::response::Response, AppError> {
    let Path(slug) = slug.map_err(|_| AppError::NotFound)?;
    let (_, doc) = db::progress(&state.pool, &slug, today())
        .await?
        .ok_or(AppError::NotFound)?;
    let text = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    let mut rows = Vec::new();
    for (n, promise) in doc.promises.iter().enumerate() {
        for a in &promise.activities {
            for p in &a.periods {
                rows.push(vec![
                    doc.as_of.to_string(),
                    (n + 1).to_string(),
                    promise.text.clone(),
                    a.id.to_string(),
                    a.text.clone(),
                    a.owner.to_string(),
                    a.measure.to_string(),
                    a.cadence.to_string(),
                    p.from.to_string(),
                    p.to.to_string(),
                    text(p.target),
                    p.achieved.to_string(),
                    text(p.expected),
                    p.pace.map(|x| x.as_str().to_owned()).unwrap_or_default(),
                ]);
            }
        }
    }
    Ok(csv_response(
        &format!("{slug}-progress.csv"),
        csv_text(rows, &PROGRESS_COLUMNS)?,
    ))
}

async fn operations_csv(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
) -> Result<axum::response::Response, AppError> {
    let Path(slug) = slug.map_err(|_| AppError::NotFound)?;
    // Only a published agreement has public operations.
    db::progress(&state.pool, &slug, today())
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = crate::field::record::recent_operations(&state.pool, &slug, None, i64::MAX)
        .await?
        .into_iter()
        .map(|o| {
            vec![
                o.date.to_string(),
                o.place,
                o.persons_checked.to_string(),
                o.persons_21_or_under.to_string(),
                o.drug_offences_reported.to_string(),
                o.corrected.to_string(),
            ]
        })
        .collect();
    Ok(csv_response(
        &format!("{slug}-operations.csv"),
        csv_text(rows, &OPERATION_COLUMNS)?,
    ))
}
