//! One page per activity: its progress per period with the pace, and the latest targeted operations that
//! count towards it, so a citizen can follow a single promise without reading the whole agreement.

use super::model::ActivityPageData;
use super::page::{Activity, AsOf, RecentOperations};
use super::server::activity_page;
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
