//! The officer pages: the targeted-operation and meeting forms, the queue, and the frame around them.
//! With JavaScript a saved report goes to the device's queue first; without it the form posts straight to
//! the server, which runs the same checks.

use super::sync::{SyncState, SyncStatus};
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n, Locale};
use crate::labels::{fill, long_date};
use crate::ui::Field;
use crate::wording::{refusal, render, Words};
use chrono::{DateTime, NaiveDate, Utc};
use domain::problem::Problem;
use domain::queue::{EntryState, Queue};
use domain::report::{
    FieldErrors, Report, ReportBody, ReportForm, ReportKind, ReportableActivity, MAX_NOTES,
    MAX_SUMMARY,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_query_map};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the officer pages need, also offline: kept in the page (and on the device) once loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldContext {
    pub username: String,
    pub today: NaiveDate,
    pub activities: Vec<ReportableActivity>,
    pub recent_places: Vec<String>,
    /// An id for a report saved without JavaScript, so that posting the form twice stores it once.
    pub new_id: Uuid,
    pub opened_at: DateTime<Utc>,
    /// The build's asset version, which names the service worker's cache.
    pub asset_version: String,
}

impl FieldContext {
    fn activities_of(&self, kind: ReportKind) -> Vec<ReportableActivity> {
        self.activities
            .iter()
            .filter(|a| a.kind == kind)
            .cloned()
            .collect()
    }
}

#[server]
pub async fn officer_context() -> Result<FieldContext, AppError> {
    use domain::credentials::Role;
    let officer = crate::auth::authorize(Role::Officer).await?;
    let state = crate::web::app_state()?;
    let today = crate::web::today();
    Ok(FieldContext {
        username: officer.username.clone(),
        today,
        activities: super::db::reportable_activities(&state.pool, today).await?,
        recent_places: super::db::recent_places(&state.pool, officer.id, 10).await?,
        new_id: Uuid::new_v4(),
        opened_at: Utc::now(),
        asset_version: state.asset_version.to_string(),
    })
}

/// Stores a report posted by a form without JavaScript, through the same checks and store as the sync API.
#[server]
pub async fn submit_report(#[server(flatten)] form: ReportForm) -> Result<(), AppError> {
    use domain::credentials::Role;
    use domain::report::ItemStatus;
    let officer = crate::auth::authorize(Role::Officer).await?;
    let state = crate::web::app_state()?;
    let actor = crate::audit::Actor::user(officer.id, &officer.username);
    let outcome = super::db::record_one(&state.pool, &actor, &form, crate::web::today()).await?;
    match outcome {
        Ok(ItemStatus::Created | ItemStatus::Duplicate) => {
            let page = form
                .kind
                .parse()
                .map_or(OPERATION_PATH, report_path);
            leptos_axum::redirect(&format!("{page}?sparad={}", form.id.trim()));
            Ok(())
        }
        Ok(_) => Err(AppError::conflict(Problem::OtherReportSameId).respond()),
        Err(problems) => Err(AppError::problems(Problem::FixReport, problems).respond()),
    }
}

pub const OPERATION_PATH: &str = "/rapportera";
pub const MEETING_PATH: &str = "/rapportera/mote";
pub const ACTIVITY_PATH: &str = "/rapportera/aktivitet";
pub const QUEUE_PATH: &str = "/rapportera/ko";

/// The form page for a kind of report.
fn report_path(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::TargetedOperation => OPERATION_PATH,
        ReportKind::CollaborationMeeting => MEETING_PATH,
        ReportKind::Activity => ACTIVITY_PATH,
    }
}

/// Loads the page context, and keeps a copy on the device for when the network is gone.
async fn load_context() -> Result<FieldContext, AppError> {
    let loaded = officer_context().await;
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        const KEY: &str = "lofte.context.v1";
        if web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .is_some()
        {
            match &loaded {
                Ok(context) => {
                    let _ = LocalStorage::set(KEY, context);
                }
                Err(AppError::Unreachable) => {
                    if let Ok(context) = LocalStorage::get::<FieldContext>(KEY) {
                        return Ok(context);
                    }
                }
                Err(_) => {}
            }
        }
    }
    loaded
}

