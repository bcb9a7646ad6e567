//! The agreements' server functions: the public pages' data, and the admin's changes to agreements, promises
//! and activities.

use super::forms::{ActivityForm, AdminAgreementRow, AgreementEdit, AgreementForm};
use super::model::{ActivityPageData, AgreementPageData, FollowUpReport};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::model::{end_of_month, first_of_month, MonthCount, PAGE_SIZE};
#[cfg(feature = "ssr")]
use crate::places::db as places;
#[cfg(feature = "ssr")]
use crate::ui::admin::invalid;
#[cfg(feature = "ssr")]
use chrono::NaiveDate;
#[cfg(feature = "ssr")]
use domain::progress::PublicCount;

/// The agreement with `slug`, or, without one, the agreement in force today (else the newest).
#[server]
pub async fn agreement_page(slug: Option<String>) -> Result<AgreementPageData, AppError> {
    page_data(slug, 10).await
}

/// The page's data with at most `operations` of the latest targeted operations.
#[cfg(feature = "ssr")]
pub(crate) async fn page_data(
    slug: Option<String>,
    operations: i64,
) -> Result<AgreementPageData, AppError> {
    use super::db;
    let state = crate::web::app_state()?;
    let today = state.today();
    let slug = match slug {
        Some(slug) => slug,
        None => db::current_slug(&state.pool, today)
            .await?
            .ok_or_else(|| AppError::NotFound.respond())?,
    };
    let (agreement, progress) = db::progress(&state.pool, &slug, today)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    // Of the record, the page shows this agreement's only (its progress and operations; the other periods
    // below are named, not counted): reports to other agreements leave it current.
    crate::web::cache::shows_record_of(agreement.id);
    let recent_operations =
        crate::field::db::record::recent_operations(&state.pool, &slug, None, operations).await?;
    // The other periods of the same municipalities' agreements, not the whole country's.
    let all = db::sharing_municipalities(&state.pool, &slug).await?;
    Ok(AgreementPageData {
        agreement,
        progress,
        recent_operations,
        all,
    })
}

/// The report for `slug`, listing `month` (`YYYY-MM`, else the newest month with operations) at page `page`
/// (from 1). A month or page that cannot be read is not found.
#[server]
pub async fn follow_up(
    slug: String,
    month: Option<String>,
    page: Option<String>,
) -> Result<FollowUpReport, AppError> {
    let asked_month = month
        .filter(|m| !m.is_empty())
        .map(|m| super::model::parse_month(&m).ok_or_else(|| AppError::NotFound.respond()))
        .transpose()?;
    let page_number = page
        .filter(|p| !p.is_empty())
        .map(|p| super::model::parse_page(&p).ok_or_else(|| AppError::NotFound.respond()))
        .transpose()?
        .unwrap_or(1);
    let mut data = page_data(Some(slug.clone()), 0).await?;
    use crate::db;
    let pool = crate::web::app_state()?.pool;
    // Sums and months from the tallies: their cost follows the days with reports, not the reports.
    let (operations, checked, under_21, offences): (i64, i64, i64, i64) = db::one!(
        &pool,
        "SELECT CAST(coalesce(sum(t.reports), 0) AS BIGINT),
                CAST(coalesce(sum(t.persons_checked), 0) AS BIGINT),
                CAST(coalesce(sum(t.persons_21_or_under), 0) AS BIGINT),
                CAST(coalesce(sum(t.drug_offences_reported), 0) AS BIGINT)
         FROM report_tallies t JOIN activities x ON x.id = t.activity_id JOIN promises p ON p.id = x.promise_id
         JOIN agreements a ON a.id = p.agreement_id
         WHERE a.slug = $1 AND t.kind = 'targeted_operation'",
        &slug
    )?;
    // Days, summed into months here: the engines name a date's month differently.
    let days: Vec<(NaiveDate, i64)> = db::all!(
        &pool,
        "SELECT t.day, CAST(sum(t.reports) AS BIGINT)
         FROM report_tallies t JOIN activities x ON x.id = t.activity_id JOIN promises p ON p.id = x.promise_id
         JOIN agreements a ON a.id = p.agreement_id
         WHERE a.slug = $1 AND t.kind = 'targeted_operation' AND t.reports > 0
         GROUP BY t.day",
        &slug
    )?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let mut per_month = std::collections::BTreeMap::<NaiveDate, i64>::new();
    for (day, n) in days {
        *per_month.entry(first_of_month(day)).or_default() += n;
    }
    let months: Vec<MonthCount> = per_month
        .into_iter()
        .rev()
        .map(|(month, n)| MonthCount {
            month,
            operations: count(n),
        })
        .collect();
    let month = asked_month.or_else(|| months.first().map(|m| m.month));
    let in_month = month
        .and_then(|m| months.iter().find(|c| c.month == m))
        .map_or(0, |c| c.operations);
    let pages = in_month.div_ceil(PAGE_SIZE).max(1);
    if let Some(first) = month {
        data.recent_operations = crate::field::db::record::operations_between(
            &pool,
            &slug,
            None,
            first,
            end_of_month(first),
            i64::from(PAGE_SIZE),
            i64::from(page_number - 1) * i64::from(PAGE_SIZE),
        )
        .await?;
    }
    Ok(FollowUpReport {
        page: data,
        operations: count(operations),
        persons_checked: count(checked),
        persons_21_or_under: PublicCount::of(count(under_21)),
        drug_offences_reported: count(offences),
        months,
        month,
        page_number,
        pages,
    })
}

