//! Where the domain's values become words: problems, queue and storage refusals, per language, from the
//! locale files. The domain says *what* is wrong; this module is the one place that says it to a person.

use crate::i18n::{td_string, Locale};
use crate::words::names::{fill, long_date, weekday};
use domain::problem::{Choice, Problem, Problems};
use domain::queue::{EntryState, QueueError, StoreError};
use domain::report::FieldErrors;

/// A value that reads as a sentence in the reader's language.
pub trait Words {
    fn text(&self, locale: Locale) -> String;
}

impl Words for Problem {
    fn text(&self, locale: Locale) -> String {
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
            Self::NotTime => plain(td_string!(locale, problems.not_time)),
            Self::NotNameList => plain(td_string!(locale, problems.not_name_list)),
            Self::UnknownField => plain(td_string!(locale, problems.unknown_field)),
            Self::NotReportList => plain(td_string!(locale, problems.not_report_list)),
            Self::TooManyReports { max, sent } => fill(
                td_string!(locale, problems.too_many_reports),
                &[("max", max), ("sent", sent)],
            ),
            Self::Empty => plain(td_string!(locale, problems.empty)),
            Self::TooLong { max } => fill(td_string!(locale, problems.too_long), &[("max", max)]),
            Self::PersonalNumber => plain(td_string!(locale, problems.personal_number)),
            Self::UnknownValue { set, value } => fill(
                td_string!(locale, problems.unknown_value),
                &[("set", set), ("value", &format!("\"{value}\""))],
            ),
            Self::AfterTomorrow => plain(td_string!(locale, problems.after_tomorrow)),
            Self::EndNotAfterStart => plain(td_string!(locale, problems.end_not_after_start)),
            Self::MoreYouthsThanChecked => {
                plain(td_string!(locale, problems.more_youths_than_checked))
            }
            Self::MoreIdentifiedThanYouths => {
                plain(td_string!(locale, problems.more_identified_than_youths))
            }
            Self::OrganisationCount { max } => fill(
                td_string!(locale, problems.organisation_count),
                &[("max", max)],
            ),
            Self::OrganisationTooLong { max } => fill(
                td_string!(locale, problems.organisation_too_long),
                &[("max", max)],
            ),
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
            Self::OtherOfficer => plain(td_string!(locale, problems.other_officer)),
            Self::OutsideScope => plain(td_string!(locale, problems.outside_scope)),
            Self::FixFields => plain(td_string!(locale, problems.fix_fields)),
            Self::FixReport => plain(td_string!(locale, problems.fix_report)),
            Self::FixCorrection => plain(td_string!(locale, problems.fix_correction)),
            Self::EnterDate => plain(td_string!(locale, problems.enter_date)),
            Self::EnterTime => plain(td_string!(locale, problems.enter_time)),
            Self::EnterReason => plain(td_string!(locale, problems.enter_reason)),
            Self::Choose { choice } => plain(match choice {
                Choice::Role => td_string!(locale, problems.choose_role),
                Choice::PlaceKind => td_string!(locale, problems.choose_kind),
                Choice::Weekday => td_string!(locale, problems.choose_weekday),
                Choice::Outcome => td_string!(locale, problems.choose_outcome),
                Choice::Owner => td_string!(locale, problems.choose_owner),
                Choice::Measure => td_string!(locale, problems.choose_measure),
                Choice::Cadence => td_string!(locale, problems.choose_cadence),
                Choice::Municipality => td_string!(locale, problems.choose_municipality),
                Choice::PoliceArea => td_string!(locale, problems.choose_police_area),
                Choice::Region => td_string!(locale, problems.choose_region),
                Choice::Scope => td_string!(locale, problems.choose_scope),
            }),
            Self::OneOf { options } => fill(
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
            Self::Slug => plain(td_string!(locale, problems.slug)),
            Self::SlugTaken => plain(td_string!(locale, problems.slug_taken)),
            Self::Target => plain(td_string!(locale, problems.target)),
            Self::DateOrder => plain(td_string!(locale, problems.date_order)),
            Self::TargetWithoutMeasure => {
                plain(td_string!(locale, problems.target_without_measure))
            }
            Self::UnitMissing => plain(td_string!(locale, problems.unit_missing)),
            Self::MeasureLocked { reports } => fill(
                td_string!(locale, problems.measure_locked),
                &[("reports", reports)],
            ),
            Self::Username => plain(td_string!(locale, problems.username)),
            Self::UsernameTaken { username } => fill(
                td_string!(locale, problems.username_taken),
                &[("username", username)],
            ),
            Self::PasswordTooShort { min } => fill(
                td_string!(locale, problems.password_too_short),
                &[("min", min)],
            ),
            Self::PasswordTooLong { max } => fill(
                td_string!(locale, problems.password_too_long),
                &[("max", max)],
            ),
            Self::LastAdmin => plain(td_string!(locale, problems.last_admin)),
            Self::FirstAdminLink => plain(td_string!(locale, problems.first_admin_link)),
            Self::AdminExists => plain(td_string!(locale, problems.admin_exists)),
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
            Self::MarkNotStarted => plain(td_string!(locale, problems.mark_not_started)),
            Self::MarkIsCancelled => plain(td_string!(locale, problems.mark_is_cancelled)),
            Self::MarkIsHeld => plain(td_string!(locale, problems.mark_is_held)),
            Self::Unrecognised => plain(td_string!(locale, problems.unrecognised)),
        }
    }
}

