//! The admin's agreement pages: the list with a form for a new agreement, and one page per agreement to
//! edit its facts, promises and activities, publish it, and copy it to the next period.

use super::domain::{Cadence, Measure, Owner};
use super::forms::{cadence_label, measure_label, owner_label, ActivityForm, AgreementForm};
use crate::admin::{admin_action, Changes, Feedback, Input, Outcome, Select, TextArea};
use crate::error::AppError;
use crate::format::short_date;
use crate::ui::loaded;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAgreementRow {
    pub slug: String,
    pub title: String,
    pub municipality: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub published: bool,
}

/// An agreement as the admin edits it, with the version each part was read at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementEdit {
    pub id: i64,
    pub version: i64,
    pub published: bool,
    pub form: AgreementForm,
    pub promises: Vec<PromiseEdit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseEdit {
    pub id: i64,
    pub version: i64,
    pub text: String,
    pub activities: Vec<ActivityEdit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEdit {
    pub id: i64,
    pub version: i64,
    pub form: ActivityForm,
}

fn edit_path(slug: &str) -> String {
    format!("/admin/avtal/{slug}")
}

#[cfg(feature = "ssr")]
use crate::admin::invalid;

#[server(prefix = "/api/v1/admin", endpoint = "agreements/list")]
pub async fn admin_agreements() -> Result<Vec<AdminAgreementRow>, AppError> {
    crate::admin::actor().await?;
    super::store::list(&crate::web::app_state()?.pool).await
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/get")]
pub async fn admin_agreement(slug: String) -> Result<AgreementEdit, AppError> {
    crate::admin::actor().await?;
    super::store::by_slug(&crate::web::app_state()?.pool, &slug)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/create")]
pub async fn create_agreement(#[server(flatten)] form: AgreementForm) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
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
    let actor = crate::admin::actor().await?;
    let fields = form.fields().map_err(invalid)?;
    let pool = crate::web::app_state()?.pool;
    super::store::update(&pool, &actor, id, version, &fields)
        .await
        .map_err(AppError::respond)
}

#[server(prefix = "/api/v1/admin", endpoint = "agreements/publish")]
pub async fn publish_agreement(id: i64, version: i64, published: bool) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
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
    use super::domain::{DateRange, Slug};
    let actor = crate::admin::actor().await?;
    let mut c = crate::forms::Checker::default();
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
    let actor = crate::admin::actor().await?;
    let text = crate::types::Paragraph::parse(&text)
        .map_err(|e| AppError::invalid_field("text", e.to_string()).respond())?;
    let pool = crate::web::app_state()?.pool;
    super::store::add_promise(&pool, &actor, agreement_id, &text)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "promises/update")]
pub async fn update_promise(id: i64, version: i64, text: String) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
    let text = crate::types::Paragraph::parse(&text)
        .map_err(|e| AppError::invalid_field("text", e.to_string()).respond())?;
    let pool = crate::web::app_state()?.pool;
    super::store::update_promise(&pool, &actor, id, version, &text)
        .await
        .map_err(AppError::respond)
}

/// `direction` is "up" or "down"; `item` is "promise" or "activity".
#[server(prefix = "/api/v1/admin", endpoint = "definitions/move")]
pub async fn move_definition(item: String, id: i64, direction: String) -> Result<(), AppError> {
    let actor = crate::admin::actor().await?;
    let table = match item.as_str() {
        "promise" => "promises",
        "activity" => "activities",
        _ => return Err(AppError::invalid_field("item", "promise eller activity").respond()),
    };
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::invalid_field("direction", "up eller down").respond()),
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
    let actor = crate::admin::actor().await?;
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
    let actor = crate::admin::actor().await?;
    let def = form.parse().map_err(invalid)?;
    let pool = crate::web::app_state()?.pool;
    super::store::update_activity(&pool, &actor, id, version, &def)
        .await
        .map_err(AppError::respond)
}

