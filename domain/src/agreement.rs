//! What an agreement is: its promises, their activities, and the rules that make a definition valid.
//! Plain Rust, shared by the server (which refuses) and the browser (which warns).

use crate::closed_set;
use crate::problem::Problem;
use crate::types::{Line, Paragraph, TextError};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

closed_set! {
    /// Who carries out an activity.
    pub enum Owner { Police => "police", Municipality => "municipality", Joint => "joint" }
}

closed_set! {
    /// What is counted to follow an activity up.
    pub enum Measure {
        TargetedOperation => "targeted_operation",
        CollaborationMeeting => "collaboration_meeting",
        OfficeHours => "office_hours",
        YouthsIdentified => "youths_identified",
        /// Followed up in words only.
        Unmeasured => "none",
    }
}

closed_set! {
    /// Over which span a target applies: the agreement's whole period, or each calendar year in it.
    pub enum Cadence { Period => "period", CalendarYear => "calendar_year" }
}

/// Why a definition was refused. It becomes a `Problem`: data, worded by the app where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionError {
    Slug,
    Target,
    DateOrder,
    TargetWithoutMeasure,
    Text(TextError),
}

impl From<TextError> for DefinitionError {
    fn from(e: TextError) -> Self {
        Self::Text(e)
    }
}

impl From<DefinitionError> for Problem {
    fn from(e: DefinitionError) -> Self {
        match e {
            DefinitionError::Slug => Self::Slug,
            DefinitionError::Target => Self::Target,
            DefinitionError::DateOrder => Self::DateOrder,
            DefinitionError::TargetWithoutMeasure => Self::TargetWithoutMeasure,
            DefinitionError::Text(e) => e.into(),
        }
    }
}

crate::display_as_problem!(DefinitionError);

/// The URL name of an agreement, e.g. `savsjo-2018-2019`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, DefinitionError> {
        let ok = (1..=64).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(DefinitionError::Slug)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = DefinitionError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How many of something an activity promises: at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Target(u32);

impl Target {
    pub const MAX: u32 = 1_000_000;

