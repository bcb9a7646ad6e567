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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    // The shape of a report on the wire.
    NotObject,
    Missing,
    NotText,
    NotUuid,
    NotReportKind,
    NotInteger,
    Negative,
    OutOfRange {
        min: u32,
        max: u32,
    },
    NotTimestamp,
    NotDate,
    NotTime,
    NotNameList,
    UnknownField,
    NotReportList,
    TooManyReports {
        max: usize,
        sent: usize,
    },
    // Free text.
    Empty,
    TooLong {
        max: usize,
    },
    /// Something shaped like a personal identity number (personnummer or samordningsnummer).
    #[serde(rename = "personnummer")]
    PersonalNumber,
    /// A value outside a closed set, e.g. an unknown role.
    UnknownValue {
        set: String,
        value: String,
    },
    // The rules of a report.
    AfterTomorrow,
    EndNotAfterStart,
    MoreYouthsThanChecked,
    MoreIdentifiedThanYouths,
    OrganisationCount {
        max: usize,
    },
    OrganisationTooLong {
        max: usize,
    },
    UnknownActivity,
    WrongKindForActivity,
    OutsidePeriod {
        from: NaiveDate,
        to: NaiveDate,
    },
    // The record.
    VoidedCannotBeCorrected,
    AlreadyVoided,
    OtherReportSameId,
    /// A device sent reports another officer saved than the one signed in; nothing was stored.
    OtherOfficer,
    // What a refused form or report says above its fields.
    FixFields,
    FixReport,
    FixCorrection,
    // Forms.
    EnterDate,
    EnterTime,
    EnterReason,
    /// A choice a form left unmade or made outside its options.
    Choose {
        choice: Choice,
    },
    /// A value that must be one of `options`.
    OneOf {
        options: Vec<String>,
    },
    TooManySignatories {
        max: usize,
    },
    /// A signatory line that is not "name; title; organisation" (lines counted from 1).
    SignatoryLine {
        line: usize,
    },
    // Agreement definitions.
    Slug,
    SlugTaken,
    Target,
    DateOrder,
    TargetWithoutMeasure,
    /// An activity with the measure `count` must name what it counts, in the plural and the singular.
    UnitMissing,
    MeasureLocked {
        reports: i64,
    },
    // Accounts.
    Username,
    UsernameTaken {
        username: String,
    },
    PasswordTooShort {
        min: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    LastAdmin,
    /// The first-admin link is unknown, used or expired.
    FirstAdminLink,
    /// The first admin exists already: the first-admin page creates no more.
    AdminExists,
    // Office hours.
    UnknownOccurrence,
    NoSuchSlot,
    NoSuchExtra,
    /// The slot at `place` does not recur on that date; `weekday` is ISO 8601 (1 is Monday).
    NotOnThatDay {
        place: String,
        weekday: u8,
    },
    CancelReason,
    MarkedMeanwhile,
    MarkNotStarted,
    MarkIsCancelled,
    MarkIsHeld,
    /// A code this build does not know, from a newer server: shown as a general refusal.
    #[serde(other)]
    Unrecognised,
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
}

impl Problem {
    /// The stable code, as on the wire.
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("code").and_then(|c| c.as_str().map(str::to_owned)))
            .unwrap_or_default()
    }
}

/// The problem as data, `{"code":…}`, for logs. People read it through the app's wording.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_string(self) {
            Ok(json) => f.write_str(&json),
            Err(_) => write!(f, "{self:?}"),
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
