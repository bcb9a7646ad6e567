//! What an embed shows: an agreement's state in compact form, or a municipality's agreements in force.

use crate::places::model::Named;
use chrono::NaiveDate;
use domain::agreement::Measure;
use domain::progress::{Glance, PeriodProgress};
use serde::{Deserialize, Serialize};

/// One agreement in an embed: its title and period, its activities with a target at a glance, and each of
/// those with the span that holds `as_of` (else its last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedAgreement {
    pub slug: String,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub example: bool,
    pub as_of: NaiveDate,
    pub glance: Glance,
    pub activities: Vec<EmbeddedActivity>,
}

/// An activity with a target, by its current span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedActivity {
    pub text: String,
    pub measure: Measure,
    pub unit: Option<String>,
    pub span: PeriodProgress,
}

/// What an embed page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Embedded {
    Agreement(EmbeddedAgreement),
    /// A municipality's agreements in force (none is said so), newest first.
    Municipality {
        municipality: Named,
        agreements: Vec<EmbeddedAgreement>,
    },
}

impl EmbeddedAgreement {
    /// The agreement's activities with a target, each by the span that holds `as_of`.
    pub fn of(
        info: &crate::agreements::model::AgreementInfo,
        progress: &crate::agreements::model::Progress,
    ) -> Self {
        let as_of = progress.as_of;
        let activities: Vec<EmbeddedActivity> = progress
            .promises
            .iter()
            .flat_map(|p| p.activities.iter())
            .filter(|a| a.target.is_some())
            .filter_map(|a| {
                let span = domain::progress::current_span(&a.periods, as_of)?;
                Some(EmbeddedActivity {
                    text: a.text.clone(),
                    measure: a.measure,
                    unit: a.unit.clone(),
                    span: span.clone(),
                })
            })
            .collect();
        Self {
            slug: info.slug.clone(),
            title: info.title.clone(),
            valid_from: info.valid_from,
            valid_to: info.valid_to,
            example: info.example,
            as_of,
            glance: crate::agreements::model::glance(&progress.promises, as_of),
            activities,
        }
    }
}