    pub fn new(value: u32) -> Result<Self, DefinitionError> {
        if (1..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(DefinitionError::Target)
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Target {
    type Error = DefinitionError;
    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Target> for u32 {
    fn from(value: Target) -> Self {
        value.0
    }
}

/// A span of whole days, both ends included, that never runs backwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawDateRange")]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

#[derive(Deserialize)]
struct RawDateRange {
    from: NaiveDate,
    to: NaiveDate,
}

impl TryFrom<RawDateRange> for DateRange {
    type Error = DefinitionError;
    fn try_from(raw: RawDateRange) -> Result<Self, Self::Error> {
        Self::new(raw.from, raw.to)
    }
}

impl DateRange {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, DefinitionError> {
        if from <= to {
            Ok(Self { from, to })
        } else {
            Err(DefinitionError::DateOrder)
        }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The parts of this range that fall in each calendar year, in order.
    pub fn calendar_years(&self) -> Vec<DateRange> {
        (self.from.year()..=self.to.year())
            .map(|year| {
                let first =
                    NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists in every year");
                let last = NaiveDate::from_ymd_opt(year, 12, 31)
                    .expect("31 December exists in every year");
                DateRange {
                    from: first.max(self.from),
                    to: last.min(self.to),
                }
            })
            .collect()
    }
}

/// A person who signed the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub name: Line,
    pub title: Line,
    pub organisation: Line,
}

/// One countable (or, with `Measure::Unmeasured`, descriptive) activity that carries out a promise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawActivity")]
pub struct ActivityDef {
    text: Paragraph,
    owner: Owner,
    measure: Measure,
    target: Option<Target>,
    cadence: Cadence,
}

#[derive(Deserialize)]
struct RawActivity {
    text: Paragraph,
    owner: Owner,
    measure: Measure,
    target: Option<Target>,
    cadence: Cadence,
}

impl TryFrom<RawActivity> for ActivityDef {
    type Error = DefinitionError;
    fn try_from(raw: RawActivity) -> Result<Self, Self::Error> {
        Self::new(raw.text, raw.owner, raw.measure, raw.target, raw.cadence)
    }
}

impl ActivityDef {
    pub fn new(
        text: Paragraph,
        owner: Owner,
        measure: Measure,
        target: Option<Target>,
        cadence: Cadence,
    ) -> Result<Self, DefinitionError> {
        if measure == Measure::Unmeasured && target.is_some() {
            return Err(DefinitionError::TargetWithoutMeasure);
        }
        Ok(Self {
            text,
            owner,
            measure,
            target,
            cadence,
        })
    }

    pub fn text(&self) -> &Paragraph {
        &self.text
    }
    pub fn owner(&self) -> Owner {
        self.owner
    }
    pub fn measure(&self) -> Measure {
        self.measure
    }
    pub fn target(&self) -> Option<Target> {
        self.target
    }
    pub fn cadence(&self) -> Cadence {
        self.cadence
    }
}

/// A promise and, in order, the activities that carry it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseDef {
    pub text: Paragraph,
    pub activities: Vec<ActivityDef>,
}

/// A whole agreement as it is defined, before it has any records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementDef {
    pub slug: Slug,
    pub municipality: Line,
    pub police_area: Line,
    pub title: Line,
    pub period: DateRange,
    pub background: Paragraph,
    pub follow_up: Paragraph,
    pub signed_on: NaiveDate,
    pub signatories: Vec<Signatory>,
    pub promises: Vec<PromiseDef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn slug_accepts_url_names_only() {
        assert!(Slug::parse("savsjo-2018-2019").is_ok());
        for bad in [
            "",
            "Savsjo",
            "sävsjö",
            "-a",
            "a-",
            "a--b",
            "a b",
            "a/b",
            &"a".repeat(65),
        ] {
            assert_eq!(Slug::parse(bad), Err(DefinitionError::Slug), "{bad:?}");
        }
    }

    #[test]
    fn target_is_positive_and_bounded() {
        assert_eq!(Target::new(15).unwrap().get(), 15);
        assert_eq!(Target::new(0), Err(DefinitionError::Target));
        assert_eq!(Target::new(Target::MAX + 1), Err(DefinitionError::Target));
        assert!(serde_json::from_str::<Target>("0").is_err());
        assert!(serde_json::from_str::<Target>("-3").is_err());
    }

    #[test]
    fn date_range_never_runs_backwards() {
        assert_eq!(
            DateRange::new(day(2020, 1, 2), day(2020, 1, 1)),
            Err(DefinitionError::DateOrder)
        );
        assert!(DateRange::new(day(2020, 1, 1), day(2020, 1, 1)).is_ok());
        assert!(
            serde_json::from_str::<DateRange>(r#"{"from":"2020-02-01","to":"2020-01-01"}"#)
                .is_err()
        );
    }

    #[test]
    fn calendar_years_split_a_period_at_new_year() {
        let period = DateRange::new(day(2018, 4, 10), day(2020, 4, 9)).unwrap();
        let years: Vec<_> = period
            .calendar_years()
            .iter()
            .map(|r| (r.from(), r.to()))
            .collect();
        assert_eq!(
            years,
            vec![
                (day(2018, 4, 10), day(2018, 12, 31)),
                (day(2019, 1, 1), day(2019, 12, 31)),
                (day(2020, 1, 1), day(2020, 4, 9)),
            ]
        );
        let within = DateRange::new(day(2019, 3, 1), day(2019, 5, 1)).unwrap();
        assert_eq!(within.calendar_years(), vec![within]);
    }

    #[test]
    fn an_unmeasured_activity_has_no_target() {
        let text = Paragraph::parse("Prata med folk").unwrap();
        let err = ActivityDef::new(
            text.clone(),
            Owner::Police,
            Measure::Unmeasured,
            Some(Target::new(3).unwrap()),
            Cadence::Period,
        );
        assert_eq!(err, Err(DefinitionError::TargetWithoutMeasure));
        assert!(ActivityDef::new(
            text,
            Owner::Police,
            Measure::OfficeHours,
            None,
            Cadence::Period
        )
        .is_ok());
    }

    #[test]
    fn activity_json_is_checked_as_a_whole() {
        let bad = r#"{"text":"x","owner":"police","measure":"none","target":2,"cadence":"period"}"#;
        assert!(serde_json::from_str::<ActivityDef>(bad).is_err());
        let bad_owner =
            r#"{"text":"x","owner":"army","measure":"none","target":null,"cadence":"period"}"#;
        assert!(serde_json::from_str::<ActivityDef>(bad_owner).is_err());
    }
}
