//! What can be wrong with a piece of input, as values. Checks say *which* problem; the words come from the
//! locale files (`problems` namespace) when a problem is shown, in the reader's language. A set of problems
//! per field becomes `FieldErrors` (field → text) only at the boundary, where the language is known.

use crate::agreements::domain::DefinitionError;
use crate::auth::domain::CredentialError;
use crate::field::report::FieldErrors;
use crate::i18n::{td_string, Locale};
use crate::labels::{fill, long_date, weekday};
use crate::office_hours::domain::MarkRefused;
use crate::types::{TextError, UnknownValue};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    // The wire format of a report.
    NotObject,
    Missing,
    NotText,
    NotUuid,
    NotReportKind,
    NotInteger,
    Negative,
    OutOfRange { min: u32, max: u32 },
    NotTimestamp,
    NotDate,
    AfterTomorrow,
    NotTime,
    PersonalNumber,
    EndNotAfterStart,
    MoreYouthsThanChecked,
    MoreIdentifiedThanYouths,
    NotNameList,
    OrganisationCount { max: usize },
    OrganisationTooLong { max: usize },
    UnknownField,
    UnknownActivity,
    WrongKindForActivity,
    OutsidePeriod { from: NaiveDate, to: NaiveDate },
    VoidedCannotBeCorrected,
    AlreadyVoided,
    OtherReportSameId,
    NotReportList,
    TooManyReports { max: usize, sent: usize },
    // What a refused form or report says above its fields.
    FixFields,
    FixReport,
    FixCorrection,
    // Forms.
    EnterDate,
    EnterTime,
    EnterReason,
    Choose(Choice),
    OneOf(&'static [&'static str]),
    TooManySignatories { max: usize },
    SignatoryLine { line: usize },
    // Agreements.
    SlugTaken,
    MeasureLocked { reports: i64 },
    // Accounts.
    UsernameTaken { username: String },
    LastAdmin,
    // Office hours.
    UnknownOccurrence,
    NoSuchSlot,
    NoSuchExtra,
    NotOnThatDay { place: String, weekday: u8 },
    CancelReason,
    MarkedMeanwhile,
    // The typed refusals of the domain's own parsers.
    Text(TextError),
    Unknown(UnknownValue),
    Definition(DefinitionError),
    Credential(CredentialError),
    Mark(MarkRefused),
}

