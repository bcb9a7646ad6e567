//! The parser's draft (domain's `agreement_text`) in the admin's forms' terms, with every value it did not
//! read for sure marked for review.

use super::model::{activity_key, ImportDraft, PromiseForm, Review, ReviewForm, SignatoryDraft};
use crate::agreements::forms::{signatories_text, ActivityForm};
use domain::agreement_text::{self, Draft, Field as DraftField, Proposed, Reason};
use std::collections::BTreeMap;

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
    let municipality = text("municipalities", &draft.municipality);
    let municipalities: Vec<String> = domain::places::municipality_named(&municipality)
        .map(|m| vec![m.code.to_owned()])
        .unwrap_or_default();
    let police_area = text("police_area", &draft.police_area);
    let police_area = if police_area.is_empty() {
        police_area
    } else {
        domain::places::area_slug(&police_area)
    };
    let signed_place = text("signed_place", &draft.signed_place);
    let background = text("background", &draft.background);
    let follow_up = text("follow_up", &draft.follow_up);
    if municipalities.is_empty() {
        unsure
            .entry("municipalities".to_owned())
            .or_insert_with(|| "missing".into());
    }
    let mut date = |key: &str, p: &Proposed<chrono::NaiveDate>| -> String {
        mark(&mut unsure, key.to_owned(), p);
        p.value().map(|d| d.to_string()).unwrap_or_default()
    };
    let valid_from = date("valid_from", &draft.valid_from);
    let valid_to = date("valid_to", &draft.valid_to);
    let signed_on = date("signed_on", &draft.signed_on);

    let promises: Vec<PromiseForm> = draft
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
            (DraftField::Municipality, ..) => "municipalities".to_owned(),
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
    // A counted activity names its unit in plural and singular; the parser notes one missing unit once, and
    // the review marks both fields, since the form refuses each left empty.
    for (p, promise) in promises.iter().enumerate() {
        for (a, activity) in promise.activities.iter().enumerate() {
            let plural = activity_key(p, a, "unit");
            let singular = activity_key(p, a, "unit_singular");
            if activity.unit_singular.is_empty() && !unsure.contains_key(&singular) {
                if let Some(reason) = unsure.get(&plural).cloned() {
                    unsure.insert(singular, reason);
                }
            }
        }
    }

    ImportDraft {
        slug: agreement_text::slug_suggestion(draft).unwrap_or_default(),
        municipalities,
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
                municipalities: self.municipalities,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreements::import::model::check;

    const SEED: &str = include_str!("../../../seed/medborgarlofte-savsjo-2018-2019.txt");

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

    /// Every text of the parser's corpus (domain/tests/fixtures/corpus, in all the shapes published
    /// agreements take) becomes a draft with promises and activities, and every field of it that the create
    /// forms' checks refuse is one the review marks as unsure.
    #[test]
    fn every_corpus_text_drafts_promises_and_activities_and_marks_what_the_forms_refuse() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../domain/tests/fixtures/corpus");
        let mut texts = 0;
        let mut accepted = 0;
        for entry in std::fs::read_dir(&dir).expect("the corpus is there") {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            texts += 1;
            let draft = from_draft(&agreement_text::parse(
                &std::fs::read_to_string(&path).unwrap(),
            ));
            let activities: usize = draft.promises.iter().map(|p| p.activities.len()).sum();
            assert!(
                !draft.promises.is_empty() && activities > 0,
                "{}: no promises or activities",
                path.display()
            );
            let unsure = draft.unsure.clone();
            match check(&draft.review().form) {
                Ok(_) => accepted += 1,
                // What the checks refuse, the review marks: the admin is shown every field to fix.
                Err(problems) => {
                    for (field, problem) in problems.iter() {
                        assert!(
                            unsure.contains_key(field.as_str()),
                            "{}: {field} is refused ({problem:?}) but not marked: {unsure:?}",
                            path.display()
                        );
                    }
                }
            }
        }
        assert!(texts >= 12, "the corpus has {texts} texts");
        eprintln!("{accepted} of {texts} corpus drafts pass the create checks unchanged");
    }
}
