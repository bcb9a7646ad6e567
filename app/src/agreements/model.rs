//! The agreements' data as the pages, the server functions, the open-data API and the database code exchange
//! it: the documents the public reads (the open-data JSON and the page's data are these same types, so the
//! page can never show something the API does not say), one activity's page and the follow-up report. The
//! admin's edit forms are in `forms`.

use crate::field::OperationSummary;
use crate::places::model::{Named, PoliceArea};
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
    /// The municipalities' names joined, for clients from before organisations had codes.
    pub municipality: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// The municipalities by SCB code and name.
    pub municipalities: Vec<Named>,
    /// The county of its (first) municipality.
    pub county: Option<Named>,
    pub police_area: Option<PoliceArea>,
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

/// An agreement's activities at a glance as of `today`, from its promises' assessed progress.
pub fn glance(promises: &[PromiseProgress], today: NaiveDate) -> domain::progress::Glance {
    domain::progress::Glance::of(
        promises
            .iter()
            .flat_map(|p| p.activities.iter().map(|a| a.periods.as_slice())),
        today,
    )
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
    pub id: i64,
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
    /// The published agreements of the same municipalities (this one and its other periods), newest first.
    pub all: Vec<AgreementSummary>,
}

// ------------------------------------------------------------------------------- one activity --

/// One activity's page: its progress per period and the latest targeted operations that count towards it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityPageData {
    pub slug: String,
    pub agreement_title: String,
    pub promise: String,
    pub as_of: NaiveDate,
    pub activity: ActivityProgress,
    /// The latest targeted operations that count towards it, as aggregates (none for other measures).
    pub recent_operations: Vec<OperationSummary>,
}

// -------------------------------------------------------------------------- the follow-up report --

/// Operations listed per page of the follow-up report; the month's others are on the next pages.
#[cfg(feature = "ssr")]
pub const PAGE_SIZE: u32 = 200;

/// A month with targeted operations, for the report's list of months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// The month's first day.
    pub month: NaiveDate,
    pub operations: u32,
}

/// The follow-up report's data: the agreement page's (with one page of one month's operations), the sums
/// over every operation, and the months there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpReport {
    pub page: AgreementPageData,
    pub operations: u32,
    pub persons_checked: u32,
    /// Suppressed like every public count of people.
    pub persons_21_or_under: PublicCount,
    pub drug_offences_reported: u32,
    /// Newest first.
    pub months: Vec<MonthCount>,
    /// The month listed (the newest with operations unless one was asked for), and which page of it.
    pub month: Option<NaiveDate>,
    pub page_number: u32,
    pub pages: u32,
}

/// A month as the report's address names it (`?manad=2019-05`): its first day.
#[cfg(any(feature = "ssr", test))]
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// A page number as the address names it (`&sida=2`): 1 or more.
#[cfg(any(feature = "ssr", test))]
pub fn parse_page(text: &str) -> Option<u32> {
    text.parse().ok().filter(|&n| n >= 1)
}

/// The first day of `day`'s month.
#[cfg(feature = "ssr")]
pub(super) fn first_of_month(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(chrono::Datelike::day0(&day)))
}

/// The month's last day.
#[cfg(feature = "ssr")]
pub(super) fn end_of_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_pages_are_read_strictly() {
        assert_eq!(parse_month("2019-05"), NaiveDate::from_ymd_opt(2019, 5, 1));
        for bad in ["2019-5", "2019-13", "19-05", "2019-05-01", "maj", ""] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(parse_page("3"), Some(3));
        for bad in ["0", "-1", "x", ""] {
            assert_eq!(parse_page(bad), None, "{bad}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_month_ends_on_its_last_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(end_of_month(day(2020, 2, 1)), day(2020, 2, 29));
        assert_eq!(end_of_month(day(2019, 12, 1)), day(2019, 12, 31));
        assert_eq!(first_of_month(day(2020, 2, 29)), day(2020, 2, 1));
        assert_eq!(first_of_month(day(2019, 12, 1)), day(2019, 12, 1));
    }
}
