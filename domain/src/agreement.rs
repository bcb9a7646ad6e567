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
        /// A count of something the admin names (the activity's `unit`), reported as `activity` reports.
        Count => "count",
        /// Followed up in words only.
        Unmeasured => "none",
    }
}

closed_set! {
    /// Over which span a target applies: the agreement's whole period, or each calendar year, calendar month
    /// or ISO week (Monday to Sunday) in it.
    pub enum Cadence {
        Period => "period",
        CalendarYear => "calendar_year",
        Month => "month",
        Week => "week",
    }
}

/// Why a definition was refused. It becomes a `Problem`: data, worded by the app where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionError {
    Slug,
    Target,
    DateOrder,
    TargetWithoutMeasure,
    UnitMissing,
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
            DefinitionError::UnitMissing => Self::UnitMissing,
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
    #[serde(deserialize_with = "crate::calendar::read_date")]
    from: NaiveDate,
    #[serde(deserialize_with = "crate::calendar::read_date")]
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

impl DateRange {
    /// The parts of this range that fall in each calendar month, in order.
    pub fn months(&self) -> Vec<DateRange> {
        let mut spans = Vec::new();
        let mut first = self.from;
        while first <= self.to {
            let next = first
                .with_day(1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)));
            let last = next
                .and_then(|n| n.pred_opt())
                .map_or(self.to, |l| l.min(self.to));
            spans.push(DateRange {
                from: first,
                to: last,
            });
            match next {
                Some(n) => first = n,
                None => break,
            }
        }
        spans
    }

    /// The parts of this range that fall in each ISO week (Monday to Sunday), in order.
    pub fn weeks(&self) -> Vec<DateRange> {
        let mut spans = Vec::new();
        let mut first = self.from;
        while first <= self.to {
            let days_left = 6 - i64::from(first.weekday().num_days_from_monday());
            let sunday = first + chrono::Duration::days(days_left);
            let last = sunday.min(self.to);
            spans.push(DateRange {
                from: first,
                to: last,
            });
            match last.succ_opt() {
                Some(n) => first = n,
                None => break,
            }
        }
        spans
    }

    /// The spans a target of this cadence applies to, cut to this range.
    pub fn spans(&self, cadence: Cadence) -> Vec<DateRange> {
        match cadence {
            Cadence::Period => vec![*self],
            Cadence::CalendarYear => self.calendar_years(),
            Cadence::Month => self.months(),
            Cadence::Week => self.weeks(),
        }
    }
}

/// A person who signed the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub name: Line,
    pub title: Line,
    pub organisation: Line,
}

/// What an activity with the measure `count` counts, as the admin names it: "trygghetsvandringar",
/// "trygghetsvandring".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub plural: Line,
    pub singular: Line,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<Unit>,
}

#[derive(Deserialize)]
struct RawActivity {
    text: Paragraph,
    owner: Owner,
    measure: Measure,
    target: Option<Target>,
    cadence: Cadence,
    #[serde(default)]
    unit: Option<Unit>,
}

impl TryFrom<RawActivity> for ActivityDef {
    type Error = DefinitionError;
    fn try_from(raw: RawActivity) -> Result<Self, Self::Error> {
        Self::new(raw.text, raw.owner, raw.measure, raw.target, raw.cadence)?.counting(raw.unit)
    }
}

