//! The report form. The server renders all of it (`ReportFields`, the fields with what was typed and what
//! was refused), so it works without JavaScript: it posts straight to the server. The island around the
//! form, `ReportEditor`, only adds behaviour: with JavaScript a saved report is checked by the same
//! `ReportForm::parse` the server uses and goes to the device's queue, and the island shows the checks'
//! answers in the fields the server rendered. The fields' markup is not part of the browser's download.

use super::model::FieldContext;
use super::server::SubmitReport;
use crate::i18n::{td_string, Locale};
use crate::ui::{textarea_text, Field};
use crate::words::reports::activity_label;
use domain::report::{FieldErrors, ReportForm, ReportKind, MAX_NOTES, MAX_SUMMARY};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The page's heading, which says so when a queued report is being corrected.
pub const HEADING_ID: &str = "report-heading";
// The elements the island looks for in the form the server rendered.
const FORM_ID: &str = "report-form";
const NO_ACTIVITY_ID: &str = "no-activity";
const PLACES_ID: &str = "recent-places";
/// The form's confirmation (a report saved) and its refusal, above the fields.
const NOTICE_OK_ID: &str = "form-notice-ok";
const NOTICE_ERROR_ID: &str = "form-notice-error";

#[island]
pub fn ReportEditor(
    kind: ReportKind,
    context: FieldContext,
    /// The page's language.
    lang: String,
    /// What the server refused in a form posted without JavaScript, per field, as the fields show it.
    refused: FieldErrors,
    /// The form, rendered on the server (`ReportFields`).
    children: Children,
) -> impl IntoView {
    // On the server the island is its children; in the browser it works on the form they hold.
    #[cfg(feature = "hydrate")]
    browser::attach(kind, context, crate::language::named(&lang), refused);
    #[cfg(not(feature = "hydrate"))]
    let _ = (kind, context, lang, refused);
    children()
}

