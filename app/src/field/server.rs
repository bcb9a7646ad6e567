//! Field reporting's server functions: what the officer pages need, a report posted without JavaScript, and the admin's record.

use super::model::{FieldContext, RecordFilter, RecordPage, ReportDetail};
use crate::error::AppError;
use domain::report::ReportForm;
use leptos::prelude::*;

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
            axum::http::HeaderName::from_static(super::model::OFFICER_HEADER),
            name,
        );
    }
    Ok(FieldContext {
        username: officer.username.clone(),
        today,
        activities: super::db::reportable_activities(&state.pool, &officer.scope, today).await?,
        recent_places: super::db::recent_places(&state.pool, officer.id, 10).await?,
        new_id: uuid::Uuid::new_v4(),
        opened_at: chrono::Utc::now(),
        asset_version: state.asset_version.to_string(),
    })
}

/// Stores a report posted by a form without JavaScript, through the same checks and store as the sync API.
#[server]
pub async fn submit_report(#[server(flatten)] form: ReportForm) -> Result<(), AppError> {
    use domain::credentials::Role;
    use domain::problem::Problem;
    use domain::report::ItemStatus;
    let officer = crate::auth::authorize(Role::Officer).await?;
    let state = crate::web::app_state()?;
    let actor = crate::audit::Actor::user(officer.id, &officer.username);
    let outcome =
        super::db::ingest_one(&state.pool, &actor, &officer.scope, &form, state.today()).await?;
    match outcome {
        Ok(ItemStatus::Created | ItemStatus::Duplicate) => {
            let page = form
                .kind
                .parse()
                .map_or(crate::paths::REPORT, crate::paths::report);
            leptos_axum::redirect(&format!("{page}?sparad={}", form.id.trim()));
            Ok(())
        }
        Ok(_) => Err(AppError::conflict(Problem::OtherReportSameId).respond()),
        Err(problems) => Err(AppError::problems(Problem::FixReport, problems).respond()),
    }
}

#[cfg(feature = "ssr")]
const LIST_LIMIT: i64 = 500;

/// A reason is required: an empty one is asked for as such, a long one gets the text's own problem.
#[cfg(feature = "ssr")]
fn reason_problem(e: domain::types::TextError) -> domain::problem::Problem {
    match e {
        domain::types::TextError::Empty => domain::problem::Problem::EnterReason,
        other => other.into(),
    }
}

#[server(prefix = "/api/v1/admin", endpoint = "reports/list")]
pub async fn list_reports(#[server(flatten)] filter: RecordFilter) -> Result<RecordPage, AppError> {
    let admin = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let (activities, officers) = super::db::record::filter_options(&pool, &admin.scope).await?;
    Ok(RecordPage {
        rows: super::db::record::list(&pool, &admin.scope, &filter, LIST_LIMIT)
            .await
            .map_err(AppError::respond)?,
        activities,
        officers,
    })
}

#[server(prefix = "/api/v1/admin", endpoint = "reports/get")]
pub async fn get_report(id: String) -> Result<ReportDetail, AppError> {
    let admin = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    super::db::record::require_in(&pool, &admin.scope, &id)
        .await
        .map_err(AppError::respond)?;
    let mut detail = super::db::record::detail(&pool, &id)
        .await
        .map_err(AppError::respond)?;
    // The first version has no reason of its own; the answer says what it is, in the reader's words.
    let locale = crate::language::current();
    for version in detail.history.iter_mut().filter(|v| v.reason.is_none()) {
        version.reason = Some(crate::i18n::td_string!(locale, field.record_reported).to_owned());
    }
    Ok(detail)
}

#[server(prefix = "/api/v1/admin", endpoint = "reports/correct")]
pub async fn correct_report(
    id: String,
    version: i64,
    reason: String,
    #[server(flatten)] form: ReportForm,
) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let state = crate::web::app_state()?;
    super::db::record::require_in(&state.pool, &scope, &id)
        .await
        .map_err(AppError::respond)?;
    let reason = domain::types::Line::parse(&reason)
        .map_err(|e| AppError::problem("reason", reason_problem(e)).respond())?;
    super::db::record::correct(
        &state.pool,
        &actor,
        &id,
        version,
        &reason,
        &form,
        state.today(),
    )
    .await
    .map_err(AppError::respond)
    .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "reports/void")]
pub async fn void_report(id: String, reason: String) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    super::db::record::require_in(&pool, &scope, &id)
        .await
        .map_err(AppError::respond)?;
    let reason = domain::types::Line::parse(&reason)
        .map_err(|e| AppError::problem("reason", reason_problem(e)).respond())?;
    super::db::record::void(&pool, &actor, &id, &reason)
        .await
        .map_err(AppError::respond)
}
