//! Office hours: when and where the police can be met. Weekly slots with cancellations and extras, a public
//! page, and the admin's page to keep them up to date.

pub mod admin;
pub mod domain;
mod page;

#[cfg(feature = "ssr")]
pub mod db;

pub use page::{office_hours, OfficeHoursPage, OFFICE_HOURS_PATH};

use domain::{Occurrence, Slot};
use serde::{Deserialize, Serialize};

/// The schedule and its occurrences over some days, as of a local time in Stockholm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub now: chrono::NaiveDateTime,
    pub slots: Vec<Slot>,
    pub occurrences: Vec<Occurrence>,
}

/// Reads the slots and the occurrences of the `days` days from today.
#[cfg(feature = "ssr")]
pub async fn schedule(
    pool: &sqlx::SqlitePool,
    days: i64,
) -> Result<Schedule, crate::error::AppError> {
    let now = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .naive_local();
    let from = now.date();
    let to = from + chrono::Duration::days(days - 1);
    let slots = db::slots(pool).await?;
    let occurrences = domain::occurrences(
        &slots,
        &db::cancellations(pool, from, to).await?,
        &db::extras(pool, from, to).await?,
        from,
        to,
    );
    Ok(Schedule {
        now,
        slots,
        occurrences,
    })
}