/// A choice a form left unmade or made outside its options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub fn text(&self, locale: Locale) -> String {
        let plain = |text: &'static str| text.to_owned();
        match self {
            Self::NotObject => plain(td_string!(locale, problems.not_object)),
            Self::Missing => plain(td_string!(locale, problems.missing)),
            Self::NotText => plain(td_string!(locale, problems.not_text)),
            Self::NotUuid => plain(td_string!(locale, problems.not_uuid)),
            Self::NotReportKind => plain(td_string!(locale, problems.not_report_kind)),
            Self::NotInteger => plain(td_string!(locale, problems.not_integer)),
            Self::Negative => plain(td_string!(locale, problems.negative)),
            Self::OutOfRange { min, max } => fill(
                td_string!(locale, problems.out_of_range),
                &[("min", min), ("max", max)],
            ),
            Self::NotTimestamp => plain(td_string!(locale, problems.not_timestamp)),
            Self::NotDate => plain(td_string!(locale, problems.not_date)),
            Self::AfterTomorrow => plain(td_string!(locale, problems.after_tomorrow)),
            Self::NotTime => plain(td_string!(locale, problems.not_time)),
            Self::PersonalNumber => plain(td_string!(locale, problems.personal_number)),
            Self::EndNotAfterStart => plain(td_string!(locale, problems.end_not_after_start)),
            Self::MoreYouthsThanChecked => {
                plain(td_string!(locale, problems.more_youths_than_checked))
            }
            Self::MoreIdentifiedThanYouths => {
                plain(td_string!(locale, problems.more_identified_than_youths))
            }
            Self::NotNameList => plain(td_string!(locale, problems.not_name_list)),
            Self::OrganisationCount { max } => fill(
                td_string!(locale, problems.organisation_count),
                &[("max", max)],
            ),
            Self::OrganisationTooLong { max } => fill(
                td_string!(locale, problems.organisation_too_long),
                &[("max", max)],
            ),
            Self::UnknownField => plain(td_string!(locale, problems.unknown_field)),
            Self::UnknownActivity => plain(td_string!(locale, problems.unknown_activity)),
            Self::WrongKindForActivity => {
                plain(td_string!(locale, problems.wrong_kind_for_activity))
            }
            Self::OutsidePeriod { from, to } => fill(
                td_string!(locale, problems.outside_period),
                &[
                    ("from", &long_date(locale, *from)),
                    ("to", &long_date(locale, *to)),
                ],
            ),
            Self::VoidedCannotBeCorrected => {
                plain(td_string!(locale, problems.voided_cannot_be_corrected))
            }
            Self::AlreadyVoided => plain(td_string!(locale, problems.already_voided)),
            Self::OtherReportSameId => plain(td_string!(locale, problems.other_report_same_id)),
            Self::NotReportList => plain(td_string!(locale, problems.not_report_list)),
            Self::TooManyReports { max, sent } => fill(
                td_string!(locale, problems.too_many_reports),
                &[("max", max), ("sent", sent)],
            ),
            Self::FixFields => plain(td_string!(locale, problems.fix_fields)),
            Self::FixReport => plain(td_string!(locale, problems.fix_report)),
            Self::FixCorrection => plain(td_string!(locale, problems.fix_correction)),
            Self::EnterDate => plain(td_string!(locale, problems.enter_date)),
            Self::EnterTime => plain(td_string!(locale, problems.enter_time)),
            Self::EnterReason => plain(td_string!(locale, problems.enter_reason)),
            Self::Choose(Choice::Role) => plain(td_string!(locale, problems.choose_role)),
            Self::Choose(Choice::PlaceKind) => plain(td_string!(locale, problems.choose_kind)),
            Self::Choose(Choice::Weekday) => plain(td_string!(locale, problems.choose_weekday)),
            Self::Choose(Choice::Outcome) => plain(td_string!(locale, problems.choose_outcome)),
            Self::Choose(Choice::Owner) => plain(td_string!(locale, problems.choose_owner)),
            Self::Choose(Choice::Measure) => plain(td_string!(locale, problems.choose_measure)),
            Self::Choose(Choice::Cadence) => plain(td_string!(locale, problems.choose_cadence)),
            Self::OneOf(options) => fill(
                td_string!(locale, problems.one_of),
                &[("options", &options.join(", "))],
            ),
            Self::TooManySignatories { max } => fill(
                td_string!(locale, problems.too_many_signatories),
                &[("max", max)],
            ),
            Self::SignatoryLine { line } => fill(
                td_string!(locale, problems.signatory_line),
                &[("line", line)],
            ),
            Self::SlugTaken => plain(td_string!(locale, problems.slug_taken)),
            Self::MeasureLocked { reports } => fill(
                td_string!(locale, problems.measure_locked),
                &[("reports", reports)],
            ),
            Self::UsernameTaken { username } => fill(
                td_string!(locale, problems.username_taken),
                &[("username", username)],
            ),
            Self::LastAdmin => plain(td_string!(locale, problems.last_admin)),
            Self::UnknownOccurrence => plain(td_string!(locale, problems.unknown_occurrence)),
            Self::NoSuchSlot => plain(td_string!(locale, problems.no_such_slot)),
            Self::NoSuchExtra => plain(td_string!(locale, problems.no_such_extra)),
            Self::NotOnThatDay {
                place,
                weekday: day,
            } => fill(
                td_string!(locale, problems.not_on_that_day),
                &[("place", place), ("weekday", &weekday(locale, *day))],
            ),
            Self::CancelReason => plain(td_string!(locale, problems.cancel_reason)),
            Self::MarkedMeanwhile => plain(td_string!(locale, problems.marked_meanwhile)),
            Self::Text(TextError::Empty) => plain(td_string!(locale, problems.empty)),
            Self::Text(TextError::TooLong { max }) => {
                fill(td_string!(locale, problems.too_long), &[("max", max)])
            }
            Self::Unknown(UnknownValue { set, value }) => fill(
                td_string!(locale, problems.unknown_value),
                &[("set", set), ("value", &format!("{value:?}"))],
            ),
            Self::Definition(DefinitionError::Slug) => plain(td_string!(locale, problems.slug)),
            Self::Definition(DefinitionError::Target) => plain(td_string!(locale, problems.target)),
            Self::Definition(DefinitionError::DateOrder) => {
                plain(td_string!(locale, problems.date_order))
            }
            Self::Definition(DefinitionError::TargetWithoutMeasure) => {
                plain(td_string!(locale, problems.target_without_measure))
            }
            Self::Definition(DefinitionError::Text(e)) => Self::Text(e.clone()).text(locale),
            Self::Credential(CredentialError::Username) => {
                plain(td_string!(locale, problems.username))
            }
            Self::Credential(CredentialError::TooShort) => fill(
                td_string!(locale, problems.password_too_short),
                &[("min", &crate::auth::domain::Password::MIN_NEW)],
            ),
            Self::Credential(CredentialError::TooLong) => fill(
                td_string!(locale, problems.password_too_long),
                &[("max", &crate::auth::domain::Password::MAX)],
            ),
            Self::Mark(MarkRefused::NotStarted) => {
                plain(td_string!(locale, problems.mark_not_started))
            }
            Self::Mark(MarkRefused::IsCancelled) => {
                plain(td_string!(locale, problems.mark_is_cancelled))
            }
            Self::Mark(MarkRefused::IsHeld) => plain(td_string!(locale, problems.mark_is_held)),
        }
    }
}