/// Field → text in `locale`, as the wire format's `errors`/`fields` and the forms carry them.
pub fn render(problems: &Problems, locale: Locale) -> FieldErrors {
    problems
        .iter()
        .map(|(field, problem)| (field.clone(), problem.text(locale)))
        .collect()
}

impl Words for QueueError {
    fn text(&self, locale: Locale) -> String {
        match self {
            Self::Busy => td_string!(locale, field.queue_busy),
            Self::Missing => td_string!(locale, field.queue_missing),
            Self::NotCorrectable => td_string!(locale, field.queue_not_correctable),
            Self::AlreadyQueued => td_string!(locale, field.queue_already_queued),
        }
        .to_owned()
    }
}

impl Words for StoreError {
    fn text(&self, locale: Locale) -> String {
        match self {
            Self::Unavailable => td_string!(locale, field.store_unavailable).to_owned(),
            Self::Full => td_string!(locale, field.store_full).to_owned(),
            Self::Other(message) => fill(
                td_string!(locale, field.store_other),
                &[("message", message)],
            ),
            Self::Queue(e) => e.text(locale),
        }
    }
}

impl Words for EntryState {
    fn text(&self, locale: Locale) -> String {
        match self {
            Self::Waiting => td_string!(locale, field.state_waiting),
            Self::Sending => td_string!(locale, field.state_sending),
            Self::Invalid { .. } | Self::Conflict => td_string!(locale, field.state_rejected),
        }
        .to_owned()
    }
}

/// Why a queued report was refused, per field, in `locale`: from its problems, or, for a report a queue
/// kept from before problems were stored as data, the words it was refused with then.
pub fn refusal(state: &EntryState, locale: Locale) -> FieldErrors {
    match state {
        EntryState::Invalid { problems, errors } if problems.is_empty() => errors.clone(),
        EntryState::Invalid { problems, .. } => render(problems, locale),
        _ => FieldErrors::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use domain::types::TextError;

    #[test]
    fn every_problem_reads_in_both_languages_with_its_values() {
        let p = Problem::OutOfRange { min: 1, max: 200 };
        assert_eq!(p.text(Locale::sv), "ska vara mellan 1 och 200");
        assert_eq!(p.text(Locale::en), "must be between 1 and 200");
        let too_long = Problem::from(TextError::TooLong { max: 500 });
        assert_eq!(too_long.text(Locale::sv), "får vara högst 500 tecken");
        assert!(too_long.text(Locale::en).contains("500"));
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
        assert!(day.text(Locale::en).contains("Tuesday"));
        assert_eq!(
            Problem::PasswordTooShort { min: 12 }.text(Locale::sv),
            "lösenordet ska vara minst 12 tecken"
        );
        assert_ne!(
            Problem::Unrecognised.text(Locale::sv),
            Problem::Unrecognised.text(Locale::en)
        );
    }

    #[test]
    fn problems_render_per_field_in_the_language_asked_for() {
        let problems = Problems::from([("place", Problem::Empty), ("date", Problem::NotDate)]);
        let sv = render(&problems, Locale::sv);
        let en = render(&problems, Locale::en);
        assert_eq!(sv.len(), 2);
        assert_eq!(sv["place"], "får inte vara tomt");
        assert_eq!(en["place"], "must not be empty");
    }

    #[test]
    fn a_refused_report_reads_in_the_language_of_now_and_an_old_one_as_it_was() {
        let state = EntryState::Invalid {
            problems: Problems::from([("notes", Problem::PersonalNumber)]),
            errors: FieldErrors::from([("notes".into(), "gammal text".into())]),
        };
        assert!(refusal(&state, Locale::en)["notes"].contains("personal identity"));
        assert!(refusal(&state, Locale::sv)["notes"].contains("personnummer"));
        let old = EntryState::Invalid {
            problems: Problems::default(),
            errors: FieldErrors::from([("notes".into(), "gammal text".into())]),
        };
        assert_eq!(refusal(&old, Locale::en)["notes"], "gammal text");
    }

    #[test]
    fn queue_words_follow_the_language() {
        assert_eq!(
            QueueError::AlreadyQueued.text(Locale::sv),
            "rapporten finns redan i kön"
        );
        assert_eq!(
            QueueError::Busy.text(Locale::en),
            "the report is being sent right now and cannot be changed or removed"
        );
        assert_eq!(EntryState::Conflict.text(Locale::sv), "Avvisad");
        assert_eq!(EntryState::Waiting.text(Locale::en), "Waiting");
        assert_eq!(
            StoreError::Queue(QueueError::Missing).text(Locale::en),
            QueueError::Missing.text(Locale::en)
        );
    }
}