/// The form as the server renders it, its fields filled with `values` and showing `errors`: the children of
/// `ReportEditor`, so none of it is in the browser's download. Above the fields the form's notices: that the
/// report was `saved` (without JavaScript), or why the server `refused` it; the island shows them too.
#[component]
pub fn ReportFields(
    kind: ReportKind,
    context: FieldContext,
    values: ReportForm,
    errors: FieldErrors,
    saved: bool,
    refused: Option<String>,
    locale: Locale,
) -> impl IntoView {
    let activities = context.activities_of(kind);
    let errors = StoredValue::new(errors);
    let error_for = move |field: &'static str| move || errors.with_value(|e| e.get(field).cloned());
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
    let places = context.recent_places.clone();
    let place_value = values.place.clone();
    let place = move || {
        view! {
            <input id="place" name="place" type="text" list=PLACES_ID required maxlength="120" autocomplete="off" value=place_value/>
            <datalist id=PLACES_ID>
                {places.into_iter().map(|p| view! { <option value=p/> }).collect_view()}
            </datalist>
        }
    };
    let times = |required: bool, start: &'static str, end: &'static str| {
        view! {
            <div class="pair">
                <Field name="start_time" label=start error=error_for("start_time")>
                    <input id="start_time" name="start_time" type="time" required=required value=values.start_time.clone()/>
                </Field>
                <Field name="end_time" label=end error=error_for("end_time")>
                    <input id="end_time" name="end_time" type="time" required=required value=values.end_time.clone()/>
                </Field>
            </div>
            <p class="hint">{td_string!(locale, field.times_hint)}</p>
        }
    };
    let notes = || {
        view! {
            <Field name="notes" label=td_string!(locale, field.notes_optional) error=error_for("notes")>
                <textarea id="notes" name="notes" rows="3" maxlength=MAX_NOTES.to_string() inner_html=textarea_text(&values.notes)></textarea>
            </Field>
        }
    };
    let count = |name: &'static str, label: &'static str, min: u32, value: &String| {
        view! { <Count name label min error=error_for(name) value=value.clone()/> }
    };
    let body = match kind {
        ReportKind::TargetedOperation => view! {
            {times(true, td_string!(locale, field.start), td_string!(locale, field.end))}
            <Field name="place" label=td_string!(locale, field.place) error=error_for("place")>{place()}</Field>
            {count("officers", td_string!(locale, field.officers), 1, &values.officers)}
            {count("persons_checked", td_string!(locale, field.persons_checked), 0, &values.persons_checked)}
            {count("persons_21_or_under", td_string!(locale, field.persons_21_or_under), 0, &values.persons_21_or_under)}
            {count("youths_identified", td_string!(locale, field.youths_identified), 0, &values.youths_identified)}
            {count("drug_offences_reported", td_string!(locale, field.drug_offences_reported), 0, &values.drug_offences_reported)}
            {notes()}
        }
        .into_any(),
        ReportKind::Activity => view! {
            {count("count", td_string!(locale, field.count), 1, &values.count)}
            <Field name="place" label=td_string!(locale, field.place) error=error_for("place")>{place()}</Field>
            {count("officers", td_string!(locale, field.officers), 1, &values.officers)}
            {times(false, td_string!(locale, field.start_optional), td_string!(locale, field.end_optional))}
            {notes()}
        }
        .into_any(),
        ReportKind::CollaborationMeeting => view! {
            <Field name="organisations" label=td_string!(locale, field.organisations_per_line) error=error_for("organisations")>
                <textarea id="organisations" name="organisations" rows="3" required inner_html=textarea_text(&values.organisations)></textarea>
            </Field>
            <Field name="summary" label=td_string!(locale, field.summary_short) error=error_for("summary")>
                <textarea id="summary" name="summary" rows="4" required maxlength=MAX_SUMMARY.to_string() inner_html=textarea_text(&values.summary)></textarea>
            </Field>
        }
        .into_any(),
    };
    view! {
        <form id=FORM_ID method="post" action=SubmitReport::url() novalidate>
            <p class="notice ok" role="status" id=NOTICE_OK_ID hidden=!saved>{td_string!(locale, field.saved_on_server)}</p>
            <p class="notice error" role="alert" id=NOTICE_ERROR_ID hidden=refused.is_none()>{refused.clone()}</p>
            <input type="hidden" name="kind" value=kind.as_str()/>
            <input type="hidden" name="id" value=values.id.clone()/>
            <input type="hidden" name="created_at" value=context.opened_at.to_rfc3339()/>
            <Field name="activity_id" label=td_string!(locale, field.activity) error=error_for("activity_id")>
                <select id="activity_id" name="activity_id">
                    {activities
                        .iter()
                        .map(|a| {
                            let id = a.id.to_string();
                            let selected = id == values.activity_id;
                            view! { <option value=id selected=selected>{activity_label(a)}</option> }
                        })
                        .collect_view()}
                </select>
                // Shown by the island when no agreement covers the chosen date.
                <p class="hint" id=NO_ACTIVITY_ID data-testid="no-activity" hidden>{td_string!(locale, field.no_activity_on_date)}</p>
            </Field>
            <Field name="date" label=td_string!(locale, field.date) error=error_for("date")>
                <input id="date" name="date" type="date" required max=tomorrow value=values.date.clone()/>
            </Field>
            {body}
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
    value: String,
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
                aria-invalid=error().is_some().to_string()
            />
        </Field>
    }
}

