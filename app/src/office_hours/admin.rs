//! The admin's office-hours page: edit the weekly slots, add one, cancel an occurrence with a reason, and
//! add a one-off occurrence.

use super::model::Schedule;
use super::page::time_span;
use super::server::{office_hours_admin, AddExtra, CancelOccurrence, CreateSlot, UpdateSlot};
use crate::i18n::{td, td_string, use_i18n, Locale};
use crate::ui::admin::{admin_action, Feedback, Input, Outcome, Select};
use crate::ui::loaded;
use crate::words::names::{self, long_date};
use domain::calendar::hh_mm;
use domain::office_hours::{PlaceKind, Slot};
use leptos::prelude::*;
use leptos_meta::Title;

fn kinds(locale: Locale) -> Vec<(String, String)> {
    PlaceKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), names::place_kind(locale, *k)))
        .collect()
}

fn weekdays(locale: Locale) -> Vec<(String, String)> {
    (1..=7u8)
        .map(|n| (n.to_string(), names::weekday(locale, n)))
        .collect()
}

#[component]
pub fn OfficeHoursAdmin() -> impl IntoView {
    let data = Resource::new(|| (), |_| office_hours_admin());
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, hours_admin.admin_title).to_string()/>
        {loaded(data, td_string!(locale, hours_admin.loading), |schedule| view! { <Editor schedule/> })}
    }
}

