//! The printable follow-up report ("Uppföljning") for one agreement: every activity's figures per span with
//! its pace, the sums over every targeted operation, and the operations themselves as aggregates, one month
//! (and at most `PAGE_SIZE` of them) at a time, so the page stays small however long the record. A
//! municipality can publish or print it as it is; the print stylesheet drops the site's navigation.

use super::model::{AgreementPageData, FollowUpReport, MonthCount};
use super::page::OperationsTable;
use super::server::follow_up;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::loaded;
use crate::words::names::{self, long_date, short_date};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn FollowUpPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("manad"),
                query.read().get("sida"),
            )
        },
        |(slug, month, page)| follow_up(slug, month, page),
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
            <p class="no-print"><a href=crate::paths::agreement(&agreement.slug)>{td!(locale, follow_up.to_agreement)}</a></p>
            <h2>{td!(locale, follow_up.goals)}</h2>
            <table class="follow-up-table stack">
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
                                    <td data-label=td_string!(locale, follow_up.col_activity)>{text.clone()}</td>
                                    <td data-label=td_string!(locale, follow_up.col_period)>{short_date(locale, p.from)} "–" {short_date(locale, p.to)}</td>
                                    <td data-label=td_string!(locale, follow_up.col_target)>{p.target.map(|t| t.to_string()).unwrap_or_else(|| "–".into())}</td>
                                    <td data-label=td_string!(locale, follow_up.col_done)>{p.achieved}</td>
                                    <td data-label=td_string!(locale, follow_up.col_pace)>{p.pace.map(|x| names::pace(locale, x)).unwrap_or_else(|| "–".into())}</td>
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
                    under_21 = names::count(locale, report.persons_21_or_under),
                    offences = report.drug_offences_reported
                )}
            </p>
            <Months slug=agreement.slug.clone() months=report.months shown=report.month/>
            {report.month.map(|m| view! {
                <h3>{td!(locale, follow_up.month_heading, month = names::month_year(locale, m))}</h3>
            })}
            <OperationsTable operations=recent_operations class="follow-up-table"/>
            <Pages slug=agreement.slug.clone() month=report.month page=report.page_number pages=report.pages/>
            <p class="hint">{td!(locale, follow_up.suppression)}</p>
            <p class="hint">
                {td!(locale, follow_up.all_in_csv)} " "
                <a href=crate::paths::with_slug(crate::paths::API_OPERATIONS_CSV, &agreement.slug)>"operations.csv"</a>
            </p>
        </article>
    }
}

/// The report's address for a month and page.
fn month_href(slug: &str, month: NaiveDate, page: u32) -> String {
    let month = month.format("%Y-%m").to_string();
    crate::paths::follow_up_month(slug, &month, (page > 1).then_some(page))
}

/// The months with operations, newest first, each a link to its list.
#[component]
fn Months(slug: String, months: Vec<MonthCount>, shown: Option<NaiveDate>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    (!months.is_empty()).then(|| {
        view! {
            <nav class="months no-print" aria-label=td_string!(locale, follow_up.months)>
                <ul>
                    {months.into_iter().map(|m| {
                        let current = (Some(m.month) == shown).then_some("page");
                        view! {
                            <li>
                                <a href=month_href(&slug, m.month, 1) aria-current=current>
                                    {names::month_year(locale, m.month)} " (" {m.operations} ")"
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
        }
    })
}

/// Previous and next page within the month, when it has more than one.
#[component]
fn Pages(slug: String, month: Option<NaiveDate>, page: u32, pages: u32) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    month.filter(|_| pages > 1).map(|month| {
        view! {
            <nav class="pages no-print" aria-label=td_string!(locale, follow_up.pages)>
                {(page > 1).then(|| view! {
                    <a href=month_href(&slug, month, page - 1) rel="prev">{td!(locale, follow_up.previous)}</a> " "
                })}
                <span>{td!(locale, follow_up.page_of, page = page, pages = pages)}</span>
                {(page < pages).then(|| view! {
                    " " <a href=month_href(&slug, month, page + 1) rel="next">{td!(locale, follow_up.next)}</a>
                })}
            </nav>
        }
    })
}
