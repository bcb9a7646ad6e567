//! The admin's record pages: reports and meetings listed and filtered, and one page per report with its
//! history, a correction form (a new version, with a reason) and a void form (kept, no longer counted).

use super::model::{RecordFilter, RecordWhat, ReportDetail};
use super::server::{get_report, list_reports, CorrectReport, VoidReport};
use crate::i18n::{td, td_string, use_i18n, Locale};
use crate::ui::admin::{admin_action, Input, Outcome, TextArea};
use crate::ui::loaded;
use crate::words::names::{fill, short_date};
use domain::report::ReportKind;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

/// A record row's "what" in `locale`.
fn what(locale: Locale, what: &RecordWhat) -> String {
    match what {
        RecordWhat::Operation {
            place,
            checked,
            young,
        } => fill(
            td_string!(locale, field.record_what),
            &[("place", place), ("checked", checked), ("young", young)],
        ),
        RecordWhat::Meeting { organisations } => organisations.join(", "),
        RecordWhat::Activity { place, count } => fill(
            td_string!(locale, field.record_activity),
            &[("place", place), ("count", count)],
        ),
    }
}

fn kind_label(locale: Locale, kind: &str) -> &'static str {
    if kind == ReportKind::CollaborationMeeting.as_str() {
        td_string!(locale, record_admin.kind_meeting)
    } else {
        td_string!(locale, record_admin.kind_operation)
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
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, record_admin.list_title)/>
        <section class="card" aria-labelledby="record">
            <h1 id="record">{td!(locale, record_admin.heading)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{td!(locale, admin.loading)}</p> }>
                {move || Suspend::new(async move {
                    let f = filter();
                    data.await.map(|page| {
                        let mut activities = vec![(String::new(), td_string!(locale, record_admin.all).to_owned())];
                        activities.extend(page.activities);
                        let mut officers = vec![(String::new(), td_string!(locale, record_admin.all).to_owned())];
                        officers.extend(page.officers.into_iter().map(|o| (o.clone(), o)));
                        let empty = page.rows.is_empty();
                        view! {
                            <Form method="GET" action="" attr:class="filters">
                                <FilterSelect name="activity" label=td_string!(locale, record_admin.activity) options=activities selected=f.activity/>
                                <FilterSelect name="officer" label=td_string!(locale, record_admin.officer) options=officers selected=f.officer/>
                                <div class="pair">
                                    <div class="field"><label for="from">{td!(locale, record_admin.from)}</label><input id="from" name="from" type="date" value=f.from/></div>
                                    <div class="field"><label for="to">{td!(locale, record_admin.to)}</label><input id="to" name="to" type="date" value=f.to/></div>
                                </div>
                                <button type="submit">{td!(locale, record_admin.show)}</button>
                            </Form>
                            {empty.then(|| view! { <p>{td!(locale, record_admin.no_match)}</p> })}
                            <table class="record stack">
                                <thead><tr>
                                    <th scope="col">{td!(locale, record_admin.date)}</th><th scope="col">{td!(locale, record_admin.kind)}</th><th scope="col">{td!(locale, record_admin.what)}</th>
                                    <th scope="col">{td!(locale, record_admin.officer)}</th><th scope="col">{td!(locale, record_admin.status)}</th>
                                </tr></thead>
                                <tbody>
                                    {page.rows.into_iter().map(|r| view! {
                                        <tr class:voided=r.voided>
                                            <td data-label=td_string!(locale, record_admin.date)><A href=crate::paths::admin_report(&r.id)>{short_date(locale, r.date)}</A></td>
                                            <td data-label=td_string!(locale, record_admin.kind)>{kind_label(locale, &r.kind)}</td>
                                            <td data-label=td_string!(locale, record_admin.what)>{what(locale, &r.what)}</td>
                                            <td data-label=td_string!(locale, record_admin.officer)>{r.officer}</td>
                                            <td data-label=td_string!(locale, record_admin.status)>{status(locale, r.voided, r.version)}</td>
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

fn status(locale: Locale, voided: bool, version: i64) -> String {
    match (voided, version) {
        (true, _) => td_string!(locale, record_admin.voided).into(),
        (false, 1) => td_string!(locale, record_admin.original).into(),
        (false, v) => fill(
            td_string!(locale, record_admin.corrected),
            &[("version", &v)],
        ),
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
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_report,
    );
    let locale = use_i18n().get_locale_untracked();
    loaded(
        data,
        td_string!(locale, admin.loading),
        |detail| view! { <ReportEditor detail/> },
    )
}

#[component]
fn ReportEditor(detail: ReportDetail) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (correct, feedback) =
        admin_action::<CorrectReport>(td_string!(locale, record_admin.correction_saved));
    let (void, void_feedback) =
        admin_action::<VoidReport>(td_string!(locale, record_admin.report_voided));
    let ReportDetail {
        row,
        form,
        history,
        void: voided,
    } = detail;
    let is_operation = row.kind == ReportKind::TargetedOperation.as_str();
    let is_activity = row.kind == ReportKind::Activity.as_str();
    let id = row.id.clone();
    let void_id = row.id.clone();
    view! {
        <Title text=td_string!(locale, record_admin.report_title)/>
        <section class="card">
            <p><A href=crate::paths::ADMIN_REPORTS>{td!(locale, record_admin.all_reports)}</A></p>
            <h1>{kind_label(locale, &row.kind)} " " {short_date(locale, row.date)}</h1>
            <p>{row.activity.clone()}</p>
            <p>{td!(locale, record_admin.reported_by, officer = row.officer.clone(), status = status(locale, row.voided, row.version))}</p>
            {voided.clone().map(|(reason, by, at)| view! {
                <p class="notice error">{td!(locale, record_admin.voided_by, by = by, at = at, reason = reason)}</p>
            })}
            <h2>{td!(locale, record_admin.history)}</h2>
            <ol class="history">
                {history.into_iter().map(|v| view! {
                    <li>{td!(locale, record_admin.version, version = v.version, reason = v.reason.clone().unwrap_or_else(|| td_string!(locale, field.record_reported).to_owned()), by = v.by, at = v.at)}</li>
                }).collect_view()}
            </ol>
        </section>
        {voided.is_none().then(|| view! {
            <section class="card" aria-labelledby="correct">
                <h2 id="correct">{td!(locale, record_admin.correct)}</h2>
                <p class="hint">{td!(locale, record_admin.correct_hint)}</p>
                <ActionForm action=correct>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=row.version/>
                    <input type="hidden" name="kind" value=form.kind.clone()/>
                    <input type="hidden" name="activity_id" value=form.activity_id.clone()/>
                    <Input name="date" label=td_string!(locale, record_admin.date) kind="date" value=form.date.clone() feedback/>
                    {if is_activity {
                        view! {
                            <Input name="count" label=td_string!(locale, field.count) kind="number" value=form.count.clone() feedback/>
                            <div class="pair">
                                <Input name="start_time" label=td_string!(locale, field.start_optional) kind="time" value=form.start_time.clone() feedback/>
                                <Input name="end_time" label=td_string!(locale, field.end_optional) kind="time" value=form.end_time.clone() feedback/>
                            </div>
                            <Input name="place" label=td_string!(locale, record_admin.place) value=form.place.clone() feedback/>
                            <Input name="officers" label=td_string!(locale, record_admin.officers) kind="number" value=form.officers.clone() feedback/>
                            <TextArea name="notes" label=td_string!(locale, record_admin.notes) value=form.notes.clone() feedback/>
                        }.into_any()
                    } else if is_operation {
                        view! {
                            <div class="pair">
                                <Input name="start_time" label=td_string!(locale, record_admin.start) kind="time" value=form.start_time.clone() feedback/>
                                <Input name="end_time" label=td_string!(locale, record_admin.end) kind="time" value=form.end_time.clone() feedback/>
                            </div>
                            <Input name="place" label=td_string!(locale, record_admin.place) value=form.place.clone() feedback/>
                            <Input name="officers" label=td_string!(locale, record_admin.officers) kind="number" value=form.officers.clone() feedback/>
                            <Input name="persons_checked" label=td_string!(locale, record_admin.persons_checked) kind="number" value=form.persons_checked.clone() feedback/>
                            <Input name="persons_21_or_under" label=td_string!(locale, record_admin.under_21) kind="number" value=form.persons_21_or_under.clone() feedback/>
                            <Input name="youths_identified" label=td_string!(locale, record_admin.youths_identified) kind="number" value=form.youths_identified.clone() feedback/>
                            <Input name="drug_offences_reported" label=td_string!(locale, record_admin.drug_offences) kind="number" value=form.drug_offences_reported.clone() feedback/>
                            <TextArea name="notes" label=td_string!(locale, record_admin.notes) value=form.notes.clone() feedback/>
                        }.into_any()
                    } else {
                        view! {
                            <TextArea name="organisations" label=td_string!(locale, record_admin.organisations) value=form.organisations.clone() feedback/>
                            <TextArea name="summary" label=td_string!(locale, record_admin.summary) value=form.summary.clone() feedback/>
                        }.into_any()
                    }}
                    <Input name="reason" id="correct-reason" label=td_string!(locale, record_admin.correction_reason) feedback/>
                    <button type="submit">{td!(locale, record_admin.save_correction)}</button>
                    <Outcome feedback/>
                </ActionForm>
            </section>
            <section class="card" aria-labelledby="void">
                <h2 id="void">{td!(locale, record_admin.void)}</h2>
                <p class="hint">{td!(locale, record_admin.void_hint)}</p>
                <ActionForm action=void>
                    <input type="hidden" name="id" value=void_id/>
                    <Input name="reason" id="void-reason" label=td_string!(locale, record_admin.reason) feedback=void_feedback/>
                    <button type="submit">{td!(locale, record_admin.void_report)}</button>
                    <Outcome feedback=void_feedback/>
                </ActionForm>
            </section>
        })}
    }
}
