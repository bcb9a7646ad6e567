//! The office hours' server functions: the public schedule, the admin's changes and the officers' marks.

#[cfg(feature = "ssr")]
use super::model::Shown;
use super::model::{OfficeHoursPage, Schedule};
use crate::error::AppError;
use domain::office_hours::{MarkForm, SlotForm};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ui::admin::invalid;

/// The public office hours: the police areas to choose between and, for `area` (a slug), that area's next
/// fourteen days. Without an area, the one area's schedule when there is only one. `municipality` (an SCB
/// code, from the page's search form) redirects to the page of the area whose agreements cover it.
#[server]
pub async fn office_hours(
    area: Option<String>,
    municipality: Option<String>,
) -> Result<OfficeHoursPage, AppError> {
    let state = crate::web::app_state()?;
    let pool = &state.pool;
    let areas = super::db::area_choices(pool).await?;
    if let Some(code) = municipality.filter(|c| !c.trim().is_empty()) {
        let found = areas
            .iter()
            .find(|a| a.municipalities.iter().any(|m| m.code == code.trim()))
            .ok_or(AppError::NotFound)?;
        // A page load (the search form is a plain GET): the browser is sent on, whatever it accepts.
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            let to = crate::paths::office_hours_area(&found.area.slug);
            response.set_status(axum::http::StatusCode::SEE_OTHER);
            response.insert_header(
                axum::http::header::LOCATION,
                axum::http::HeaderValue::from_str(&to).map_err(AppError::internal)?,
            );
        }
        return Ok(OfficeHoursPage { areas, shown: None });
    }
    let chosen = match area {
        Some(slug) => Some(
            crate::places::db::police_area_id(pool, &slug)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => match crate::places::db::police_area_ids(pool).await?.as_slice() {
            [] => None,
            [(id, _)] => Some(*id),
            _ => return Ok(OfficeHoursPage { areas, shown: None }),
        },
    };
    let mut schedule = super::db::schedule(pool, 0, 14, chosen).await?;
    let area = match chosen {
        Some(id) => crate::places::db::police_area_by_id(pool, id).await?,
        None => None,
    };
    let feed = area.as_ref().map_or_else(
        || crate::paths::OFFICE_HOURS_FEED.to_owned(),
        |a| crate::paths::office_hours_area_feed(&a.slug),
    );
    let headers = crate::web::extract::<axum::http::HeaderMap>().await?;
    schedule.subscribe = crate::web::public_host(state.public_origin.as_deref(), &headers)
        .map(|host| format!("webcal://{host}{feed}"));
    // The page says "open now" or "next": the page cache keeps it until that changes.
    if let Some(until) = domain::office_hours::next_change(&schedule.occurrences, schedule.now) {
        crate::web::cache::fresh_until(super::db::stockholm_instant(until));
    }
    Ok(OfficeHoursPage {
        areas,
        shown: Some(Shown { area, schedule }),
    })
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/get")]
pub async fn office_hours_admin() -> Result<Schedule, AppError> {
    // Office hours are public: every admin sees the schedule; each changes only their areas' hours.
    crate::auth::admin().await?;
    super::db::schedule(&crate::web::app_state()?.pool, 0, 60, None).await
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
    let user = crate::auth::authorize(domain::credentials::Role::Officer).await?;
    let pool = crate::web::app_state()?.pool;
    let mut schedule = super::db::schedule(&pool, DAYS_BACK, DAYS_AHEAD + 1, None).await?;
    // Only the office hours of the police areas in the officer's scope.
    if let Some((slots, extras)) = crate::places::db::office_hours_in(&pool, &user.scope).await? {
        schedule.slots.retain(|s| slots.contains(&s.id));
        schedule
            .occurrences
            .retain(|o| match (o.slot_id, o.extra_id) {
                (_, Some(extra)) => extras.contains(&extra),
                (Some(slot), None) => slots.contains(&slot),
                (None, None) => false,
            });
    }
    Ok(schedule)
}

/// Marks one occurrence as held or cancelled; `true` if that changed anything. Officers and admins.
#[server(prefix = "/api/v1", endpoint = "office-hours/mark")]
pub async fn mark_occurrence(#[server(flatten)] form: MarkForm) -> Result<bool, AppError> {
    let user = crate::auth::authorize(domain::credentials::Role::Officer).await?;
    let (key, mark) = form.parse().map_err(crate::ui::admin::invalid)?;
    let pool = crate::web::app_state()?.pool;
    let (id, extra) = match key {
        domain::office_hours::OccurrenceKey::Slot { slot_id, .. } => (slot_id, false),
        domain::office_hours::OccurrenceKey::Extra { extra_id } => (extra_id, true),
    };
    crate::places::db::require_office_hour(&pool, &user.scope, id, extra)
        .await
        .map_err(AppError::respond)?;
    super::db::mark(
        &pool,
        &crate::audit::Actor::user(user.id, &user.username),
        key,
        &mark,
        super::db::stockholm_now(),
    )
    .await
    .map_err(AppError::respond)
}
