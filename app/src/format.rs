//! How dates and labels read in Swedish.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// "10 april 2018".
pub fn long_date(day: NaiveDate) -> String {
    format!(
        "{} {} {}",
        day.day(),
        MONTHS[day.month0() as usize],
        day.year()
    )
}

/// "10 apr": the day and the month's first three letters, for compact spans within a year.
pub fn short_date(day: NaiveDate) -> String {
    format!("{} {}", day.day(), &MONTHS[day.month0() as usize][..3])
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
