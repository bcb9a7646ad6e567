//! The import's data: the draft in the admin's forms' terms, the review form as it posts, and the check
//! that turns a review into an agreement's definitions.

use crate::agreements::forms::{ActivityForm, AgreementForm};
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
    /// The codes of the municipalities the text names (none if it names none the reference data knows).
    pub municipalities: Vec<String>,
    /// A police area's slug made from the name in the text: the admin picks the area it is.
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
    #[serde(default, deserialize_with = "crate::agreements::forms::one_or_more")]
    pub municipalities: Vec<String>,
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
            municipalities: self.municipalities.clone(),
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

/// A checked review: the slug, the agreement's facts, and each promise's text with its activities.
pub type Checked = (
    domain::agreement::Slug,
    crate::agreements::forms::AgreementFields,
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
