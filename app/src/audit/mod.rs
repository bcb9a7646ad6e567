//! The audit log: one insert-only row for every change to definitions, office hours, accounts and the
//! record. Who, when, what, and the before and after as JSON. The database refuses UPDATE and DELETE on it.

use serde::{Deserialize, Serialize};

mod page;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;

pub use page::{audit_log, AuditLogPage};

/// One row of the audit log as admins read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditEntry {
    pub id: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::db::Stamp"))]
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What the admin view filters the log by. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub entity: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

domain::closed_set! {
    /// What an audit row is about: the kind of thing that changed. The admin's filter offers these.
    pub enum Entity {
        Agreement => "agreement",
        Promise => "promise",
        Activity => "activity",
        OfficeHourSlot => "office_hour_slot",
        OfficeHourCancellation => "office_hour_cancellation",
        OfficeHourExtra => "office_hour_extra",
        OfficeHourHeld => "office_hour_held",
        User => "user",
        Report => "report",
    }
}

/// What a change did. Each action names its row's `action` and the [`Entity`] it changes, so the two
/// are never written apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    AgreementCreate,
    AgreementUpdate,
    AgreementPublish,
    AgreementUnpublish,
    AgreementCopy,
    PromiseCreate,
    PromiseUpdate,
    PromiseMove,
    ActivityCreate,
    ActivityUpdate,
    ActivityMove,
    SlotCreate,
    SlotUpdate,
    ExtraCreate,
    /// An office hour marked as held, on a slot's date or an extra one.
    Held,
    /// One date of a weekly slot cancelled.
    SlotCancel,
    /// An extra office hour cancelled.
    ExtraCancel,
    UserCreate,
    UserRole,
    UserDisable,
    UserEnable,
    UserPasswordReset,
    ReportCorrect,
    ReportVoid,
}

impl Action {
    /// The row's `action`, as the log and its CSV have always named it.
    pub fn name(self) -> &'static str {
        use Action::*;
        match self {
            AgreementCreate => "agreement.create",
            AgreementUpdate => "agreement.update",
            AgreementPublish => "agreement.publish",
            AgreementUnpublish => "agreement.unpublish",
            AgreementCopy => "agreement.copy",
            PromiseCreate => "promise.create",
            PromiseUpdate => "promise.update",
            PromiseMove => "promise.move",
            ActivityCreate => "activity.create",
            ActivityUpdate => "activity.update",
            ActivityMove => "activity.move",
            SlotCreate => "office_hours.slot.create",
            SlotUpdate => "office_hours.slot.update",
            ExtraCreate => "office_hours.extra.create",
            Held => "office_hours.held",
            SlotCancel | ExtraCancel => "office_hours.cancel",
            UserCreate => "user.create",
            UserRole => "user.role",
            UserDisable => "user.disable",
            UserEnable => "user.enable",
            UserPasswordReset => "user.password_reset",
            ReportCorrect => "report.correct",
            ReportVoid => "report.void",
        }
    }

    /// What the action changes.
    pub fn entity(self) -> Entity {
        use Action::*;
        match self {
            AgreementCreate | AgreementUpdate | AgreementPublish | AgreementUnpublish | AgreementCopy => {
                Entity::Agreement
            }
            PromiseCreate | PromiseUpdate | PromiseMove => Entity::Promise,
            ActivityCreate | ActivityUpdate | ActivityMove => Entity::Activity,
            SlotCreate | SlotUpdate => Entity::OfficeHourSlot,
            ExtraCreate | ExtraCancel => Entity::OfficeHourExtra,
            Held => Entity::OfficeHourHeld,
            SlotCancel => Entity::OfficeHourCancellation,
            UserCreate | UserRole | UserDisable | UserEnable | UserPasswordReset => Entity::User,
            ReportCorrect | ReportVoid => Entity::Report,
        }
    }
}

/// Who made a change: an account, or the system itself (the seed, the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn user(id: i64, name: &str) -> Self {
        Self {
            id: Some(id),
            name: name.to_owned(),
        }
    }

    pub fn system(name: &str) -> Self {
        Self {
            id: None,
            name: name.to_owned(),
        }
    }
}

/// The columns of the CSV export, in order.
pub const CSV_COLUMNS: [&str; 8] = [
    "id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
];

/// The log as CSV (RFC 4180), with a header row; text that could run in a spreadsheet is neutralised.
#[cfg(feature = "ssr")]
pub fn to_csv(entries: &[AuditEntry]) -> Result<String, csv::Error> {
    use crate::csv_export::Cell;
    crate::csv_export::write(
        &CSV_COLUMNS,
        entries.iter().map(|e| {
            vec![
                Cell::value(e.id),
                Cell::value(&e.at),
                Cell::from(e.actor.as_str()),
                Cell::value(&e.action),
                Cell::value(&e.entity),
                Cell::from(e.entity_id.as_str()),
                Cell::from(e.before.as_deref().unwrap_or("")),
                Cell::from(e.after.as_deref().unwrap_or("")),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_json_and_commas() {
        let entry = AuditEntry {
            id: 7,
            at: "2026-11-25T10:00:00.000Z".into(),
            actor: "ada".into(),
            action: "agreement.update".into(),
            entity: "agreement".into(),
            entity_id: "3".into(),
            before: Some(r#"{"title":"A, B"}"#.into()),
            after: None,
        };
        let text = to_csv(&[entry]).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap(), CSV_COLUMNS.as_slice());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[6], r#"{"title":"A, B"}"#);
        assert_eq!(&row[7], "");
    }

    #[test]
    fn csv_neutralises_text_that_could_run() {
        let entry = AuditEntry {
            id: 8,
            at: "2026-11-25T10:00:00.000Z".into(),
            actor: "-admin".into(),
            action: "user.create".into(),
            entity: "user".into(),
            entity_id: "=1+1".into(),
            before: None,
            after: Some("@SUM(1)".into()),
        };
        let text = to_csv(&[entry]).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(
            (&row[2], &row[5], &row[7]),
            ("'-admin", "'=1+1", "'@SUM(1)")
        );
    }
}
