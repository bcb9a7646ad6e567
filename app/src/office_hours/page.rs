//! The public office-hours page: open now or next, the coming fourteen days, and the weekly schedule.

use super::domain::{open_or_next, Occurrence, Slot};
use super::Schedule;
use crate::error::AppError;
use crate::format::long_date;
use crate::ui::loaded;
use leptos::prelude::*;
use leptos_meta::Title;

pub const OFFICE_HOURS_PATH: &str = "/oppettider";

#[server]
pub async fn office_hours() -> Result<Schedule, AppError> {
    let mut schedule = super::schedule(&crate::web::app_state()?.pool, 0, 14).await?;
    let headers = crate::web::extract::<axum::http::HeaderMap>().await?;
    schedule.subscribe = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|host| format!("webcal://{host}/office-hours.ics"));
    Ok(schedule)
}

pub fn time_span(o: &Occurrence) -> String {
    format!("{}–{}", o.start.format("%H:%M"), o.end.format("%H:%M"))
}

#[component]
pub fn OfficeHoursPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| office_hours());
    view! {
        <Title text="Möt polisen"/>
        {loaded(data, "Hämtar tiderna…", |schedule| view! { <Hours schedule/> })}
    }
}

#[component]
fn Hours(schedule: Schedule) -> impl IntoView {
    let Schedule {
        now,
        subscribe,
        slots,
        occurrences,
    } = schedule;
    // A data block, not a script: the CSP does not apply, and `<` is escaped so it cannot end the element.
    let ld = super::domain::json_ld(&slots, &occurrences)
        .to_string()
        .replace('<', "\\u003c");
    let example = slots.iter().any(|s| s.example);
    let headline = match open_or_next(&occurrences, now) {
        Some((o, true)) => format!("Öppet nu: {}, {} i dag", o.place, time_span(o)),
        Some((o, false)) => format!(
            "Nästa tid: {}, {} {}",
            o.place,
            long_date(o.date),
            time_span(o)
        ),
        None => "Inga tider de närmaste två veckorna.".to_owned(),
    };
    view! {
        <section class="card" aria-labelledby="hours-heading">
            <h1 id="hours-heading">"Möt polisen"</h1>
            {example.then(|| view! { <p class="notice">"Exempeldata: tiderna är inte fastställda ännu."</p> })}
            <p class="now" data-testid="open-now">{headline}</p>
            <h2>"De närmaste två veckorna"</h2>
            <ul class="occurrences">
                {occurrences.iter().map(|o| {
                    let text = format!("{} {}, {}", long_date(o.date), time_span(o), o.place);
                    match &o.cancelled {
                        Some(reason) => view! {
                            <li class="cancelled"><del>{text}</del> " – inställt: " {reason.clone()}</li>
                        }.into_any(),
                        None => view! { <li>{text}</li> }.into_any(),
                    }
                }).collect_view()}
            </ul>
            <h2>"Veckoschema"</h2>
            <WeeklyTable slots/>
            <p>
                {subscribe.map(|href| view! { <a href=href>"Prenumerera i din kalender"</a> " · " })}
                <a href="/office-hours.ics">"Ladda ner kalenderfilen (.ics)"</a>
            </p>
            <script type="application/ld+json" inner_html=ld></script>
        </section>
    }
}

#[component]
pub fn WeeklyTable(slots: Vec<Slot>) -> impl IntoView {
    view! {
        <table class="schedule">
            <thead><tr><th scope="col">"Dag"</th><th scope="col">"Tid"</th><th scope="col">"Plats"</th><th scope="col">"Gäller"</th></tr></thead>
            <tbody>
                {slots.into_iter().map(|s| {
                    let valid = match s.valid_to {
                        Some(to) => format!("{} – {}", long_date(s.valid_from), long_date(to)),
                        None => format!("från {}", long_date(s.valid_from)),
                    };
                    view! {
                        <tr>
                            <td>{s.weekday_name()}</td>
                            <td>{format!("{}–{}", s.start.format("%H:%M"), s.end.format("%H:%M"))}</td>
                            <td>{s.place.clone()} " (" {s.kind.label()} ")"</td>
                            <td>{valid}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