/// Activity `id` of the published agreement `slug`; not found if it belongs to another agreement.
#[server]
pub async fn activity_page(slug: String, id: i64) -> Result<ActivityPageData, AppError> {
    let state = crate::web::app_state()?;
    let not_found = || AppError::NotFound.respond();
    let (_, progress) = super::db::progress(&state.pool, &slug, state.today())
        .await?
        .ok_or_else(not_found)?;
    let (promise, activity) = progress
        .promises
        .into_iter()
        .find_map(|p| {
            let text = p.text;
            p.activities
                .into_iter()
                .find(|a| a.id == id)
                .map(|a| (text, a))
        })
        .ok_or_else(not_found)?;
    use domain::agreement::Measure;
    let operations_of = match activity.measure {
        Measure::TargetedOperation => Some(Some(activity.id)),
        // Youths are counted over every targeted operation of the agreement.
        Measure::YouthsIdentified => Some(None),
        _ => None,
    };
    let recent_operations = match operations_of {
        Some(activity) => {
            crate::field::db::record::recent_operations(&state.pool, &slug, activity, 20).await?
        }
        None => Vec::new(),
    };
    Ok(ActivityPageData {
        slug,
        agreement_title: progress.title,
        promise,
        as_of: progress.as_of,
        activity,
        recent_operations,
    })
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/list")]
pub async fn admin_agreements() -> Result<Vec<AdminAgreementRow>, AppError> {
    let admin = crate::auth::admin().await?;
    super::db::edits::list(&crate::web::app_state()?.pool, &admin.scope).await
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/get")]
pub async fn admin_agreement(slug: String) -> Result<AgreementEdit, AppError> {
    let admin = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let edit = super::db::edits::by_slug(&pool, &slug)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    places::require_agreement(&pool, &admin.scope, edit.id)
        .await
        .map_err(AppError::respond)?;
    Ok(edit)
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/create")]
pub async fn create_agreement(#[server(flatten)] form: AgreementForm) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let (slug, fields) = match (form.slug(), form.fields()) {
        (Ok(slug), Ok(fields)) => (slug, fields),
        (slug, fields) => {
            let mut errors = slug.err().unwrap_or_default();
            errors.extend(fields.err().unwrap_or_default());
            return Err(invalid(errors));
        }
    };
    let pool = crate::web::app_state()?.pool;
    places::require_new_place(&pool, &scope, &fields.police_area, &fields.municipalities)
        .await
        .map_err(AppError::respond)?;
    super::db::edits::create(&pool, &actor, &slug, &fields)
        .await
        .map_err(AppError::respond)?;
    leptos_axum::redirect(&crate::paths::admin_agreement(slug.as_str()));
    Ok(())
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/update")]
pub async fn update_agreement(
    id: i64,
    version: i64,
    #[server(flatten)] form: AgreementForm,
) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    places::require_agreement(&pool, &scope, id)
        .await
        .map_err(AppError::respond)?;
    let fields = form.fields().map_err(invalid)?;
    places::require_new_place(&pool, &scope, &fields.police_area, &fields.municipalities)
        .await
        .map_err(AppError::respond)?;
    super::db::edits::update(&pool, &actor, id, version, &fields)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/publish")]
pub async fn publish_agreement(id: i64, version: i64, published: bool) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    places::require_agreement(&pool, &scope, id)
        .await
        .map_err(AppError::respond)?;
    super::db::edits::set_published(&pool, &actor, id, version, published)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/copy")]
pub async fn copy_agreement(
    id: i64,
    slug: String,
    valid_from: String,
    valid_to: String,
) -> Result<(), AppError> {
    use domain::agreement::{DateRange, Slug};
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    places::require_agreement(&pool, &scope, id)
        .await
        .map_err(AppError::respond)?;
    let mut c = domain::forms::Checker::default();
    let slug = c.check("slug", Slug::parse(slug.trim()));
    let from = c.date("valid_from", &valid_from);
    let to = c.date("valid_to", &valid_to);
    let period = match (from, to) {
        (Some(from), Some(to)) => c.check("valid_to", DateRange::new(from, to)),
        _ => None,
    };
    let (slug, period) = c.finish(slug.zip(period)).map_err(invalid)?;
    super::db::edits::copy(&pool, &actor, id, &slug, period)
        .await
        .map_err(AppError::respond)?;
    leptos_axum::redirect(&crate::paths::admin_agreement(slug.as_str()));
    Ok(())
}

#[server(prefix = "/api/v1/admin", endpoint = "promises/create")]
pub async fn add_promise(agreement_id: i64, text: String) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    places::require_agreement(&pool, &scope, agreement_id)
        .await
        .map_err(AppError::respond)?;
    let text = domain::types::Paragraph::parse(&text)
        .map_err(|e| AppError::problem("text", e).respond())?;
    super::db::edits::add_promise(&pool, &actor, agreement_id, &text)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "promises/update")]
pub async fn update_promise(id: i64, version: i64, text: String) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let agreement = places::agreement_of_promise(&pool, id).await?;
    places::require_some_agreement(&pool, &scope, agreement)
        .await
        .map_err(AppError::respond)?;
    let text = domain::types::Paragraph::parse(&text)
        .map_err(|e| AppError::problem("text", e).respond())?;
    super::db::edits::update_promise(&pool, &actor, id, version, &text)
        .await
        .map_err(AppError::respond)
}