#[component]
fn Editor(schedule: Schedule) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (create, create_feedback) =
        admin_action::<CreateSlot>(td_string!(locale, hours_admin.slot_added));
    let (cancel, cancel_feedback) =
        admin_action::<CancelOccurrence>(td_string!(locale, hours_admin.occurrence_cancelled));
    let (extra, extra_feedback) =
        admin_action::<AddExtra>(td_string!(locale, hours_admin.extra_added));
    let slot_options: Vec<(String, String)> = schedule
        .slots
        .iter()
        .map(|s| {
            (
                s.id.to_string(),
                format!(
                    "{} {}–{}, {}",
                    names::weekday(locale, s.weekday),
                    hh_mm(s.start),
                    hh_mm(s.end),
                    s.place
                ),
            )
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="slots">
            <h1 id="slots">{td!(locale, hours_admin.title)}</h1>
            <p class="hint">{td!(locale, hours_admin.hint)}</p>
            {schedule.slots.into_iter().map(|s| view! { <SlotEditor current=s/> }).collect_view()}
            <details>
                <summary>{td!(locale, hours_admin.new_slot)}</summary>
                <ActionForm action=create>
                    <AreaChoice id="new-police-area" feedback=create_feedback/>
                    <SlotFields current=None prefix="new-".into() feedback=create_feedback/>
                    <button type="submit">{td!(locale, hours_admin.add_slot)}</button>
                    <Outcome feedback=create_feedback/>
                </ActionForm>
            </details>
        </section>
        <section class="card" aria-labelledby="exceptions">
            <h2 id="exceptions">{td!(locale, hours_admin.cancel_heading)}</h2>
            <ActionForm action=cancel>
                <Select name="slot_id" id="cancel-slot" label=td_string!(locale, hours.col_time) options=slot_options feedback=cancel_feedback/>
                <Input name="date" id="cancel-date" label=td_string!(locale, hours_admin.date) kind="date" feedback=cancel_feedback/>
                <Input name="reason" id="cancel-reason" label=td_string!(locale, hours_admin.reason) feedback=cancel_feedback/>
                <button type="submit">{td!(locale, hours_admin.cancel)}</button>
                <Outcome feedback=cancel_feedback/>
            </ActionForm>
            <h2>{td!(locale, hours_admin.extra_heading)}</h2>
            <ActionForm action=extra>
                <AreaChoice id="extra-police-area" feedback=extra_feedback/>
                <Input name="place" id="extra-place" label=td_string!(locale, hours.col_place) feedback=extra_feedback/>
                <Select name="kind" id="extra-kind" label=td_string!(locale, hours_admin.kind) options=kinds(locale) feedback=extra_feedback/>
                <Input name="date" id="extra-date" label=td_string!(locale, hours_admin.date) kind="date" feedback=extra_feedback/>
                <div class="pair">
                    <Input name="start_time" id="extra-start" label=td_string!(locale, hours_admin.start) kind="time" feedback=extra_feedback/>
                    <Input name="end_time" id="extra-end" label=td_string!(locale, hours_admin.end) kind="time" feedback=extra_feedback/>
                </div>
                <Input name="note" id="extra-note" label=td_string!(locale, hours_admin.note) feedback=extra_feedback/>
                <button type="submit">{td!(locale, hours_admin.add)}</button>
                <Outcome feedback=extra_feedback/>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="upcoming">
            <h2 id="upcoming">{td!(locale, hours_admin.upcoming)}</h2>
            <ul class="occurrences">
                {schedule.occurrences.iter().map(|o| {
                    let text = format!("{} {}, {}", long_date(locale, o.date), time_span(o), o.place);
                    match &o.cancelled {
                        Some(reason) => view! { <li class="cancelled"><del>{text}</del> " " {td!(locale, hours.cancelled)} " " {reason.clone()}</li> }.into_any(),
                        None => view! { <li>{text} {o.extra_id.map(|_| format!(" ({})", td_string!(locale, hours_admin.extra)))}</li> }.into_any(),
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn SlotFields(current: Option<Slot>, prefix: String, feedback: Feedback) -> impl IntoView {
    let hm = hh_mm;
    let s = current.as_ref();
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Input name="place" id=format!("{prefix}place") label=td_string!(locale, hours.col_place) value=s.map(|s| s.place.clone()).unwrap_or_default() feedback/>
        <Select name="kind" id=format!("{prefix}kind") label=td_string!(locale, hours_admin.kind) options=kinds(locale)
            selected=s.map(|s| s.kind.as_str().to_owned()).unwrap_or_default() feedback/>
        <Select name="weekday" id=format!("{prefix}weekday") label=td_string!(locale, hours_admin.weekday) options=weekdays(locale)
            selected=s.map(|s| s.weekday.to_string()).unwrap_or_default() feedback/>
        <div class="pair">
            <Input name="start_time" id=format!("{prefix}start") label=td_string!(locale, hours_admin.start) kind="time" value=s.map(|s| hm(s.start)).unwrap_or_default() feedback/>
            <Input name="end_time" id=format!("{prefix}end") label=td_string!(locale, hours_admin.end) kind="time" value=s.map(|s| hm(s.end)).unwrap_or_default() feedback/>
        </div>
        <div class="pair">
            <Input name="valid_from" id=format!("{prefix}from") label=td_string!(locale, hours_admin.valid_from) kind="date"
                value=s.map(|s| s.valid_from.to_string()).unwrap_or_default() feedback/>
            <Input name="valid_to" id=format!("{prefix}to") label=td_string!(locale, hours_admin.valid_to) kind="date"
                value=s.and_then(|s| s.valid_to).map(|d| d.to_string()).unwrap_or_default() feedback/>
        </div>
    }
}

#[component]
fn SlotEditor(current: Slot) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (update, feedback) = admin_action::<UpdateSlot>(td_string!(locale, hours_admin.slot_saved));
    let feedback = feedback.for_item("id", current.id);
    let slot = current;
    let prefix = format!("s{}-", slot.id);
    let heading = format!(
        "{} {}–{}",
        names::weekday(locale, slot.weekday),
        hh_mm(slot.start),
        hh_mm(slot.end)
    );
    view! {
        <details class="slot-edit">
            <summary>{heading} ", " {slot.place.clone()} {slot.example.then(|| format!(" ({})", td_string!(locale, hours_admin.example)))}</summary>
            <ActionForm action=update>
                <input type="hidden" name="id" value=slot.id/>
                <input type="hidden" name="version" value=slot.version/>
                <SlotFields current=Some(slot) prefix feedback/>
                <button type="submit">{td!(locale, hours_admin.save_slot)}</button>
                <Outcome feedback/>
            </ActionForm>
        </details>
    }
}

/// The police area a new office hour belongs to: chosen from the admin's scope's areas when it holds
/// several; with one, the server takes it.
#[component]
fn AreaChoice(id: &'static str, feedback: Feedback) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let areas = use_context::<crate::auth::AdminContext>()
        .map(|admin| admin.police_areas)
        .unwrap_or_default();
    (areas.len() > 1).then(|| {
        let options: Vec<(String, String)> =
            areas.into_iter().map(|a| (a.slug, a.name)).collect();
        view! {
            <Select name="police_area" id=id label=td_string!(locale, hours_admin.police_area) options feedback/>
        }
    })
}
