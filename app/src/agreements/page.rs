//! The public agreement page: the promises, their activities, and achieved against target.

use super::model::{
    ActivityProgress, AgreementInfo, AgreementPageData, PeriodProgress, PromiseProgress,
};
use super::server::agreement_page;
use crate::i18n::{td, td_string, use_i18n, Locale};
use crate::paths;
use crate::ui::loaded;
use crate::ui::share::{AnnounceEmbed, AnnounceFeed, EmbedCode, FeedLink};
use crate::words::names::{self, long_date, short_date};
use chrono::Datelike;
use domain::agreement::DateRange;
use domain::agreement::{Cadence, Measure};
use domain::progress::{phase, share, Phase};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AgreementPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("slug"), agreement_page);
    let locale = use_i18n().get_locale_untracked();
    view! {
        {loaded(data, td_string!(locale, agreement.loading), |page| view! { <Agreement page/> })}
    }
}

#[component]
pub fn Agreement(page: AgreementPageData) -> impl IntoView {
    let AgreementPageData {
        agreement,
        progress,
        recent_operations,
        all,
    } = page;
    let as_of = progress.as_of;
    let slug = progress.slug.clone();
    let locale = use_i18n().get_locale_untracked();
    let status = DateRange::new(agreement.valid_from, agreement.valid_to)
        .ok()
        .map(|period| {
            let (class, text) = match phase(period, as_of) {
                Phase::NotStarted => ("status upcoming", td_string!(locale, agreement.not_started)),
                Phase::InForce => ("status active", td_string!(locale, agreement.in_force)),
                Phase::Ended => ("status ended", td_string!(locale, agreement.ended)),
            };
            view! { <p class=class>{text}</p> }
        });
    let shared_title = agreement.title.clone();
    view! {
        <Title text=agreement.title.clone()/>
        <AnnounceEmbed page_path=paths::agreement(&slug) title=shared_title.clone()/>
        <AnnounceFeed feed_path=paths::feed_agreement(&slug) title=shared_title.clone()/>
        <article class="agreement">
            <header class="hero">
                <p class="eyebrow">{parties(locale, &agreement.municipality, &agreement.police_area)}</p>
                <h1>{agreement.title.clone()}</h1>
                {agreement.example.then(|| view! { <ExampleNotice/> })}
                <p class="period">
                    {td!(locale, agreement.valid)} " "
                    <time datetime=agreement.valid_from.to_string()>{long_date(locale, agreement.valid_from)}</time>
                    " – "
                    <time datetime=agreement.valid_to.to_string()>{long_date(locale, agreement.valid_to)}</time>
                </p>
                {status}
            </header>
            <section aria-labelledby="promises-heading">
                <h2 id="promises-heading">{td!(locale, agreement.promises_heading)}</h2>
                <ol class="promises">
                    {progress.promises.into_iter().map(|p| view! { <Promise promise=p slug=slug.clone()/> }).collect_view()}
                </ol>
                <AsOf as_of/>
                <p class="downloads">
                    {td!(locale, agreement.open_data)} " "
                    <a href=paths::with_slug(paths::API_PROGRESS_CSV, &slug)>{td!(locale, agreement.progress_csv)}</a> ", "
                    <a href=paths::with_slug(paths::API_OPERATIONS_CSV, &slug)>{td!(locale, agreement.operations_csv)}</a> ", "
                    <a href=paths::with_slug(paths::API_PROGRESS, &slug)>{td!(locale, agreement.progress_json)}</a>
                </p>
                <p>
                    <a href=paths::follow_up(&slug)>{td!(locale, agreement.follow_up_link)}</a>
                </p>
                <FeedLink feed_path=paths::feed_agreement(&slug)/>
            </section>
            <RecentOperations operations=recent_operations/>
            <About agreement/>
            <EmbedCode embed_path=paths::embed_agreement(&slug) title=shared_title/>
            <AllAgreements all/>
        </article>
    }
}

