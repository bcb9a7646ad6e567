//! The admin's office-hours page: edit the weekly slots, add one, cancel an occurrence with a reason, and
//! add a one-off occurrence.

use super::domain::{PlaceKind, Slot, SlotForm, WEEKDAYS};
use super::page::time_span;
use super::Schedule;
use crate::admin::{admin_action, Changes, Feedback, Input, Outcome, Select};
use crate::error::AppError;
use crate::format::long_date;
use crate::ui::loaded;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use crate::admin::invalid;

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/get")]
pub async fn office_hours_admin() -> Result<Schedule, AppError> {
    crate::admin::actor().await?;
    super::schedule(&crate::web::app_state()?.pool, 0, 60).await
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/slots/create")]
pub async fn create_slot(#[server(flatten)] form: SlotForm) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
    let def = form.slot().map_err(invalid)?;
    super::db::create_slot(&crate::web::app_state()?.pool, &actor, &def)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/slots/update")]
pub async fn update_slot(
    id: i64,
    version: i64,
    #[server(flatten)] form: SlotForm,
) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
    let def = form.slot().map_err(invalid)?;
    super::db::update_slot(&crate::web::app_state()?.pool, &actor, id, version, &def)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/cancel")]
pub async fn cancel_occurrence(slot_id: i64, date: String, reason: String) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
    let mut c = crate::forms::Checker::default();
    let date = c.date("date", &date);
    let reason = c.check("reason", crate::types::Line::parse(&reason));
    let (date, reason) = c.finish(date.zip(reason)).map_err(invalid)?;
    super::db::mark(
        &crate::web::app_state()?.pool,
        &actor,
        super::domain::OccurrenceKey::Slot { slot_id, date },
        &super::domain::Mark::Cancelled(reason),
        super::stockholm_now(),
    )
    .await
    .map_err(AppError::respond)
    .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "office-hours/extras/create")]
pub async fn add_extra(#[server(flatten)] form: SlotForm, note: String) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
    let def = form.extra().map_err(invalid)?;
    super::db::add_extra(&crate::web::app_state()?.pool, &actor, &def, note.trim())
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

fn kinds() -> Vec<(String, String)> {
    PlaceKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), k.label().to_owned()))
        .collect()
}

fn weekdays() -> Vec<(String, String)> {
    WEEKDAYS
        .iter()
        .enumerate()
        .map(|(n, name)| ((n + 1).to_string(), name.to_string()))
        .collect()
}

#[component]
pub fn OfficeHoursAdmin() -> impl IntoView {
    let changes = Changes::get();
    let data = Resource::new(move || changes.get(), |_| office_hours_admin());
    view! {
        <Title text="Öppettider – administration"/>
        {loaded(data, "Hämtar…", |schedule| view! { <Editor schedule/> })}
    }
}

