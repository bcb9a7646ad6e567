//! Dates and times as forms and the wire spell them: `YYYY-MM-DD` and `HH:MM`.
//!
//! These are read and written by hand rather than through chrono's format strings: the officer's phone
//! runs this crate as WebAssembly, and chrono's general format engine costs it tens of kilobytes for two
//! fixed spellings. chrono still holds the values.

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serializer};
use std::borrow::Cow;

/// Digits only, one to `max` of them, as a number.
fn digits(text: &str, max: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A date `YYYY-MM-DD`: a four-digit year, and a month and day of one or two digits. `None` for anything
/// else, or a day the calendar does not have.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(year, 4)? as i32, digits(month, 2)?, digits(day, 2)?)
}

/// A time of day `HH:MM`: an hour of one or two digits and minutes of two. `None` for anything else.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let (hour, minute) = text.split_once(':')?;
    if minute.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(digits(hour, 2)?, digits(minute, 2)?, 0)
}

/// An instant in RFC 3339 (`2026-11-26T09:00:00.123Z`, any offset), in UTC. `None` for anything else.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A time of day as `HH:MM`; seconds are dropped, as a form holds none.
pub fn hh_mm(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// A date read from a serialised value, as `YYYY-MM-DD` by [`parse_date`].
pub fn read_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = Cow::<str>::deserialize(d)?;
    parse_date(&text)
        .ok_or_else(|| serde::de::Error::custom(format_args!("not a date YYYY-MM-DD: `{text}`")))
}

/// `#[serde(with = "…::iso_date")]`: a date written and read as `YYYY-MM-DD`.
pub mod iso_date {
    use super::*;

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub use super::read_date as deserialize;
}

/// `#[serde(with = "…::timestamp")]`: an instant written as chrono writes it (RFC 3339 in UTC, `…Z`) and
/// read as RFC 3339, the form every stored report and queue has.
pub mod timestamp {
    use super::*;

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(t, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        parse_timestamp(&text)
            .ok_or_else(|| serde::de::Error::custom(format_args!("not an RFC 3339 time: `{text}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_forms_send() {
        assert_eq!(
            parse_date("2026-11-26"),
            NaiveDate::from_ymd_opt(2026, 11, 26)
        );
        assert_eq!(parse_date("2026-1-5"), NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(parse_time("07:05"), NaiveTime::from_hms_opt(7, 5, 0));
        assert_eq!(parse_time("7:05"), NaiveTime::from_hms_opt(7, 5, 0));
        assert_eq!(hh_mm(NaiveTime::from_hms_opt(7, 5, 59).unwrap()), "07:05");
    }

    #[test]
    fn refuses_what_is_not_a_date_or_a_time() {
        for text in [
            "",
            "2026",
            "2026-11",
            "2026-11-26-1",
            "26-11-26",
            "2026-02-30",
            "2026-13-01",
            "2026-11-26 ",
            " 2026-11-26",
            "+2026-11-26",
            "2026-011-26",
            "2026-11-2x",
            "２０２６-11-26",
        ] {
            assert_eq!(parse_date(text), None, "{text:?}");
        }
        for text in [
            "", "7", "24:00", "12:60", "12:5", "12:005", "-1:00", "12:00:00", "1200", " 12:00",
            "+1:00",
        ] {
            assert_eq!(parse_time(text), None, "{text:?}");
        }
    }

    #[test]
    fn timestamps_are_written_as_chrono_writes_them_and_read_back() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct At(#[serde(with = "timestamp")] DateTime<Utc>);
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct On(#[serde(with = "iso_date")] NaiveDate);
        let t = DateTime::from_timestamp_millis(1_764_147_600_123).unwrap();
        let written = serde_json::to_string(&At(t)).unwrap();
        assert_eq!(written, serde_json::to_string(&t).unwrap());
        assert_eq!(serde_json::from_str::<At>(&written).unwrap(), At(t));
        assert_eq!(
            serde_json::from_str::<At>(r#""2025-11-26T10:00:00.123+01:00""#).unwrap(),
            At(t)
        );
        assert!(serde_json::from_str::<At>(r#""yesterday""#).is_err());
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(serde_json::to_string(&On(day)).unwrap(), r#""2026-11-26""#);
        assert_eq!(
            serde_json::from_str::<On>(r#""2026-11-26""#).unwrap(),
            On(day)
        );
        assert!(serde_json::from_str::<On>(r#""2026-02-30""#).is_err());
    }

    proptest! {
        /// Every date and time a form or a stored report spells the usual way reads as chrono's format
        /// engine reads it, and writing it gives the same text back.
        #[test]
        fn agrees_with_chrono(days in 0i64..400_000, minutes in 0u32..1440) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
            let text = date.to_string();
            if text.len() == 10 {
                prop_assert_eq!(parse_date(&text), Some(date));
                prop_assert_eq!(parse_date(&text), NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
            }
            let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap();
            let spelled = hh_mm(time);
            prop_assert_eq!(&spelled, &time.format("%H:%M").to_string());
            prop_assert_eq!(parse_time(&spelled), Some(time));
        }

        /// Whatever text is given, what this module accepts chrono's engine accepts as the same value: it
        /// is never more lenient.
        #[test]
        fn never_more_lenient_than_chrono(text in "[0-9:+ -]{0,12}") {
            if let Some(date) = parse_date(&text) {
                prop_assert_eq!(NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok(), Some(date));
            }
            if let Some(time) = parse_time(&text) {
                prop_assert_eq!(NaiveTime::parse_from_str(&text, "%H:%M").ok(), Some(time));
            }
        }
    }
}
