//! What can be wrong with a piece of input, as data. A check says *which* problem, with the values that
//! explain it; the app words it in the reader's language where it is shown.
//!
//! On the wire a problem is an object with a stable `code` and its values, `{"code": "personnummer"}` or
//! `{"code": "too_long", "max": 500}`: the same whatever the language, so that a client can tell every
//! refusal apart without reading sentences. Codes are never renamed; new ones may be added.

use crate::types::{TextError, UnknownValue};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Declares `Problem` with each variant's stable code written once, beside it, and its wire form: an object
/// with `code` and the variant's values in order, `{"code": "too_long", "max": 500}`.
///
/// Serde's derive for an internally tagged enum would give the same JSON, but it reads every variant through
/// its own buffered visitor, and on the officer's phone, where this crate runs as WebAssembly, those cost
/// tens of kilobytes. Here a problem is read as a JSON object and each value by its type.
macro_rules! problems {
    ($( $(#[$doc:meta])* $variant:ident $({ $($field:ident: $ty:ty),* })? = $code:literal, )*) => {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Problem {
            $( $(#[$doc])* $variant $({ $($field: $ty),* })?, )*
        }

        impl Problem {
            /// The stable code, as on the wire.
            pub fn code(&self) -> &'static str {
                match self {
                    $( Self::$variant { .. } => $code, )*
                }
            }
        }

        impl Serialize for Problem {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("code", self.code())?;
                match self {
                    $( Self::$variant $({ $($field),* })? => {
                        $($( map.serialize_entry(stringify!($field), $field)?; )*)?
                    } )*
                }
                map.end()
            }
        }

        /// A code this build does not know reads as `Unrecognised`; a known code with a value missing or of
        /// the wrong type is an error, as is an object without a code.
        impl<'de> Deserialize<'de> for Problem {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                let mut object = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
                let code = match object.remove("code") {
                    Some(serde_json::Value::String(code)) => code,
                    Some(_) => return Err(D::Error::custom("a problem's code must be text")),
                    None => return Err(D::Error::missing_field("code")),
                };
                #[allow(unused_mut, unused_variables)]
                let mut value = |name: &'static str| object.remove(name).ok_or_else(|| D::Error::missing_field(name));
                Ok(match code.as_str() {
                    $( $code => Self::$variant $({ $(
                        $field: <$ty as WireValue>::read(value(stringify!($field))?).map_err(D::Error::custom)?
                    ),* })?, )*
                    _ => Self::Unrecognised,
                })
            }
        }
    };
}

/// How a problem's value is read from its JSON: through serde, but a date by `calendar::parse_date`, so that
/// chrono's general date parser stays out of the officer's WebAssembly.
trait WireValue: Sized {
    fn read(value: serde_json::Value) -> Result<Self, serde_json::Error>;
}

macro_rules! read_by_serde {
    ($($ty:ty),*) => {$(
        impl WireValue for $ty {
            fn read(value: serde_json::Value) -> Result<Self, serde_json::Error> {
                serde_json::from_value(value)
            }
        }
    )*};
}
read_by_serde!(u8, u32, usize, i64, String, Vec<String>, Choice);

impl WireValue for NaiveDate {
    fn read(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        crate::calendar::read_date(value)
    }
}