#[component]
pub fn OfficerLayout() -> impl IntoView {
    let context = Resource::new(|| (), |_| load_context());
    let sync = SyncState::get();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        sync.start();
    });
    let location = use_location();
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, field.title)/>
        <Suspense fallback=move || view! { <p class="loading">{td!(locale, field.loading)}</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(ctx) => {
                        register_service_worker(&ctx.asset_version);
                        provide_context(ctx);
                        view! {
                            <OfficerNav/>
                            <Outlet/>
                        }
                            .into_any()
                    }
                    Err(AppError::Unauthenticated | AppError::Forbidden) => {
                        let next = location.pathname.get_untracked();
                        view! {
                            <section class="card narrow">
                                <h1>{td!(locale, field.sign_in_heading)}</h1>
                                <p>{td!(locale, field.sign_in_text)}</p>
                                <p>
                                    <a href=format!("/logga-in?next={next}")>{td!(locale, field.sign_in)}</a>
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.text(locale)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
            {move || sync.announcement.get()}
        </p>
    }
}

/// Installs the service worker that keeps the officer pages working offline. Only officer pages register
/// it; the public pages never depend on it.
fn register_service_worker(version: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let url = format!("/sw.js?v={version}");
        // A browser without service workers (or a private window) just has no offline shell.
        let container = window.navigator().service_worker();
        let _ = container.register(&url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = version;
}

#[component]
fn OfficerNav() -> impl IntoView {
    let sync = SyncState::get();
    let locale = use_i18n().get_locale_untracked();
    let badge = move || {
        sync.unsent().map(|n| {
            let template = if n == 1 {
                td_string!(locale, field.badge_one)
            } else {
                td_string!(locale, field.badge_many)
            };
            let label = fill(template, &[("count", &n)]);
            view! {
                <span class="badge" class:empty=n == 0 aria-label=label data-testid="queue-badge">
                    {n}
                </span>
            }
        })
    };
    view! {
        <nav class="officer-nav" aria-label=td_string!(locale, field.nav_label)>
            <A href=OPERATION_PATH exact=true>{td!(locale, field.nav_operation)}</A>
            <A href=MEETING_PATH>{td!(locale, field.nav_meeting)}</A>
            <A href=ACTIVITY_PATH>{td!(locale, field.nav_activity)}</A>
            <A href=crate::office_hours::officer::MARKING_PATH>{td!(locale, field.nav_office_hours)}</A>
            <A href=QUEUE_PATH>{td!(locale, field.queue)} " " {badge}</A>
        </nav>
        <SyncLine/>
    }
}

fn status_text(locale: Locale, status: &SyncStatus, unsent: Option<usize>) -> Option<String> {
    let text = match status {
        SyncStatus::Unknown => return None,
        SyncStatus::Idle if unsent.unwrap_or(0) == 0 => td_string!(locale, field.status_all_sent),
        SyncStatus::Idle => td_string!(locale, field.status_rejected_waiting),
        SyncStatus::Syncing => td_string!(locale, field.status_sending),
        SyncStatus::Retrying { .. } => td_string!(locale, field.status_retrying),
        SyncStatus::OtherTab => td_string!(locale, field.status_other_tab),
        SyncStatus::SignedOut => td_string!(locale, field.status_signed_out),
        SyncStatus::Failed(message) => return Some(message.clone()),
    };
    Some(text.to_owned())
}

#[component]
fn SyncLine() -> impl IntoView {
    let sync = SyncState::get();
    let locale = use_i18n().get_locale_untracked();
    move || {
        let status = sync.status.get();
        let signed_out = status == SyncStatus::SignedOut;
        status_text(locale, &status, sync.unsent()).map(|text| {
            view! {
                <p class="sync-line" data-testid="sync-status">
                    {text}
                    {signed_out.then(|| view! { " " <a href=format!("/logga-in?next={QUEUE_PATH}")>{td!(locale, field.sign_in)}</a> })}
                </p>
            }
        })
    }
}

#[component]
pub fn OperationPage() -> impl IntoView {
    view! { <ReportPage kind=ReportKind::TargetedOperation/> }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    view! { <ReportPage kind=ReportKind::CollaborationMeeting/> }
}

/// Any other activity an agreement counts (measure `count`): trygghetsvandringar, school visits, …
#[component]
pub fn ActivityReportPage() -> impl IntoView {
    view! { <ReportPage kind=ReportKind::Activity/> }
}

/// The browser's own date: a page kept offline may be days older than the server's "today" in it.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn device_today(fallback: NaiveDate) -> NaiveDate {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::new_0();
        if let Some(day) = NaiveDate::from_ymd_opt(
            now.get_full_year() as i32,
            now.get_month() + 1,
            now.get_date(),
        ) {
            return day;
        }
    }
    fallback
}