#[component]
fn Promise(promise: PromiseProgress, slug: String) -> impl IntoView {
    let heading = format!("promise-{}", promise.id);
    view! {
        <li class="promise" aria-labelledby=heading.clone()>
            <h3 id=heading.clone()>{promise.text}</h3>
            <ul class="activities">
                {promise
                    .activities
                    .into_iter()
                    .map(|a| {
                        let link = activity_path(&slug, a.id);
                        view! { <Activity activity=a link/> }
                    })
                    .collect_view()}
            </ul>
        </li>
    }
}

/// The page of one activity: its progress and, for targeted operations, its latest ones.
pub fn activity_path(slug: &str, id: i64) -> String {
    paths::activity(slug, id)
}

/// "Sävsjö kommun och Lokalpolisområde Högländet".
pub(super) fn parties(locale: Locale, municipality: &str, police_area: &str) -> String {
    format!(
        "{municipality} {} {police_area}",
        td_string!(locale, agreement.and)
    )
}

/// Says that an agreement is example data (`lofte demo`), not a real promise.
#[component]
pub(super) fn ExampleNotice() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! { <p class="notice" role="note" data-testid="example-notice">{td!(locale, agreement.example_notice)}</p> }
}

/// When the figures were computed: the date the pace is measured against.
#[component]
pub(super) fn AsOf(as_of: chrono::NaiveDate) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <p class="as-of">
            {td!(locale, agreement.as_of)} " "
            <time datetime=as_of.to_string()>{long_date(locale, as_of)}</time>
            "."
        </p>
    }
}

/// One activity with its figures; `link` makes its text a link to the activity's own page.
#[component]
pub(super) fn Activity(
    activity: ActivityProgress,
    #[prop(optional)] link: Option<String>,
) -> impl IntoView {
    let ActivityProgress {
        text,
        owner,
        measure,
        target,
        cadence,
        achieved,
        periods,
        unit,
        ..
    } = activity;
    // A month's or a week's target: the spans that have begun, the latest few (the follow-up page and the
    // CSV have them all).
    let periods: Vec<PeriodProgress> = match cadence {
        Cadence::Month | Cadence::Week => {
            let begun: Vec<PeriodProgress> = periods
                .into_iter()
                .filter(|p| p.pace != Some(domain::progress::Pace::NotStarted))
                .collect();
            let skip = begun.len().saturating_sub(4);
            begun.into_iter().skip(skip).collect()
        }
        _ => periods,
    };
    let locale = use_i18n().get_locale_untracked();
    let figures = match (measure, target) {
        (Measure::Unmeasured, _) => None,
        (_, None) => Some(
            view! { <p class="tally">{td!(locale, agreement.so_far, achieved = achieved, unit = names::unit(locale, measure, unit.as_deref()))}</p> }.into_any(),
        ),
        (_, Some(_)) => Some(
            view! {
                <ul class="periods">
                    {periods.into_iter().map(|p| view! { <PeriodBar period=p measure cadence unit=unit.clone()/> }).collect_view()}
                </ul>
            }
            .into_any(),
        ),
    };
    view! {
        <li class="activity">
            <p class="owner">{names::owner(locale, owner)}</p>
            {match link {
                Some(href) => view! { <p><a href=href>{text}</a></p> }.into_any(),
                None => view! { <p>{text}</p> }.into_any(),
            }}
            {figures}
        </li>
    }
}

#[component]
fn PeriodBar(
    period: PeriodProgress,
    measure: Measure,
    cadence: Cadence,
    unit: Option<String>,
) -> impl IntoView {
    let target = period.target.unwrap_or(0);
    let locale = use_i18n().get_locale_untracked();
    let label = match cadence {
        Cadence::Period => String::new(),
        Cadence::CalendarYear => {
            format!(
                "{} ({}–{}): ",
                period.from.year(),
                short_date(locale, period.from),
                short_date(locale, period.to)
            )
        }
        Cadence::Month | Cadence::Week => format!(
            "{}–{}: ",
            short_date(locale, period.from),
            short_date(locale, period.to)
        ),
    };
    let summary = format!(
        "{label}{}",
        names::of_target(locale, period.achieved, target, measure, unit.as_deref())
    );
    let percent = (share(period.achieved, target) * 100.0).round();
    let pace = period.pace.map(|pace| {
        let detail = match (pace, period.expected) {
            (domain::progress::Pace::OnTrack | domain::progress::Pace::Behind, Some(expected)) => {
                Some(view! { " " {td!(locale, agreement.expected, expected = expected)} })
            }
            _ => None,
        };
        view! { <span class=format!("pace {}", pace.as_str())>{names::pace(locale, pace)} {detail}</span> }
    });
    view! {
        <li class="period-bar">
            <span class="figure">{summary.clone()}</span>
            {pace}
            <progress max=target value=period.achieved.min(target) aria-label=summary>
                {format!("{percent} %")}
            </progress>
        </li>
    }
}

