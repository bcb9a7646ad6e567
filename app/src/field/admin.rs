//! The admin's record pages: reports and meetings listed and filtered, and one page per report with its
//! history, a correction form (a new version, with a reason) and a void form (kept, no longer counted).

use super::report::{ReportForm, ReportKind};
use crate::admin::{admin_action, Changes, Input, Outcome, TextArea};
use crate::error::AppError;
use crate::format::short_date;
use crate::ui::loaded;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the record list is filtered by. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordFilter {
    #[serde(default)]
    pub activity: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub officer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    pub id: String,
    pub kind: String,
    pub activity: String,
    pub officer: String,
    pub date: NaiveDate,
    pub what: String,
    pub version: i64,
    pub voided: bool,
    pub received_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPage {
    pub rows: Vec<RecordRow>,
    pub activities: Vec<(String, String)>,
    pub officers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub version: i64,
    pub reason: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDetail {
    pub row: RecordRow,
    /// The current version, to correct from.
    pub form: ReportForm,
    pub history: Vec<VersionInfo>,
    /// (reason, by, at) if voided.
    pub void: Option<(String, String, String)>,
}

#[cfg(feature = "ssr")]
const LIST_LIMIT: i64 = 500;

#[server(prefix = "/api/v1/admin", endpoint = "reports/list")]
pub async fn list_reports(#[server(flatten)] filter: RecordFilter) -> Result<RecordPage, AppError> {
    crate::admin::actor().await?;
    let pool = crate::web::app_state()?.pool;
    let (activities, officers) = super::record::filter_options(&pool).await?;
    Ok(RecordPage {
        rows: super::record::list(&pool, &filter, LIST_LIMIT).await?,
        activities,
        officers,
    })
}

#[server(prefix = "/api/v1/admin", endpoint = "reports/get")]
pub async fn get_report(id: String) -> Result<ReportDetail, AppError> {
    crate::admin::actor().await?;
    super::record::detail(&crate::web::app_state()?.pool, &id)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "reports/correct")]
pub async fn correct_report(
    id: String,
    version: i64,
    reason: String,
    #[server(flatten)] form: ReportForm,
) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
    let reason = crate::types::Line::parse(&reason)
        .map_err(|e| AppError::invalid_field("reason", format!("ange ett skäl: {e}")).respond())?;
    let pool = crate::web::app_state()?.pool;
    super::record::correct(
        &pool,
        &actor,
        &id,
        version,
        &reason,
        &form,
        crate::web::today(),
    )
    .await
    .map_err(AppError::respond)
    .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "reports/void")]
pub async fn void_report(id: String, reason: String) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
    let reason = crate::types::Line::parse(&reason)
        .map_err(|e| AppError::invalid_field("reason", format!("ange ett skäl: {e}")).respond())?;
    let pool = crate::web::app_state()?.pool;
    super::record::void(&pool, &actor, &id, &reason)
        .await
        .map_err(AppError::respond)
}

fn kind_label(kind: &str) -> &'static str {
    if kind == ReportKind::CollaborationMeeting.as_str() {
        "Möte"
    } else {
        "Insats"
    }
}

