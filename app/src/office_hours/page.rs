//! The public office-hours page: open now or next, the coming fourteen days, and the weekly schedule.

use super::model::{AreaChoice, OfficeHoursPage, Schedule, Shown};
use super::server::office_hours;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::loaded;
use crate::words::names::{self, long_date};
use domain::calendar::hh_mm;
use domain::office_hours::{open_or_next, Occurrence, Slot};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn time_span(o: &Occurrence) -> String {
    format!("{}–{}", hh_mm(o.start), hh_mm(o.end))
}

/// `/oppettider`: the one police area's office hours, or, with several, the areas to choose between.
#[component]
pub fn OfficeHoursPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.read().get("kommun"),
        |municipality| office_hours(None, municipality),
    );
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, hours.title).to_string()/>
        {loaded(data, td_string!(locale, hours.loading), |page| view! { <Hours page/> })}
    }
}

/// `/oppettider/{area}`: one police area's office hours.
#[component]
pub fn AreaOfficeHoursPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("area"),
        |area| office_hours(area, None),
    );
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, hours.title).to_string()/>
        {loaded(data, td_string!(locale, hours.loading), |page| view! { <Hours page/> })}
    }
}

#[component]
fn Hours(page: OfficeHoursPage) -> impl IntoView {
    let OfficeHoursPage { areas, shown } = page;
    let several = areas.len() > 1;
    match shown {
        Some(shown) => view! { <AreaHours shown several/> }.into_any(),
        None => view! { <Choose areas/> }.into_any(),
    }
}

/// The police areas to choose between, and a search by municipality that works without JavaScript.
#[component]
fn Choose(areas: Vec<AreaChoice>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let mut municipalities: Vec<(String, String)> = areas
        .iter()
        .flat_map(|a| {
            a.municipalities
                .iter()
                .map(|m| (m.name.clone(), m.code.clone()))
        })
        .collect();
    municipalities.sort();
    municipalities.dedup();
    view! {
        <section class="card" aria-labelledby="hours-heading">
            <h1 id="hours-heading">{td!(locale, hours.title)}</h1>
            <form method="get" action=crate::paths::OFFICE_HOURS class="inline">
                <label for="kommun">{td!(locale, hours.by_municipality)}</label>
                <select id="kommun" name="kommun">
                    {municipalities.into_iter().map(|(name, code)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
                <button type="submit">{td!(locale, hours.show)}</button>
            </form>
            <h2>{td!(locale, hours.by_area)}</h2>
            <ul class="areas">
                {areas.into_iter().map(|a| {
                    let names: Vec<String> = a.municipalities.iter().map(|m| m.name.clone()).collect();
                    view! {
                        <li>
                            <a href=crate::paths::office_hours_area(&a.area.slug)>{a.area.name.clone()}</a>
                            {(!names.is_empty()).then(|| view! { <span class="hint">" – " {names.join(", ")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn AreaHours(shown: Shown, several: bool) -> impl IntoView {
    let Shown { area, schedule } = shown;
    let Schedule {
        now,
        subscribe,
        slots,
        occurrences,
    } = schedule;
    let feed = area.as_ref().map_or_else(
        || crate::paths::OFFICE_HOURS_FEED.to_owned(),
        |a| crate::paths::office_hours_area_feed(&a.slug),
    );
    let area_name = area.map(|a| a.name);
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
            {area_name.map(|name| view! { <p class="lead">{name}</p> })}
            {several.then(|| view! { <p><a href=crate::paths::OFFICE_HOURS>{td!(locale, hours.other_areas)}</a></p> })}
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
                <a href=feed>{td!(locale, hours.download)}</a>
            </p>
            <script type="application/ld+json" inner_html=ld></script>
        </section>
    }
}

#[component]
pub fn WeeklyTable(slots: Vec<Slot>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <table class="schedule stack">
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
                            <td data-label=td_string!(locale, hours.col_day)>{names::weekday(locale, s.weekday)}</td>
                            <td data-label=td_string!(locale, hours.col_time)>{format!("{}–{}", hh_mm(s.start), hh_mm(s.end))}</td>
                            <td data-label=td_string!(locale, hours.col_place)>{s.place.clone()} " (" {names::place_kind(locale, s.kind)} ")"</td>
                            <td data-label=td_string!(locale, hours.col_valid)>{valid}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
