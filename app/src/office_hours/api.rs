//! The office hours' HTTP API: the iCalendar feeds, every police area's and each one's.

use crate::error::AppError;
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;

/// `GET /office-hours.ics` (every police area's, the address subscribers already have) and
/// `GET /office-hours/{slug}.ics` (one area's).
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(crate::paths::OFFICE_HOURS_FEED, axum::routing::get(all))
        .route(
            &format!("{}{{file}}", crate::paths::OFFICE_HOURS_AREA_FEEDS),
            axum::routing::get(one),
        )
}

async fn all(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    feed(&state, None).await
}

/// An unknown area, or an address that is not `{slug}.ics`, is not found.
async fn one(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let slug = file
        .strip_suffix(crate::paths::ICS)
        .ok_or(AppError::NotFound)?;
    let area = crate::places::db::police_area_id(&state.pool, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    feed(&state, Some(area)).await
}

async fn feed(state: &AppState, area: Option<i64>) -> Result<impl IntoResponse, AppError> {
    // Dates are stored as ISO text; these bounds compare correctly with any four-digit year.
    let from = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
    let to = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
    let body = super::ical::feed(
        &super::db::slots(&state.pool, area).await?,
        &super::db::cancellations(&state.pool, from, to).await?,
        &super::db::extras(&state.pool, from, to, area).await?,
        chrono::Utc::now(),
        crate::language::current(),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        body,
    ))
}
