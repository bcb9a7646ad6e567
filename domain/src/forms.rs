//! Reading admin forms: every field as typed in, one problem per field, so a form shows every problem at
//! once. Plain Rust, used by the server's checks.

use crate::problem::{Problem, Problems};
use chrono::{NaiveDate, NaiveTime};

/// Collects one problem per field, so a form shows every problem at once.
#[derive(Debug, Default)]
pub struct Checker(pub Problems);

impl Checker {
    pub fn check<T, E: Into<Problem>>(&mut self, field: &str, r: Result<T, E>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.add(field, e);
                None
            }
        }
    }

    pub fn fail(&mut self, field: &str, problem: impl Into<Problem>) {
        self.0.add(field, problem);
    }

    /// A date `YYYY-MM-DD` in the years 1900–2999: dates are stored as text and compared as text, which
    /// holds only for four-digit years.
    pub fn date(&mut self, field: &str, raw: &str) -> Option<NaiveDate> {
        use chrono::Datelike;
        self.check(
            field,
            crate::calendar::parse_date(raw.trim())
                .filter(|d| (1900..=2999).contains(&d.year()))
                .ok_or(Problem::EnterDate),
        )
    }

    pub fn time(&mut self, field: &str, raw: &str) -> Option<NaiveTime> {
        self.check(
            field,
            crate::calendar::parse_time(raw.trim()).ok_or(Problem::EnterTime),
        )
    }

    pub fn finish<T>(self, value: Option<T>) -> Result<T, Problems> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_per_field_is_kept_and_any_message_fails() {
        let mut c = Checker::default();
        assert_eq!(c.date("from", "2026-02-30"), None);
        assert_eq!(c.date("far", "+12026-01-01"), None);
        assert_eq!(c.date("far", "12026-01-01"), None);
        c.fail("from", Problem::Missing);
        assert_eq!(
            c.time("at", "09:30"),
            Some(NaiveTime::from_hms_opt(9, 30, 0).unwrap())
        );
        let errors = c.finish(Some(1)).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors.contains_key("far"));
        assert_eq!(errors["from"], Problem::EnterDate);
        assert_eq!(Checker::default().finish(Some(1)), Ok(1));
        assert!(Checker::default().finish(None::<i32>).is_err());
    }
}
