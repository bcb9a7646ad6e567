//! The office hours' server functions: the public schedule, the admin's changes and the officers' marks.

use super::model::Schedule;
use crate::error::AppError;
use domain::office_hours::{MarkForm, SlotForm};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ui::admin::invalid;

#[server]
pub async fn office_hours() -> Result<Schedule, AppError> {
    let mut schedule = super::db::schedule(&crate::web::app_state()?.pool, 0, 14).await?;
    let headers = crate::web::extract::<axum::http::HeaderMap>().await?;
    schedule.subscribe = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|host| format!("webcal://{host}{}", crate::paths::OFFICE_HOURS_FEED));
    Ok(schedule)
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/get")]
pub async fn office_hours_admin() -> Result<Schedule, AppError> {
    // Office hours are public: every admin sees the schedule; each changes only their areas' hours.
    crate::auth::admin().await?;
    super::db::schedule(&crate::web::app_state()?.pool, 0, 60).await
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/slots/create")]
pub async fn create_slot(
    #[server(flatten)] form: SlotForm,
    #[server(default)] police_area: String,
) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let def = form.slot().map_err(invalid)?;
    let area = crate::places::db::area_for_office_hours(&pool, &scope, &police_area)
        .await
        .map_err(AppError::respond)?;
    super::db::create_slot(&pool, &actor, &def, area)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/slots/update")]
pub async fn update_slot(
    id: i64,
    version: i64,
    #[server(flatten)] form: SlotForm,
) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    crate::places::db::require_office_hour(&pool, &scope, id, false)
        .await
        .map_err(AppError::respond)?;
    let def = form.slot().map_err(invalid)?;
    super::db::update_slot(&pool, &actor, id, version, &def)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/cancel")]
pub async fn cancel_occurrence(slot_id: i64, date: String, reason: String) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    crate::places::db::require_office_hour(&crate::web::app_state()?.pool, &scope, slot_id, false)
        .await
        .map_err(AppError::respond)?;
    let mut c = domain::forms::Checker::default();
    let date = c.date("date", &date);
    let reason = c.check("reason", domain::types::Line::parse(&reason));
    let (date, reason) = c.finish(date.zip(reason)).map_err(invalid)?;
    super::db::mark(
        &crate::web::app_state()?.pool,
        &actor,
        domain::office_hours::OccurrenceKey::Slot { slot_id, date },
        &domain::office_hours::Mark::Cancelled(reason),
        super::db::stockholm_now(),
    )
    .await
    .map_err(AppError::respond)
    .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/extras/create")]
pub async fn add_extra(
    #[server(flatten)] form: SlotForm,
    note: String,
    #[server(default)] police_area: String,
) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let def = form.extra().map_err(invalid)?;
    let area = crate::places::db::area_for_office_hours(&pool, &scope, &police_area)
        .await
        .map_err(AppError::respond)?;
    super::db::add_extra(&pool, &actor, &def, note.trim(), area)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

/// How far back officers mark occurrences, and how far ahead they may cancel.
#[cfg(feature = "ssr")]
const DAYS_BACK: i64 = 14;

#[cfg(feature = "ssr")]
const DAYS_AHEAD: i64 = 7;

#[server(prefix = "/api/v1", endpoint = "office-hours/recent")]
pub async fn recent_occurrences() -> Result<Schedule, AppError> {
    crate::auth::authorize(domain::credentials::Role::Officer).await?;
    super::db::schedule(&crate::web::app_state()?.pool, DAYS_BACK, DAYS_AHEAD + 1).await
}

/// Marks one occurrence as held or cancelled; `true` if that changed anything. Officers and admins.
#[server(prefix = "/api/v1", endpoint = "office-hours/mark")]
pub async fn mark_occurrence(#[server(flatten)] form: MarkForm) -> Result<bool, AppError> {
    let user = crate::auth::authorize(domain::credentials::Role::Officer).await?;
    let (key, mark) = form.parse().map_err(crate::ui::admin::invalid)?;
    super::db::mark(
        &crate::web::app_state()?.pool,
        &crate::audit::Actor::user(user.id, &user.username),
        key,
        &mark,
        super::db::stockholm_now(),
    )
    .await
    .map_err(AppError::respond)
}
