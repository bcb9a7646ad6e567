//! Open data: `GET /api/v1/agreements`, `GET /api/v1/agreements/{slug}/progress` (JSON and CSV) and
//! `GET /api/v1/agreements/{slug}/operations.csv`.

use super::db;
use super::model::{AgreementSummary, Progress};
use crate::csv_export::Cell;
use crate::error::AppError;
use crate::paths;
use crate::web::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::API_AGREEMENTS, get(list))
        .route(paths::API_MUNICIPALITIES, get(municipalities))
        .route(paths::API_PROGRESS, get(progress))
        .route(paths::API_PROGRESS_CSV, get(progress_csv))
        .route(paths::API_OPERATIONS_CSV, get(operations_csv))
}

/// The filters of `GET /api/v1/agreements`; one left out (or empty) filters nothing.
#[derive(Debug, Default, serde::Deserialize)]
struct ListFilter {
    /// A municipality's SCB code: the agreements it belongs to.
    #[serde(default)]
    municipality: String,
    /// A county's code: the agreements of its municipalities.
    #[serde(default)]
    county: String,
    /// A police area's slug.
    #[serde(default)]
    police_area: String,
    /// `YYYY-MM-DD`: the agreements in force that day.
    #[serde(default)]
    in_force: String,
}

/// Every published agreement the filters let through, newest period first. An unknown code or a malformed
/// date is `422` with a problem per parameter.
async fn list(
    State(state): State<AppState>,
    query: Result<Query<ListFilter>, QueryRejection>,
) -> Result<Json<Vec<AgreementSummary>>, AppError> {
    use domain::problem::{Problem, Problems};
    let Query(filter) = query.map_err(|e| AppError::Malformed {
        detail: e.body_text(),
        problem: None,
    })?;
    let given = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
    let unknown = |set: &str, value: &str| Problem::UnknownValue {
        set: set.to_owned(),
        value: value.to_owned(),
    };
    let mut problems = Problems::default();
    let municipality = given(&filter.municipality);
    if let Some(code) = &municipality {
        if domain::places::municipality(code).is_none() {
            problems.add("municipality", unknown("municipality", code));
        }
    }
    let county = given(&filter.county);
    if let Some(code) = &county {
        if domain::places::county(code).is_none() {
            problems.add("county", unknown("county", code));
        }
    }
    let police_area = given(&filter.police_area);
    if let Some(slug) = &police_area {
        if crate::places::db::police_area_id(&state.pool, slug)
            .await?
            .is_none()
        {
            problems.add("police_area", unknown("police_area", slug));
        }
    }
    let in_force = match given(&filter.in_force) {
        Some(day) => match domain::calendar::parse_date(&day) {
            Some(day) => Some(day),
            None => {
                problems.add("in_force", Problem::NotDate);
                None
            }
        },
        None => None,
    };
    if !problems.is_empty() {
        return Err(AppError::problems(Problem::FixFields, problems));
    }
    let all = db::list(&state.pool).await?;
    Ok(Json(
        all.into_iter()
            .filter(|a| {
                municipality
                    .as_ref()
                    .is_none_or(|code| a.municipalities.iter().any(|m| &m.code == code))
                    && county.as_ref().is_none_or(|code| {
                        a.municipalities
                            .iter()
                            .any(|m| m.code.starts_with(code.as_str()))
                    })
                    && police_area
                        .as_ref()
                        .is_none_or(|slug| a.police_area.as_ref().is_some_and(|p| &p.slug == slug))
                    && in_force.is_none_or(|day| a.valid_from <= day && day <= a.valid_to)
            })
            .collect(),
    ))
}

/// One of Sweden's municipalities in `GET /api/v1/municipalities`: its code, name, county, and the slugs of
/// its published agreements, newest period first.
#[derive(serde::Serialize)]
struct MunicipalityEntry {
    code: &'static str,
    name: &'static str,
    county: crate::places::model::Named,
    agreements: Vec<String>,
}

