//! Field reporting's data, as the pages, the islands, the server functions and the database code exchange
//! it: what the officer pages need (also offline), the record as the admin reads it (a filter, a row, a
//! report's detail with its history), and a targeted operation as the public sees it. Data only; the pages
//! word it.

use chrono::{DateTime, NaiveDate, Utc};
use domain::progress::PublicCount;
use domain::report::{ReportForm, ReportKind, ReportableActivity};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The request header in which a device names the officer who saved the reports it sends to the sync API.
pub const SAVED_BY: &str = "x-lofte-saved-by";

/// The response header of an officer page that names its officer, for the service worker (`public/sw.js`
/// reads it by this name).
pub const OFFICER_HEADER: &str = "x-lofte-officer";

/// What the officer pages need to work, also offline: read on the server when a page is rendered, and handed
/// to the page's islands as their props, so a page kept by the service worker carries it too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldContext {
    pub username: String,
    #[serde(with = "domain::calendar::iso_date")]
    pub today: NaiveDate,
    pub activities: Vec<ReportableActivity>,
    pub recent_places: Vec<String>,
    /// An id for a report saved without JavaScript, so that posting the form twice stores it once.
    pub new_id: Uuid,
    #[serde(with = "domain::calendar::timestamp")]
    pub opened_at: DateTime<Utc>,
    /// The build's asset version, which names the service worker's cache.
    pub asset_version: String,
}

impl FieldContext {
    pub fn activities_of(&self, kind: ReportKind) -> Vec<ReportableActivity> {
        self.activities
            .iter()
            .filter(|a| a.kind == kind)
            .cloned()
            .collect()
    }
}

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

/// One targeted operation as the public sees it: aggregates only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSummary {
    pub date: NaiveDate,
    pub place: String,
    pub persons_checked: u32,
    pub persons_21_or_under: PublicCount,
    pub drug_offences_reported: u32,
    /// An admin has corrected the report since it was sent.
    pub corrected: bool,
}

impl OperationSummary {
    pub fn new(
        date: NaiveDate,
        place: String,
        persons_checked: u32,
        persons_21_or_under: u32,
        drug_offences_reported: u32,
        corrected: bool,
    ) -> Self {
        Self {
            date,
            place,
            persons_checked,
            persons_21_or_under: PublicCount::of(persons_21_or_under),
            drug_offences_reported,
            corrected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_sees_only_a_suppressed_count_of_people_under_21() {
        let summary = OperationSummary::new(NaiveDate::MIN, "Torget".into(), 2, 2, 0, false);
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(
            json["persons_21_or_under"],
            serde_json::json!({"fewer_than": 3})
        );
        assert!(!json.to_string().contains("\"exact\":2"));
    }
}
