//! The printable follow-up report ("Uppföljning") for one agreement: every activity's figures per span with
//! its pace, and every targeted operation as aggregates, on one page that a municipality can publish or print
//! as it is. The print stylesheet drops the site's navigation.

use super::page::OperationsTable;
use super::view::{AgreementPageData, PublicCount};
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use crate::labels::{self, long_date, short_date};
use crate::ui::loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// The follow-up report's data: the agreement page's, every operation, and the sums over them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpReport {
    pub page: AgreementPageData,
    pub operations: u32,
    pub persons_checked: u32,
    /// Suppressed like every public count of people.
    pub persons_21_or_under: PublicCount,
    pub drug_offences_reported: u32,
}

#[server]
pub async fn follow_up(slug: String) -> Result<FollowUpReport, AppError> {
    let page = super::page::page_data(Some(slug.clone()), i64::MAX).await?;
    let pool = crate::web::app_state()?.pool;
    let (operations, checked, under_21, offences): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), coalesce(sum(r.persons_checked), 0), coalesce(sum(r.persons_21_or_under), 0),
                coalesce(sum(r.drug_offences_reported), 0)
         FROM current_reports r JOIN activities x ON x.id = r.activity_id JOIN promises p ON p.id = x.promise_id
         JOIN agreements a ON a.id = p.agreement_id
         WHERE a.slug = ? AND r.kind = 'targeted_operation' AND NOT r.voided",
    )
    .bind(&slug)
    .fetch_one(&pool)
    .await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(FollowUpReport {
        page,
        operations: count(operations),
        persons_checked: count(checked),
        persons_21_or_under: PublicCount::of(count(under_21)),
        drug_offences_reported: count(offences),
    })
}

#[component]
pub fn FollowUpPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        follow_up,
    );
    let locale = use_i18n().get_locale_untracked();
    view! {
        {loaded(data, td_string!(locale, follow_up.loading), |report| view! { <Report report/> })}
    }
}

#[component]
fn Report(report: FollowUpReport) -> impl IntoView {
    let AgreementPageData {
        agreement,
        progress,
        recent_operations,
        ..
    } = report.page;
    let as_of = progress.as_of;
    let locale = use_i18n().get_locale_untracked();
    let title = format!(
        "{} {}",
        td_string!(locale, follow_up.title),
        agreement.title
    );
    view! {
        <Title text=title.clone()/>
        <article class="follow-up">
            <p class="eyebrow">{super::page::parties(locale, &agreement.municipality, &agreement.police_area)}</p>
            <h1>{title}</h1>
            {agreement.example.then(|| view! { <super::page::ExampleNotice/> })}
            <p>
                {td!(
                    locale,
                    follow_up.period,
                    from = long_date(locale, agreement.valid_from),
                    to = long_date(locale, agreement.valid_to),
                    as_of = long_date(locale, as_of)
                )}
            </p>
            <p class="no-print"><a href=format!("/avtal/{}", agreement.slug)>{td!(locale, follow_up.to_agreement)}</a></p>
            <h2>{td!(locale, follow_up.goals)}</h2>
            <table class="follow-up-table">
                <thead>
                    <tr>
                        <th scope="col">{td!(locale, follow_up.col_activity)}</th>
                        <th scope="col">{td!(locale, follow_up.col_period)}</th>
                        <th scope="col">{td!(locale, follow_up.col_target)}</th>
                        <th scope="col">{td!(locale, follow_up.col_done)}</th>
                        <th scope="col">{td!(locale, follow_up.col_pace)}</th>
                    </tr>
                </thead>
                <tbody>
                    {progress.promises.into_iter().enumerate().flat_map(|(n, promise)| {
                        promise.activities.into_iter().flat_map(move |a| {
                            let text = format!("{} {}: {}", td_string!(locale, follow_up.promise), n + 1, a.text);
                            a.periods.into_iter().map(move |p| view! {
                                <tr>
                                    <td>{text.clone()}</td>
                                    <td>{short_date(locale, p.from)} "–" {short_date(locale, p.to)}</td>
                                    <td>{p.target.map(|t| t.to_string()).unwrap_or_else(|| "–".into())}</td>
                                    <td>{p.achieved}</td>
                                    <td>{p.pace.map(|x| labels::pace(locale, x)).unwrap_or_else(|| "–".into())}</td>
                                </tr>
                            })
                        })
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{td!(locale, follow_up.operations)}</h2>
            <p>
                {td!(
                    locale,
                    follow_up.sums,
                    operations = report.operations,
                    checked = report.persons_checked,
                    under_21 = labels::count(locale, report.persons_21_or_under),
                    offences = report.drug_offences_reported
                )}
            </p>
            <OperationsTable operations=recent_operations class="follow-up-table"/>
            <p class="hint">{td!(locale, follow_up.suppression)}</p>
        </article>
    }
}
