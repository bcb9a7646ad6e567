//! Importing an agreement from its published text: the parser's draft (domain's `agreement_text`) as the
//! admin's forms, a review page where every proposed field can be changed and what the parser is unsure
//! of is marked, and one save that creates the agreement with its promises and activities. Nothing is
//! saved before that save; the draft under review is kept in the admin's own session, so the page works
//! without JavaScript too.

use super::forms::{signatories_text, ActivityForm, AgreementForm};
use crate::admin::kit::Outcome;
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::Field;
use crate::words::names;
use crate::words::problems::render;
use domain::agreement::{Cadence, Measure, Owner};
use domain::agreement_text::{self, Draft, Field as DraftField, Proposed, Reason};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A promise and its activities as the review form posts them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseForm {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub activities: Vec<ActivityForm>,
}

/// A signatory as the import API answers it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatoryDraft {
    pub name: String,
    pub title: String,
    pub organisation: String,
}

/// What `agreements/import` answers: the draft in the field names of `agreements/create` (the signatories as
/// a list), its promises and activities in those of `activities/create`, and what the parser is unsure of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportDraft {
    pub slug: String,
    pub municipality: String,
    pub police_area: String,
    pub title: String,
    pub valid_from: String,
    pub valid_to: String,
    pub signed_on: String,
    pub signed_place: String,
    pub background: String,
    pub follow_up: String,
    pub signatories: Vec<SignatoryDraft>,
    pub promises: Vec<PromiseForm>,
    /// The fields to check, by form field name (`valid_from`, `promises[0][activities][1][target]`), each
    /// with the parser's reason code, or `guessed` / `missing`.
    pub unsure: BTreeMap<String, String>,
}

/// The review form as posted: the create form's fields (signatories one "name; title; organisation" a
/// line) and the promises with their activities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub police_area: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub valid_to: String,
    #[serde(default)]
    pub signed_on: String,
    #[serde(default)]
    pub background: String,
    #[serde(default)]
    pub follow_up: String,
    #[serde(default)]
    pub signatories: String,
    #[serde(default)]
    pub promises: Vec<PromiseForm>,
}

impl ReviewForm {
    pub fn agreement(&self) -> AgreementForm {
        AgreementForm {
            slug: self.slug.clone(),
            municipality: self.municipality.clone(),
            police_area: self.police_area.clone(),
            title: self.title.clone(),
            valid_from: self.valid_from.clone(),
            valid_to: self.valid_to.clone(),
            signed_on: self.signed_on.clone(),
            background: self.background.clone(),
            follow_up: self.follow_up.clone(),
            signatories: self.signatories.clone(),
        }
    }
}

/// The draft under review, as kept in the admin's session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub form: ReviewForm,
    pub unsure: BTreeMap<String, String>,
}

/// The form field name of an activity's field.
pub fn activity_key(promise: usize, activity: usize, field: &str) -> String {
    format!("promises[{promise}][activities][{activity}][{field}]")
}

