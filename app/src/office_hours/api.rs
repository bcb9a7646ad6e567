//! The office hours' HTTP API: the iCalendar feed.

/// `GET /office-hours.ics`: every slot, cancellation and extra as iCalendar.
pub fn routes() -> axum::Router<crate::web::AppState> {
    use axum::extract::State;
    use axum::http::header;
    async fn feed(
        State(state): State<crate::web::AppState>,
    ) -> Result<impl axum::response::IntoResponse, crate::error::AppError> {
        // Dates are stored as ISO text; these bounds compare correctly with any four-digit year.
        let from = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
        let to = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
        let body = super::ical::feed(
            &super::db::slots(&state.pool).await?,
            &super::db::cancellations(&state.pool, from, to).await?,
            &super::db::extras(&state.pool, from, to).await?,
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
    axum::Router::new().route(crate::paths::OFFICE_HOURS_FEED, axum::routing::get(feed))
}
