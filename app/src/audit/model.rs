//! The audit log's data: its rows, the filter admins read it by, who made a change and what the change
//! did.

use serde::{Deserialize, Serialize};

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
        PoliceArea => "police_area",
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
    PoliceAreaCreate,
    UserCreate,
    UserRole,
    UserDisable,
    UserEnable,
    UserPasswordReset,
    /// A report stored: by the sync API or a form posted without JavaScript.
    ReportCreate,
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
            PoliceAreaCreate => "police_area.create",
            UserCreate => "user.create",
            UserRole => "user.role",
            UserDisable => "user.disable",
            UserEnable => "user.enable",
            UserPasswordReset => "user.password_reset",
            ReportCreate => "report.create",
            ReportCorrect => "report.correct",
            ReportVoid => "report.void",
        }
    }

    /// What the action changes.
    pub fn entity(self) -> Entity {
        use Action::*;
        match self {
            AgreementCreate | AgreementUpdate | AgreementPublish | AgreementUnpublish
            | AgreementCopy => Entity::Agreement,
            PromiseCreate | PromiseUpdate | PromiseMove => Entity::Promise,
            ActivityCreate | ActivityUpdate | ActivityMove => Entity::Activity,
            SlotCreate | SlotUpdate => Entity::OfficeHourSlot,
            ExtraCreate | ExtraCancel => Entity::OfficeHourExtra,
            Held => Entity::OfficeHourHeld,
            SlotCancel => Entity::OfficeHourCancellation,
            UserCreate | UserRole | UserDisable | UserEnable | UserPasswordReset => Entity::User,
            PoliceAreaCreate => Entity::PoliceArea,
            ReportCreate | ReportCorrect | ReportVoid => Entity::Report,
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
