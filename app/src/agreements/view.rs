//! The documents the public reads. The open-data JSON and the page's data are these same types, so the page
//! can never show something the API does not say.

use chrono::NaiveDate;
use domain::agreement::{Cadence, Measure, Owner};
pub use domain::progress::PeriodProgress;
use domain::progress::PublicCount;
use serde::{Deserialize, Serialize};

/// The public list entry for an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementSummary {
    pub slug: String,
    pub title: String,
    pub municipality: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

/// The open-data progress document (`GET /api/v1/agreements/{slug}/progress`). Field names are a public
/// contract: add, never rename.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub slug: String,
    pub title: String,
    pub as_of: NaiveDate,
    pub promises: Vec<PromiseProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseProgress {
    pub id: i64,
    pub text: String,
    pub activities: Vec<ActivityProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityProgress {
    pub id: i64,
    pub text: String,
    pub owner: Owner,
    pub measure: Measure,
    /// The target per span of `cadence` (per calendar year for `calendar_year`).
    pub target: Option<u32>,
    pub cadence: Cadence,
    /// What a `count` activity counts, in the plural and the singular; `null` for the other measures.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub unit_singular: Option<String>,
    /// Achieved over the agreement's whole period.
    pub achieved: u32,
    pub periods: Vec<PeriodProgress>,
}

/// The agreement's own facts, as the public page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementInfo {
    pub slug: String,
    pub title: String,
    pub municipality: String,
    pub police_area: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub signed_on: NaiveDate,
    pub background: String,
    pub follow_up: String,
    pub signatories: Vec<SignatoryInfo>,
    /// Example data (`lofte demo`): its pages say so.
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SignatoryInfo {
    pub name: String,
    pub title: String,
    pub organisation: String,
}

/// Everything the agreement page renders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementPageData {
    pub agreement: AgreementInfo,
    pub progress: Progress,
    pub recent_operations: Vec<OperationSummary>,
    /// Every published agreement, newest first, for the list of all agreements.
    pub all: Vec<AgreementSummary>,
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
    fn counts_below_three_are_suppressed() {
        let summary = OperationSummary::new(NaiveDate::MIN, "Torget".into(), 2, 2, 0, false);
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(
            json["persons_21_or_under"],
            serde_json::json!({"fewer_than": 3})
        );
        assert!(!json.to_string().contains("\"exact\":2"));
    }
}