/// The list of agreements and the form for a new one.
#[component]
pub fn AgreementsAdmin() -> impl IntoView {
    let changes = Changes::get();
    let list = Resource::new(move || changes.get(), |_| admin_agreements());
    let (create, feedback) = admin_action::<CreateAgreement>("Avtalet är skapat.");
    view! {
        <Title text="Avtal – administration"/>
        <section class="card">
            <h1>"Avtal"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Hämtar…"</p> }>
                {move || Suspend::new(async move {
                    list.await.map(|rows| view! {
                        <ul class="admin-list">
                            {rows.into_iter().map(|a| view! {
                                <li>
                                    <A href=edit_path(&a.slug)>{a.title.clone()}</A>
                                    " · " {a.municipality.clone()} " · "
                                    {short_date(a.valid_from)} "–" {short_date(a.valid_to)} " · "
                                    <span class="badge-text" class:published=a.published>
                                        {if a.published { "Publicerat" } else { "Ej publicerat" }}
                                    </span>
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
        </section>
        <section class="card" aria-labelledby="new-agreement">
            <h2 id="new-agreement">"Nytt avtal"</h2>
            <p class="hint">"Ett nytt avtal är opublicerat tills du publicerar det."</p>
            <ActionForm action=create>
                <Input name="slug" label="Adressnamn (t.ex. savsjo-2021-2022)" feedback/>
                <AgreementFields form=AgreementForm::default() feedback/>
                <button type="submit" disabled=move || feedback.pending.get()>"Skapa avtalet"</button>
                <Outcome feedback/>
            </ActionForm>
        </section>
    }
}

/// The fields shared by the new-agreement and edit forms.
#[component]
fn AgreementFields(form: AgreementForm, feedback: Feedback) -> impl IntoView {
    view! {
        <Input name="municipality" label="Kommun" value=form.municipality feedback/>
        <Input name="police_area" label="Lokalpolisområde" value=form.police_area feedback/>
        <Input name="title" label="Rubrik" value=form.title feedback/>
        <div class="pair">
            <Input name="valid_from" label="Gäller från" kind="date" value=form.valid_from feedback/>
            <Input name="valid_to" label="Gäller till" kind="date" value=form.valid_to feedback/>
        </div>
        <Input name="signed_on" label="Undertecknat" kind="date" value=form.signed_on feedback/>
        <TextArea name="background" label="Bakgrund" value=form.background feedback/>
        <TextArea name="follow_up" label="Uppföljning" value=form.follow_up feedback/>
        <TextArea
            name="signatories"
            label="Undertecknare"
            hint="En per rad: namn; titel; organisation"
            value=form.signatories
            feedback
        />
    }
}

#[component]
pub fn AgreementEditor() -> impl IntoView {
    let params = use_params_map();
    let changes = Changes::get();
    let data = Resource::new(
        move || (params.read().get("slug").unwrap_or_default(), changes.get()),
        |(slug, _)| admin_agreement(slug),
    );
    loaded(data, "Hämtar…", |edit| view! { <EditAgreement edit/> })
}

#[component]
fn EditAgreement(edit: AgreementEdit) -> impl IntoView {
    let (update, feedback) = admin_action::<UpdateAgreement>("Avtalet är sparat.");
    let (publish, publish_feedback) = admin_action::<PublishAgreement>("Sparat.");
    let (add, add_feedback) = admin_action::<AddPromise>("Löftet är tillagt.");
    let (copy, copy_feedback) = admin_action::<CopyAgreement>("Kopian är skapad.");
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
        <Title text=format!("{} – administration", form.title)/>
        <section class="card">
            <p><A href="/admin">"← Alla avtal"</A></p>
            <h1>{form.title.clone()}</h1>
            <p>
                {if published { "Publicerat: syns för allmänheten och i API:t. " } else { "Ej publicerat: syns bara här. " }}
                {published.then(|| view! { <A href=format!("/avtal/{slug}")>"Visa den publika sidan"</A> })}
            </p>
            <ActionForm action=publish>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <input type="hidden" name="published" value=(!published).to_string()/>
                <button type="submit" disabled=move || publish_feedback.pending.get()>
                    {if published { "Avpublicera" } else { "Publicera" }}
                </button>
                <Outcome feedback=publish_feedback/>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="facts">
            <h2 id="facts">"Avtalet"</h2>
            <ActionForm action=update>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <AgreementFields form=form.clone() feedback/>
                <button type="submit" disabled=move || feedback.pending.get()>"Spara avtalet"</button>
                <Outcome feedback/>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="promises">
            <h2 id="promises">"Löften och aktiviteter"</h2>
            {promises
                .into_iter()
                .enumerate()
                .map(|(n, p)| view! { <PromiseEditor promise=p number=n + 1 last=n + 1 == count/> })
                .collect_view()}
            <ActionForm action=add attr:class="add">
                <input type="hidden" name="agreement_id" value=id/>
                <TextArea name="text" id="new-promise" label="Nytt löfte" feedback=add_feedback/>
                <button type="submit">"Lägg till löftet"</button>
                <Outcome feedback=add_feedback/>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="copy">
            <h2 id="copy">"Kopiera till nästa period"</h2>
            <p class="hint">"Kopian får samma löften och aktiviteter men inga rapporter, och är opublicerad."</p>
            <ActionForm action=copy>
                <input type="hidden" name="id" value=id/>
                <Input name="slug" id="copy-slug" label="Nytt adressnamn" feedback=copy_feedback/>
                <div class="pair">
                    <Input name="valid_from" id="copy-from" label="Gäller från" kind="date" feedback=copy_feedback/>
                    <Input name="valid_to" id="copy-to" label="Gäller till" kind="date" feedback=copy_feedback/>
                </div>
                <button type="submit">"Kopiera"</button>
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
    let (action, feedback) = admin_action::<MoveDefinition>("Flyttad.");
    view! {
        <ActionForm action attr:class="move">
            <input type="hidden" name="item" value=item/>
            <input type="hidden" name="id" value=id/>
            <button type="submit" name="direction" value="up" disabled=first aria-label=format!("Flytta upp {label}")>"↑"</button>
            <button type="submit" name="direction" value="down" disabled=last aria-label=format!("Flytta ner {label}")>"↓"</button>
            <Outcome feedback/>
        </ActionForm>
    }
}

#[component]
fn PromiseEditor(promise: PromiseEdit, number: usize, last: bool) -> impl IntoView {
    let (update, feedback) = admin_action::<UpdatePromise>("Löftet är sparat.");
    let (add, add_feedback) = admin_action::<AddActivity>("Aktiviteten är tillagd.");
    let prefix = format!("p{}-", promise.id);
    let new_prefix = format!("{prefix}new-");
    let count = promise.activities.len();
    view! {
        <article class="promise-edit">
            <h3>{format!("Löfte {number}")}</h3>
            <MoveButtons item="promise" id=promise.id first=number == 1 last label=format!("löfte {number}")/>
            <ActionForm action=update>
                <input type="hidden" name="id" value=promise.id/>
                <input type="hidden" name="version" value=promise.version/>
                <TextArea name="text" id=format!("{prefix}text") label="Löftet" value=promise.text feedback/>
                <button type="submit">"Spara löftet"</button>
                <Outcome feedback/>
            </ActionForm>
            {promise
                .activities
                .into_iter()
                .enumerate()
                .map(|(n, a)| view! { <ActivityEditor activity=a number=n + 1 last=n + 1 == count/> })
                .collect_view()}
            <details>
                <summary>"Ny aktivitet"</summary>
                <ActionForm action=add>
                    <input type="hidden" name="promise_id" value=promise.id/>
                    <ActivityFields form=ActivityForm::default() prefix=new_prefix feedback=add_feedback/>
                    <button type="submit">"Lägg till aktiviteten"</button>
                    <Outcome feedback=add_feedback/>
                </ActionForm>
            </details>
        </article>
    }
}

fn options<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|x| (value(*x).to_owned(), label(*x).to_owned()))
        .collect()
}

#[component]
fn ActivityFields(form: ActivityForm, prefix: String, feedback: Feedback) -> impl IntoView {
    view! {
        <TextArea name="text" id=format!("{prefix}text") label="Aktivitet" value=form.text feedback/>
        <Select name="owner" id=format!("{prefix}owner") label="Ansvarig" selected=form.owner
            options=options(Owner::ALL, Owner::as_str, owner_label) feedback/>
        <Select name="measure" id=format!("{prefix}measure") label="Det som räknas" selected=form.measure
            options=options(Measure::ALL, Measure::as_str, measure_label) feedback/>
        <div class="pair">
            <Input name="target" id=format!("{prefix}target") label="Mål (antal, tomt för inget)" kind="number" value=form.target feedback/>
            <Select name="cadence" id=format!("{prefix}cadence") label="Målet gäller" selected=form.cadence
                options=options(Cadence::ALL, Cadence::as_str, cadence_label) feedback/>
        </div>
    }
}

#[component]
fn ActivityEditor(activity: ActivityEdit, number: usize, last: bool) -> impl IntoView {
    let (update, feedback) = admin_action::<UpdateActivity>("Aktiviteten är sparad.");
    let prefix = format!("a{}-", activity.id);
    view! {
        <div class="activity-edit">
            <h4>{format!("Aktivitet {number}")}</h4>
            <MoveButtons item="activity" id=activity.id first=number == 1 last label=format!("aktivitet {number}")/>
            <ActionForm action=update>
                <input type="hidden" name="id" value=activity.id/>
                <input type="hidden" name="version" value=activity.version/>
                <ActivityFields form=activity.form prefix feedback/>
                <button type="submit">"Spara aktiviteten"</button>
                <Outcome feedback/>
            </ActionForm>
        </div>
    }
}