#[component]
fn ReportPage(kind: ReportKind) -> impl IntoView {
    let ctx = expect_context::<FieldContext>();
    let locale = use_i18n().get_locale_untracked();
    let sync = SyncState::get();
    let query = use_query_map();
    // Created inside the route: without JavaScript, the server's refusal comes back in the URL.
    let submit = ServerAction::<SubmitReport>::new();
    let activities = ctx.activities_of(kind);
    let correcting =
        move || query.with(|q| q.get("ratta").and_then(|id| Uuid::parse_str(&id).ok()));
    let saved_without_js = move || query.with(|q| q.get("sparad").is_some());

    let defaults = ReportForm {
        kind: kind.as_str().into(),
        activity_id: activities
            .first()
            .map(|a| a.id.to_string())
            .unwrap_or_default(),
        date: ctx.today.to_string(),
        officers: "2".into(),
        ..ReportForm::default()
    };
    let initial = RwSignal::new(defaults);
    let errors = RwSignal::new(FieldErrors::new());
    let notice: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let next_id = RwSignal::new(ctx.new_id);
    // The page may come from the offline cache, id and all: in the browser every report gets a fresh id.
    Effect::new(move |_| next_id.set(Uuid::new_v4()));

    // Fill the form from a rejected report being corrected (the queue is only in the browser).
    Effect::new(move |_| {
        if let Some(id) = correcting() {
            let entry = sync.queue.with(|q| {
                q.as_ref()
                    .and_then(|q| q.entries.iter().find(|e| e.id == id).cloned())
            });
            if let Some(entry) = entry {
                initial.set(ReportForm::from_report(&entry.item));
                errors.set(refusal(&entry.state, locale));
            }
        }
    });

    let server_errors = move || match submit.value().get() {
        Some(Err(e)) => render(&e.field_problems(), locale),
        _ => FieldErrors::new(),
    };
    let error_for = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.get(field).cloned())
                .or_else(|| server_errors().get(field).cloned())
        }
    };

    let rules: Vec<ReportableActivity> = ctx.activities.clone();
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
            let correcting = correcting();
            let id = correcting.unwrap_or_else(|| next_id.get_untracked());
            let now =
                DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
            let data = ReportForm {
                id: id.to_string(),
                created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                kind: kind.as_str().into(),
                ..read_form(&form)
            };
            let today = device_today(ctx.today);
            let report = match data.parse(today, |aid| {
                rules.iter().find(|a| a.id == aid).map(|a| a.rule.clone())
            }) {
                Ok(report) => report,
                Err(found) => {
                    errors.set(render(&found, locale));
                    notice.set(Some((
                        false,
                        td_string!(locale, field.not_saved).to_owned(),
                    )));
                    focus_first_error(&form);
                    return;
                }
            };
            errors.set(FieldErrors::new());
            let saved = match correcting {
                Some(_) => sync.correct(report),
                None => sync.enqueue(report),
            };
            match saved {
                Ok(()) => {
                    super::store::remember_place(&data.place);
                    if correcting.is_some() {
                        leptos_router::hooks::use_navigate()(QUEUE_PATH, Default::default());
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
                Err(e) => notice.set(Some((false, e.text(locale)))),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &rules, kind, sync, next_id);
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
    // The server's suggestions render with the page; this device's own are added once it is hydrated, so
    // the page the browser builds matches the one the server sent.
    let server_places = ctx.recent_places.clone();
    let places = RwSignal::new(server_places.clone());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        places.update(|list| {
            for place in super::store::recent_places() {
                if !list.contains(&place) {
                    list.push(place);
                }
            }
        });
    });
    let tomorrow = ctx.today.succ_opt().unwrap_or(ctx.today).to_string();
    // Reports count only inside the agreement's period; say so before the officer fills anything in.
    let period_notice = activities
        .first()
        .filter(|a| !a.rule.period.contains(ctx.today))
        .map(|a| {
            view! {
                <p class="notice">
                    {td!(
                        locale,
                        field.period_notice,
                        from = long_date(locale, a.rule.period.from()),
                        to = long_date(locale, a.rule.period.to())
                    )}
                </p>
            }
        });
    let value = move |f: fn(&ReportForm) -> String| move || initial.with(f);
    // The list offers the agreements whose period covers the chosen date (today until the officer picks
    // another): an ended agreement would refuse every report, and one that has not begun as well.
    let chosen_day = RwSignal::new(Some(ctx.today));
    Effect::new(move |_| {
        if let Ok(day) = NaiveDate::parse_from_str(&initial.with(|f| f.date.clone()), "%Y-%m-%d") {
            chosen_day.set(Some(day));
        }
    });
    let activities_for_note = activities.clone();

    view! {
        <Title text=heading/>
        <section class="card" aria-labelledby="report-heading">
            <h1 id="report-heading">
                {move || if correcting().is_some() {
                    fill(td_string!(locale, field.correcting), &[("what", &heading.to_lowercase())])
                } else {
                    heading.to_owned()
                }}
            </h1>
            <p class="hint">{td!(locale, field.privacy_hint)}</p>
            {period_notice}
            {move || saved_without_js().then(|| view! { <p class="notice ok" role="status">{td!(locale, field.saved_on_server)}</p> })}
            {move || notice.get().map(|(ok, text)| view! { <p class="notice" class:ok=ok class:error=!ok role="alert">{text}</p> })}
            {move || match submit.value().get() {
                Some(Err(e)) => Some(view! { <p class="notice error" role="alert">{e.text(locale)}</p> }),
                _ => None,
            }}
            <form method="post" action=SubmitReport::url() on:submit=on_submit novalidate>
                <input type="hidden" name="kind" value=kind.as_str()/>
                <input type="hidden" name="id" value=move || next_id.get().to_string()/>
                <input type="hidden" name="created_at" value=ctx.opened_at.to_rfc3339()/>
                <Field name="activity_id" label=td_string!(locale, field.activity) error=error_for("activity_id")>
                    <select id="activity_id" name="activity_id" prop:value=value(|f| f.activity_id.clone())>
                        {move || {
                            let day = chosen_day.get();
                            activities
                                .iter()
                                .filter(|a| day.is_none_or(|d| a.rule.period.contains(d)))
                                .map(|a| view! { <option value=a.id.to_string()>{activity_label(a)}</option> })
                                .collect_view()
                        }}
                    </select>
                    {move || {
                        let day = chosen_day.get();
                        let none = day.is_some_and(|d| !activities_for_note.iter().any(|a| a.rule.period.contains(d)));
                        none.then(|| view! { <p class="hint" data-testid="no-activity">{td!(locale, field.no_activity_on_date)}</p> })
                    }}
                </Field>
                <Field name="date" label=td_string!(locale, field.date) error=error_for("date")>
                    <input id="date" name="date" type="date" required max=tomorrow value=value(|f| f.date.clone())
                        on:input=move |ev| chosen_day.set(NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok())/>
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
                        <p class="hint">{td!(locale, field.times_hint)}</p>
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
                    ReportKind::CollaborationMeeting => view! {
                        <Field name="organisations" label=td_string!(locale, field.organisations_per_line) error=error_for("organisations")>
                            <textarea id="organisations" name="organisations" rows="3" required prop:value=value(|f| f.organisations.clone())></textarea>
                        </Field>
                        <Field name="summary" label=td_string!(locale, field.summary_short) error=error_for("summary")>
                            <textarea id="summary" name="summary" rows="4" required maxlength=MAX_SUMMARY.to_string() prop:value=value(|f| f.summary.clone()) on:input=move |ev| warn_personal_number(ev, "summary")></textarea>
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
                        <p class="hint">{td!(locale, field.times_hint)}</p>
                        <Field name="notes" label=td_string!(locale, field.notes_optional) error=error_for("notes")>
                            <textarea id="notes" name="notes" rows="3" maxlength=MAX_NOTES.to_string() prop:value=value(|f| f.notes.clone()) on:input=move |ev| warn_personal_number(ev, "notes")></textarea>
                        </Field>
                    }
                    .into_any(),
                }}
                <button type="submit">{button}</button>
            </form>
        </section>
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

