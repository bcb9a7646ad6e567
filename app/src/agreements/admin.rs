//! The admin's agreement pages: the list with a form for a new agreement, and one page per agreement to
//! edit its facts, promises and activities, publish it, and copy it to the next period.

use super::forms::{ActivityEdit, ActivityForm, AgreementEdit, AgreementForm, PromiseEdit};
use super::server::{
    admin_agreement, admin_agreements, AddActivity, AddPromise, CopyAgreement, CreateAgreement,
    MoveDefinition, PublishAgreement, UpdateActivity, UpdateAgreement, UpdatePromise,
};
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::admin::{admin_action, Feedback, Input, MultiSelect, Outcome, Select, TextArea};
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
        {match use_context::<crate::auth::AdminContext>() {
            Some(admin) => {
                let municipalities: Vec<(String, String)> =
                    admin.municipalities.iter().map(|m| (m.code.clone(), m.name.clone())).collect();
                let mut areas = vec![(String::new(), td_string!(locale, agreement_admin.choose).to_owned())];
                areas.extend(admin.police_areas.iter().map(|a| (a.slug.clone(), a.name.clone())));
                view! {
                    <MultiSelect
                        name="municipalities"
                        label=td_string!(locale, agreement_admin.municipalities)
                        hint=td_string!(locale, agreement_admin.municipalities_hint)
                        options=municipalities
                        selected=form.municipalities.clone()
                        feedback
                    />
                    <Select name="police_area" label=td_string!(locale, agreement_admin.police_area_choice) options=areas selected=form.police_area.clone() feedback/>
                }
                .into_any()
            }
            None => view! {
                <Input name="municipalities" label=td_string!(locale, agreement_admin.municipality) value=form.municipalities.join(", ") feedback/>
                <Input name="police_area" label=td_string!(locale, agreement_admin.police_area) value=form.police_area.clone() feedback/>
            }
            .into_any(),
        }}
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
            options=options(Measure::ALL, Measure::as_str, |m| names::measure(locale, m).to_owned()) feedback/>
        <div class="pair">
            <Input name="target" id=format!("{prefix}target") label=td_string!(locale, agreement_admin.target) kind="number" value=form.target feedback/>
            <Select name="cadence" id=format!("{prefix}cadence") label=td_string!(locale, agreement_admin.cadence) selected=form.cadence
                options=options(Cadence::ALL, Cadence::as_str, |c| names::cadence(locale, c).to_owned()) feedback/>
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
