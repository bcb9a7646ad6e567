//! The printable follow-up report ("Uppföljning") for one agreement: every activity's figures per span with
//! its pace, and every targeted operation as aggregates, on one page that a municipality can publish or print
//! as it is. The print stylesheet drops the site's navigation.

use super::view::{AgreementPageData, PublicCount};
use crate::error::AppError;
use crate::format::{long_date, short_date};
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
    view! {
        {loaded(data, "Hämtar uppföljningen…", |report| view! { <Report report/> })}
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
    view! {
        <Title text=format!("Uppföljning: {}", agreement.title)/>
        <article class="follow-up">
            <p class="eyebrow">{agreement.municipality.clone()} " och " {agreement.police_area.clone()}</p>
            <h1>"Uppföljning: " {agreement.title.clone()}</h1>
            <p>
                "Avtalsperiod " {long_date(agreement.valid_from)} " – " {long_date(agreement.valid_to)}
                ". Sammanställt " <time datetime=as_of.to_string()>{long_date(as_of)}</time>
                " ur polisens och kommunens rapporter. Rättade rapporter räknas i sin senaste version, makulerade räknas inte."
            </p>
            <p class="no-print"><a href=format!("/avtal/{}", agreement.slug)>"Till avtalets sida"</a></p>
            <h2>"Måluppfyllelse"</h2>
            <table class="follow-up-table">
                <thead>
                    <tr>
                        <th scope="col">"Aktivitet"</th>
                        <th scope="col">"Period"</th>
                        <th scope="col">"Mål"</th>
                        <th scope="col">"Utfört"</th>
                        <th scope="col">"Takt"</th>
                    </tr>
                </thead>
                <tbody>
                    {progress.promises.into_iter().enumerate().flat_map(|(n, promise)| {
                        promise.activities.into_iter().flat_map(move |a| {
                            let text = format!("Löfte {}: {}", n + 1, a.text);
                            a.periods.into_iter().map(move |p| view! {
                                <tr>
                                    <td>{text.clone()}</td>
                                    <td>{short_date(p.from)} "–" {short_date(p.to)}</td>
                                    <td>{p.target.map(|t| t.to_string()).unwrap_or_else(|| "–".into())}</td>
                                    <td>{p.achieved}</td>
                                    <td>{p.pace.map(|x| x.label()).unwrap_or("–")}</td>
                                </tr>
                            })
                        })
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"Riktade insatser"</h2>
            <p>
                {format!(
                    "{} insatser, {} kontrollerade personer, varav {} 21 år eller yngre, och {} anmälda narkotikabrott.",
                    report.operations, report.persons_checked, report.persons_21_or_under, report.drug_offences_reported
                )}
            </p>
            <table class="follow-up-table">
                <thead>
                    <tr>
                        <th scope="col">"Datum"</th>
                        <th scope="col">"Plats"</th>
                        <th scope="col">"Kontrollerade"</th>
                        <th scope="col">"Varav 21 år eller yngre"</th>
                        <th scope="col">"Anmälda narkotikabrott"</th>
                    </tr>
                </thead>
                <tbody>
                    {recent_operations.into_iter().map(|o| view! {
                        <tr>
                            <td>{short_date(o.date)} {o.corrected.then_some(" (korrigerad)")}</td>
                            <td>{o.place}</td>
                            <td>{o.persons_checked}</td>
                            <td>{o.persons_21_or_under.to_string()}</td>
                            <td>{o.drug_offences_reported}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">"Antal under 3 visas som ”färre än 3” så att ingen enskild kan pekas ut."</p>
        </article>
    }
}
