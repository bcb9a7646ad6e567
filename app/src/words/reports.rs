//! The officer pages' words for reports: what a kind is called, a wire field's label, one line per report.

use crate::i18n::{td_string, Locale};
use crate::words::names::long_date;
use domain::report::{Report, ReportBody, ReportKind};

/// What a kind of report is called: the form's heading.
pub fn kind_name(locale: Locale, kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::TargetedOperation => td_string!(locale, field.kind_operation),
        ReportKind::CollaborationMeeting => td_string!(locale, field.kind_meeting),
        ReportKind::Activity => td_string!(locale, field.kind_activity),
    }
}

/// The form's label for a wire field, for reasons shown to the officer.
pub fn field_label(locale: Locale, field: &str) -> &str {
    match field {
        "activity_id" => td_string!(locale, field.activity),
        "date" => td_string!(locale, field.date),
        "start_time" => td_string!(locale, field.start),
        "end_time" => td_string!(locale, field.end),
        "place" => td_string!(locale, field.place),
        "officers" => td_string!(locale, field.officers),
        "persons_checked" => td_string!(locale, field.persons_checked),
        "persons_21_or_under" => td_string!(locale, field.persons_21_or_under),
        "youths_identified" => td_string!(locale, field.youths_identified),
        "drug_offences_reported" => td_string!(locale, field.drug_offences_reported),
        "notes" => td_string!(locale, field.notes),
        "organisations" => td_string!(locale, field.organisations),
        "summary" => td_string!(locale, field.summary),
        "count" => td_string!(locale, field.count),
        other => other,
    }
}

/// One line for a queued or sent report: its kind, date and (for an operation) place.
pub fn describe(locale: Locale, report: &Report) -> String {
    let date = long_date(locale, report.date);
    let name = kind_name(locale, report.kind());
    match &report.body {
        ReportBody::TargetedOperation(op) => format!("{name} {date}, {}", op.place),
        ReportBody::CollaborationMeeting(_) => format!("{name} {date}"),
        ReportBody::Activity(a) => format!("{name} {date}, {} ({})", a.place, a.count),
    }
}

/// An activity in the officer's list: its agreement by municipality and period, then its text, so that a
/// copied agreement and its original are told apart.
pub fn activity_label(a: &domain::report::ReportableActivity) -> String {
    format!(
        "{} {} – {}: {}",
        a.municipality,
        a.rule.period.from(),
        a.rule.period.to(),
        a.text
    )
}
