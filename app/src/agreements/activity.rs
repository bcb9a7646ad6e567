//! One page per activity: its progress per period with the pace, and the latest targeted operations that
//! count towards it, so a citizen can follow a single promise without reading the whole agreement.

use super::page::{Activity, AsOf, RecentOperations};
use super::view::ActivityProgress;
use crate::error::AppError;
use crate::field::OperationSummary;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::loaded;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

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

#[component]
pub fn ActivityPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || {
            let p = params.read();
            (
                p.get("slug").unwrap_or_default(),
                p.get("id").and_then(|id| id.parse::<i64>().ok()),
            )
        },
        |(slug, id)| async move {
            match id {
                Some(id) => activity_page(slug, id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let locale = use_i18n().get_locale_untracked();
    view! {
        {loaded(
            data,
            td_string!(locale, agreement.activity_loading),
            |page| view! { <ActivityView page/> },
        )}
    }
}

#[component]
fn ActivityView(page: ActivityPageData) -> impl IntoView {
    let ActivityPageData {
        slug,
        agreement_title,
        promise,
        as_of,
        activity,
        recent_operations,
    } = page;
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=activity.text.clone()/>
        <article class="agreement">
            <header class="hero">
                <p class="eyebrow">
                    <a href=crate::paths::agreement(&slug)>{agreement_title}</a>
                </p>
                <h1>{activity.text.clone()}</h1>
                <p>{td!(locale, agreement.part_of, promise = promise)}</p>
            </header>
            <section aria-labelledby="progress-heading">
                <h2 id="progress-heading">{td!(locale, agreement.how_it_goes)}</h2>
                <ul class="activities">
                    <Activity activity/>
                </ul>
                <AsOf as_of/>
            </section>
            <RecentOperations operations=recent_operations/>
        </article>
    }
}
