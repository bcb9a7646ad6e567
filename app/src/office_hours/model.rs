//! Office hours as the pages and server functions exchange them.

use crate::places::model::{Named, PoliceArea};
use domain::office_hours::{Occurrence, Slot};
use serde::{Deserialize, Serialize};

/// The schedule and its occurrences over some days, as of a local time in Stockholm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub now: chrono::NaiveDateTime,
    /// The `webcal:` address of the iCalendar feed, on the public page.
    pub subscribe: Option<String>,
    pub slots: Vec<Slot>,
    pub occurrences: Vec<Occurrence>,
}

/// A police area a visitor may choose, with the municipalities of its published agreements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaChoice {
    pub area: PoliceArea,
    pub municipalities: Vec<Named>,
}

/// The public office-hours pages: the police areas to choose between, and the one area's schedule shown
/// (on its own page, or on `/oppettider` when the instance has one police area).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHoursPage {
    pub areas: Vec<AreaChoice>,
    pub shown: Option<Shown>,
}

/// One area's schedule; `area` is `None` only on an instance without police areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub area: Option<PoliceArea>,
    pub schedule: Schedule,
}
