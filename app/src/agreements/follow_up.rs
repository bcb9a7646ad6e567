//! The printable follow-up report ("Uppföljning") for one agreement: every activity's figures per span with
//! its pace, the sums over every targeted operation, and the operations themselves as aggregates, one month
//! (and at most `PAGE_SIZE` of them) at a time, so the page stays small however long the record. A
//! municipality can publish or print it as it is; the print stylesheet drops the site's navigation.

use super::page::OperationsTable;
use super::view::AgreementPageData;
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::loaded;
use crate::words::names::{self, long_date, short_date};
use chrono::NaiveDate;
use domain::progress::PublicCount;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// Operations listed per page of the follow-up report; the month's others are on the next pages.
#[cfg(feature = "ssr")]
pub const PAGE_SIZE: u32 = 200;

/// A month with targeted operations, for the report's list of months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// The month's first day.
    pub month: NaiveDate,
    pub operations: u32,
}

/// The follow-up report's data: the agreement page's (with one page of one month's operations), the sums
/// over every operation, and the months there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpReport {
    pub page: AgreementPageData,
    pub operations: u32,
    pub persons_checked: u32,
    /// Suppressed like every public count of people.
    pub persons_21_or_under: PublicCount,
    pub drug_offences_reported: u32,
    /// Newest first.
    pub months: Vec<MonthCount>,
    /// The month listed (the newest with operations unless one was asked for), and which page of it.
    pub month: Option<NaiveDate>,
    pub page_number: u32,
    pub pages: u32,
}

/// A month as the report's address names it (`?manad=2019-05`): its first day.
#[cfg(any(feature = "ssr", test))]
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// A page number as the address names it (`&sida=2`): 1 or more.
#[cfg(any(feature = "ssr", test))]
pub fn parse_page(text: &str) -> Option<u32> {
    text.parse().ok().filter(|&n| n >= 1)
}

/// The first day of `day`'s month.
#[cfg(feature = "ssr")]
fn first_of_month(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(chrono::Datelike::day0(&day)))
}

/// The month's last day.
#[cfg(feature = "ssr")]
fn end_of_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(first)
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
        .map(|m| parse_month(&m).ok_or_else(|| AppError::NotFound.respond()))
        .transpose()?;
    let page_number = page
        .filter(|p| !p.is_empty())
        .map(|p| parse_page(&p).ok_or_else(|| AppError::NotFound.respond()))
        .transpose()?
        .unwrap_or(1);
    let mut data = super::page::page_data(Some(slug.clone()), 0).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_pages_are_read_strictly() {
        assert_eq!(parse_month("2019-05"), NaiveDate::from_ymd_opt(2019, 5, 1));
        for bad in ["2019-5", "2019-13", "19-05", "2019-05-01", "maj", ""] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(parse_page("3"), Some(3));
        for bad in ["0", "-1", "x", ""] {
            assert_eq!(parse_page(bad), None, "{bad}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_month_ends_on_its_last_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(end_of_month(day(2020, 2, 1)), day(2020, 2, 29));
        assert_eq!(end_of_month(day(2019, 12, 1)), day(2019, 12, 31));
        assert_eq!(first_of_month(day(2020, 2, 29)), day(2020, 2, 1));
        assert_eq!(first_of_month(day(2019, 12, 1)), day(2019, 12, 1));
    }
}