/// In Swedish, the default language: for logs, and wherever no reader is known.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::sv))
    }
}

impl std::error::Error for Problem {}

impl From<TextError> for Problem {
    fn from(e: TextError) -> Self {
        Self::Text(e)
    }
}
impl From<UnknownValue> for Problem {
    fn from(e: UnknownValue) -> Self {
        Self::Unknown(e)
    }
}
impl From<DefinitionError> for Problem {
    fn from(e: DefinitionError) -> Self {
        Self::Definition(e)
    }
}
impl From<CredentialError> for Problem {
    fn from(e: CredentialError) -> Self {
        Self::Credential(e)
    }
}
impl From<MarkRefused> for Problem {
    fn from(e: MarkRefused) -> Self {
        Self::Mark(e)
    }
}
impl From<Choice> for Problem {
    fn from(c: Choice) -> Self {
        Self::Choose(c)
    }
}

/// The domain's refusals print as their problem does.
macro_rules! display_as_problem {
    ($($ty:ty),+ $(,)?) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&Problem::from(self.clone()), f)
            }
        }
        impl std::error::Error for $ty {}
    )+};
}
display_as_problem!(
    TextError,
    UnknownValue,
    DefinitionError,
    CredentialError,
    MarkRefused
);

/// The problems of one form or item, at most one per field; `"item"` names the whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub BTreeMap<String, Problem>);

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

    /// Adds another set's problems, keeping any this set has for the same field.
    pub fn extend(&mut self, other: Problems) {
        for (field, problem) in other.0 {
            self.add(&field, problem);
        }
    }

    /// Field → text in `locale`, as the wire format and the forms carry them.
    pub fn render(&self, locale: Locale) -> FieldErrors {
        self.0
            .iter()
            .map(|(field, problem)| (field.clone(), problem.text(locale)))
            .collect()
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

    #[test]
    fn every_problem_reads_in_both_languages_with_its_values() {
        let p = Problem::OutOfRange { min: 1, max: 200 };
        assert_eq!(p.text(Locale::sv), "ska vara mellan 1 och 200");
        assert_eq!(p.text(Locale::en), "must be between 1 and 200");
        assert_eq!(p.to_string(), p.text(Locale::sv));
        let too_long = Problem::from(TextError::TooLong { max: 500 });
        assert_eq!(too_long.text(Locale::sv), "får vara högst 500 tecken");
        assert!(
            too_long.text(Locale::en).contains("500"),
            "{}",
            too_long.text(Locale::en)
        );
        let outside = Problem::OutsidePeriod {
            from: NaiveDate::from_ymd_opt(2018, 4, 10).unwrap(),
            to: NaiveDate::from_ymd_opt(2020, 4, 9).unwrap(),
        };
        assert!(outside.text(Locale::sv).contains("10 april 2018"));
        assert!(outside.text(Locale::en).contains("9 April 2020"));
        assert!(!outside.text(Locale::en).contains('{'));
        let day = Problem::NotOnThatDay {
            place: "Poliskontoret".into(),
            weekday: 2,
        };
        assert!(
            day.text(Locale::en).contains("Tuesday"),
            "{}",
            day.text(Locale::en)
        );
    }

    #[test]
    fn domain_refusals_print_in_swedish_from_the_locale_files() {
        assert_eq!(TextError::Empty.to_string(), "får inte vara tomt");
        assert_eq!(
            CredentialError::TooShort.to_string(),
            "lösenordet ska vara minst 12 tecken"
        );
        assert_ne!(
            Problem::from(MarkRefused::IsHeld).text(Locale::en),
            MarkRefused::IsHeld.to_string()
        );
    }

    #[test]
    fn the_first_problem_per_field_is_kept_and_rendered_per_language() {
        let mut problems = Problems::default();
        problems.add("date", Problem::NotDate);
        problems.add("date", Problem::Missing);
        problems.add("place", TextError::Empty);
        assert_eq!(problems.get("date"), Some(&Problem::NotDate));
        let sv = problems.render(Locale::sv);
        let en = problems.render(Locale::en);
        assert_eq!(sv.len(), 2);
        assert_eq!(sv["place"], "får inte vara tomt");
        assert_eq!(en["place"], "must not be empty");
    }
}