problems! {
    // The shape of a report on the wire.
    NotObject = "not_object",
    Missing = "missing",
    NotText = "not_text",
    NotUuid = "not_uuid",
    NotReportKind = "not_report_kind",
    NotInteger = "not_integer",
    Negative = "negative",
    OutOfRange { min: u32, max: u32 } = "out_of_range",
    NotTimestamp = "not_timestamp",
    NotDate = "not_date",
    NotTime = "not_time",
    NotNameList = "not_name_list",
    UnknownField = "unknown_field",
    NotReportList = "not_report_list",
    TooManyReports { max: usize, sent: usize } = "too_many_reports",
    // Free text.
    Empty = "empty",
    TooLong { max: usize } = "too_long",
    /// Something shaped like a personal identity number (personnummer or samordningsnummer).
    PersonalNumber = "personnummer",
    /// A value outside a closed set, e.g. an unknown role.
    UnknownValue { set: String, value: String } = "unknown_value",
    // The rules of a report.
    AfterTomorrow = "after_tomorrow",
    EndNotAfterStart = "end_not_after_start",
    MoreYouthsThanChecked = "more_youths_than_checked",
    MoreIdentifiedThanYouths = "more_identified_than_youths",
    OrganisationCount { max: usize } = "organisation_count",
    OrganisationTooLong { max: usize } = "organisation_too_long",
    UnknownActivity = "unknown_activity",
    WrongKindForActivity = "wrong_kind_for_activity",
    OutsidePeriod { from: NaiveDate, to: NaiveDate } = "outside_period",
    // The record.
    VoidedCannotBeCorrected = "voided_cannot_be_corrected",
    AlreadyVoided = "already_voided",
    OtherReportSameId = "other_report_same_id",
    /// A device sent reports another officer saved than the one signed in; nothing was stored.
    OtherOfficer = "other_officer",
    /// An activity, agreement, police area or account outside the signed-in account's scope.
    OutsideScope = "outside_scope",
    // What a refused form or report says above its fields.
    FixFields = "fix_fields",
    FixReport = "fix_report",
    FixCorrection = "fix_correction",
    // Forms.
    EnterDate = "enter_date",
    EnterTime = "enter_time",
    EnterReason = "enter_reason",
    /// A choice a form left unmade or made outside its options.
    Choose { choice: Choice } = "choose",
    /// A value that must be one of `options`.
    OneOf { options: Vec<String> } = "one_of",
    TooManySignatories { max: usize } = "too_many_signatories",
    /// A signatory line that is not "name; title; organisation" (lines counted from 1).
    SignatoryLine { line: usize } = "signatory_line",
    // Agreement definitions.
    Slug = "slug",
    SlugTaken = "slug_taken",
    Target = "target",
    DateOrder = "date_order",
    TargetWithoutMeasure = "target_without_measure",
    /// An activity with the measure `count` must name what it counts, in the plural and the singular.
    UnitMissing = "unit_missing",
    MeasureLocked { reports: i64 } = "measure_locked",
    // Accounts.
    Username = "username",
    UsernameTaken { username: String } = "username_taken",
    PasswordTooShort { min: usize } = "password_too_short",
    PasswordTooLong { max: usize } = "password_too_long",
    LastAdmin = "last_admin",
    /// The first-admin link is unknown, used or expired.
    FirstAdminLink = "first_admin_link",
    /// The first admin exists already: the first-admin page creates no more.
    AdminExists = "admin_exists",
    // Office hours.
    UnknownOccurrence = "unknown_occurrence",
    NoSuchSlot = "no_such_slot",
    NoSuchExtra = "no_such_extra",
    /// The slot at `place` does not recur on that date; `weekday` is ISO 8601 (1 is Monday).
    NotOnThatDay { place: String, weekday: u8 } = "not_on_that_day",
    CancelReason = "cancel_reason",
    MarkedMeanwhile = "marked_meanwhile",
    MarkNotStarted = "mark_not_started",
    MarkIsCancelled = "mark_is_cancelled",
    MarkIsHeld = "mark_is_held",
    /// A code this build does not know, from a newer server: shown as a general refusal.
    Unrecognised = "unrecognised",
}

/// A choice a form left unmade or made outside its options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Role,
    PlaceKind,
    Weekday,
    Outcome,
    Owner,
    Measure,
    Cadence,
    Municipality,
    PoliceArea,
    Region,
    Scope,
}

/// The problem as data, `{"code":…}`, for logs. People read it through the app's wording.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_string(self) {
            Ok(json) => f.write_str(&json),
            Err(_) => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for Problem {}

impl From<TextError> for Problem {
    fn from(e: TextError) -> Self {
        match e {
            TextError::Empty => Self::Empty,
            TextError::TooLong { max } => Self::TooLong { max },
        }
    }
}

impl From<UnknownValue> for Problem {
    fn from(e: UnknownValue) -> Self {
        Self::UnknownValue {
            set: e.set.to_owned(),
            value: e.value,
        }
    }
}

impl From<Choice> for Problem {
    fn from(choice: Choice) -> Self {
        Self::Choose { choice }
    }
}

/// The domain's refusals print as the problem they become: `{"code":…}`.
#[macro_export]
macro_rules! display_as_problem {
    ($($ty:ty),+ $(,)?) => {$(
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&$crate::problem::Problem::from(self.clone()), f)
            }
        }
        impl std::error::Error for $ty {}
    )+};
}
display_as_problem!(TextError, UnknownValue);

/// The problems of one form or item, at most one per field; `"item"` names the whole. On the wire, an
/// object from field name to problem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Problems(BTreeMap<String, Problem>);

impl Problems {
    /// Keeps the first problem per field: it is the one to fix first.
    pub fn add(&mut self, field: &str, problem: impl Into<Problem>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| problem.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&Problem> {
        self.0.get(field)
    }

    pub fn contains_key(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The fields with a problem, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }

    /// Each field with its problem, in field order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Problem)> {
        self.0.iter()
    }

