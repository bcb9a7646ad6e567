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
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::API_AGREEMENTS, get(list))
        .route(paths::API_MUNICIPALITIES, get(municipalities))
        .route(paths::API_NATIONAL_PROGRESS, get(national_progress))
        .route(paths::API_NATIONAL_PROGRESS_CSV, get(national_progress_csv))
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
) -> Result<impl IntoResponse, AppError> {
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
    // The list shows no figures: reports never change it, and a burst of them may settle.
    Ok((
        crate::web::cache::settles_header(),
        Json(
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
                        && police_area.as_ref().is_none_or(|slug| {
                            a.police_area.as_ref().is_some_and(|p| &p.slug == slug)
                        })
                        && in_force.is_none_or(|day| a.valid_from <= day && day <= a.valid_to)
                })
                .collect::<Vec<AgreementSummary>>(),
        ),
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
) -> Result<impl IntoResponse, AppError> {
    let Path(slug) = slug.map_err(|_| AppError::NotFound)?;
    let (agreement, progress) = db::progress(&state.pool, &slug, state.today())
        .await?
        .ok_or(AppError::NotFound)?;
    // The agreement's record and no other's: reports to other agreements leave it current.
    Ok((
        crate::web::cache::record_of_header(agreement.id),
        Json(progress),
    ))
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

/// One row of the progress data: one span of one activity, in the columns of `PROGRESS_COLUMNS`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProgressRow {
    as_of: chrono::NaiveDate,
    /// The promise's number in the agreement, from 1.
    promise: usize,
    promise_text: String,
    activity_id: i64,
    activity_text: String,
    owner: domain::agreement::Owner,
    measure: domain::agreement::Measure,
    cadence: domain::agreement::Cadence,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    target: Option<u32>,
    achieved: u32,
    expected: Option<u32>,
    pace: Option<domain::progress::Pace>,
}

impl ProgressRow {
    /// Every span of every activity of a progress document, in order.
    pub fn of(doc: &Progress) -> Vec<Self> {
        let mut rows = Vec::new();
        for (n, promise) in doc.promises.iter().enumerate() {
            for a in &promise.activities {
                for p in &a.periods {
                    rows.push(ProgressRow {
                        as_of: doc.as_of,
                        promise: n + 1,
                        promise_text: promise.text.clone(),
                        activity_id: a.id,
                        activity_text: a.text.clone(),
                        owner: a.owner,
                        measure: a.measure,
                        cadence: a.cadence,
                        from: p.from,
                        to: p.to,
                        target: p.target,
                        achieved: p.achieved,
                        expected: p.expected,
                        pace: p.pace,
                    });
                }
            }
        }
        rows
    }

    fn cells(&self) -> Vec<Cell> {
        let number = |v: Option<u32>| Cell::Value(v.map(|n| n.to_string()).unwrap_or_default());
        vec![
            Cell::value(self.as_of),
            Cell::value(self.promise),
            Cell::from(self.promise_text.as_str()),
            Cell::value(self.activity_id),
            Cell::from(self.activity_text.as_str()),
            Cell::value(self.owner),
            Cell::value(self.measure),
            Cell::value(self.cadence),
            Cell::value(self.from),
            Cell::value(self.to),
            number(self.target),
            Cell::value(self.achieved),
            number(self.expected),
            Cell::value(self.pace.map(|x| x.as_str()).unwrap_or_default()),
        ]
    }
}

async fn progress_csv(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
) -> Result<axum::response::Response, AppError> {
    let Path(slug) = slug.map_err(|_| AppError::NotFound)?;
    let (_, doc) = db::progress(&state.pool, &slug, state.today())
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = ProgressRow::of(&doc)
        .iter()
        .map(ProgressRow::cells)
        .collect();
    Ok(csv_response(
        &format!("{slug}-progress.csv"),
        csv_text(rows, &PROGRESS_COLUMNS)?,
    ))
}

/// Writes the whole instance's progress CSV into `sender`, one agreement a chunk. Stops quietly when the
/// client left.
async fn stream_national(
    pool: &crate::db::Db,
    today: chrono::NaiveDate,
    sender: &tokio::sync::mpsc::Sender<Result<axum::body::Bytes, AppError>>,
) -> Result<(), AppError> {
    let header: Vec<&str> = NATIONAL_COLUMNS
        .iter()
        .chain(PROGRESS_COLUMNS.iter())
        .copied()
        .collect();
    let mut out = crate::csv_export::writer(Vec::new());
    out.write_record(&header).map_err(AppError::internal)?;
    for agreement in db::list(pool).await? {
        for r in national_rows(pool, &agreement, today).await? {
            let mut cells = vec![
                Cell::from(r.slug.as_str()),
                Cell::value(r.municipalities.join(" ")),
            ];
            cells.extend(r.row.cells());
            crate::csv_export::write_row(&mut out, &cells).map_err(AppError::internal)?;
        }
        let chunk = std::mem::replace(&mut out, crate::csv_export::writer(Vec::new()))
            .into_inner()
            .map_err(AppError::internal)?;
        if sender.send(Ok(chunk.into())).await.is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// One row of the whole instance's progress: an agreement's slug and municipalities (SCB codes), and one
/// span of one of its activities.
#[derive(Debug, Clone, serde::Serialize)]
struct NationalRow {
    slug: String,
    municipalities: Vec<String>,
    #[serde(flatten)]
    row: ProgressRow,
}

/// The columns of the whole instance's `progress.csv`: the agreement's, then `PROGRESS_COLUMNS`.
const NATIONAL_COLUMNS: [&str; 2] = ["slug", "municipalities"];

/// One published agreement's progress rows as of `today` (none if it is no longer published).
async fn national_rows(
    pool: &crate::db::Db,
    agreement: &AgreementSummary,
    today: chrono::NaiveDate,
) -> Result<Vec<NationalRow>, AppError> {
    let Some((_, doc)) = db::progress(pool, &agreement.slug, today).await? else {
        return Ok(Vec::new());
    };
    let codes: Vec<String> = agreement
        .municipalities
        .iter()
        .map(|m| m.code.clone())
        .collect();
    Ok(ProgressRow::of(&doc)
        .into_iter()
        .map(|row| NationalRow {
            slug: agreement.slug.clone(),
            municipalities: codes.clone(),
            row,
        })
        .collect())
}

/// `GET /api/v1/progress`: every published agreement's progress, newest period first, one row per
/// agreement, activity and span.
async fn national_progress(
    State(state): State<AppState>,
) -> Result<Json<Vec<NationalRow>>, AppError> {
    let today = state.today();
    let mut all = Vec::new();
    for agreement in db::list(&state.pool).await? {
        all.extend(national_rows(&state.pool, &agreement, today).await?);
    }
    Ok(Json(all))
}

/// `GET /api/v1/progress.csv`: the same, streamed an agreement at a time; the municipalities' codes are
/// separated by spaces.
async fn national_progress_csv(
    State(state): State<AppState>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, AppError>>(4);
    let pool = state.pool.clone();
    let today = state.today();
    tokio::spawn(async move {
        if let Err(e) = stream_national(&pool, today, &sender).await {
            tracing::error!(error = ?e, "progress.csv stopped");
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
                "attachment; filename=\"progress.csv\"".to_owned(),
            ),
        ],
        axum::body::Body::from_stream(body),
    )
        .into_response())
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
