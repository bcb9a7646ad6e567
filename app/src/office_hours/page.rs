//! The public office-hours page: open now or next, the coming fourteen days, and the weekly schedule.

use super::model::Schedule;
use super::server::office_hours;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::loaded;
use crate::words::names::{self, long_date};
use domain::calendar::hh_mm;
use domain::office_hours::{open_or_next, Occurrence, Slot};
use leptos::prelude::*;
use leptos_meta::Title;

pub fn time_span(o: &Occurrence) -> String {
    format!("{}–{}", hh_mm(o.start), hh_mm(o.end))
}

#[component]
pub fn OfficeHoursPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| office_hours());
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, hours.title).to_string()/>
        {loaded(data, td_string!(locale, hours.loading), |schedule| view! { <Hours schedule/> })}
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
    let ld = super::json_ld::json_ld(&slots, &occurrences)
        .to_string()
        .replace('<', "\\u003c");
    // Example data until an admin has saved a slot: from then on the schedule is the admin's (the admin
    // page still marks the example slots left to review).
    let example = !slots.is_empty() && slots.iter().all(|s| s.example);
    let locale = use_i18n().get_locale_untracked();
    let headline = match open_or_next(&occurrences, now) {
        Some((o, true)) => td!(
            locale,
            hours.open_now,
            place = o.place.clone(),
            time = time_span(o)
        )
        .into_any(),
        Some((o, false)) => td!(
            locale,
            hours.next,
            place = o.place.clone(),
            date = long_date(locale, o.date),
            time = time_span(o)
        )
        .into_any(),
        None => td!(locale, hours.none).into_any(),
    };
    view! {
        <section class="card" aria-labelledby="hours-heading">
            <h1 id="hours-heading">{td!(locale, hours.title)}</h1>
            {example.then(|| view! { <p class="notice">{td!(locale, hours.example)}</p> })}
            <p class="now" data-testid="open-now">{headline}</p>
            <h2>{td!(locale, hours.two_weeks)}</h2>
            <ul class="occurrences">
                {occurrences.iter().map(|o| {
                    let text = format!("{} {}, {}", long_date(locale, o.date), time_span(o), o.place);
                    match &o.cancelled {
                        Some(reason) => view! {
                            <li class="cancelled"><del>{text}</del> " " {td!(locale, hours.cancelled)} " " {reason.clone()}</li>
                        }.into_any(),
                        None => view! { <li>{text}</li> }.into_any(),
                    }
                }).collect_view()}
            </ul>
            <h2>{td!(locale, hours.weekly)}</h2>
            <WeeklyTable slots/>
            <p>
                {subscribe.map(|href| view! { <a href=href>{td!(locale, hours.subscribe)}</a> " · " })}
                <a href=crate::paths::OFFICE_HOURS_FEED>{td!(locale, hours.download)}</a>
            </p>
            <script type="application/ld+json" inner_html=ld></script>
        </section>
    }
}

#[component]
pub fn WeeklyTable(slots: Vec<Slot>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <table class="schedule">
            <thead>
                <tr>
                    <th scope="col">{td!(locale, hours.col_day)}</th>
                    <th scope="col">{td!(locale, hours.col_time)}</th>
                    <th scope="col">{td!(locale, hours.col_place)}</th>
                    <th scope="col">{td!(locale, hours.col_valid)}</th>
                </tr>
            </thead>
            <tbody>
                {slots.into_iter().map(|s| {
                    let valid = match s.valid_to {
                        Some(to) => format!("{} – {}", long_date(locale, s.valid_from), long_date(locale, to)),
                        None => format!("{} {}", td_string!(locale, hours.from), long_date(locale, s.valid_from)),
                    };
                    view! {
                        <tr>
                            <td>{names::weekday(locale, s.weekday)}</td>
                            <td>{format!("{}–{}", hh_mm(s.start), hh_mm(s.end))}</td>
                            <td>{s.place.clone()} " (" {names::place_kind(locale, s.kind)} ")"</td>
                            <td>{valid}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
