//! The admin's agreement and activity forms as posted, and their checks: one message per field. Plain Rust.

use chrono::NaiveDate;
use domain::agreement::{
    ActivityDef, Cadence, DateRange, DefinitionError, Measure, Owner, Signatory, Slug, Target, Unit,
};
use domain::forms::Checker;
use domain::places::MunicipalityCode;
use domain::problem::{Choice, Problem, Problems};
use domain::types::{Line, Paragraph};
use serde::{Deserialize, Serialize};

/// An agreement's own facts as typed. The slug is only read when an agreement is created: it is its
/// public address and does not change afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementForm {
    #[serde(default)]
    pub slug: String,
    /// The municipalities' SCB codes: the field repeated, or several codes in one value.
    #[serde(default, deserialize_with = "one_or_more")]
    pub municipalities: Vec<String>,
    /// The police area's slug.
    #[serde(default)]
    pub police_area: String,
    pub title: String,
    pub valid_from: String,
    pub valid_to: String,
    pub signed_on: String,
    pub background: String,
    pub follow_up: String,
    /// One signatory per line: "Name; Title; Organisation".
    #[serde(default)]
    pub signatories: String,
}

/// A checked agreement, without its promises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementFields {
    pub municipalities: Vec<MunicipalityCode>,
    pub police_area: Slug,
    pub title: Line,
    pub period: DateRange,
    pub signed_on: NaiveDate,
    pub background: Paragraph,
    pub follow_up: Paragraph,
    pub signatories: Vec<Signatory>,
}

pub const MAX_SIGNATORIES: usize = 20;

/// Reads one or more values: a form field repeated (`municipalities=0684&municipalities=0685`), a JSON
/// list, or one value holding several, separated by commas or spaces (`0684, 0685`).
pub fn one_or_more<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMore {
        One(String),
        More(Vec<String>),
        /// `key[0]=…&key[1]=…`, as a form's repeated field reaches a server function.
        Numbered(std::collections::BTreeMap<String, String>),
    }
    let values = match OneOrMore::deserialize(d)? {
        OneOrMore::One(one) => vec![one],
        OneOrMore::More(more) => more,
        OneOrMore::Numbered(numbered) => {
            let mut numbered: Vec<(usize, String)> = numbered
                .into_iter()
                .filter_map(|(i, v)| i.parse().ok().map(|i| (i, v)))
                .collect();
            numbered.sort();
            numbered.into_iter().map(|(_, v)| v).collect()
        }
    };
    Ok(values
        .iter()
        .flat_map(|v| v.split([',', ' ', '\n', '\t']))
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.trim().to_owned())
        .collect())
}

/// The municipalities' codes as a server function's argument: the field repeated, or several in one value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MunicipalityCodes(pub Vec<String>);

impl<'de> Deserialize<'de> for MunicipalityCodes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_or_more(d).map(Self)
    }
}

/// The codes of one or more municipalities, each once, in the order given.
pub fn municipality_codes(values: &[String]) -> Result<Vec<MunicipalityCode>, Problem> {
    if values.is_empty() {
        return Err(Problem::Choose {
            choice: Choice::Municipality,
        });
    }
    let mut codes: Vec<MunicipalityCode> = Vec::with_capacity(values.len());
    for value in values {
        let code = MunicipalityCode::parse(value)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// Reads "Name; Title; Organisation" lines. Blank lines are skipped.
pub fn parse_signatories(text: &str) -> Result<Vec<Signatory>, Problem> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > MAX_SIGNATORIES {
        return Err(Problem::TooManySignatories {
            max: MAX_SIGNATORIES,
        });
    }
    lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let parts: Vec<&str> = line.split(';').collect();
            let bad = || Problem::SignatoryLine { line: n + 1 };
            let [name, title, organisation] = parts.as_slice() else {
                return Err(bad());
            };
            Ok(Signatory {
                name: Line::parse(name).map_err(|_| bad())?,
                title: Line::parse(title).map_err(|_| bad())?,
                organisation: Line::parse(organisation).map_err(|_| bad())?,
            })
        })
        .collect()
}

