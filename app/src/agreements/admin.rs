//! The admin's agreement pages: the list with a form for a new agreement, and one page per agreement to
//! edit its facts, promises and activities, publish it, and copy it to the next period.

use super::forms::{
    cadence_label, measure_label, ActivityEdit, ActivityForm, AdminAgreementRow, AgreementEdit,
    AgreementForm, PromiseEdit,
};
use crate::admin::kit::{admin_action, Feedback, Input, Outcome, Select, TextArea};
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::loaded;
use crate::words::names::{self, fill, long_date};
use domain::agreement::{Cadence, Measure, Owner};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

fn edit_path(slug: &str) -> String {
    crate::paths::admin_agreement(slug)
}

#[cfg(feature = "ssr")]
use crate::admin::kit::invalid;

#[server(prefix = "/api/v1/admin", endpoint = "agreements/list")]
pub async fn admin_agreements() -> Result<Vec<AdminAgreementRow>, AppError> {
    crate::admin::kit::actor().await?;
    super::store::list(&crate::web::app_state()?.pool).await
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/get")]
pub async fn admin_agreement(slug: String) -> Result<AgreementEdit, AppError> {
    crate::admin::kit::actor().await?;
    super::store::by_slug(&crate::web::app_state()?.pool, &slug)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/create")]
pub async fn create_agreement(#[server(flatten)] form: AgreementForm) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let (slug, fields) = match (form.slug(), form.fields()) {
        (Ok(slug), Ok(fields)) => (slug, fields),
        (slug, fields) => {
            let mut errors = slug.err().unwrap_or_default();
            errors.extend(fields.err().unwrap_or_default());
            return Err(invalid(errors));
        }
    };
    let pool = crate::web::app_state()?.pool;
    super::store::create(&pool, &actor, &slug, &fields)
        .await
        .map_err(AppError::respond)?;
    leptos_axum::redirect(&edit_path(slug.as_str()));
    Ok(())
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/update")]
pub async fn update_agreement(
    id: i64,
    version: i64,
    #[server(flatten)] form: AgreementForm,
) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let fields = form.fields().map_err(invalid)?;
    let pool = crate::web::app_state()?.pool;
    super::store::update(&pool, &actor, id, version, &fields)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/publish")]
pub async fn publish_agreement(id: i64, version: i64, published: bool) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let pool = crate::web::app_state()?.pool;
    super::store::set_published(&pool, &actor, id, version, published)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/copy")]
pub async fn copy_agreement(
    id: i64,
    slug: String,
    valid_from: String,
    valid_to: String,
) -> Result<(), AppError> {
    use domain::agreement::{DateRange, Slug};
    let actor = crate::admin::kit::actor().await?;
    let mut c = domain::forms::Checker::default();
    let slug = c.check("slug", Slug::parse(slug.trim()));
    let from = c.date("valid_from", &valid_from);
    let to = c.date("valid_to", &valid_to);
    let period = match (from, to) {
        (Some(from), Some(to)) => c.check("valid_to", DateRange::new(from, to)),
        _ => None,
    };
    let (slug, period) = c.finish(slug.zip(period)).map_err(invalid)?;
    let pool = crate::web::app_state()?.pool;
    super::store::copy(&pool, &actor, id, &slug, period)
        .await
        .map_err(AppError::respond)?;
    leptos_axum::redirect(&edit_path(slug.as_str()));
    Ok(())
}

#[server(prefix = "/api/v1/admin", endpoint = "promises/create")]
pub async fn add_promise(agreement_id: i64, text: String) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let text = domain::types::Paragraph::parse(&text)
        .map_err(|e| AppError::problem("text", e).respond())?;
    let pool = crate::web::app_state()?.pool;
    super::store::add_promise(&pool, &actor, agreement_id, &text)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "promises/update")]
pub async fn update_promise(id: i64, version: i64, text: String) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let text = domain::types::Paragraph::parse(&text)
        .map_err(|e| AppError::problem("text", e).respond())?;
    let pool = crate::web::app_state()?.pool;
    super::store::update_promise(&pool, &actor, id, version, &text)
        .await
        .map_err(AppError::respond)
}

