//! The admin's view of the audit log, filtered, with a CSV export of the same filter.

use super::{AuditEntry, AuditFilter};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[cfg(feature = "ssr")]
const PAGE_LIMIT: i64 = 200;

#[server(prefix = "/api/v1/admin", endpoint = "audit/list")]
pub async fn audit_log(
    #[server(flatten)] filter: AuditFilter,
) -> Result<Vec<AuditEntry>, AppError> {
    crate::admin::actor().await?;
    Ok(super::db::list(&crate::web::app_state()?.pool, &filter, PAGE_LIMIT).await?)
}

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
    let entities = [
        ("", "Alla"),
        ("agreement", "Avtal"),
        ("promise", "Löften"),
        ("activity", "Aktiviteter"),
        ("office_hour_slot", "Öppettider"),
        ("office_hour_cancellation", "Inställda tider"),
        ("office_hour_extra", "Extra tider"),
        ("user", "Konton"),
        ("report", "Rapporter"),
    ];
    view! {
        <Title text="Logg – administration"/>
        <section class="card" aria-labelledby="log">
            <h1 id="log">"Ändringslogg"</h1>
            <p class="hint">"Varje ändring sparas här och kan aldrig ändras eller tas bort."</p>
            {move || {
                let f = filter();
                let csv = format!("/api/v1/admin/audit.csv?{}", query_string(&f));
                view! {
                    <Form method="GET" action="" attr:class="filters">
                        <div class="field">
                            <label for="entity">"Vad"</label>
                            <select id="entity" name="entity">
                                {entities.iter().map(|(value, text)| {
                                    let is = *value == f.entity;
                                    view! { <option value=*value selected=is>{*text}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field"><label for="actor">"Vem"</label><input id="actor" name="actor" value=f.actor.clone()/></div>
                        <div class="pair">
                            <div class="field"><label for="from">"Från"</label><input id="from" name="from" type="date" value=f.from.clone()/></div>
                            <div class="field"><label for="to">"Till"</label><input id="to" name="to" type="date" value=f.to.clone()/></div>
                        </div>
                        <button type="submit">"Visa"</button>
                    </Form>
                    <p><a href=csv download="andringslogg.csv">"Ladda ner som CSV"</a></p>
                }
            }}
            <Suspense fallback=|| view! { <p class="loading">"Hämtar…"</p> }>
                {move || Suspend::new(async move {
                    rows.await.map(|rows| view! {
                        <table class="audit">
                            <thead><tr>
                                <th scope="col">"När (UTC)"</th><th scope="col">"Vem"</th><th scope="col">"Vad"</th>
                                <th scope="col">"Före"</th><th scope="col">"Efter"</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|e| view! {
                                    <tr>
                                        <td>{e.at}</td>
                                        <td>{e.actor}</td>
                                        <td>{e.action} " #" {e.entity_id}</td>
                                        <td><code>{e.before.unwrap_or_default()}</code></td>
                                        <td><code>{e.after.unwrap_or_default()}</code></td>
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