/// The form as typed, read by the field names the server function takes (Leptos's `FromFormData`).
#[cfg(feature = "hydrate")]
fn read_form(form: &web_sys::HtmlFormElement) -> ReportForm {
    use leptos::form::FromFormData;
    web_sys::FormData::new_with_form(form)
        .ok()
        .and_then(|data| ReportForm::from_form_data(&data).ok())
        .unwrap_or_default()
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

#[component]
pub fn QueuePage() -> impl IntoView {
    let sync = SyncState::get();
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, field.queue)/>
        <section class="card" aria-labelledby="queue-heading">
            <h1 id="queue-heading">{td!(locale, field.queue)}</h1>
            <p class="hint">{td!(locale, field.queue_hint)}</p>
            <button type="button" class="secondary" on:click=move |_| {
                #[cfg(feature = "hydrate")]
                sync.trigger();
                #[cfg(not(feature = "hydrate"))]
                let _ = sync;
            }>{td!(locale, field.send_now)}</button>
            {move || match sync.queue.get() {
                None => view! {
                    <p data-testid="queue-unavailable">{td!(locale, field.queue_unavailable)}</p>
                }
                .into_any(),
                Some(queue) => view! { <QueueList queue/> }.into_any(),
            }}
        </section>
    }
}

/// An activity in the officer's list: its agreement by municipality and period, then its text, so that a
/// copied agreement and its original are told apart.
fn activity_label(a: &ReportableActivity) -> String {
    format!(
        "{} {} – {}: {}",
        a.municipality,
        a.rule.period.from(),
        a.rule.period.to(),
        a.text
    )
}

