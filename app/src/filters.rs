//! What the admin's lists are filtered by, read from their query.

use crate::error::AppError;
use chrono::NaiveDate;

/// A filter's date: `None` when left empty, and a `not_date` refusal of `field` when it holds something else
/// than a date.
pub fn date(field: &str, text: &str) -> Result<Option<NaiveDate>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    domain::calendar::parse_date(text)
        .map(Some)
        .ok_or_else(|| AppError::problem(field, domain::problem::Problem::NotDate))
}
