//! The import page: the parser's draft (domain's `agreement_text`) as the
//! admin's forms, a review page where every proposed field can be changed and what the parser is unsure
//! of is marked, and one save that creates the agreement with its promises and activities. Nothing is
//! saved before that save; the draft under review is kept in the admin's own session, so the page works
//! without JavaScript too.

use super::model::{activity_key, Review};
use super::server::{current_review, CreateImported, ReviewImport};
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::admin::Outcome;
use crate::ui::Field;
use crate::words::names;
use crate::words::problems::render;
use domain::agreement::{Cadence, Measure, Owner};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/admin/importera`: paste a text, review the draft, create the agreement.
#[component]
pub fn ImportPage() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let paste = ServerAction::<ReviewImport>::new();
    let create = ServerAction::<CreateImported>::new();
    let review = Resource::new(move || paste.version().get(), |_| current_review());
    let paste_error = move || match paste.value().get() {
        Some(Err(e)) => render(&e.field_problems(), locale).get("text").cloned(),
        _ => None,
    };
    view! {
        <Title text=td_string!(locale, agreement_admin.import_title)/>
        <section class="card" aria-labelledby="import-heading">
            <h1 id="import-heading">{td!(locale, agreement_admin.import_title)}</h1>
            <p class="hint">{td!(locale, agreement_admin.import_hint)}</p>
            <ActionForm action=paste>
                <Field name="text" label=td_string!(locale, agreement_admin.import_text) error=paste_error id="import-text">
                    <textarea id="import-text" name="text" rows="12" aria-describedby="import-text-error"></textarea>
                </Field>
                <button type="submit">{td!(locale, agreement_admin.import_read)}</button>
            </ActionForm>
        </section>
        <Suspense fallback=move || view! { <p class="loading">{td!(locale, admin.loading)}</p> }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(Some(review)) => view! { <ReviewFormView review create/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <p class="notice error" role="alert">{e.text(locale)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReviewFormView(review: Review, create: ServerAction<CreateImported>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let Review { form, unsure } = review;
    let errors = Signal::derive(move || match create.value().get() {
        Some(Err(e)) => render(&e.field_problems(), locale),
        _ => Default::default(),
    });
    let message = Signal::derive(move || match create.value().get() {
        Some(Err(e)) => Some((false, e.text(locale))),
        Some(Ok(())) => Some((true, td_string!(locale, agreement_admin.created).to_owned())),
        None => None,
    });
    // The review keeps its own edits in the session, so nothing typed needs echoing.
    let feedback = crate::ui::admin::Feedback {
        errors,
        message,
        pending: create.pending().into(),
        typed: StoredValue::new(Default::default()),
    };
    let unsure_count = unsure.len();
    let field = {
        let unsure = unsure.clone();
        move |key: String, label: &'static str, value: String, kind: &'static str| {
            let note = unsure.get(&key).cloned();
            view! { <ReviewField key label value kind note errors/> }
        }
    };
    let promises = form.promises.clone();
    view! {
        <section class="card" aria-labelledby="review-heading">
            <h2 id="review-heading">{td!(locale, agreement_admin.review_heading)}</h2>
            <p class="hint" data-testid="unsure-count">
                {td!(locale, agreement_admin.review_hint, count = unsure_count)}
            </p>
            <ActionForm action=create>
                {field("slug".into(), td_string!(locale, agreement_admin.slug), form.slug.clone(), "text")}
                {field("municipalities".into(), td_string!(locale, agreement_admin.municipality), form.municipalities.join(", "), "text")}
                {field("police_area".into(), td_string!(locale, agreement_admin.police_area), form.police_area.clone(), "text")}
                {field("title".into(), td_string!(locale, agreement_admin.title), form.title.clone(), "text")}
                <div class="pair">
                    {field("valid_from".into(), td_string!(locale, agreement_admin.valid_from), form.valid_from.clone(), "date")}
                    {field("valid_to".into(), td_string!(locale, agreement_admin.valid_to), form.valid_to.clone(), "date")}
                </div>
                {field("signed_on".into(), td_string!(locale, agreement_admin.signed_on), form.signed_on.clone(), "date")}
                {field("background".into(), td_string!(locale, agreement_admin.background), form.background.clone(), "textarea")}
                {field("follow_up".into(), td_string!(locale, agreement_admin.follow_up), form.follow_up.clone(), "textarea")}
                {field("signatories".into(), td_string!(locale, agreement_admin.signatories), form.signatories.clone(), "textarea")}
                {promises.into_iter().enumerate().map(|(p, promise)| {
                    let number = p + 1;
                    view! {
                        <fieldset class="promise-review">
                            <legend>{names::fill(td_string!(locale, agreement_admin.promise_heading), &[("number", &number)])}</legend>
                            {field(format!("promises[{p}][text]"), td_string!(locale, agreement_admin.promise), promise.text.clone(), "textarea")}
                            {promise.activities.into_iter().enumerate().map(|(a, activity)| {
                                let n = a + 1;
                                view! {
                                    <fieldset class="activity-review">
                                        <legend>{names::fill(td_string!(locale, agreement_admin.activity_heading), &[("number", &n)])}</legend>
                                        {field(activity_key(p, a, "text"), td_string!(locale, agreement_admin.activity), activity.text.clone(), "textarea")}
                                        {field(activity_key(p, a, "owner"), td_string!(locale, agreement_admin.owner), activity.owner.clone(), "owner")}
                                        {field(activity_key(p, a, "measure"), td_string!(locale, agreement_admin.measure), activity.measure.clone(), "measure")}
                                        <div class="pair">
                                            {field(activity_key(p, a, "target"), td_string!(locale, agreement_admin.target), activity.target.clone(), "number")}
                                            {field(activity_key(p, a, "cadence"), td_string!(locale, agreement_admin.cadence), activity.cadence.clone(), "cadence")}
                                        </div>
                                        <div class="pair">
                                            {field(activity_key(p, a, "unit"), td_string!(locale, agreement_admin.unit), activity.unit.clone(), "text")}
                                            {field(activity_key(p, a, "unit_singular"), td_string!(locale, agreement_admin.unit_singular), activity.unit_singular.clone(), "text")}
                                        </div>
                                    </fieldset>
                                }
                            }).collect_view()}
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit" disabled=move || create.pending().get()>{td!(locale, agreement_admin.import_create)}</button>
                <Outcome feedback/>
            </ActionForm>
        </section>
    }
}

/// One field of the review: its control by `kind`, its error, and a visible "check this" mark (tied to
/// the control by `aria-describedby`) where the parser was unsure.
#[component]
fn ReviewField(
    key: String,
    label: &'static str,
    value: String,
    kind: &'static str,
    note: Option<String>,
    errors: Signal<domain::report::FieldErrors>,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let id = key.replace(['[', ']'], "-").replace("--", "-");
    let id = id.trim_end_matches('-').to_owned();
    let error_id = format!("{id}-error");
    let note_id = format!("{id}-unsure");
    let described = if note.is_some() {
        format!("{error_id} {note_id}")
    } else {
        error_id.clone()
    };
    let error_key = StoredValue::new(key.clone());
    let error = move || errors.with(|e| error_key.with_value(|k| e.get(k).cloned()));
    let options = |all: Vec<(String, String)>, selected: &str| {
        all.into_iter()
            .map(|(v, text)| {
                let is = v == selected;
                view! { <option value=v selected=is>{text}</option> }
            })
            .collect_view()
    };
    let control = match kind {
        "textarea" => view! {
            <textarea id=id.clone() name=key.clone() rows="4" aria-describedby=described.clone() inner_html=crate::ui::textarea_text(&value)></textarea>
        }
        .into_any(),
        "owner" | "measure" | "cadence" => {
            let all: Vec<(String, String)> = match kind {
                "owner" => Owner::ALL
                    .iter()
                    .map(|o| (o.as_str().to_owned(), names::owner(locale, *o)))
                    .collect(),
                "measure" => Measure::ALL
                    .iter()
                    .map(|m| {
                        (
                            m.as_str().to_owned(),
                            crate::words::names::measure(locale, *m).to_owned(),
                        )
                    })
                    .collect(),
                _ => Cadence::ALL
                    .iter()
                    .map(|c| {
                        (
                            c.as_str().to_owned(),
                            crate::words::names::cadence(locale, *c).to_owned(),
                        )
                    })
                    .collect(),
            };
            // A value the parser did not find starts unchosen, so the admin has to choose.
            let missing = value.is_empty();
            view! {
                <select id=id.clone() name=key.clone() aria-describedby=described.clone()>
                    {missing.then(|| view! { <option value="" selected=true>{td!(locale, agreement_admin.choose)}</option> })}
                    {options(all, &value)}
                </select>
            }
            .into_any()
        }
        _ => view! {
            <input id=id.clone() name=key.clone() type=kind value=value aria-describedby=described.clone()/>
        }
        .into_any(),
    };
    let note_view = note.map(|reason| {
        let text = match reason.as_str() {
            "missing" | "not_found" | "section_missing" | "section_empty" => {
                td_string!(locale, agreement_admin.unsure_missing)
            }
            _ => td_string!(locale, agreement_admin.unsure_guessed),
        };
        view! { <p class="unsure" id=note_id.clone() data-reason=reason>{text}</p> }
    });
    let unsure = note_view.is_some();
    view! {
        <div class="field" class:invalid=move || error().is_some() class:unsure=unsure data-field=key.clone()>
            <label for=id.clone()>{label}</label>
            {note_view}
            {control}
            <p class="field-error" id=error_id aria-live="polite">{error}</p>
        </div>
    }
}