/// The form's label for a wire field, for reasons shown to the officer.
fn field_label(locale: Locale, field: &str) -> &str {
    match field {
        "activity_id" => td_string!(locale, field.activity),
        "date" => td_string!(locale, field.date),
        "start_time" => td_string!(locale, field.start),
        "end_time" => td_string!(locale, field.end),
        "place" => td_string!(locale, field.place),
        "officers" => td_string!(locale, field.officers),
        "persons_checked" => td_string!(locale, field.persons_checked),
        "persons_21_or_under" => td_string!(locale, field.persons_21_or_under),
        "youths_identified" => td_string!(locale, field.youths_identified),
        "drug_offences_reported" => td_string!(locale, field.drug_offences_reported),
        "notes" => td_string!(locale, field.notes),
        "organisations" => td_string!(locale, field.organisations),
        "summary" => td_string!(locale, field.summary),
        "count" => td_string!(locale, field.count),
        other => other,
    }
}

/// What a kind of report is called: the form's heading.
fn kind_name(locale: Locale, kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::TargetedOperation => td_string!(locale, field.kind_operation),
        ReportKind::CollaborationMeeting => td_string!(locale, field.kind_meeting),
        ReportKind::Activity => td_string!(locale, field.kind_activity),
    }
}

fn describe(locale: Locale, report: &Report) -> String {
    let date = long_date(locale, report.date);
    let name = kind_name(locale, report.kind());
    match &report.body {
        ReportBody::TargetedOperation(op) => format!("{name} {date}, {}", op.place),
        ReportBody::CollaborationMeeting(_) => format!("{name} {date}"),
        ReportBody::Activity(a) => format!("{name} {date}, {} ({} st)", a.place, a.count),
    }
}

