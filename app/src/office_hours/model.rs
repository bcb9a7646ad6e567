//! Office hours as the pages and server functions exchange them.

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
