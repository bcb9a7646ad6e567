//! The report form, an island. With JavaScript a saved report is checked by the same `ReportForm::parse`
//! the server uses and goes to the device's queue; without it the form posts straight to the server.

use super::context::FieldContext;
use super::words::{activity_label, kind_name, locale_of};
use super::SubmitReport;
use crate::i18n::td_string;
use crate::labels::fill;
use crate::ui::Field;
use crate::wording::Words;
use domain::problem::Problem;
use domain::report::{FieldErrors, ReportForm, ReportKind, MAX_NOTES, MAX_SUMMARY};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

#[island]
pub fn ReportEditor(
    kind: ReportKind,
    context: FieldContext,
    /// The page's language.
    lang: String,
    /// What the server refused in a form posted without JavaScript, per field, and why as a whole.
    refused: FieldErrors,
    refused_message: Option<String>,
    /// What was typed into the refused form, to fill in again.
    typed: Option<ReportForm>,
    /// The form was just stored by the server (without JavaScript).
    saved: bool,
    /// What the page says under the heading.
    children: Children,
) -> impl IntoView {
    let locale = locale_of(&lang);
    let activities = context.activities_of(kind);
    let defaults = ReportForm {
        kind: kind.as_str().into(),
        activity_id: activities
            .first()
            .map(|a| a.id.to_string())
            .unwrap_or_default(),
        date: context.today.to_string(),
        officers: "2".into(),
        ..ReportForm::default()
    };
    // A refused form keeps its id, so posting it again still stores it once.
    let next_id = RwSignal::new(
        typed
            .as_ref()
            .and_then(|t| Uuid::parse_str(&t.id).ok())
            .unwrap_or(context.new_id),
    );
    let initial = RwSignal::new(typed.unwrap_or(defaults));
    let errors = RwSignal::new(refused);
    let notice: RwSignal<Option<(bool, String)>> =
        RwSignal::new(refused_message.map(|message| (false, message)));
    let saved = RwSignal::new(saved);
    // Which queued report is being corrected (`?ratta=<id>`), read from the address in the browser: a page
    // the service worker kept serves every query string.
    let correcting: RwSignal<Option<Uuid>> = RwSignal::new(None);
    let places = RwSignal::new(context.recent_places.clone());

    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            // The page may come from the offline cache, id and all: in the browser every report gets a
            // fresh id.
            next_id.set(Uuid::new_v4());
            let query = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .unwrap_or_default();
            let param = |name: &str| {
                web_sys::UrlSearchParams::new_with_str(&query)
                    .ok()
                    .and_then(|p| p.get(name))
            };
            saved.set(param("sparad").is_some());
            if let Some(id) = param("ratta").and_then(|id| Uuid::parse_str(&id).ok()) {
                correcting.set(Some(id));
                let entry = super::store::load()
                    .ok()
                    .and_then(|q| q.entries.into_iter().find(|e| e.id == id));
                if let Some(entry) = entry {
                    initial.set(ReportForm::from_report(&entry.item));
                    errors.set(crate::wording::refusal(&entry.state, locale));
                }
            }
            // The server's suggestions render with the page; this device's own are added once hydrated,
            // so the page the browser builds matches the one the server sent.
            places.update(|list| {
                for place in super::store::recent_places() {
                    if !list.contains(&place) {
                        list.push(place);
                    }
                }
            });
        }
    });

    let error_for = move |field: &'static str| move || errors.with(|e| e.get(field).cloned());

    let rules = context.activities.clone();
    let today = context.today;
    let officer = context.username.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            ev.prevent_default();
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let correcting = correcting.get_untracked();
            let id = correcting.unwrap_or_else(|| next_id.get_untracked());
            let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
                .unwrap_or_default();
            let data = ReportForm {
                id: id.to_string(),
                created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                kind: kind.as_str().into(),
                ..read_form(&form)
            };
            let report = match data.parse(device_today(today), |aid| {
                rules.iter().find(|a| a.id == aid).map(|a| a.rule.clone())
            }) {
                Ok(report) => report,
                Err(found) => {
                    errors.set(crate::wording::render(&found, locale));
                    notice.set(Some((
                        false,
                        td_string!(locale, field.not_saved).to_owned(),
                    )));
                    focus_first_error(&form);
                    return;
                }
            };
            errors.set(FieldErrors::new());
            let now_ms = js_sys::Date::now();
            let saved_to_queue = super::store::update(|q| match correcting {
                Some(_) => q.correct(report).map_err(Into::into),
                None => q.add(report, &officer, now_ms).map_err(Into::into),
            });
            match saved_to_queue {
                Ok(_) => {
                    super::store::remember_place(&data.place);
                    super::store::request_sync();
                    if correcting.is_some() {
                        let _ = web_sys::window().map(|w| w.location().set_href(super::QUEUE_PATH));
                        return;
                    }
                    form.reset();
                    next_id.set(Uuid::new_v4());
                    notice.set(Some((
                        true,
                        td_string!(locale, field.saved_on_device).to_owned(),
                    )));
                }
                // The form keeps every value, so nothing typed is lost.
                Err(e) => {
                    let e: domain::queue::StoreError = e;
                    notice.set(Some((false, e.text(locale))));
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &rules, today, &officer, kind, next_id, correcting);
    };

    let personal_number = Problem::PersonalNumber.text(locale);
    let warn_personal_number = move |ev: leptos::ev::Event, field: &'static str| {
        let text = event_target_value(&ev);
        errors.update(|e| {
            if domain::pnr::contains_personal_number(&text) {
                e.insert(field.into(), personal_number.clone());
            } else if e.get(field) == Some(&personal_number) {
                e.remove(field);
            }
        });
    };

    let heading = kind_name(locale, kind);
    let button = match kind {
        ReportKind::TargetedOperation => td_string!(locale, field.save_operation),
        ReportKind::CollaborationMeeting => td_string!(locale, field.save_meeting),
        ReportKind::Activity => td_string!(locale, field.save_activity),
    };
    let tomorrow = context
        .today
        .succ_opt()
        .unwrap_or(context.today)
        .to_string();
    let value = move |f: fn(&ReportForm) -> String| move || initial.with(f);
    // With JavaScript the list offers the agreements whose period covers the chosen date (the form's date
    // until the officer picks another): an ended agreement would refuse every report, and one that has not
    // begun as well. Without it the list has them all, as the date can be changed after the list was made.
    let chosen_day: RwSignal<Option<chrono::NaiveDate>> = RwSignal::new(None);
    Effect::new(move |_| chosen_day.set(initial.with_untracked(|f| f.date.parse().ok())));
    let activities_for_note = activities.clone();

    view! {
        <h1 id="report-heading">
            {move || if correcting.get().is_some() {
                fill(td_string!(locale, field.correcting), &[("what", &heading.to_lowercase())])
            } else {
                heading.to_owned()
            }}
        </h1>
        {children()}
        {move || saved.get().then(|| view! {
            <p class="notice ok" role="status">{td_string!(locale, field.saved_on_server)}</p>
        })}
        {move || notice.get().map(|(ok, text)| view! {
            <p class="notice" class:ok=ok class:error=!ok role="alert">{text}</p>
        })}
        <form method="post" action=SubmitReport::url() on:submit=on_submit novalidate>
            <input type="hidden" name="kind" value=kind.as_str()/>
            <input type="hidden" name="id" value=move || next_id.get().to_string()/>
            <input type="hidden" name="created_at" value=context.opened_at.to_rfc3339()/>
            <Field name="activity_id" label=td_string!(locale, field.activity) error=error_for("activity_id")>
                <select id="activity_id" name="activity_id" prop:value=value(|f| f.activity_id.clone())>
                    {move || {
                        let day: Option<chrono::NaiveDate> = chosen_day.get();
                        activities
                            .iter()
                            .filter(|a| day.is_none_or(|d| a.rule.period.contains(d)))
                            .map(|a| view! { <option value=a.id.to_string()>{activity_label(a)}</option> })
                            .collect_view()
                    }}
                </select>
                {move || {
                    let day: Option<chrono::NaiveDate> = chosen_day.get();
                    let none = day.is_some_and(|d| !activities_for_note.iter().any(|a| a.rule.period.contains(d)));
                    none.then(|| view! { <p class="hint" data-testid="no-activity">{td_string!(locale, field.no_activity_on_date)}</p> })
                }}
            </Field>
            <Field name="date" label=td_string!(locale, field.date) error=error_for("date")>
                <input id="date" name="date" type="date" required max=tomorrow value=value(|f| f.date.clone())
                    on:input=move |ev| chosen_day.set(event_target_value(&ev).parse().ok())/>
            </Field>
            {match kind {
                ReportKind::TargetedOperation => view! {
                    <div class="pair">
                        <Field name="start_time" label=td_string!(locale, field.start) error=error_for("start_time")>
                            <input id="start_time" name="start_time" type="time" required value=value(|f| f.start_time.clone())/>
                        </Field>
                        <Field name="end_time" label=td_string!(locale, field.end) error=error_for("end_time")>
                            <input id="end_time" name="end_time" type="time" required value=value(|f| f.end_time.clone())/>
                        </Field>
                    </div>
                    <p class="hint">{td_string!(locale, field.times_hint)}</p>
                    <Field name="place" label=td_string!(locale, field.place) error=error_for("place")>
                        <input id="place" name="place" type="text" list="recent-places" required maxlength="120" autocomplete="off" value=value(|f| f.place.clone())/>
                        <datalist id="recent-places">
                            <For each=move || places.get() key=|p| p.clone() let(p)>
                                <option value=p/>
                            </For>
                        </datalist>
                    </Field>
                    <Count name="officers" label=td_string!(locale, field.officers) min=1 error=error_for("officers") value=value(|f| f.officers.clone())/>
                    <Count name="persons_checked" label=td_string!(locale, field.persons_checked) min=0 error=error_for("persons_checked") value=value(|f| f.persons_checked.clone())/>
                    <Count name="persons_21_or_under" label=td_string!(locale, field.persons_21_or_under) min=0 error=error_for("persons_21_or_under") value=value(|f| f.persons_21_or_under.clone())/>
                    <Count name="youths_identified" label=td_string!(locale, field.youths_identified) min=0 error=error_for("youths_identified") value=value(|f| f.youths_identified.clone())/>
                    <Count name="drug_offences_reported" label=td_string!(locale, field.drug_offences_reported) min=0 error=error_for("drug_offences_reported") value=value(|f| f.drug_offences_reported.clone())/>
                    <Field name="notes" label=td_string!(locale, field.notes_optional) error=error_for("notes")>
                        <textarea id="notes" name="notes" rows="3" maxlength=MAX_NOTES.to_string() prop:value=value(|f| f.notes.clone()) on:input=move |ev| warn_personal_number(ev, "notes")></textarea>
                    </Field>
                }
                .into_any(),
                ReportKind::Activity => view! {
                    <Count name="count" label=td_string!(locale, field.count) min=1 error=error_for("count") value=value(|f| f.count.clone())/>
                    <Field name="place" label=td_string!(locale, field.place) error=error_for("place")>
                        <input id="place" name="place" type="text" list="recent-places" required maxlength="120" autocomplete="off" value=value(|f| f.place.clone())/>
                        <datalist id="recent-places">
                            <For each=move || places.get() key=|p| p.clone() let(p)>
                                <option value=p/>
                            </For>
                        </datalist>
                    </Field>
                    <Count name="officers" label=td_string!(locale, field.officers) min=1 error=error_for("officers") value=value(|f| f.officers.clone())/>
                    <div class="pair">
                        <Field name="start_time" label=td_string!(locale, field.start_optional) error=error_for("start_time")>
                            <input id="start_time" name="start_time" type="time" value=value(|f| f.start_time.clone())/>
                        </Field>
                        <Field name="end_time" label=td_string!(locale, field.end_optional) error=error_for("end_time")>
                            <input id="end_time" name="end_time" type="time" value=value(|f| f.end_time.clone())/>
                        </Field>
                    </div>
                    <p class="hint">{td_string!(locale, field.times_hint)}</p>
                    <Field name="notes" label=td_string!(locale, field.notes_optional) error=error_for("notes")>
                        <textarea id="notes" name="notes" rows="3" maxlength=MAX_NOTES.to_string() prop:value=value(|f| f.notes.clone()) on:input=move |ev| warn_personal_number(ev, "notes")></textarea>
                    </Field>
                }
                .into_any(),
                ReportKind::CollaborationMeeting => view! {
                    <Field name="organisations" label=td_string!(locale, field.organisations_per_line) error=error_for("organisations")>
                        <textarea id="organisations" name="organisations" rows="3" required prop:value=value(|f| f.organisations.clone())></textarea>
                    </Field>
                    <Field name="summary" label=td_string!(locale, field.summary_short) error=error_for("summary")>
                        <textarea id="summary" name="summary" rows="4" required maxlength=MAX_SUMMARY.to_string() prop:value=value(|f| f.summary.clone()) on:input=move |ev| warn_personal_number(ev, "summary")></textarea>
                    </Field>
                }
                .into_any(),
            }}
            <button type="submit">{button}</button>
        </form>
    }
}