/// The island's work in the browser, on the fields the server rendered.
#[cfg(feature = "hydrate")]
mod browser {
    use super::{
        FieldContext, FORM_ID, HEADING_ID, NOTICE_ERROR_ID, NOTICE_OK_ID, NO_ACTIVITY_ID, PLACES_ID,
    };
    use crate::i18n::{td_string, Locale};
    use crate::words::problems::Words;
    use crate::words::reports::activity_label;
    use domain::problem::Problem;
    use domain::report::{FieldErrors, ReportForm, ReportKind, ReportableActivity};
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};
    use uuid::Uuid;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{Element, HtmlFormElement};

    /// The heading's attribute with its text while a queued report is corrected, as the page renders it.
    const CORRECTING_ATTRIBUTE: &str = "data-correcting";

    /// Once the page is hydrated: starts the form, listens to it and shows the checks' answers in its fields.
    pub fn attach(kind: ReportKind, context: FieldContext, locale: Locale, refused: FieldErrors) {
        let errors = RwSignal::new(refused);
        // Which queued report is being corrected (`?ratta=<id>`), read from the address in the browser: a
        // page the service worker kept serves every query string.
        let correcting: RwSignal<Option<Uuid>> = RwSignal::new(None);
        let context = StoredValue::new(context);
        let form = || {
            document()
                .get_element_by_id(FORM_ID)
                .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        };
        // Once: the listeners live as long as the page, and nothing here should attach them twice.
        Effect::new(move |attached: Option<()>| {
            let Some(form) = form().filter(|_| attached.is_none()) else {
                return;
            };
            context.with_value(|c| start(&form, kind, c, locale, correcting, errors));
            listen(&form, "submit", move |form, ev| {
                ev.prevent_default();
                let correcting = correcting.get_untracked();
                context.with_value(|c| submit(form, kind, c, locale, correcting, errors));
            });
            listen(&form, "input", move |form, ev| {
                context.with_value(|c| typed(form, ev, kind, c, locale, errors));
            });
        });
        // The fields show the latest checks' answers.
        Effect::new(move |_| {
            if let Some(form) = form() {
                errors.with(|e| show_errors(&form, e));
            }
        });
    }

    /// Calls `handle` with the form and the event at every `event` on it, as long as the page lives.
    fn listen(
        form: &HtmlFormElement,
        event: &str,
        handle: impl Fn(&HtmlFormElement, &web_sys::Event) + 'static,
    ) {
        let target = form.clone();
        let listener =
            Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| handle(&target, &ev));
        let _ = form.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        listener.forget();
    }

    /// The activities offered on `day`: those whose agreement's period covers it. With JavaScript the list
    /// follows the chosen date (an ended agreement would refuse every report, and one that has not begun as
    /// well); without it the list has them all, as the date can be changed after the list was made.
    fn offered(
        activities: &[ReportableActivity],
        day: Option<chrono::NaiveDate>,
    ) -> impl Iterator<Item = &ReportableActivity> {
        activities
            .iter()
            .filter(move |a| day.is_none_or(|d| a.rule.period.contains(d)))
    }

    /// The field control named `name`.
    fn control(form: &HtmlFormElement, name: &str) -> Option<Element> {
        form.query_selector(&format!("[name=\"{name}\"]"))
            .ok()
            .flatten()
    }

    fn value_of(form: &HtmlFormElement, name: &str) -> String {
        control(form, name)
            .and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("value")).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    fn set_value(form: &HtmlFormElement, name: &str, value: &str) {
        if let Some(c) = control(form, name) {
            let _ =
                js_sys::Reflect::set(&c, &JsValue::from_str("value"), &JsValue::from_str(value));
        }
    }

    fn search_param(name: &str) -> Option<String> {
        let query = web_sys::window()?.location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&query)
            .ok()?
            .get(name)
    }

    /// Once hydrated: a fresh id, the address's `?sparad` and `?ratta=<id>`, the activities of the chosen
    /// date and this device's recent places.
    fn start(
        form: &HtmlFormElement,
        kind: ReportKind,
        context: &FieldContext,
        locale: Locale,
        correcting: RwSignal<Option<Uuid>>,
        errors: RwSignal<FieldErrors>,
    ) {
        // The page may come from the offline cache, id and all: in the browser every report gets a fresh id.
        set_value(form, "id", &Uuid::new_v4().to_string());
        // The page may come from the offline cache: the server's confirmation is shown by the address.
        if search_param("sparad").is_some() {
            show_notice(true, None);
        }
        if let Some(id) = search_param("ratta").and_then(|id| Uuid::parse_str(&id).ok()) {
            correcting.set(Some(id));
            // The server rendered the heading's words for a correction beside it.
            if let Some(heading) = document().get_element_by_id(HEADING_ID) {
                let text = heading.get_attribute(CORRECTING_ATTRIBUTE);
                heading.set_text_content(text.as_deref());
            }
            let (form, activities) = (form.clone(), context.activities_of(kind));
            leptos::task::spawn_local(async move {
                match correction(form.clone(), id, locale).await {
                    Ok(Some(refused)) => {
                        errors.set(refused);
                        // The report's date is in the form now: the list of activities follows it.
                        show_activities(&form, &activities);
                    }
                    Ok(None) => {}
                    Err(_) => leptos::logging::warn!("the correction code could not be loaded"),
                }
            });
        }
        show_activities(form, &context.activities_of(kind));
        // The server's suggestions came with the page; this device's own are added to them.
        if let Some(list) = document().get_element_by_id(PLACES_ID) {
            for place in crate::field::local_queue::recent_places() {
                if !context.recent_places.contains(&place) {
                    if let Ok(option) = document().create_element("option") {
                        let _ = option.set_attribute("value", &place);
                        let _ = list.append_child(&option);
                    }
                }
            }
        }
    }

    /// Shows a confirmation (`ok`) or a refusal above the fields, with `text` or the one it has, and hides
    /// the other.
    fn show_notice(ok: bool, text: Option<&str>) {
        let (shown, hidden) = if ok {
            (NOTICE_OK_ID, NOTICE_ERROR_ID)
        } else {
            (NOTICE_ERROR_ID, NOTICE_OK_ID)
        };
        if let Some(notice) = document().get_element_by_id(hidden) {
            let _ = notice.set_attribute("hidden", "");
        }
        if let Some(notice) = document().get_element_by_id(shown) {
            if let Some(text) = text {
                notice.set_text_content(Some(text));
            }
            let _ = notice.remove_attribute("hidden");
        }
    }

    /// Fills the form with the queued report `id`'s values and returns the server's reasons for refusing it,
    /// per field. Split off into a WASM file of its own (`cargo leptos build --split`): only a correction
    /// needs it. Where that file cannot be fetched the form stays as the page rendered it.
    #[wasm_split(lofte_correction, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn correction(
        form: HtmlFormElement,
        id: Uuid,
        locale: Locale,
    ) -> Result<Option<FieldErrors>, SplitLoaderError> {
        let entry = crate::field::local_queue::load()
            .ok()
            .and_then(|q| q.entries.into_iter().find(|e| e.id == id));
        Ok(entry.map(|entry| {
            fill_in(&form, &ReportForm::from_report(&entry.item));
            crate::words::problems::refusal(&entry.state, locale)
        }))
    }

    /// Fills the fields with a form's values, by their names.
    fn fill_in(form: &HtmlFormElement, values: &ReportForm) {
        if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(values) {
            for (name, value) in fields {
                if let (Some(value), false) = (value.as_str(), name == "id" || name == "created_at")
                {
                    set_value(form, &name, value);
                }
            }
        }
        // The activity is chosen again once the list follows the date.
        let activity = values.activity_id.clone();
        if let Some(select) = control(form, "activity_id") {
            let _ = select.set_attribute("data-chosen", &activity);
        }
    }

    /// Offers the activities of the date in the form, keeping the chosen one if it is still offered, and
    /// says so when there are none.
    fn show_activities(form: &HtmlFormElement, activities: &[ReportableActivity]) {
        let day = domain::calendar::parse_date(&value_of(form, "date"));
        let Some(select) = control(form, "activity_id") else {
            return;
        };
        let chosen = select
            .get_attribute("data-chosen")
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| value_of(form, "activity_id"));
        let _ = select.remove_attribute("data-chosen");
        select.set_text_content(None);
        let mut any = false;
        for activity in offered(activities, day) {
            any = true;
            let Ok(option) = document().create_element("option") else {
                continue;
            };
            let id = activity.id.to_string();
            if id == chosen {
                let _ = option.set_attribute("selected", "");
            }
            let _ = option.set_attribute("value", &id);
            option.set_text_content(Some(&activity_label(activity)));
            let _ = select.append_child(&option);
        }
        if let Some(hint) = document().get_element_by_id(NO_ACTIVITY_ID) {
            let _ = if any || day.is_none() {
                hint.set_attribute("hidden", "")
            } else {
                hint.remove_attribute("hidden")
            };
        }
    }

    /// Shows each field's problem, or none, in the field's message and markers.
    fn show_errors(form: &HtmlFormElement, errors: &FieldErrors) {
        let Ok(fields) = form.query_selector_all(".field[data-field]") else {
            return;
        };
        for i in 0..fields.length() {
            let Some(field) = fields.item(i).and_then(|f| f.dyn_into::<Element>().ok()) else {
                continue;
            };
            let error = field
                .get_attribute("data-field")
                .and_then(|name| errors.get(&name).cloned());
            let _ = field
                .class_list()
                .toggle_with_force("invalid", error.is_some());
            if let Ok(Some(message)) = field.query_selector(".field-error") {
                message.set_text_content(error.as_deref());
            }
            if let Ok(Some(input)) = field.query_selector("[aria-invalid]") {
                let _ = input.set_attribute(
                    "aria-invalid",
                    if error.is_some() { "true" } else { "false" },
                );
            }
        }
    }

    /// A field typed into: the list of activities follows the date, and a personnummer in a free text is
    /// pointed out at once.
    fn typed(
        form: &HtmlFormElement,
        ev: &web_sys::Event,
        kind: ReportKind,
        context: &FieldContext,
        locale: Locale,
        errors: RwSignal<FieldErrors>,
    ) {
        let Some(field) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.get_attribute("name"))
        else {
            return;
        };
        if field == "date" {
            show_activities(form, &context.activities_of(kind));
        }
        if field != "notes" && field != "summary" {
            return;
        }
        let text = event_target_value(ev);
        let personal_number = Problem::PersonalNumber.text(locale);
        errors.update(|e| {
            if domain::pnr::contains_personal_number(&text) {
                e.insert(field, personal_number);
            } else if e.get(&field) == Some(&personal_number) {
                e.remove(&field);
            }
        });
    }

    /// Checks the form with the server's own checks and queues the report, or shows why not.
    fn submit(
        form: &HtmlFormElement,
        kind: ReportKind,
        context: &FieldContext,
        locale: Locale,
        correcting: Option<Uuid>,
        errors: RwSignal<FieldErrors>,
    ) {
        let typed = read_form(form);
        let id = correcting
            .or_else(|| Uuid::parse_str(&typed.id).ok())
            .unwrap_or_else(Uuid::new_v4);
        let data = ReportForm {
            id: id.to_string(),
            // RFC 3339 in UTC with milliseconds, as the browser writes it: chrono's formatting is left out
            // of the download.
            created_at: js_sys::Date::new_0().to_iso_string().into(),
            kind: kind.as_str().into(),
            ..typed
        };
        let report = match data.parse(device_today(context.today), |aid| {
            context
                .activities
                .iter()
                .find(|a| a.id == aid)
                .map(|a| a.rule.clone())
        }) {
            Ok(report) => report,
            Err(found) => {
                errors.set(crate::words::problems::render(&found, locale));
                show_notice(false, Some(td_string!(locale, field.not_saved)));
                focus_first_error(form);
                return;
            }
        };
        errors.set(FieldErrors::new());
        let officer = &context.username;
        let saved_to_queue = crate::field::local_queue::update(|q| match correcting {
            Some(_) => q.correct(report).map_err(Into::into),
            None => q
                .add(report, officer, js_sys::Date::now())
                .map_err(Into::into),
        });
        match saved_to_queue {
            Ok(_) => {
                crate::field::local_queue::remember_place(&data.place);
                crate::field::local_queue::request_sync();
                if correcting.is_some() {
                    let _ = web_sys::window().map(|w| w.location().set_href(crate::paths::QUEUE));
                    return;
                }
                form.reset();
                // The date is back to the page's: so is the list of activities.
                show_activities(form, &context.activities_of(kind));
                set_value(form, "id", &Uuid::new_v4().to_string());
                show_notice(true, Some(td_string!(locale, field.saved_on_device)));
            }
            // The form keeps every value, so nothing typed is lost.
            Err(e) => {
                let e: domain::queue::StoreError = e;
                show_notice(false, Some(&e.text(locale)));
            }
        }
    }

    /// The browser's own date: a page kept offline may be days older than the server's "today" in it.
    fn device_today(fallback: chrono::NaiveDate) -> chrono::NaiveDate {
        let now = js_sys::Date::new_0();
        chrono::NaiveDate::from_ymd_opt(
            now.get_full_year() as i32,
            now.get_month() + 1,
            now.get_date(),
        )
        .unwrap_or(fallback)
    }

    /// The form as typed, by the field names the server function takes. Read through `serde_json`, which
    /// the queue needs anyway, rather than Leptos's `FromFormData`, whose query-string parser would add its
    /// weight to every officer's download for this one use.
    fn read_form(form: &HtmlFormElement) -> ReportForm {
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

    fn focus_first_error(form: &HtmlFormElement) {
        // The fields show the problems in the next tick; the invalid field is found by its marker then.
        let form = form.clone();
        request_animation_frame(move || {
            if let Ok(Some(field)) = form.query_selector(
                ".field.invalid input, .field.invalid textarea, .field.invalid select",
            ) {
                if let Ok(el) = field.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
}