#[component]
fn About(agreement: AgreementInfo) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <section aria-labelledby="background-heading">
            <h2 id="background-heading">{td!(locale, agreement.background)}</h2>
            {agreement.background.split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
        </section>
        <section aria-labelledby="follow-up-heading">
            <h2 id="follow-up-heading">{td!(locale, agreement.follow_up)}</h2>
            <p>{agreement.follow_up}</p>
        </section>
        <section aria-labelledby="signed-heading">
            <h2 id="signed-heading">{td!(locale, agreement.signed)}</h2>
            <p>
                <time datetime=agreement.signed_on.to_string()>{long_date(locale, agreement.signed_on)}</time>
            </p>
            <ul class="signatories">
                {agreement
                    .signatories
                    .into_iter()
                    .map(|s| {
                        view! {
                            <li>
                                <strong>{s.name}</strong>
                                <br/>
                                {s.title}
                                ", "
                                {s.organisation}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The latest targeted operations, as aggregates. Counts of youths below three are not shown exactly.
#[component]
pub(super) fn RecentOperations(operations: Vec<crate::field::OperationSummary>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    (!operations.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="operations-heading">
                <h2 id="operations-heading">{td!(locale, agreement.recent_operations)}</h2>
                <OperationsTable operations class="operations"/>
            </section>
        }
    })
}

/// Targeted operations as a table of aggregates, on the agreement's and activity's pages and in the follow-up
/// report: date (marked if corrected), place and counts, with the count of youths suppressed below three.
#[component]
pub(super) fn OperationsTable(
    operations: Vec<crate::field::OperationSummary>,
    class: &'static str,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let label = [
        td_string!(locale, agreement.col_date),
        td_string!(locale, agreement.col_place),
        td_string!(locale, agreement.col_checked),
        td_string!(locale, agreement.col_under_21),
        td_string!(locale, agreement.col_offences),
    ];
    view! {
        <table class=format!("{class} stack")>
            <thead>
                <tr>
                    <th scope="col">{td!(locale, agreement.col_date)}</th>
                    <th scope="col">{td!(locale, agreement.col_place)}</th>
                    <th scope="col">{td!(locale, agreement.col_checked)}</th>
                    <th scope="col">{td!(locale, agreement.col_under_21)}</th>
                    <th scope="col">{td!(locale, agreement.col_offences)}</th>
                </tr>
            </thead>
            <tbody>
                {operations.into_iter().map(|o| view! {
                    <tr>
                        <td data-label=label[0]>
                            <time datetime=o.date.to_string()>{short_date(locale, o.date)}</time>
                            {o.corrected.then(|| view! { " " <span class="corrected">{td!(locale, labels.corrected)}</span> })}
                        </td>
                        <td data-label=label[1]>{o.place}</td>
                        <td data-label=label[2]>{o.persons_checked}</td>
                        <td data-label=label[3]>{names::count(locale, o.persons_21_or_under)}</td>
                        <td data-label=label[4]>{o.drug_offences_reported}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Every published agreement, newest first: municipalities and periods side by side.
#[component]
fn AllAgreements(all: Vec<super::model::AgreementSummary>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    (all.len() > 1).then(|| {
        view! {
            <section aria-labelledby="all-heading">
                <h2 id="all-heading">{td!(locale, agreement.all)}</h2>
                <ul class="all-agreements">
                    {all.into_iter().map(|a| view! {
                        <li>
                            <a href=format!("/avtal/{}", a.slug)>{a.title}</a>
                            " – " {a.municipality} ", " {short_date(locale, a.valid_from)} "–" {short_date(locale, a.valid_to)}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
