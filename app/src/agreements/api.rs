//! Open data: `GET /api/v1/agreements`, `GET /api/v1/agreements/{slug}/progress` (JSON and CSV) and
//! `GET /api/v1/agreements/{slug}/operations.csv`.

use super::db;
use super::view::{AgreementSummary, Progress};
use crate::csv_export::Cell;
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

fn csv_text(rows: Vec<Vec<Cell>>, header: &[&str]) -> Result<String, AppError> {
    crate::csv_export::write(header, rows).map_err(AppError::internal)
}

async fn progress_csv(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
) -> Result<axum::response::Response, AppError> {
    let Path(slug) = slug.map_err(|_| AppError::NotFound)?;
    let (_, doc) = db::progress(&state.pool, &slug, today())
        .await?
        .ok_or(AppError::NotFound)?;
    let number = |v: Option<u32>| Cell::Value(v.map(|n| n.to_string()).unwrap_or_default());
    let mut rows = Vec::new();
    for (n, promise) in doc.promises.iter().enumerate() {
        for a in &promise.activities {
            for p in &a.periods {
                rows.push(vec![
                    Cell::value(doc.as_of),
                    Cell::value(n + 1),
                    Cell::from(promise.text.as_str()),
                    Cell::value(a.id),
                    Cell::from(a.text.as_str()),
                    Cell::value(a.owner),
                    Cell::value(a.measure),
                    Cell::value(a.cadence),
                    Cell::value(p.from),
                    Cell::value(p.to),
                    number(p.target),
                    Cell::value(p.achieved),
                    number(p.expected),
                    Cell::value(p.pace.map(|x| x.as_str()).unwrap_or_default()),
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
                Cell::value(o.date),
                Cell::Text(o.place),
                Cell::value(o.persons_checked),
                Cell::value(o.persons_21_or_under),
                Cell::value(o.drug_offences_reported),
                Cell::value(o.corrected),
            ]
        })
        .collect();
    Ok(csv_response(
        &format!("{slug}-operations.csv"),
        csv_text(rows, &OPERATION_COLUMNS)?,
    ))
}