/// `direction` is "up" or "down"; `item` is "promise" or "activity".
#[server(prefix = "/api/v1/admin", endpoint = "definitions/move")]
pub async fn move_definition(item: String, id: i64, direction: String) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let table = match item.as_str() {
        "promise" => "promises",
        "activity" => "activities",
        _ => {
            return Err(AppError::problem(
                "item",
                domain::problem::Problem::OneOf {
                    options: vec!["promise".into(), "activity".into()],
                },
            )
            .respond())
        }
    };
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => {
            return Err(AppError::problem(
                "direction",
                domain::problem::Problem::OneOf {
                    options: vec!["up".into(), "down".into()],
                },
            )
            .respond())
        }
    };
    let pool = crate::web::app_state()?.pool;
    let agreement = if table == "promises" {
        places::agreement_of_promise(&pool, id).await?
    } else {
        places::agreement_of_activity(&pool, id).await?
    };
    places::require_some_agreement(&pool, &scope, agreement)
        .await
        .map_err(AppError::respond)?;
    super::db::edits::move_item(&pool, &actor, table, id, up)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "activities/create")]
pub async fn add_activity(
    promise_id: i64,
    #[server(flatten)] form: ActivityForm,
) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let agreement = places::agreement_of_promise(&pool, promise_id).await?;
    places::require_some_agreement(&pool, &scope, agreement)
        .await
        .map_err(AppError::respond)?;
    let def = form.parse().map_err(invalid)?;
    super::db::edits::add_activity(&pool, &actor, promise_id, &def)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "activities/update")]
pub async fn update_activity(
    id: i64,
    version: i64,
    #[server(flatten)] form: ActivityForm,
) -> Result<(), AppError> {
    let crate::auth::Admin { actor, scope } = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let agreement = places::agreement_of_activity(&pool, id).await?;
    places::require_some_agreement(&pool, &scope, agreement)
        .await
        .map_err(AppError::respond)?;
    let def = form.parse().map_err(invalid)?;
    super::db::edits::update_activity(&pool, &actor, id, version, &def)
        .await
        .map_err(AppError::respond)
}
