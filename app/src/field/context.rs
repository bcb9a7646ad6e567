//! What the officer pages need to work, also offline: read on the server when a page is rendered, and handed
//! to the page's islands as their props, so a page kept by the service worker carries it too.

use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use domain::report::{ReportKind, ReportableActivity};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

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

#[server]
pub async fn officer_context() -> Result<FieldContext, AppError> {
    use domain::credentials::Role;
    let officer = crate::auth::authorize(Role::Officer).await?;
    let state = crate::web::app_state()?;
    let today = state.today();
    // Whose pages these are, for the service worker: it forgets the pages it kept for another officer.
    if let (Some(response), Ok(name)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&officer.username),
    ) {
        response.insert_header(
            axum::http::HeaderName::from_static(super::OFFICER_HEADER),
            name,
        );
    }
    Ok(FieldContext {
        username: officer.username.clone(),
        today,
        activities: super::db::reportable_activities(&state.pool, today).await?,
        recent_places: super::db::recent_places(&state.pool, officer.id, 10).await?,
        new_id: Uuid::new_v4(),
        opened_at: Utc::now(),
        asset_version: state.asset_version.to_string(),
    })
}
