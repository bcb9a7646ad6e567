//! The officer pages as the server renders them: the frame with its sign-in check, and each page with its
//! island (the report form, the queue). Without JavaScript a form posts to `submit_report`.

use super::form::{ReportEditor, ReportFields, HEADING_ID};
use super::model::FieldContext;
use super::queue_page::QueueList;
use super::server::{officer_context, SubmitReport};
use super::sync_bar::{OfficerNav, SyncBar};
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use crate::words::names::long_date;
use crate::words::problems::render;
use domain::report::{ReportForm, ReportKind};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_query_map};

/// The frame of every officer page: the sign-in check, the navigation with the sync engine, the page.
#[component]
pub fn OfficerLayout() -> impl IntoView {
    let context = Resource::new(|| (), |_| officer_context());
    let location = use_location();
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, field.title)/>
        <Suspense fallback=move || view! { <p class="loading">{td!(locale, field.loading)}</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(ctx) => {
                        let asset_version = ctx.asset_version.clone();
                        let officer = ctx.username.clone();
                        provide_context(ctx);
                        view! {
                            <SyncBar lang=locale.as_str().to_owned() asset_version officer>
                                <OfficerNav locale current=location.pathname.get_untracked()/>
                            </SyncBar>
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
                                    <a href=crate::paths::login_then(&next)>{td!(locale, field.sign_in)}</a>
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.text(locale)}</p> }.into_any(),
                }
            })}
        </Suspense>
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

#[component]
fn ReportPage(kind: ReportKind) -> impl IntoView {
    let context = expect_context::<FieldContext>();
    let locale = use_i18n().get_locale_untracked();
    // Without JavaScript, the server's refusal comes back in the address, and is read here.
    let submit = ServerAction::<SubmitReport>::new();
    let refused = submit.value().get_untracked().and_then(Result::err);
    // …with what was typed, to fill in again (`web::form_echo`).
    let typed = crate::ui::typed_into(<SubmitReport as leptos::server_fn::ServerFn>::PATH)
        .and_then(|pairs| {
            let fields = pairs
                .into_iter()
                .map(|(name, value)| (name, serde_json::Value::String(value)))
                .collect();
            serde_json::from_value::<ReportForm>(serde_json::Value::Object(fields)).ok()
        });
    let saved = use_query_map().with_untracked(|q| q.get("sparad").is_some());
    // Reports count only inside the agreement's period; say so before the officer fills anything in.
    let period_notice = context
        .activities_of(kind)
        .first()
        .filter(|a| !a.rule.period.contains(context.today))
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
    // What the form shows: what was typed into a refused form, or the defaults.
    let values = typed.unwrap_or_else(|| ReportForm {
        id: context.new_id.to_string(),
        kind: kind.as_str().into(),
        activity_id: context
            .activities_of(kind)
            .first()
            .map(|a| a.id.to_string())
            .unwrap_or_default(),
        date: context.today.to_string(),
        officers: "2".into(),
        ..ReportForm::default()
    });
    let refused_fields = refused
        .as_ref()
        .map(|e| render(&e.field_problems(), locale))
        .unwrap_or_default();
    let heading = crate::words::reports::kind_name(locale, kind);
    // The heading while a queued report is corrected (`?ratta=<id>`, read by the island in the browser).
    let correcting_heading = crate::words::names::fill(
        td_string!(locale, field.correcting),
        &[("what", &heading.to_lowercase())],
    );
    view! {
        <Title text=heading/>
        <section class="card" aria-labelledby=HEADING_ID>
            <h1 id=HEADING_ID data-correcting=correcting_heading>{heading}</h1>
            <p class="hint">{td!(locale, field.privacy_hint)}</p>
            {period_notice}
            <ReportEditor
                kind
                context=context.clone()
                lang=locale.as_str().to_owned()
                refused=refused_fields.clone()
            >
                <ReportFields
                    kind
                    context=context.clone()
                    values=values.clone()
                    errors=refused_fields.clone()
                    saved
                    refused=refused.map(|e| e.text(locale))
                    locale
                />
            </ReportEditor>
        </section>
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let officer = expect_context::<FieldContext>().username;
    view! {
        <Title text=td_string!(locale, field.queue)/>
        <section class="card" aria-labelledby="queue-heading">
            <h1 id="queue-heading">{td!(locale, field.queue)}</h1>
            <p class="hint">{td!(locale, field.queue_hint)}</p>
            <QueueList lang=locale.as_str().to_owned() officer/>
        </section>
    }
}
