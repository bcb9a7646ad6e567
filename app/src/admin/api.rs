//! `GET /api/v1/admin/audit.csv`: the audit log as CSV, with the admin view's filters.

use crate::audit::{db, AuditEntry, AuditFilter};
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
    let admin = crate::auth::Admin::from(require(&auth, Role::Admin)?);
    let Query(filter) = filter.map_err(|e| AppError::Malformed {
        detail: e.body_text(),
        problem: None,
    })?;
    let within = super::scope::within(&state.pool, &admin.scope).await?;
    let rows = db::list(&state.pool, &filter, within.as_ref(), EXPORT_LIMIT).await?;
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

/// The columns of the CSV export, in order.
pub const CSV_COLUMNS: [&str; 8] = [
    "id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
];

/// The log as CSV (RFC 4180), with a header row; text that could run in a spreadsheet is neutralised.
pub fn to_csv(entries: &[AuditEntry]) -> Result<String, csv::Error> {
    use crate::csv_export::Cell;
    crate::csv_export::write(
        &CSV_COLUMNS,
        entries.iter().map(|e| {
            vec![
                Cell::value(e.id),
                Cell::value(&e.at),
                Cell::from(e.actor.as_str()),
                Cell::value(&e.action),
                Cell::value(&e.entity),
                Cell::from(e.entity_id.as_str()),
                Cell::from(e.before.as_deref().unwrap_or("")),
                Cell::from(e.after.as_deref().unwrap_or("")),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_json_and_commas() {
        let entry = AuditEntry {
            id: 7,
            at: "2026-11-25T10:00:00.000Z".into(),
            actor: "ada".into(),
            action: "agreement.update".into(),
            entity: "agreement".into(),
            entity_id: "3".into(),
            before: Some(r#"{"title":"A, B"}"#.into()),
            after: None,
        };
        let text = to_csv(&[entry]).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap(), CSV_COLUMNS.as_slice());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[6], r#"{"title":"A, B"}"#);
        assert_eq!(&row[7], "");
    }

    #[test]
    fn csv_neutralises_text_that_could_run() {
        let entry = AuditEntry {
            id: 8,
            at: "2026-11-25T10:00:00.000Z".into(),
            actor: "-admin".into(),
            action: "user.create".into(),
            entity: "user".into(),
            entity_id: "=1+1".into(),
            before: None,
            after: Some("@SUM(1)".into()),
        };
        let text = to_csv(&[entry]).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(
            (&row[2], &row[5], &row[7]),
            ("'-admin", "'=1+1", "'@SUM(1)")
        );
    }
}