/// The signatories as the form shows them.
pub fn signatories_text(signatories: &[(String, String, String)]) -> String {
    signatories
        .iter()
        .map(|(name, title, organisation)| format!("{name}; {title}; {organisation}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl AgreementForm {
    pub fn slug(&self) -> Result<Slug, Problems> {
        Slug::parse(self.slug.trim()).map_err(|e| Problems::from([("slug", e.into())]))
    }

    pub fn fields(&self) -> Result<AgreementFields, Problems> {
        let mut c = Checker::default();
        let municipalities = c.check("municipalities", municipality_codes(&self.municipalities));
        let police_area = c.check(
            "police_area",
            Slug::parse(self.police_area.trim()).map_err(|_| Problem::Choose {
                choice: Choice::PoliceArea,
            }),
        );
        let title = c.check("title", Line::parse(&self.title));
        let from = c.date("valid_from", &self.valid_from);
        let to = c.date("valid_to", &self.valid_to);
        let period = match (from, to) {
            (Some(from), Some(to)) => c.check("valid_to", DateRange::new(from, to)),
            _ => None,
        };
        let signed_on = c.date("signed_on", &self.signed_on);
        let background = c.check("background", Paragraph::parse(&self.background));
        let follow_up = c.check("follow_up", Paragraph::parse(&self.follow_up));
        let signatories = c.check("signatories", parse_signatories(&self.signatories));
        let value = (|| {
            Some(AgreementFields {
                municipalities: municipalities?,
                police_area: police_area?,
                title: title?,
                period: period?,
                signed_on: signed_on?,
                background: background?,
                follow_up: follow_up?,
                signatories: signatories?,
            })
        })();
        c.finish(value)
    }
}

/// An activity as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityForm {
    pub text: String,
    pub owner: String,
    pub measure: String,
    /// Empty: no numeric target.
    #[serde(default)]
    pub target: String,
    pub cadence: String,
    /// For the measure `count`: what is counted, in the plural ("trygghetsvandringar") …
    #[serde(default)]
    pub unit: String,
    /// … and in the singular ("trygghetsvandring"). Ignored for the other measures.
    #[serde(default)]
    pub unit_singular: String,
}

impl ActivityForm {
    pub fn parse(&self) -> Result<ActivityDef, Problems> {
        let mut c = Checker::default();
        let text = c.check("text", Paragraph::parse(&self.text));
        let owner = c.check(
            "owner",
            self.owner.parse::<Owner>().map_err(|_| Choice::Owner),
        );
        let measure = c.check(
            "measure",
            self.measure.parse::<Measure>().map_err(|_| Choice::Measure),
        );
        let cadence = c.check(
            "cadence",
            self.cadence.parse::<Cadence>().map_err(|_| Choice::Cadence),
        );
        let target = if self.target.trim().is_empty() {
            Some(None)
        } else {
            c.check(
                "target",
                self.target
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| DefinitionError::Target)
                    .and_then(Target::new)
                    .map(Some),
            )
        };
        let counted = measure == Some(Measure::Count);
        let unit = if counted {
            let plural = c.check("unit", Line::parse(&self.unit));
            let singular = c.check("unit_singular", Line::parse(&self.unit_singular));
            match (plural, singular) {
                (Some(plural), Some(singular)) => Some(Some(Unit { plural, singular })),
                _ => None,
            }
        } else {
            Some(None)
        };
        let value = (|| {
            let def = ActivityDef::new(text?, owner?, measure?, target?, cadence?);
            let def = c.check("target", def)?;
            c.check("unit", def.counting(unit?))
        })();
        c.finish(value)
    }

    pub fn from_def(def: &ActivityDef) -> Self {
        Self {
            text: def.text().to_string(),
            owner: def.owner().as_str().into(),
            measure: def.measure().as_str().into(),
            target: def
                .target()
                .map(|t| t.get().to_string())
                .unwrap_or_default(),
            cadence: def.cadence().as_str().into(),
            unit: def.unit().map(|u| u.plural.to_string()).unwrap_or_default(),
            unit_singular: def
                .unit()
                .map(|u| u.singular.to_string())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> AgreementForm {
        AgreementForm {
            slug: "vetlanda-2027".into(),
            municipalities: vec!["0685".into()],
            police_area: "vetlanda".into(),
            title: "Medborgarlöfte 2027".into(),
            valid_from: "2027-01-01".into(),
            valid_to: "2027-12-31".into(),
            signed_on: "2026-12-15".into(),
            background: "Bakgrund.".into(),
            follow_up: "Följs upp varje kvartal.".into(),
            signatories: "Anna A; Kommunstyrelsens ordförande; Vetlanda kommun\n\n Bo B ; Lokalpolisområdeschef; Polisen".into(),
        }
    }

    #[test]
    fn a_good_agreement_form_parses() {
        let form = good();
        assert_eq!(form.slug().unwrap().as_str(), "vetlanda-2027");
        let fields = form.fields().unwrap();
        assert_eq!(fields.signatories.len(), 2);
        assert_eq!(fields.signatories[1].name.as_str(), "Bo B");
    }

    #[test]
    fn every_bad_agreement_field_gets_its_message() {
        let form = AgreementForm {
            slug: "Nytt Avtal".into(),
            title: "  ".into(),
            valid_from: "2027-12-31".into(),
            valid_to: "2027-01-01".into(),
            signed_on: "igår".into(),
            signatories: "bara ett namn".into(),
            ..good()
        };
        assert!(form.slug().unwrap_err().contains_key("slug"));
        let errors = form.fields().unwrap_err();
        let fields: Vec<_> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            vec!["signatories", "signed_on", "title", "valid_to"]
        );
        assert_eq!(errors["signatories"], Problem::SignatoryLine { line: 1 });
    }

    #[test]
    fn activity_forms_check_target_against_measure() {
        let form = ActivityForm {
            text: "Riktade insatser mot narkotika".into(),
            owner: "police".into(),
            measure: "targeted_operation".into(),
            target: "15".into(),
            cadence: "period".into(),
            ..ActivityForm::default()
        };
        let def = form.parse().unwrap();
        assert_eq!(def.target().map(Target::get), Some(15));
        assert_eq!(ActivityForm::from_def(&def), form);

        let unmeasured = ActivityForm {
            measure: "none".into(),
            ..form.clone()
        };
        assert_eq!(
            unmeasured.parse().unwrap_err()["target"],
            Problem::TargetWithoutMeasure
        );
        for bad in ["0", "-1", "fem", "1000001"] {
            let f = ActivityForm {
                target: bad.into(),
                ..form.clone()
            };
            assert!(f.parse().unwrap_err().contains_key("target"), "{bad}");
        }
        let no_owner = ActivityForm {
            owner: "army".into(),
            ..form
        };
        assert!(no_owner.parse().unwrap_err().contains_key("owner"));
    }

    #[test]
    fn a_counted_activity_form_needs_its_unit() {
        let form = ActivityForm {
            text: "Minst tio trygghetsvandringar per år".into(),
            owner: "joint".into(),
            measure: "count".into(),
            target: "10".into(),
            cadence: "calendar_year".into(),
            unit: "trygghetsvandringar".into(),
            unit_singular: "trygghetsvandring".into(),
        };
        let def = form.parse().unwrap();
        assert_eq!(def.unit().unwrap().plural.as_str(), "trygghetsvandringar");
        assert_eq!(ActivityForm::from_def(&def), form);
        let missing = ActivityForm {
            unit: " ".into(),
            unit_singular: String::new(),
            ..form.clone()
        };
        let errors = missing.parse().unwrap_err();
        assert_eq!(errors["unit"], Problem::Empty);
        assert_eq!(errors["unit_singular"], Problem::Empty);
        let weekly = ActivityForm {
            cadence: "week".into(),
            ..form.clone()
        };
        assert_eq!(weekly.parse().unwrap().cadence(), Cadence::Week);
        // A unit typed for a built-in measure is not kept.
        let builtin = ActivityForm {
            measure: "targeted_operation".into(),
            ..form
        };
        assert_eq!(builtin.parse().unwrap().unit(), None);
    }
}

// What the admin's agreement pages show and edit, as the store reads it: each part with the version it was
// read at.

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