fn snake(reason: Reason) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The parser's draft in the forms' terms. Every value the parser did not read for sure is listed in
/// `unsure`, with the parser's reason where it gave one.
pub fn from_draft(draft: &Draft) -> ImportDraft {
    let mut unsure = BTreeMap::new();
    let mut text = |key: &str, p: &Proposed<String>| -> String {
        mark(&mut unsure, key.to_owned(), p);
        p.value().cloned().unwrap_or_default()
    };
    let title = text("title", &draft.title);
    let municipality = text("municipality", &draft.municipality);
    let police_area = text("police_area", &draft.police_area);
    let signed_place = text("signed_place", &draft.signed_place);
    let background = text("background", &draft.background);
    let follow_up = text("follow_up", &draft.follow_up);
    let mut date = |key: &str, p: &Proposed<chrono::NaiveDate>| -> String {
        mark(&mut unsure, key.to_owned(), p);
        p.value().map(|d| d.to_string()).unwrap_or_default()
    };
    let valid_from = date("valid_from", &draft.valid_from);
    let valid_to = date("valid_to", &draft.valid_to);
    let signed_on = date("signed_on", &draft.signed_on);

    let promises = draft
        .promises
        .iter()
        .enumerate()
        .map(|(p, promise)| PromiseForm {
            text: promise.text.clone(),
            activities: promise
                .activities
                .iter()
                .enumerate()
                .map(|(a, activity)| {
                    let key = |field: &str| activity_key(p, a, field);
                    mark(&mut unsure, key("owner"), &activity.owner);
                    mark(&mut unsure, key("measure"), &activity.measure);
                    mark(&mut unsure, key("target"), &activity.target);
                    mark(&mut unsure, key("cadence"), &activity.cadence);
                    ActivityForm {
                        text: activity.text.clone(),
                        owner: activity
                            .owner
                            .value()
                            .map(|o| o.as_str().to_owned())
                            .unwrap_or_default(),
                        measure: activity
                            .measure
                            .value()
                            .map(|m| m.as_str().to_owned())
                            .unwrap_or_default(),
                        target: activity
                            .target
                            .value()
                            .copied()
                            .flatten()
                            .map(|t| t.to_string())
                            .unwrap_or_default(),
                        cadence: activity
                            .cadence
                            .value()
                            .map(|c| c.as_str().to_owned())
                            .unwrap_or_default(),
                        unit: activity.unit.clone().unwrap_or_default(),
                        unit_singular: activity.unit_singular.clone().unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();

    // The parser's notes say why; they also name what no `Proposed` carries (units, signatories, …).
    for note in &draft.notes {
        let key = match (note.field, note.promise, note.activity) {
            (DraftField::Title, ..) => "title".to_owned(),
            (DraftField::Municipality, ..) => "municipality".to_owned(),
            (DraftField::PoliceArea, ..) => "police_area".to_owned(),
            (DraftField::SignedPlace, ..) => "signed_place".to_owned(),
            (DraftField::SignedOn, ..) => "signed_on".to_owned(),
            (DraftField::ValidFrom, ..) => "valid_from".to_owned(),
            (DraftField::ValidTo, ..) => "valid_to".to_owned(),
            (DraftField::Background, ..) => "background".to_owned(),
            (DraftField::FollowUp, ..) => "follow_up".to_owned(),
            (DraftField::Signatories, ..) => "signatories".to_owned(),
            (DraftField::PromiseText, Some(p), _) => format!("promises[{p}][text]"),
            (DraftField::Activity | DraftField::ActivityPromise, Some(p), Some(a)) => {
                activity_key(p, a, "text")
            }
            (DraftField::Owner, Some(p), Some(a)) => activity_key(p, a, "owner"),
            (DraftField::Measure, Some(p), Some(a)) => activity_key(p, a, "measure"),
            (DraftField::Target, Some(p), Some(a)) => activity_key(p, a, "target"),
            (DraftField::Cadence, Some(p), Some(a)) => activity_key(p, a, "cadence"),
            (DraftField::Unit, Some(p), Some(a)) => activity_key(p, a, "unit"),
            (DraftField::UnitSingular, Some(p), Some(a)) => activity_key(p, a, "unit_singular"),
            _ => "text".to_owned(),
        };
        unsure.insert(key, snake(note.reason));
    }

    ImportDraft {
        slug: agreement_text::slug_suggestion(draft).unwrap_or_default(),
        municipality,
        police_area,
        title,
        valid_from,
        valid_to,
        signed_on,
        signed_place,
        background,
        follow_up,
        signatories: draft
            .signatories
            .iter()
            .map(|s| SignatoryDraft {
                name: s.name.clone(),
                title: s.title.clone().unwrap_or_default(),
                organisation: s.organisation.clone().unwrap_or_default(),
            })
            .collect(),
        promises,
        unsure,
    }
}

fn mark<T>(unsure: &mut BTreeMap<String, String>, key: String, p: &Proposed<T>) {
    match p {
        Proposed::Found(_) => {}
        Proposed::Guessed(_) => {
            unsure.insert(key, "guessed".into());
        }
        Proposed::Missing => {
            unsure.insert(key, "missing".into());
        }
    }
}

impl ImportDraft {
    /// The draft as the review form shows it.
    pub fn review(self) -> Review {
        let lines: Vec<(String, String, String)> = self
            .signatories
            .into_iter()
            .map(|s| (s.name, s.title, s.organisation))
            .collect();
        Review {
            form: ReviewForm {
                slug: self.slug,
                municipality: self.municipality,
                police_area: self.police_area,
                title: self.title,
                valid_from: self.valid_from,
                valid_to: self.valid_to,
                signed_on: self.signed_on,
                background: self.background,
                follow_up: self.follow_up,
                signatories: signatories_text(&lines),
                promises: self.promises,
            },
            unsure: self.unsure,
        }
    }
}

#[cfg(feature = "ssr")]
const REVIEW_KEY: &str = "admin.import_review";

/// Checks a pasted text: some text, not beyond the parser's bound.
#[cfg(feature = "ssr")]
fn pasted(text: &str) -> Result<&str, AppError> {
    use domain::problem::Problem;
    if text.trim().is_empty() {
        return Err(crate::admin::kit::invalid(domain::problem::Problems::from(
            [("text", Problem::Empty)],
        )));
    }
    if text.len() > agreement_text::MAX_INPUT_BYTES {
        return Err(crate::admin::kit::invalid(domain::problem::Problems::from(
            [(
                "text",
                Problem::TooLong {
                    max: agreement_text::MAX_INPUT_BYTES,
                },
            )],
        )));
    }
    Ok(text)
}

/// The draft of a pasted agreement text, for review. Saves nothing.
#[server(prefix = "/api/v1/admin", endpoint = "agreements/import")]
pub async fn import_agreement(text: String) -> Result<ImportDraft, AppError> {
    crate::admin::kit::actor().await?;
    let text = pasted(&text)?;
    Ok(from_draft(&agreement_text::parse(text)))
}

/// The page's import: the draft goes to the admin's session and the review page shows it.
#[server(prefix = "/api/v1/admin", endpoint = "agreements/import-review")]
pub async fn review_import(text: String) -> Result<(), AppError> {
    crate::admin::kit::actor().await?;
    let text = pasted(&text)?;
    let review = from_draft(&agreement_text::parse(text)).review();
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    session
        .insert(REVIEW_KEY, review)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect(crate::paths::IMPORT);
    Ok(())
}

/// The draft under review in this admin's session, if any.
#[server(prefix = "/api/v1/admin", endpoint = "agreements/import-current")]
pub async fn current_review() -> Result<Option<Review>, AppError> {
    crate::admin::kit::actor().await?;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    session
        .get::<Review>(REVIEW_KEY)
        .await
        .map_err(AppError::internal)
}

/// Creates the reviewed agreement, unpublished, with its promises and activities, in one transaction; or
/// refuses it whole with a problem per field, keeping the admin's edits for the review page.
///
/// The fields are the review form's, at the top level (`slug`, …, `promises[0][activities][1][target]`).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api/v1/admin", endpoint = "agreements/import-create")]
pub async fn create_imported(
    #[server(default)] slug: String,
    #[server(default)] municipality: String,
    #[server(default)] police_area: String,
    #[server(default)] title: String,
    #[server(default)] valid_from: String,
    #[server(default)] valid_to: String,
    #[server(default)] signed_on: String,
    #[server(default)] background: String,
    #[server(default)] follow_up: String,
    #[server(default)] signatories: String,
    #[server(default)] promises: Vec<PromiseForm>,
) -> Result<(), AppError> {
    let form = ReviewForm {
        slug,
        municipality,
        police_area,
        title,
        valid_from,
        valid_to,
        signed_on,
        background,
        follow_up,
        signatories,
        promises,
    };
    let actor = crate::admin::kit::actor().await?;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    let checked = check(&form);
    let (slug, fields, promises) = match checked {
        Ok(ok) => ok,
        Err(problems) => {
            keep(&session, &form).await?;
            return Err(crate::admin::kit::invalid(problems));
        }
    };
    let pool = crate::web::app_state()?.pool;
    if let Err(e) =
        super::store::create_with_definitions(&pool, &actor, &slug, &fields, &promises).await
    {
        keep(&session, &form).await?;
        return Err(e.respond());
    }
    let _ = session.remove::<Review>(REVIEW_KEY).await;
    leptos_axum::redirect(&crate::paths::admin_agreement(slug.as_str()));
    Ok(())
}

/// Keeps the posted form (with the marks of the draft it came from) for the review page.
#[cfg(feature = "ssr")]
async fn keep(session: &tower_sessions::Session, form: &ReviewForm) -> Result<(), AppError> {
    let unsure = session
        .get::<Review>(REVIEW_KEY)
        .await
        .map_err(AppError::internal)?
        .map(|r| r.unsure)
        .unwrap_or_default();
    session
        .insert(
            REVIEW_KEY,
            Review {
                form: form.clone(),
                unsure,
            },
        )
        .await
        .map_err(AppError::internal)
}

/// A checked review: the slug, the agreement's facts, and each promise's text with its activities.
pub type Checked = (
    domain::agreement::Slug,
    super::forms::AgreementFields,
    Vec<(
        domain::types::Paragraph,
        Vec<domain::agreement::ActivityDef>,
    )>,
);

/// Every field of the review checked at once; problems are keyed by the form's field names.
pub fn check(form: &ReviewForm) -> Result<Checked, domain::problem::Problems> {
    let agreement = form.agreement();
    let mut problems = domain::problem::Problems::default();
    let slug = agreement.slug().map_err(|e| problems.extend(e)).ok();
    let fields = agreement.fields().map_err(|e| problems.extend(e)).ok();
    let mut promises = Vec::new();
    for (p, promise) in form.promises.iter().enumerate() {
        let text = domain::types::Paragraph::parse(&promise.text)
            .map_err(|e| problems.add(&format!("promises[{p}][text]"), e))
            .ok();
        let mut activities = Vec::new();
        for (a, activity) in promise.activities.iter().enumerate() {
            match activity.parse() {
                Ok(def) => activities.push(def),
                Err(found) => {
                    for (field, problem) in found.iter() {
                        problems.add(&activity_key(p, a, field), problem.clone());
                    }
                }
            }
        }
        if let Some(text) = text {
            promises.push((text, activities));
        }
    }
    match (slug, fields) {
        (Some(slug), Some(fields)) if problems.is_empty() => Ok((slug, fields, promises)),
        _ => Err(problems),
    }
}

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
    let feedback = crate::admin::kit::Feedback {
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
                {field("municipality".into(), td_string!(locale, agreement_admin.municipality), form.municipality.clone(), "text")}
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
                            super::forms::measure_label(locale, *m).to_owned(),
                        )
                    })
                    .collect(),
                _ => Cadence::ALL
                    .iter()
                    .map(|c| {
                        (
                            c.as_str().to_owned(),
                            super::forms::cadence_label(locale, *c).to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../seed/medborgarlofte-savsjo-2018-2019.txt");

    #[test]
    fn the_seed_text_drafts_the_seeded_agreement() {
        let draft = from_draft(&agreement_text::parse(SEED));
        assert_eq!(draft.valid_from, "2018-04-10");
        assert_eq!(draft.valid_to, "2020-04-09");
        assert_eq!(draft.signatories.len(), 3);
        assert_eq!(draft.promises.len(), 2);
        let activities: Vec<&ActivityForm> =
            draft.promises.iter().flat_map(|p| &p.activities).collect();
        assert_eq!(activities.len(), 4);
        let ops = activities
            .iter()
            .find(|a| a.measure == "targeted_operation")
            .expect("the targeted operations");
        assert_eq!(
            (ops.target.as_str(), ops.cadence.as_str()),
            ("15", "period")
        );
        let meetings = activities
            .iter()
            .find(|a| a.measure == "collaboration_meeting")
            .expect("the meetings");
        assert_eq!(
            (meetings.target.as_str(), meetings.cadence.as_str()),
            ("4", "calendar_year")
        );
        // Reviewed as it is, the draft passes every check of the create forms.
        let review = draft.review();
        let (slug, fields, promises) = check(&review.form).expect("the seed's draft is valid");
        assert!(!slug.as_str().is_empty());
        assert_eq!(fields.signatories.len(), 3);
        assert_eq!(promises.iter().map(|(_, a)| a.len()).sum::<usize>(), 4);
    }

    #[test]
    fn unsure_values_are_marked_and_bad_reviews_are_refused_per_field() {
        let text = "Medborgarlöfte för Exempelby\n\nVi lovar att genomföra trygghetsvandringar.";
        let draft = from_draft(&agreement_text::parse(text));
        assert!(
            draft.unsure.contains_key("valid_from") || draft.unsure.contains_key("signed_on"),
            "missing dates are marked: {:?}",
            draft.unsure
        );
        let mut form = draft.review().form;
        form.slug = "Inte En Slug".into();
        form.promises = vec![PromiseForm {
            text: "Ett löfte".into(),
            activities: vec![ActivityForm {
                text: "Trygghetsvandringar".into(),
                owner: "joint".into(),
                measure: "count".into(),
                target: "tio".into(),
                cadence: "month".into(),
                ..ActivityForm::default()
            }],
        }];
        let problems = check(&form).unwrap_err();
        assert!(problems.contains_key("slug"));
        assert!(problems.contains_key("promises[0][activities][0][target]"));
        assert!(problems.contains_key("promises[0][activities][0][unit]"));
    }
}
