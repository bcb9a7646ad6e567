//! Dates as the Swedish-only pages (officer and admin) and the Swedish documents (CSV, iCalendar) write them;
//! the public pages use `labels` with the visitor's language.

use crate::i18n::Locale;
use chrono::NaiveDate;

/// "10 april 2018".
pub fn long_date(day: NaiveDate) -> String {
    crate::labels::long_date(Locale::sv, day)
}

/// "10 apr": the day and the month's first three letters, for compact spans within a year.
pub fn short_date(day: NaiveDate) -> String {
    crate::labels::short_date(Locale::sv, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_swedish() {
        let d = NaiveDate::from_ymd_opt(2018, 4, 10).unwrap();
        assert_eq!(long_date(d), "10 april 2018");
        assert_eq!(short_date(d), "10 apr");
        assert_eq!(
            long_date(NaiveDate::from_ymd_opt(2020, 12, 1).unwrap()),
            "1 december 2020"
        );
    }
}