#[component]
fn QueueList(queue: Queue) -> impl IntoView {
    let sync = SyncState::get();
    let locale = use_i18n().get_locale_untracked();
    let confirming: RwSignal<Option<Uuid>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let unsent = queue.entries.len();
    let entries = queue
        .entries
        .into_iter()
        .map(|entry| {
            let id = entry.id;
            let description = describe(locale, &entry.item);
            let sending = entry.state == EntryState::Sending;
            let state_class = match entry.state {
                EntryState::Waiting => "waiting",
                EntryState::Sending => "sending",
                _ => "rejected",
            };
            let reason = match &entry.state {
                EntryState::Invalid { .. } => Some(
                    refusal(&entry.state, locale)
                        .iter()
                        .map(|(field, message)| format!("{}: {message}", field_label(locale, field)))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                EntryState::Conflict => Some(td_string!(locale, field.reason_conflict).to_owned()),
                _ => None,
            };
            let correct_href = matches!(entry.state, EntryState::Invalid { .. }).then(|| {
                let page = report_path(entry.kind());
                format!("{page}?ratta={id}")
            });
            view! {
                <li class=format!("entry {state_class}") data-testid="queue-entry">
                    <span class="state">{entry.state.text(locale)}</span>
                    " "
                    <span>{description}</span>
                    {reason.map(|r| view! { <p class="reason">{r}</p> })}
                    <div class="actions">
                        {correct_href.map(|href| view! { <a href=href>{td!(locale, field.correct)}</a> })}
                        {move || {
                            if confirming.get() == Some(id) {
                                view! {
                                    <button type="button" class="danger" on:click=move |_| {
                                        #[cfg(feature = "hydrate")]
                                        if let Err(e) = sync.discard(id) {
                                            error.set(Some(e.text(locale)));
                                        }
                                        #[cfg(not(feature = "hydrate"))]
                                        let _ = (sync, error);
                                        confirming.set(None);
                                    }>{td!(locale, field.confirm_discard)}</button>
                                    <button type="button" class="secondary" on:click=move |_| confirming.set(None)>{td!(locale, field.cancel)}</button>
                                }
                                .into_any()
                            } else {
                                view! {
                                    <button type="button" class="secondary" disabled=sending
                                        title=if sending { td_string!(locale, field.sending_now) } else { "" }
                                        on:click=move |_| confirming.set(Some(id))>{td!(locale, field.discard)}</button>
                                }
                                .into_any()
                            }
                        }}
                    </div>
                </li>
            }
        })
        .collect_view();
    let sent = queue
        .sent
        .into_iter()
        .map(|s| view! { <li class="entry synced" data-testid="sent-entry"><span class="state">{td!(locale, field.state_sent)}</span> " " {describe(locale, &s.item)}</li> })
        .collect_view();
    view! {
        {move || error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
        <h2>{if unsent == 0 { td!(locale, field.nothing_waiting).into_any() } else { td!(locale, field.waiting_count, count = unsent).into_any() }}</h2>
        <ul class="queue">{entries}</ul>
        <h2>{td!(locale, field.recently_sent)}</h2>
        <ul class="queue">{sent}</ul>
    }
}