#[component]
fn Count(
    name: &'static str,
    label: &'static str,
    min: u32,
    error: impl Fn() -> Option<String> + Send + Sync + Copy + 'static,
    value: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Field name label error>
            <input
                id=name
                name=name
                type="number"
                inputmode="numeric"
                min=min.to_string()
                step="1"
                required
                value=value
                aria-describedby=format!("{name}-error")
                aria-invalid=move || error().is_some().to_string()
            />
        </Field>
    }
}

/// The browser's own date: a page kept offline may be days older than the server's "today" in it.
#[cfg(feature = "hydrate")]
fn device_today(fallback: chrono::NaiveDate) -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or(fallback)
}

/// The form as typed, by the field names the server function takes. Read through `serde_json`, which the
/// queue needs anyway, rather than Leptos's `FromFormData`, whose query-string parser would add its weight to
/// every officer's download for this one use.
#[cfg(feature = "hydrate")]
fn read_form(form: &web_sys::HtmlFormElement) -> ReportForm {
    let mut fields = serde_json::Map::new();
    let entries = web_sys::FormData::new_with_form(form)
        .ok()
        .and_then(|data| js_sys::try_iter(&data).ok().flatten());
    for entry in entries.into_iter().flatten().flatten() {
        let pair = js_sys::Array::from(&entry);
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            fields.insert(name, value.into());
        }
    }
    serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or_default()
}

#[cfg(feature = "hydrate")]
fn focus_first_error(form: &web_sys::HtmlFormElement) {
    use wasm_bindgen::JsCast;
    // The error texts are rendered in the next tick; the invalid field is found by its marker then.
    let form = form.clone();
    request_animation_frame(move || {
        if let Ok(Some(field)) = form
            .query_selector(".field.invalid input, .field.invalid textarea, .field.invalid select")
        {
            if let Ok(el) = field.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}