/// `direction` is "up" or "down"; `item` is "promise" or "activity".
#[server(prefix = "/api/v1/admin", endpoint = "definitions/move")]
pub async fn move_definition(item: String, id: i64, direction: String) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let table = match item.as_str() {
        "promise" => "promises",
        "activity" => "activities",
        _ => {
            return Err(AppError::problem(
                "item",
                domain::problem::Problem::OneOf {
                    options: vec!["promise".into(), "activity".into()],
                },
            )
            .respond())
        }
    };
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => {
            return Err(AppError::problem(
                "direction",
                domain::problem::Problem::OneOf {
                    options: vec!["up".into(), "down".into()],
                },
            )
            .respond())
        }
    };
    let pool = crate::web::app_state()?.pool;
    super::store::move_item(&pool, &actor, table, id, up)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "activities/create")]
pub async fn add_activity(
    promise_id: i64,
    #[server(flatten)] form: ActivityForm,
) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let def = form.parse().map_err(invalid)?;
    let pool = crate::web::app_state()?.pool;
    super::store::add_activity(&pool, &actor, promise_id, &def)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "activities/update")]
pub async fn update_activity(
    id: i64,
    version: i64,
    #[server(flatten)] form: ActivityForm,
) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let def = form.parse().map_err(invalid)?;
    let pool = crate::web::app_state()?.pool;
    super::store::update_activity(&pool, &actor, id, version, &def)
        .await
        .map_err(AppError::respond)
}

