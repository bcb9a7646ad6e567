//! The record as the admin's pages and its storage (`record`) share it: a filter, a row, a report's
//! detail with its history. Data only; the pages word it.

use chrono::NaiveDate;
use domain::report::ReportForm;
use serde::{Deserialize, Serialize};

/// What the record list is filtered by. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordFilter {
    #[serde(default)]
    pub activity: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub officer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    pub id: String,
    pub kind: String,
    pub activity: String,
    pub officer: String,
    pub date: NaiveDate,
    pub what: RecordWhat,
    pub version: i64,
    pub voided: bool,
    pub received_at: String,
}

/// What a report in the record was about, in a line: worded by the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordWhat {
    Operation {
        place: String,
        checked: u32,
        young: u32,
    },
    Meeting {
        organisations: Vec<String>,
    },
    Activity {
        place: String,
        count: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPage {
    pub rows: Vec<RecordRow>,
    pub activities: Vec<(String, String)>,
    pub officers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub version: i64,
    /// Why this version was made; `None` for the report as first sent.
    pub reason: Option<String>,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDetail {
    pub row: RecordRow,
    /// The current version, to correct from.
    pub form: ReportForm,
    pub history: Vec<VersionInfo>,
    /// (reason, by, at) if voided.
    pub void: Option<(String, String, String)>,
}