    /// Adds another set's problems, keeping any this set has for the same field.
    pub fn extend(&mut self, other: Problems) {
        for (field, problem) in other.0 {
            self.add(&field, problem);
        }
    }
}

impl std::ops::Index<&str> for Problems {
    type Output = Problem;
    fn index(&self, field: &str) -> &Problem {
        &self.0[field]
    }
}

impl<const N: usize> From<[(&str, Problem); N]> for Problems {
    fn from(items: [(&str, Problem); N]) -> Self {
        let mut problems = Self::default();
        for (field, problem) in items {
            problems.add(field, problem);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::DefinitionError;
    use crate::credentials::CredentialError;
    use crate::office_hours::MarkRefused;
    use serde_json::json;

    #[test]
    fn problems_are_codes_with_their_values_on_the_wire() {
        assert_eq!(
            serde_json::to_value(Problem::PersonalNumber).unwrap(),
            json!({"code": "personnummer"})
        );
        assert_eq!(
            serde_json::to_value(Problem::from(TextError::TooLong { max: 500 })).unwrap(),
            json!({"code": "too_long", "max": 500})
        );
        let outside = Problem::OutsidePeriod {
            from: NaiveDate::from_ymd_opt(2018, 4, 10).unwrap(),
            to: NaiveDate::from_ymd_opt(2020, 4, 9).unwrap(),
        };
        assert_eq!(
            serde_json::to_value(&outside).unwrap(),
            json!({"code": "outside_period", "from": "2018-04-10", "to": "2020-04-09"})
        );
        assert_eq!(
            serde_json::to_value(Problem::from(Choice::Role)).unwrap(),
            json!({"code": "choose", "choice": "role"})
        );
        assert_eq!(outside.code(), "outside_period");
    }

    #[test]
    fn every_problem_reads_back_as_itself_and_unknown_codes_are_kept_readable() {
        let problems = Problems::from([
            ("notes", Problem::PersonalNumber),
            ("officers", Problem::OutOfRange { min: 1, max: 200 }),
            (
                "role",
                Problem::from(UnknownValue {
                    set: "Role",
                    value: "boss".into(),
                }),
            ),
        ]);
        let json = serde_json::to_string(&problems).unwrap();
        assert!(
            json.starts_with("{\"notes\":{\"code\":\"personnummer\"}"),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Problems>(&json).unwrap(), problems);
        let newer: Problems =
            serde_json::from_str(r#"{"place": {"code": "something_new", "limit": 3}}"#).unwrap();
        assert_eq!(newer["place"], Problem::Unrecognised);
    }

    #[test]
    fn values_keep_their_order_and_a_known_code_needs_its_values() {
        let json = serde_json::to_string(&Problem::OutOfRange { min: 1, max: 200 }).unwrap();
        assert_eq!(json, r#"{"code":"out_of_range","min":1,"max":200}"#);
        // The code may come anywhere in the object, and values this build does not know are ignored.
        let read: Problem = serde_json::from_str(
            r#"{"max": 200, "later": true, "code": "out_of_range", "min": 1}"#,
        )
        .unwrap();
        assert_eq!(read, Problem::OutOfRange { min: 1, max: 200 });
        for refused in [
            r#"{"code": "too_long"}"#,
            r#"{"code": "too_long", "max": "many"}"#,
            r#"{"code": 7}"#,
            r#"{"max": 3}"#,
            r#"["too_long"]"#,
        ] {
            assert!(
                serde_json::from_str::<Problem>(refused).is_err(),
                "{refused}"
            );
        }
    }

    #[test]
    fn domain_refusals_become_flat_problems() {
        assert_eq!(
            Problem::from(DefinitionError::Text(TextError::Empty)),
            Problem::Empty
        );
        assert_eq!(
            Problem::from(CredentialError::TooShort),
            Problem::PasswordTooShort { min: 12 }
        );
        assert_eq!(Problem::from(MarkRefused::IsHeld), Problem::MarkIsHeld);
        assert_eq!(
            CredentialError::TooShort.to_string(),
            r#"{"code":"password_too_short","min":12}"#
        );
    }

    #[test]
    fn the_first_problem_per_field_is_kept() {
        let mut problems = Problems::default();
        problems.add("date", Problem::NotDate);
        problems.add("date", Problem::Missing);
        problems.add("place", TextError::Empty);
        assert_eq!(problems.get("date"), Some(&Problem::NotDate));
        assert_eq!(problems.len(), 2);
        assert_eq!(problems["place"], Problem::Empty);
    }
}