/// The list of agreements and the form for a new one.
#[component]
pub fn AgreementsAdmin() -> impl IntoView {
    let list = Resource::new(|| (), |_| admin_agreements());
    let locale = use_i18n().get_locale_untracked();
    let (create, feedback) =
        admin_action::<CreateAgreement>(td_string!(locale, agreement_admin.created));
    view! {
        <Title text=td_string!(locale, agreement_admin.list_title)/>
        <section class="card">
            <h1>{td!(locale, agreement_admin.heading)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{td!(locale, admin.loading)}</p> }>
                {move || Suspend::new(async move {
                    list.await.map(|rows| view! {
                        <ul class="admin-list">
                            {rows.into_iter().map(|a| view! {
                                <li>
                                    <A href=edit_path(&a.slug)>{a.title.clone()}</A>
                                    " · " {a.municipality.clone()} " · "
                                    {long_date(locale, a.valid_from)} "–" {long_date(locale, a.valid_to)} " · "
                                    <span class="badge-text" class:published=a.published>
                                        {if a.published { td_string!(locale, agreement_admin.published) } else { td_string!(locale, agreement_admin.not_published) }}
                                    </span>
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
        </section>
        <section class="card" aria-labelledby="new-agreement">
            <h2 id="new-agreement">{td!(locale, agreement_admin.new_agreement)}</h2>
            <p class="hint">{td!(locale, agreement_admin.new_hint)}</p>
            <p><A href=crate::paths::IMPORT>{td!(locale, agreement_admin.import_link)}</A></p>
            <ActionForm action=create>
                <Input name="slug" label=td_string!(locale, agreement_admin.slug) feedback/>
                <AgreementFields form=AgreementForm::default() feedback/>
                <button type="submit" disabled=move || feedback.pending.get()>{td!(locale, agreement_admin.create)}</button>
                <Outcome feedback/>
            </ActionForm>
        </section>
    }
}

/// The fields shared by the new-agreement and edit forms.
#[component]
fn AgreementFields(form: AgreementForm, feedback: Feedback) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Input name="municipality" label=td_string!(locale, agreement_admin.municipality) value=form.municipality feedback/>
        <Input name="police_area" label=td_string!(locale, agreement_admin.police_area) value=form.police_area feedback/>
        <Input name="title" label=td_string!(locale, agreement_admin.title) value=form.title feedback/>
        <div class="pair">
            <Input name="valid_from" label=td_string!(locale, agreement_admin.valid_from) kind="date" value=form.valid_from feedback/>
            <Input name="valid_to" label=td_string!(locale, agreement_admin.valid_to) kind="date" value=form.valid_to feedback/>
        </div>
        <Input name="signed_on" label=td_string!(locale, agreement_admin.signed_on) kind="date" value=form.signed_on feedback/>
        <TextArea name="background" label=td_string!(locale, agreement_admin.background) value=form.background feedback/>
        <TextArea name="follow_up" label=td_string!(locale, agreement_admin.follow_up) value=form.follow_up feedback/>
        <TextArea
            name="signatories"
            label=td_string!(locale, agreement_admin.signatories)
            hint=td_string!(locale, agreement_admin.signatories_hint)
            value=form.signatories
            feedback
        />
    }
}

#[component]
pub fn AgreementEditor() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        admin_agreement,
    );
    let locale = use_i18n().get_locale_untracked();
    loaded(
        data,
        td_string!(locale, admin.loading),
        |edit| view! { <EditAgreement edit/> },
    )
}

#[component]
fn EditAgreement(edit: AgreementEdit) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (update, feedback) =
        admin_action::<UpdateAgreement>(td_string!(locale, agreement_admin.agreement_saved));
    let (publish, publish_feedback) =
        admin_action::<PublishAgreement>(td_string!(locale, agreement_admin.saved));
    let (add, add_feedback) =
        admin_action::<AddPromise>(td_string!(locale, agreement_admin.promise_added));
    let (copy, copy_feedback) =
        admin_action::<CopyAgreement>(td_string!(locale, agreement_admin.copy_created));
    let AgreementEdit {
        id,
        version,
        published,
        form,
        promises,
    } = edit;
    let slug = form.slug.clone();
    let count = promises.len();
    view! {
        <Title text=fill(td_string!(locale, agreement_admin.edit_title), &[("title", &form.title)])/>
        <section class="card">
            <p><A href=crate::paths::ADMIN>{td!(locale, agreement_admin.all_agreements)}</A></p>
            <h1>{form.title.clone()}</h1>
            <p>
                {if published { td_string!(locale, agreement_admin.published_note) } else { td_string!(locale, agreement_admin.unpublished_note) }}
                {published.then(|| view! { <A href=crate::paths::agreement(&slug)>{td!(locale, agreement_admin.view_public)}</A> })}
            </p>
            <ActionForm action=publish>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <input type="hidden" name="published" value=(!published).to_string()/>
                <button type="submit" disabled=move || publish_feedback.pending.get()>
                    {if published { td_string!(locale, agreement_admin.unpublish) } else { td_string!(locale, agreement_admin.publish) }}
                </button>
                <Outcome feedback=publish_feedback/>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="facts">
            <h2 id="facts">{td!(locale, agreement_admin.facts_heading)}</h2>
            <ActionForm action=update>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <AgreementFields form=form.clone() feedback/>
                <button type="submit" disabled=move || feedback.pending.get()>{td!(locale, agreement_admin.save_agreement)}</button>
                <Outcome feedback/>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="promises">
            <h2 id="promises">{td!(locale, agreement_admin.promises_heading)}</h2>
            {promises
                .into_iter()
                .enumerate()
                .map(|(n, p)| view! { <PromiseEditor promise=p number=n + 1 last=n + 1 == count/> })
                .collect_view()}
            <ActionForm action=add attr:class="add">
                <input type="hidden" name="agreement_id" value=id/>
                <TextArea name="text" id="new-promise" label=td_string!(locale, agreement_admin.new_promise) feedback=add_feedback/>
                <button type="submit">{td!(locale, agreement_admin.add_promise)}</button>
                <Outcome feedback=add_feedback/>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="copy">
            <h2 id="copy">{td!(locale, agreement_admin.copy_heading)}</h2>
            <p class="hint">{td!(locale, agreement_admin.copy_hint)}</p>
            <ActionForm action=copy>
                <input type="hidden" name="id" value=id/>
                <Input name="slug" id="copy-slug" label=td_string!(locale, agreement_admin.new_slug) feedback=copy_feedback/>
                <div class="pair">
                    <Input name="valid_from" id="copy-from" label=td_string!(locale, agreement_admin.valid_from) kind="date" feedback=copy_feedback/>
                    <Input name="valid_to" id="copy-to" label=td_string!(locale, agreement_admin.valid_to) kind="date" feedback=copy_feedback/>
                </div>
                <button type="submit">{td!(locale, agreement_admin.copy)}</button>
                <Outcome feedback=copy_feedback/>
            </ActionForm>
        </section>
    }
}

/// Up and down buttons for a promise or an activity.
#[component]
fn MoveButtons(
    item: &'static str,
    id: i64,
    first: bool,
    last: bool,
    label: String,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (action, feedback) =
        admin_action::<MoveDefinition>(td_string!(locale, agreement_admin.moved));
    view! {
        <ActionForm action attr:class="move">
            <input type="hidden" name="item" value=item/>
            <input type="hidden" name="id" value=id/>
            <button type="submit" name="direction" value="up" disabled=first aria-label=fill(td_string!(locale, agreement_admin.move_up), &[("item", &label)])>"↑"</button>
            <button type="submit" name="direction" value="down" disabled=last aria-label=fill(td_string!(locale, agreement_admin.move_down), &[("item", &label)])>"↓"</button>
            <Outcome feedback/>
        </ActionForm>
    }
}

#[component]
fn PromiseEditor(promise: PromiseEdit, number: usize, last: bool) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (update, feedback) =
        admin_action::<UpdatePromise>(td_string!(locale, agreement_admin.promise_saved));
    let feedback = feedback.for_item("id", promise.id);
    let (add, add_feedback) =
        admin_action::<AddActivity>(td_string!(locale, agreement_admin.activity_added));
    let add_feedback = add_feedback.for_item("promise_id", promise.id);
    let prefix = format!("p{}-", promise.id);
    let new_prefix = format!("{prefix}new-");
    let count = promise.activities.len();
    view! {
        <article class="promise-edit">
            <h3>{fill(td_string!(locale, agreement_admin.promise_heading), &[("number", &number)])}</h3>
            <MoveButtons item="promise" id=promise.id first=number == 1 last label=fill(td_string!(locale, agreement_admin.promise_item), &[("number", &number)])/>
            <ActionForm action=update>
                <input type="hidden" name="id" value=promise.id/>
                <input type="hidden" name="version" value=promise.version/>
                <TextArea name="text" id=format!("{prefix}text") label=td_string!(locale, agreement_admin.promise) value=promise.text feedback/>
                <button type="submit">{td!(locale, agreement_admin.save_promise)}</button>
                <Outcome feedback/>
            </ActionForm>
            {promise
                .activities
                .into_iter()
                .enumerate()
                .map(|(n, a)| view! { <ActivityEditor activity=a number=n + 1 last=n + 1 == count/> })
                .collect_view()}
            <details>
                <summary>{td!(locale, agreement_admin.new_activity)}</summary>
                <ActionForm action=add>
                    <input type="hidden" name="promise_id" value=promise.id/>
                    <ActivityFields form=ActivityForm::default() prefix=new_prefix feedback=add_feedback/>
                    <button type="submit">{td!(locale, agreement_admin.add_activity)}</button>
                    <Outcome feedback=add_feedback/>
                </ActionForm>
            </details>
        </article>
    }
}

/// A select's options: the value posted, and the label shown in the visitor's language.
fn options<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|x| (value(*x).to_owned(), label(*x)))
        .collect()
}