#[component]
fn Editor(schedule: Schedule) -> impl IntoView {
    let (create, create_feedback) = admin_action::<CreateSlot>("Tiden är tillagd.");
    let (cancel, cancel_feedback) = admin_action::<CancelOccurrence>("Tillfället är inställt.");
    let (extra, extra_feedback) = admin_action::<AddExtra>("Extratiden är tillagd.");
    let slot_options: Vec<(String, String)> = schedule
        .slots
        .iter()
        .map(|s| {
            (
                s.id.to_string(),
                format!(
                    "{} {}–{}, {}",
                    s.weekday_name(),
                    s.start.format("%H:%M"),
                    s.end.format("%H:%M"),
                    s.place
                ),
            )
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="slots">
            <h1 id="slots">"Öppettider"</h1>
            <p class="hint">"Tider i svensk tid. Ett tomt slutdatum betyder tills vidare."</p>
            {schedule.slots.into_iter().map(|s| view! { <SlotEditor current=s/> }).collect_view()}
            <details>
                <summary>"Ny tid i veckoschemat"</summary>
                <ActionForm action=create>
                    <SlotFields current=None prefix="new-".into() feedback=create_feedback/>
                    <button type="submit">"Lägg till tiden"</button>
                    <Outcome feedback=create_feedback/>
                </ActionForm>
            </details>
        </section>
        <section class="card" aria-labelledby="exceptions">
            <h2 id="exceptions">"Ställ in ett tillfälle"</h2>
            <ActionForm action=cancel>
                <Select name="slot_id" id="cancel-slot" label="Tid" options=slot_options feedback=cancel_feedback/>
                <Input name="date" id="cancel-date" label="Datum" kind="date" feedback=cancel_feedback/>
                <Input name="reason" id="cancel-reason" label="Skäl (visas för allmänheten)" feedback=cancel_feedback/>
                <button type="submit">"Ställ in"</button>
                <Outcome feedback=cancel_feedback/>
            </ActionForm>
            <h2>"Lägg till en extra tid"</h2>
            <ActionForm action=extra>
                <Input name="place" id="extra-place" label="Plats" feedback=extra_feedback/>
                <Select name="kind" id="extra-kind" label="Typ" options=kinds() feedback=extra_feedback/>
                <Input name="date" id="extra-date" label="Datum" kind="date" feedback=extra_feedback/>
                <div class="pair">
                    <Input name="start_time" id="extra-start" label="Start" kind="time" feedback=extra_feedback/>
                    <Input name="end_time" id="extra-end" label="Slut" kind="time" feedback=extra_feedback/>
                </div>
                <Input name="note" id="extra-note" label="Anteckning (frivillig)" feedback=extra_feedback/>
                <button type="submit">"Lägg till"</button>
                <Outcome feedback=extra_feedback/>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="upcoming">
            <h2 id="upcoming">"Kommande 60 dagar"</h2>
            <ul class="occurrences">
                {schedule.occurrences.iter().map(|o| {
                    let text = format!("{} {}, {}", long_date(o.date), time_span(o), o.place);
                    match &o.cancelled {
                        Some(reason) => view! { <li class="cancelled"><del>{text}</del> " – inställt: " {reason.clone()}</li> }.into_any(),
                        None => view! { <li>{text} {o.extra_id.map(|_| " (extra)")}</li> }.into_any(),
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn SlotFields(current: Option<Slot>, prefix: String, feedback: Feedback) -> impl IntoView {
    let hm = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
    let s = current.as_ref();
    view! {
        <Input name="place" id=format!("{prefix}place") label="Plats" value=s.map(|s| s.place.clone()).unwrap_or_default() feedback/>
        <Select name="kind" id=format!("{prefix}kind") label="Typ" options=kinds()
            selected=s.map(|s| s.kind.as_str().to_owned()).unwrap_or_default() feedback/>
        <Select name="weekday" id=format!("{prefix}weekday") label="Veckodag" options=weekdays()
            selected=s.map(|s| s.weekday.to_string()).unwrap_or_default() feedback/>
        <div class="pair">
            <Input name="start_time" id=format!("{prefix}start") label="Start" kind="time" value=s.map(|s| hm(s.start)).unwrap_or_default() feedback/>
            <Input name="end_time" id=format!("{prefix}end") label="Slut" kind="time" value=s.map(|s| hm(s.end)).unwrap_or_default() feedback/>
        </div>
        <div class="pair">
            <Input name="valid_from" id=format!("{prefix}from") label="Gäller från" kind="date"
                value=s.map(|s| s.valid_from.to_string()).unwrap_or_default() feedback/>
            <Input name="valid_to" id=format!("{prefix}to") label="Gäller till" kind="date"
                value=s.and_then(|s| s.valid_to).map(|d| d.to_string()).unwrap_or_default() feedback/>
        </div>
    }
}

#[component]
fn SlotEditor(current: Slot) -> impl IntoView {
    let (update, feedback) = admin_action::<UpdateSlot>("Tiden är sparad.");
    let slot = current;
    let prefix = format!("s{}-", slot.id);
    let heading = format!(
        "{} {}–{}",
        slot.weekday_name(),
        slot.start.format("%H:%M"),
        slot.end.format("%H:%M")
    );
    view! {
        <details class="slot-edit">
            <summary>{heading} ", " {slot.place.clone()} {slot.example.then_some(" (exempel)")}</summary>
            <ActionForm action=update>
                <input type="hidden" name="id" value=slot.id/>
                <input type="hidden" name="version" value=slot.version/>
                <SlotFields current=Some(slot) prefix feedback/>
                <button type="submit">"Spara tiden"</button>
                <Outcome feedback/>
            </ActionForm>
        </details>
    }
}
