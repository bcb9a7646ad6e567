//! The admin's view of the audit log, filtered, with a CSV export of the same filter.

use super::server::audit_log;
use crate::audit::{AuditFilter, Entity};
use crate::i18n::{td, td_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn query_string(f: &AuditFilter) -> String {
    [
        ("entity", &f.entity),
        ("actor", &f.actor),
        ("from", &f.from),
        ("to", &f.to),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={}", urlencode(v)))
    .collect::<Vec<_>>()
    .join("&")
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| AuditFilter {
            entity: q.get("entity").unwrap_or_default(),
            actor: q.get("actor").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
        })
    };
    let rows = Resource::new(filter, audit_log);
    let locale = use_i18n().get_locale_untracked();
    let entities = [
        ("", td_string!(locale, audit.entity_all)),
        (
            Entity::Agreement.as_str(),
            td_string!(locale, audit.entity_agreement),
        ),
        (
            Entity::Promise.as_str(),
            td_string!(locale, audit.entity_promise),
        ),
        (
            Entity::Activity.as_str(),
            td_string!(locale, audit.entity_activity),
        ),
        (
            Entity::OfficeHourSlot.as_str(),
            td_string!(locale, audit.entity_office_hour_slot),
        ),
        (
            Entity::OfficeHourCancellation.as_str(),
            td_string!(locale, audit.entity_office_hour_cancellation),
        ),
        (
            Entity::OfficeHourExtra.as_str(),
            td_string!(locale, audit.entity_office_hour_extra),
        ),
        (Entity::User.as_str(), td_string!(locale, audit.entity_user)),
        (
            Entity::Report.as_str(),
            td_string!(locale, audit.entity_report),
        ),
    ];
    view! {
        <Title text=td_string!(locale, audit.admin_title).to_string()/>
        <section class="card" aria-labelledby="log">
            <h1 id="log">{td!(locale, audit.title)}</h1>
            <p class="hint">{td!(locale, audit.hint)}</p>
            {move || {
                let f = filter();
                let csv = format!("{}?{}", crate::paths::API_AUDIT_CSV, query_string(&f));
                view! {
                    <Form method="GET" action="" attr:class="filters">
                        <div class="field">
                            <label for="entity">{td!(locale, audit.what)}</label>
                            <select id="entity" name="entity">
                                {entities.iter().map(|(value, text)| {
                                    let is = *value == f.entity;
                                    view! { <option value=*value selected=is>{*text}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field"><label for="actor">{td!(locale, audit.who)}</label><input id="actor" name="actor" value=f.actor.clone()/></div>
                        <div class="pair">
                            <div class="field"><label for="from">{td!(locale, audit.from)}</label><input id="from" name="from" type="date" value=f.from.clone()/></div>
                            <div class="field"><label for="to">{td!(locale, audit.to)}</label><input id="to" name="to" type="date" value=f.to.clone()/></div>
                        </div>
                        <button type="submit">{td!(locale, audit.show)}</button>
                    </Form>
                    <p><a href=csv download="andringslogg.csv">{td!(locale, audit.download_csv)}</a></p>
                }
            }}
            <Suspense fallback=move || view! { <p class="loading">{td!(locale, audit.loading)}</p> }>
                {move || Suspend::new(async move {
                    rows.await.map(|rows| view! {
                        <table class="audit stack">
                            <thead><tr>
                                <th scope="col">{td!(locale, audit.when_utc)}</th><th scope="col">{td!(locale, audit.who)}</th>
                                <th scope="col">{td!(locale, audit.what)}</th><th scope="col">{td!(locale, audit.before)}</th>
                                <th scope="col">{td!(locale, audit.after)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|e| view! {
                                    <tr>
                                        <td data-label=td_string!(locale, audit.when_utc)>{e.at}</td>
                                        <td data-label=td_string!(locale, audit.who)>{e.actor}</td>
                                        <td data-label=td_string!(locale, audit.what)><code>{e.action}</code> " #" {e.entity_id}</td>
                                        <td data-label=td_string!(locale, audit.before)><code>{e.before.unwrap_or_default()}</code></td>
                                        <td data-label=td_string!(locale, audit.after)><code>{e.after.unwrap_or_default()}</code></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                })}
            </Suspense>
        </section>
    }
}