/// All 290 municipalities, in code order.
async fn municipalities(
    State(state): State<AppState>,
) -> Result<Json<Vec<MunicipalityEntry>>, AppError> {
    let mut by_code: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for agreement in db::list(&state.pool).await? {
        for m in &agreement.municipalities {
            by_code
                .entry(m.code.clone())
                .or_default()
                .push(agreement.slug.clone());
        }
    }
    Ok(Json(
        domain::places::municipalities()
            .iter()
            .map(|m| MunicipalityEntry {
                code: m.code,
                name: m.official_name,
                county: crate::places::model::Named::county(m.county()),
                agreements: by_code.remove(m.code).unwrap_or_default(),
            })
            .collect(),
    ))
}

/// A slug that is not even valid UTF-8 names no agreement either: 404, like any unknown slug.
async fn progress(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Json<Progress>, AppError> {
    let Path(slug) = slug.map_err(|_| AppError::NotFound)?;
    let (_, progress) = db::progress(&state.pool, &slug, state.today())
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
    let (_, doc) = db::progress(&state.pool, &slug, state.today())
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

/// Every targeted operation of the agreement, newest first, streamed: rows are written as the database
/// yields them, in chunks, so memory stays flat however long the record.
async fn operations_csv(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let Path(slug) = slug.map_err(|_| AppError::NotFound)?;
    // Only a published agreement has public operations.
    db::is_published(&state.pool, &slug)
        .await?
        .then_some(())
        .ok_or(AppError::NotFound)?;
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, AppError>>(4);
    let pool = state.pool.clone();
    let name = format!("{slug}-operations.csv");
    tokio::spawn(async move {
        if let Err(e) = stream_operations(&pool, &slug, &sender).await {
            tracing::error!(error = ?e, slug, "operations.csv stopped");
            let _ = sender.send(Err(e)).await;
        }
    });
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        axum::body::Body::from_stream(body),
    )
        .into_response())
}

/// Writes the operations CSV into `sender` in chunks of about 64 KB. Stops quietly when the client left.
async fn stream_operations(
    pool: &crate::db::Db,
    slug: &str,
    sender: &tokio::sync::mpsc::Sender<Result<axum::body::Bytes, AppError>>,
) -> Result<(), AppError> {
    use futures_util::TryStreamExt;
    const CHUNK: usize = 64 * 1024;
    let mut out = crate::csv_export::writer(Vec::with_capacity(CHUNK * 2));
    out.write_record(OPERATION_COLUMNS)
        .map_err(AppError::internal)?;
    // The rows stream from whichever engine holds them; the loop is compiled for each.
    crate::db::on!(pool, c => {
        let mut rows = sqlx::query_as::<_, (chrono::NaiveDate, String, i64, i64, i64, i64)>(
            "SELECT r.date, r.place, r.persons_checked, r.persons_21_or_under, r.drug_offences_reported, r.version
             FROM current_reports r JOIN activities x ON x.id = r.activity_id JOIN promises p ON p.id = x.promise_id
             JOIN agreements a ON a.id = p.agreement_id
             WHERE a.slug = $1 AND r.kind = 'targeted_operation' AND NOT r.voided
             ORDER BY r.date DESC, r.start_time DESC, r.id",
        )
        .bind(slug)
        .fetch(c);
        let count = |n: i64| u32::try_from(n).unwrap_or(0);
        while let Some((date, place, checked, youths, offences, version)) = rows.try_next().await? {
            let o = crate::field::OperationSummary::new(
                date,
                place,
                count(checked),
                count(youths),
                count(offences),
                version > 1,
            );
            crate::csv_export::write_row(
                &mut out,
                &[
                    Cell::value(o.date),
                    Cell::Text(o.place),
                    Cell::value(o.persons_checked),
                    // The open data is worded in Swedish, as the agreement is.
                    Cell::value(crate::words::names::count(
                        crate::i18n::Locale::sv,
                        o.persons_21_or_under,
                    )),
                    Cell::value(o.drug_offences_reported),
                    Cell::value(o.corrected),
                ],
            )
            .map_err(AppError::internal)?;
            if out.get_ref().len() >= CHUNK {
                let full = std::mem::replace(
                    &mut out,
                    crate::csv_export::writer(Vec::with_capacity(CHUNK * 2)),
                );
                let chunk = full.into_inner().map_err(AppError::internal)?;
                if sender.send(Ok(chunk.into())).await.is_err() {
                    return Ok(()); // the client went away
                }
            }
        }
    });
    let rest = out.into_inner().map_err(AppError::internal)?;
    let _ = sender.send(Ok(rest.into())).await;
    Ok(())
}