impl ActivityDef {
    /// An activity of one of the built-in measures (or none). A `count` activity also needs its unit:
    /// see `counting`.
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
            unit: None,
        })
    }

    /// Gives the activity what it counts. The measure `count` requires a unit; the other measures have
    /// their own, so a unit given with them is not kept.
    pub fn counting(mut self, unit: Option<Unit>) -> Result<Self, DefinitionError> {
        match (self.measure, unit) {
            (Measure::Count, None) => Err(DefinitionError::UnitMissing),
            (Measure::Count, unit) => {
                self.unit = unit;
                Ok(self)
            }
            _ => {
                self.unit = None;
                Ok(self)
            }
        }
    }

    /// What a `count` activity counts; `None` for the other measures.
    pub fn unit(&self) -> Option<&Unit> {
        self.unit.as_ref()
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

/// The title of the same agreement over another period: the years it names become the period's ("… 2018-2019"
/// copied to 2026–2027 is "… 2026-2027"). A range of years ("2018-2019", "2018–2019", "2018/2019") or one
/// year is replaced where it stands; a title that names no year gets the period's years at its end.
pub fn retitle(title: &str, period: DateRange) -> String {
    let (from, to) = (period.from().year(), period.to().year());
    let years = if from == to {
        from.to_string()
    } else {
        format!("{from}-{to}")
    };
    let chars: Vec<char> = title.chars().collect();
    let year_at = |i: usize| {
        i + 4 <= chars.len()
            && chars[i..i + 4].iter().all(char::is_ascii_digit)
            && matches!(chars[i], '1' | '2')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    };
    let Some(start) = (0..chars.len()).find(|&i| year_at(i)) else {
        return format!("{} {years}", title.trim_end());
    };
    let mut end = start + 4;
    // A second year right after, joined by a dash or a slash (with spaces or not), is part of the range.
    let mut j = end;
    while chars.get(j) == Some(&' ') {
        j += 1;
    }
    if matches!(chars.get(j), Some('-' | '–' | '—' | '/')) {
        let mut k = j + 1;
        while chars.get(k) == Some(&' ') {
            k += 1;
        }
        if year_at(k) {
            end = k + 4;
        }
    }
    let before: String = chars[..start].iter().collect();
    let after: String = chars[end..].iter().collect();
    format!("{before}{years}{after}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_title_takes_the_years_of_its_new_period() {
        let period = |a: i32, b: i32| DateRange::new(day(a, 1, 1), day(b, 12, 31)).unwrap();
        let two = period(2026, 2027);
        assert_eq!(
            retitle("Medborgarlöfte i Sävsjö kommun 2018-2019", two),
            "Medborgarlöfte i Sävsjö kommun 2026-2027"
        );
        assert_eq!(
            retitle("Medborgarlöfte 2018–2019 för Eksjö", two),
            "Medborgarlöfte 2026-2027 för Eksjö"
        );
        assert_eq!(retitle("Löfte 2018 / 2019", two), "Löfte 2026-2027");
        assert_eq!(
            retitle("Medborgarlöfte 2021", two),
            "Medborgarlöfte 2026-2027"
        );
        assert_eq!(
            retitle("Medborgarlöfte 2021", period(2027, 2027)),
            "Medborgarlöfte 2027"
        );
        assert_eq!(retitle("Medborgarlöfte", two), "Medborgarlöfte 2026-2027");
        assert_eq!(
            retitle("Löfte nr 12345 2019", two),
            "Löfte nr 12345 2026-2027",
            "not inside a longer number"
        );
    }

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn slug_accepts_url_names_only() {
        let slug = Slug::parse("savsjo-2018-2019").unwrap();
        assert_eq!(slug.as_str(), "savsjo-2018-2019");
        assert_eq!(slug.to_string(), "savsjo-2018-2019");
        assert_eq!(String::from(slug), "savsjo-2018-2019");
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
    fn months_and_weeks_are_cut_to_the_period() {
        let period = DateRange::new(day(2019, 12, 20), day(2020, 2, 3)).unwrap();
        let months: Vec<_> = period.months().iter().map(|r| (r.from(), r.to())).collect();
        assert_eq!(
            months,
            vec![
                (day(2019, 12, 20), day(2019, 12, 31)),
                (day(2020, 1, 1), day(2020, 1, 31)),
                (day(2020, 2, 1), day(2020, 2, 3)),
            ]
        );
        // 2019-12-20 is a Friday; weeks run Monday to Sunday.
        let weeks = period.weeks();
        assert_eq!(
            (weeks[0].from(), weeks[0].to()),
            (day(2019, 12, 20), day(2019, 12, 22))
        );
        assert_eq!(
            (weeks[1].from(), weeks[1].to()),
            (day(2019, 12, 23), day(2019, 12, 29))
        );
        let last = weeks.last().unwrap();
        assert_eq!((last.from(), last.to()), (day(2020, 2, 3), day(2020, 2, 3)));
        assert_eq!(weeks.len(), 8);
        let days: i64 = weeks
            .iter()
            .map(|w| (w.to() - w.from()).num_days() + 1)
            .sum();
        assert_eq!(days, (period.to() - period.from()).num_days() + 1);
        assert_eq!(period.spans(Cadence::Period), vec![period]);
        assert_eq!(period.spans(Cadence::Month).len(), 3);
    }

    #[test]
    fn new_measure_and_cadences_have_stable_spellings() {
        assert_eq!("count".parse::<Measure>().unwrap(), Measure::Count);
        assert_eq!("month".parse::<Cadence>().unwrap(), Cadence::Month);
        assert_eq!("week".parse::<Cadence>().unwrap(), Cadence::Week);
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
    fn a_counted_activity_names_its_unit() {
        let text = Paragraph::parse("Trygghetsvandringar").unwrap();
        let count = ActivityDef::new(
            text.clone(),
            Owner::Joint,
            Measure::Count,
            Some(Target::new(10).unwrap()),
            Cadence::CalendarYear,
        )
        .unwrap();
        assert_eq!(
            count.clone().counting(None),
            Err(DefinitionError::UnitMissing)
        );
        let unit = Unit {
            plural: Line::parse("trygghetsvandringar").unwrap(),
            singular: Line::parse("trygghetsvandring").unwrap(),
        };
        let def = count.counting(Some(unit.clone())).unwrap();
        assert_eq!(def.unit(), Some(&unit));
        assert_eq!(
            (def.target(), def.measure(), def.owner(), def.cadence()),
            (
                Some(Target::new(10).unwrap()),
                Measure::Count,
                Owner::Joint,
                Cadence::CalendarYear
            )
        );
        let json = serde_json::to_string(&def).unwrap();
        assert_eq!(serde_json::from_str::<ActivityDef>(&json).unwrap(), def);
        let no_unit =
            r#"{"text":"x","owner":"police","measure":"count","target":3,"cadence":"week"}"#;
        assert!(serde_json::from_str::<ActivityDef>(no_unit).is_err());
        // Built-in measures keep no unit.
        let op = ActivityDef::new(
            text,
            Owner::Police,
            Measure::TargetedOperation,
            None,
            Cadence::Period,
        )
        .unwrap()
        .counting(Some(unit))
        .unwrap();
        assert_eq!(op.unit(), None);
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
