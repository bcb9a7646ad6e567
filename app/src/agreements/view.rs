//! The documents the public reads. The open-data JSON and the page's data are these same types, so the page
//! can never show something the API does not say.

use crate::field::OperationSummary;
use chrono::NaiveDate;
use domain::agreement::{Cadence, Measure, Owner};
pub use domain::progress::PeriodProgress;
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
