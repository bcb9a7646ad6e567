//! Office hours: when and where the police can be met. Weekly slots with cancellations and extras, a public
//! page, and the admin's page to keep them up to date.

pub mod admin;
pub mod officer;
mod page;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod ical;
mod json_ld;

/// `GET /office-hours.ics`: every slot, cancellation and extra as iCalendar.
#[cfg(feature = "ssr")]
pub fn routes() -> axum::Router<crate::web::AppState> {
    use axum::extract::State;
    use axum::http::header;
    async fn feed(
        State(state): State<crate::web::AppState>,
    ) -> Result<impl axum::response::IntoResponse, crate::error::AppError> {
        // Dates are stored as ISO text; these bounds compare correctly with any four-digit year.
        let from = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
        let to = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
        let body = ical::feed(
            &db::slots(&state.pool).await?,
            &db::cancellations(&state.pool, from, to).await?,
            &db::extras(&state.pool, from, to).await?,
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

pub use page::{office_hours, OfficeHoursPage};

use domain::office_hours::{Occurrence, Slot};
use serde::{Deserialize, Serialize};

/// The schedule and its occurrences over some days, as of a local time in Stockholm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub now: chrono::NaiveDateTime,
    /// The `webcal:` address of the iCalendar feed, on the public page.
    pub subscribe: Option<String>,
    pub slots: Vec<Slot>,
    pub occurrences: Vec<Occurrence>,
}

/// The local time in Stockholm now.
#[cfg(feature = "ssr")]
pub fn stockholm_now() -> chrono::NaiveDateTime {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .naive_local()
}

/// Reads the slots and the occurrences from `days_back` days before today to `days` days from today.
#[cfg(feature = "ssr")]
pub async fn schedule(
    pool: &crate::db::Db,
    days_back: i64,
    days: i64,
) -> Result<Schedule, crate::error::AppError> {
    let now = stockholm_now();
    let from = now.date() - chrono::Duration::days(days_back);
    let to = now.date() + chrono::Duration::days(days - 1);
    let slots = db::slots(pool).await?;
    let occurrences = domain::office_hours::occurrences(
        &slots,
        &db::cancellations(pool, from, to).await?,
        &db::extras(pool, from, to).await?,
        &db::held(pool, from, to).await?,
        from,
        to,
    );
    Ok(Schedule {
        now,
        subscribe: None,
        slots,
        occurrences,
    })
}
