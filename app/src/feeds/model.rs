//! A feed's entries as data: what happened, to which agreement, and when. The words are the feed's.

use chrono::{DateTime, NaiveDate, Utc};
use domain::agreement::Measure;
use domain::progress::PublicCount;
use serde::Serialize;

/// One thing that happened, as a feed shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedEntry {
    /// What the entry is about, unique and lasting: `agreement:12:published`, `activity:40:reached:2026-01-01`.
    pub key: String,
    /// The agreement's slug and title, for the entry's link and words.
    pub slug: String,
    pub title: String,
    /// When it happened.
    pub at: DateTime<Utc>,
    pub event: Event,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The agreement was published, for this period.
    Published { from: NaiveDate, to: NaiveDate },
    /// Its period began.
    InForce { from: NaiveDate, to: NaiveDate },
    /// An activity reached its target in a span.
    Reached {
        activity: String,
        measure: Measure,
        unit: Option<String>,
        achieved: u32,
        target: u32,
        from: NaiveDate,
        to: NaiveDate,
        day: NaiveDate,
    },
    /// An office hour in the agreement's police area was cancelled.
    Cancelled {
        place: String,
        day: NaiveDate,
        start: String,
        end: String,
        reason: String,
    },
    /// A day's targeted operations, as the public sees them.
    Operations {
        day: NaiveDate,
        operations: u32,
        checked: u32,
        under_21: PublicCount,
        offences: u32,
    },
}

impl FeedEntry {
    /// What a change is judged by: the agreement's title and the event, as JSON (the same text for the same
    /// content, whatever the build).
    pub fn content(&self) -> String {
        serde_json::to_string(&(&self.title, &self.event))
            .expect("an entry's content always serialises")
    }
}