#[component]
fn ActivityFields(form: ActivityForm, prefix: String, feedback: Feedback) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <TextArea name="text" id=format!("{prefix}text") label=td_string!(locale, agreement_admin.activity) value=form.text feedback/>
        <Select name="owner" id=format!("{prefix}owner") label=td_string!(locale, agreement_admin.owner) selected=form.owner
            options=options(Owner::ALL, Owner::as_str, |o| names::owner(locale, o)) feedback/>
        <Select name="measure" id=format!("{prefix}measure") label=td_string!(locale, agreement_admin.measure) selected=form.measure
            options=options(Measure::ALL, Measure::as_str, |m| measure_label(locale, m).to_owned()) feedback/>
        <div class="pair">
            <Input name="target" id=format!("{prefix}target") label=td_string!(locale, agreement_admin.target) kind="number" value=form.target feedback/>
            <Select name="cadence" id=format!("{prefix}cadence") label=td_string!(locale, agreement_admin.cadence) selected=form.cadence
                options=options(Cadence::ALL, Cadence::as_str, |c| cadence_label(locale, c).to_owned()) feedback/>
        </div>
        <p class="hint">{td!(locale, agreement_admin.unit_hint)}</p>
        <div class="pair">
            <Input name="unit" id=format!("{prefix}unit") label=td_string!(locale, agreement_admin.unit) value=form.unit feedback/>
            <Input name="unit_singular" id=format!("{prefix}unit_singular") label=td_string!(locale, agreement_admin.unit_singular) value=form.unit_singular feedback/>
        </div>
    }
}

#[component]
fn ActivityEditor(activity: ActivityEdit, number: usize, last: bool) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (update, feedback) =
        admin_action::<UpdateActivity>(td_string!(locale, agreement_admin.activity_saved));
    let feedback = feedback.for_item("id", activity.id);
    let prefix = format!("a{}-", activity.id);
    view! {
        <div class="activity-edit">
            <h4>{fill(td_string!(locale, agreement_admin.activity_heading), &[("number", &number)])}</h4>
            <MoveButtons item="activity" id=activity.id first=number == 1 last label=fill(td_string!(locale, agreement_admin.activity_item), &[("number", &number)])/>
            <ActionForm action=update>
                <input type="hidden" name="id" value=activity.id/>
                <input type="hidden" name="version" value=activity.version/>
                <ActivityFields form=activity.form prefix feedback/>
                <button type="submit">{td!(locale, agreement_admin.save_activity)}</button>
                <Outcome feedback/>
            </ActionForm>
        </div>
    }
}