#[component]
pub fn RecordAdmin() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| RecordFilter {
            activity: q.get("activity").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            officer: q.get("officer").unwrap_or_default(),
        })
    };
    let data = Resource::new(filter, list_reports);
    view! {
        <Title text="Rapporter – administration"/>
        <section class="card" aria-labelledby="record">
            <h1 id="record">"Rapporter"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Hämtar…"</p> }>
                {move || Suspend::new(async move {
                    let f = filter();
                    data.await.map(|page| {
                        let mut activities = vec![(String::new(), "Alla".to_owned())];
                        activities.extend(page.activities);
                        let mut officers = vec![(String::new(), "Alla".to_owned())];
                        officers.extend(page.officers.into_iter().map(|o| (o.clone(), o)));
                        let empty = page.rows.is_empty();
                        view! {
                            <Form method="GET" action="" attr:class="filters">
                                <FilterSelect name="activity" label="Aktivitet" options=activities selected=f.activity/>
                                <FilterSelect name="officer" label="Polis" options=officers selected=f.officer/>
                                <div class="pair">
                                    <div class="field"><label for="from">"Från"</label><input id="from" name="from" type="date" value=f.from/></div>
                                    <div class="field"><label for="to">"Till"</label><input id="to" name="to" type="date" value=f.to/></div>
                                </div>
                                <button type="submit">"Visa"</button>
                            </Form>
                            {empty.then(|| view! { <p>"Inga rapporter matchar."</p> })}
                            <table class="record">
                                <thead><tr>
                                    <th scope="col">"Datum"</th><th scope="col">"Typ"</th><th scope="col">"Vad"</th>
                                    <th scope="col">"Polis"</th><th scope="col">"Status"</th>
                                </tr></thead>
                                <tbody>
                                    {page.rows.into_iter().map(|r| view! {
                                        <tr class:voided=r.voided>
                                            <td><A href=format!("/admin/rapporter/{}", r.id)>{short_date(r.date)}</A></td>
                                            <td>{kind_label(&r.kind)}</td>
                                            <td>{r.what}</td>
                                            <td>{r.officer}</td>
                                            <td>{status(r.voided, r.version)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

fn status(voided: bool, version: i64) -> String {
    match (voided, version) {
        (true, _) => "Makulerad".into(),
        (false, 1) => "Original".into(),
        (false, v) => format!("Korrigerad (version {v})"),
    }
}

#[component]
fn FilterSelect(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <select id=name name=name>
                {options.into_iter().map(|(value, text)| {
                    let is = value == selected;
                    view! { <option value=value selected=is>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn ReportAdmin() -> impl IntoView {
    let params = use_params_map();
    let changes = Changes::get();
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), changes.get()),
        |(id, _)| get_report(id),
    );
    loaded(data, "Hämtar…", |detail| view! { <ReportEditor detail/> })
}

#[component]
fn ReportEditor(detail: ReportDetail) -> impl IntoView {
    let (correct, feedback) = admin_action::<CorrectReport>("Rättelsen är sparad.");
    let (void, void_feedback) = admin_action::<VoidReport>("Rapporten är makulerad.");
    let ReportDetail {
        row,
        form,
        history,
        void: voided,
    } = detail;
    let is_operation = row.kind == ReportKind::TargetedOperation.as_str();
    let id = row.id.clone();
    let void_id = row.id.clone();
    view! {
        <Title text="Rapport – administration"/>
        <section class="card">
            <p><A href="/admin/rapporter">"← Alla rapporter"</A></p>
            <h1>{kind_label(&row.kind)} " " {short_date(row.date)}</h1>
            <p>{row.activity.clone()}</p>
            <p>"Rapporterad av " {row.officer.clone()} ". " {status(row.voided, row.version)} "."</p>
            {voided.clone().map(|(reason, by, at)| view! {
                <p class="notice error">"Makulerad av " {by} " " {at} ": " {reason}</p>
            })}
            <h2>"Historik"</h2>
            <ol class="history">
                {history.into_iter().map(|v| view! {
                    <li>"Version " {v.version} ": " {v.reason} " (" {v.by} ", " {v.at} ")"</li>
                }).collect_view()}
            </ol>
        </section>
        {voided.is_none().then(|| view! {
            <section class="card" aria-labelledby="correct">
                <h2 id="correct">"Rätta"</h2>
                <p class="hint">"Rättelsen blir en ny version. Den gamla finns kvar, och den publika sidan visar att rapporten är korrigerad."</p>
                <ActionForm action=correct>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=row.version/>
                    <input type="hidden" name="kind" value=form.kind.clone()/>
                    <input type="hidden" name="activity_id" value=form.activity_id.clone()/>
                    <Input name="date" label="Datum" kind="date" value=form.date.clone() feedback/>
                    {if is_operation {
                        view! {
                            <div class="pair">
                                <Input name="start_time" label="Start" kind="time" value=form.start_time.clone() feedback/>
                                <Input name="end_time" label="Slut" kind="time" value=form.end_time.clone() feedback/>
                            </div>
                            <Input name="place" label="Plats" value=form.place.clone() feedback/>
                            <Input name="officers" label="Poliser" kind="number" value=form.officers.clone() feedback/>
                            <Input name="persons_checked" label="Kontrollerade personer" kind="number" value=form.persons_checked.clone() feedback/>
                            <Input name="persons_21_or_under" label="Varav 21 år eller yngre" kind="number" value=form.persons_21_or_under.clone() feedback/>
                            <Input name="youths_identified" label="Identifierade ungdomar" kind="number" value=form.youths_identified.clone() feedback/>
                            <Input name="drug_offences_reported" label="Anmälda narkotikabrott" kind="number" value=form.drug_offences_reported.clone() feedback/>
                            <TextArea name="notes" label="Anteckningar" value=form.notes.clone() feedback/>
                        }.into_any()
                    } else {
                        view! {
                            <TextArea name="organisations" label="Organisationer (en per rad)" value=form.organisations.clone() feedback/>
                            <TextArea name="summary" label="Sammanfattning" value=form.summary.clone() feedback/>
                        }.into_any()
                    }}
                    <Input name="reason" id="correct-reason" label="Skäl till rättelsen" feedback/>
                    <button type="submit">"Spara rättelsen"</button>
                    <Outcome feedback/>
                </ActionForm>
            </section>
            <section class="card" aria-labelledby="void">
                <h2 id="void">"Makulera"</h2>
                <p class="hint">"En makulerad rapport finns kvar men räknas inte."</p>
                <ActionForm action=void>
                    <input type="hidden" name="id" value=void_id/>
                    <Input name="reason" id="void-reason" label="Skäl" feedback=void_feedback/>
                    <button type="submit">"Makulera rapporten"</button>
                    <Outcome feedback=void_feedback/>
                </ActionForm>
            </section>
        })}
    }
}
