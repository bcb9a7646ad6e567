//! A field report as it travels: from the officer's form, through the offline queue, to
//! `POST /api/v1/reports`. `parse` is the one validation; the browser runs it to warn before queueing
//! and the server runs it to refuse.

use crate::agreement::{DateRange, Measure};
use crate::calendar::hh_mm;
use crate::closed_set;
use crate::pnr::contains_personal_number;
use crate::problem::{Problem, Problems};
use crate::types::TextError;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The wire field naming a report's activity.
const ACTIVITY_ID: &str = "activity_id";

closed_set! {
    /// What a report records.
    pub enum ReportKind {
        TargetedOperation => "targeted_operation",
        CollaborationMeeting => "collaboration_meeting",
        /// One or more of what an activity with the measure `count` counts (its `unit`).
        Activity => "activity",
    }
}

impl ReportKind {
    /// The measure an activity must have to take reports of this kind.
    pub fn measure(self) -> Measure {
        match self {
            Self::TargetedOperation => Measure::TargetedOperation,
            Self::CollaborationMeeting => Measure::CollaborationMeeting,
            Self::Activity => Measure::Count,
        }
    }
}

/// What is wrong, per field name of the wire format, in words: the app fills it from `Problems` in the
/// reader's language, at its edge. `"item"` names the report as a whole.
pub type FieldErrors = BTreeMap<String, String>;

pub const MAX_BATCH: usize = 500;
pub const MAX_NOTES: usize = 500;
pub const MAX_SUMMARY: usize = 1000;
pub const MAX_PLACE: usize = 120;
pub const MAX_ORGANISATION: usize = 100;
pub const MAX_ORGANISATIONS: usize = 20;
pub const MAX_COUNT: u32 = 10_000;
pub const MAX_OFFICERS: u32 = 200;

/// A report that has passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FlatReport")]
pub struct Report {
    pub id: Uuid,
    pub activity_id: i64,
    #[serde(with = "crate::calendar::timestamp")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::calendar::iso_date")]
    pub date: NaiveDate,
    #[serde(flatten)]
    pub body: ReportBody,
}

/// Written as part of a `Report`'s JSON, and read back only through `FlatReport`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportBody {
    TargetedOperation(TargetedOperation),
    CollaborationMeeting(CollaborationMeeting),
    Activity(ActivityReport),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetedOperation {
    #[serde(with = "hh_mm")]
    pub start_time: NaiveTime,
    #[serde(with = "hh_mm")]
    pub end_time: NaiveTime,
    pub place: String,
    pub officers: u32,
    pub persons_checked: u32,
    pub persons_21_or_under: u32,
    pub youths_identified: u32,
    pub drug_offences_reported: u32,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollaborationMeeting {
    pub organisations: Vec<String>,
    pub summary: String,
}

/// An activity an admin named (measure `count`) carried out `count` times, e.g. three school visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityReport {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hh_mm_opt")]
    pub start_time: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hh_mm_opt")]
    pub end_time: Option<NaiveTime>,
    pub place: String,
    pub officers: u32,
    /// How many were done; at least 1.
    pub count: u32,
    pub notes: String,
}

/// A stored report as read back: the same JSON as `Report` writes, read as one flat object and then put in
/// shape by its `kind`. Serde's derive for the flattened, internally tagged `body` would buffer every report
/// through its generic content type first, which costs the officer's WebAssembly tens of kilobytes.
#[derive(Deserialize)]
struct FlatReport {
    id: Uuid,
    activity_id: i64,
    #[serde(with = "crate::calendar::timestamp")]
    created_at: DateTime<Utc>,
    #[serde(with = "crate::calendar::iso_date")]
    date: NaiveDate,
    kind: ReportKind,
    #[serde(default, with = "hh_mm_opt")]
    start_time: Option<NaiveTime>,
    #[serde(default, with = "hh_mm_opt")]
    end_time: Option<NaiveTime>,
    place: Option<String>,
    officers: Option<u32>,
    persons_checked: Option<u32>,
    persons_21_or_under: Option<u32>,
    youths_identified: Option<u32>,
    drug_offences_reported: Option<u32>,
    notes: Option<String>,
    organisations: Option<Vec<String>>,
    summary: Option<String>,
    count: Option<u32>,
}

impl TryFrom<FlatReport> for Report {
    type Error = String;

    fn try_from(f: FlatReport) -> Result<Self, String> {
        fn needs<T>(value: Option<T>, field: &str) -> Result<T, String> {
            value.ok_or_else(|| format!("missing field `{field}`"))
        }
        let body = match f.kind {
            ReportKind::TargetedOperation => ReportBody::TargetedOperation(TargetedOperation {
                start_time: needs(f.start_time, "start_time")?,
                end_time: needs(f.end_time, "end_time")?,
                place: needs(f.place, "place")?,
                officers: needs(f.officers, "officers")?,
                persons_checked: needs(f.persons_checked, "persons_checked")?,
                persons_21_or_under: needs(f.persons_21_or_under, "persons_21_or_under")?,
                youths_identified: needs(f.youths_identified, "youths_identified")?,
                drug_offences_reported: needs(f.drug_offences_reported, "drug_offences_reported")?,
                notes: needs(f.notes, "notes")?,
            }),
            ReportKind::CollaborationMeeting => {
                ReportBody::CollaborationMeeting(CollaborationMeeting {
                    organisations: needs(f.organisations, "organisations")?,
                    summary: needs(f.summary, "summary")?,
                })
            }
            ReportKind::Activity => ReportBody::Activity(ActivityReport {
                start_time: f.start_time,
                end_time: f.end_time,
                place: needs(f.place, "place")?,
                officers: needs(f.officers, "officers")?,
                count: needs(f.count, "count")?,
                notes: needs(f.notes, "notes")?,
            }),
        };
        Ok(Report {
            id: f.id,
            activity_id: f.activity_id,
            created_at: f.created_at,
            date: f.date,
            body,
        })
    }
}

impl Report {
    pub fn kind(&self) -> ReportKind {
        match self.body {
            ReportBody::TargetedOperation(_) => ReportKind::TargetedOperation,
            ReportBody::CollaborationMeeting(_) => ReportKind::CollaborationMeeting,
            ReportBody::Activity(_) => ReportKind::Activity,
        }
    }

    /// The report in its one canonical JSON spelling: equal reports give equal text, so a repost can be
    /// told from a conflicting one by comparing it.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serialises")
    }
}

/// Times as `HH:MM`; read back through `FlatReport`'s `hh_mm_opt`.
mod hh_mm {
    use chrono::NaiveTime;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::calendar::hh_mm(*t))
    }
}

mod hh_mm_opt {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&crate::calendar::hh_mm(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                crate::calendar::parse_time(&text)
                    .ok_or_else(|| serde::de::Error::custom(format!("not a time HH:MM: `{text}`")))
            })
            .transpose()
    }
}

/// What the checks need to know about the activity a report names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRule {
    pub measure: Measure,
    pub period: DateRange,
}

/// An activity an officer can report against, with what the form needs to check a report offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportableActivity {
    pub id: i64,
    pub kind: ReportKind,
    pub text: String,
    pub agreement_title: String,
    /// The agreement's municipality: with the period, what tells agreements apart in the officer's list.
    pub municipality: String,
    pub rule: ActivityRule,
}

/// The activity a wire item names, read as `parse` reads it: what to look up before checking it. Every id
/// `parse` asks its lookup about is one of these, so a lookup holding just these answers as one holding every
/// activity would.
pub fn named_activity(item: &Value) -> Option<i64> {
    item.get(ACTIVITY_ID)?.as_i64()
}

/// Checks one wire item. `today` is the date in Europe/Stockholm; `activity` looks an activity up by id.
pub fn parse(
    item: &Value,
    today: NaiveDate,
    activity: impl Fn(i64) -> Option<ActivityRule>,
) -> Result<Report, Problems> {
    let Some(map) = item.as_object() else {
        return Err(Problems::from([("item", Problem::NotObject)]));
    };
    let mut f = Fields {
        map,
        errors: Problems::default(),
        seen: Vec::new(),
    };

    let id = f.uuid("id");
    let kind = f.kind();
    let activity_id = f.integer(ACTIVITY_ID);
    let created_at = f.timestamp("created_at");
    let date = f.date("date", today);

    let body = match kind {
        Some(ReportKind::TargetedOperation) => {
            f.targeted_operation().map(ReportBody::TargetedOperation)
        }
        Some(ReportKind::CollaborationMeeting) => f.meeting().map(ReportBody::CollaborationMeeting),
        Some(ReportKind::Activity) => f.activity().map(ReportBody::Activity),
        None => None,
    };
    f.reject_unknown();

    if let (Some(activity_id), Some(kind)) = (activity_id, kind) {
        match activity(activity_id) {
            None => f.fail(ACTIVITY_ID, Problem::UnknownActivity),
            Some(rule) if rule.measure != kind.measure() => {
                f.fail(ACTIVITY_ID, Problem::WrongKindForActivity)
            }
            Some(rule) => {
                if date.is_some_and(|d| !rule.period.contains(d)) {
                    f.fail(
                        "date",
                        Problem::OutsidePeriod {
                            from: rule.period.from(),
                            to: rule.period.to(),
                        },
                    );
                }
            }
        }
    }

    match (id, activity_id, created_at, date, body) {
        (Some(id), Some(activity_id), Some(created_at), Some(date), Some(body))
            if f.errors.is_empty() =>
        {
            Ok(Report {
                id,
                activity_id,
                created_at,
                date,
                body,
            })
        }
        _ => Err(f.errors),
    }
}

struct Fields<'a> {
    map: &'a Map<String, Value>,
    errors: Problems,
    seen: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    fn fail(&mut self, field: &str, problem: impl Into<Problem>) {
        self.errors.add(field, problem);
    }

    fn get(&mut self, field: &'static str) -> Option<&'a Value> {
        self.seen.push(field);
        match self.map.get(field) {
            None | Some(Value::Null) => {
                self.fail(field, Problem::Missing);
                None
            }
            Some(v) => Some(v),
        }
    }

    fn string(&mut self, field: &'static str) -> Option<String> {
        match self.get(field)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.fail(field, Problem::NotText);
                None
            }
        }
    }

    /// A field that may be left out: absent, null or blank text are all "not given".
    fn present(&mut self, field: &'static str) -> bool {
        self.seen.push(field);
        match self.map.get(field) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(_) => true,
        }
    }

    fn uuid(&mut self, field: &'static str) -> Option<Uuid> {
        let text = self.string(field)?;
        Uuid::parse_str(&text).ok().or_else(|| {
            self.fail(field, Problem::NotUuid);
            None
        })
    }

    fn kind(&mut self) -> Option<ReportKind> {
        let text = self.string("kind")?;
        text.parse().ok().or_else(|| {
            self.fail("kind", Problem::NotReportKind);
            None
        })
    }

    fn integer(&mut self, field: &'static str) -> Option<i64> {
        let value = self.get(field)?;
        value.as_i64().or_else(|| {
            self.fail(field, Problem::NotInteger);
            None
        })
    }

    fn count(&mut self, field: &'static str, min: u32, max: u32) -> Option<u32> {
        let n = self.integer(field)?;
        match u32::try_from(n) {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ if n < 0 => {
                self.fail(field, Problem::Negative);
                None
            }
            _ => {
                self.fail(field, Problem::OutOfRange { min, max });
                None
            }
        }
    }

    fn timestamp(&mut self, field: &'static str) -> Option<DateTime<Utc>> {
        let text = self.string(field)?;
        crate::calendar::parse_timestamp(&text).or_else(|| {
            self.fail(field, Problem::NotTimestamp);
            None
        })
    }

    fn date(&mut self, field: &'static str, today: NaiveDate) -> Option<NaiveDate> {
        let text = self.string(field)?;
        let Some(day) = crate::calendar::parse_date(&text) else {
            self.fail(field, Problem::NotDate);
            return None;
        };
        if today
            .checked_add_days(Days::new(1))
            .is_some_and(|tomorrow| day > tomorrow)
        {
            self.fail(field, Problem::AfterTomorrow);
            return None;
        }
        Some(day)
    }

    fn time(&mut self, field: &'static str) -> Option<NaiveTime> {
        let text = self.string(field)?;
        crate::calendar::parse_time(&text).or_else(|| {
            self.fail(field, Problem::NotTime);
            None
        })
    }

    /// Trimmed text of at most `max` characters that holds no personal identity number.
    fn text(&mut self, field: &'static str, max: usize, required: bool) -> Option<String> {
        let text = self.string(field)?.trim().to_owned();
        if required && text.is_empty() {
            self.fail(field, TextError::Empty);
        } else if text.chars().count() > max {
            self.fail(field, TextError::TooLong { max });
        } else if contains_personal_number(&text) {
            self.fail(field, Problem::PersonalNumber);
        } else {
            return Some(text);
        }
        None
    }

    fn targeted_operation(&mut self) -> Option<TargetedOperation> {
        let start_time = self.time("start_time");
        let end_time = self.time("end_time");
        let place = self.text("place", MAX_PLACE, true);
        let officers = self.count("officers", 1, MAX_OFFICERS);
        let persons_checked = self.count("persons_checked", 0, MAX_COUNT);
        let persons_21_or_under = self.count("persons_21_or_under", 0, MAX_COUNT);
        let youths_identified = self.count("youths_identified", 0, MAX_COUNT);
        let drug_offences_reported = self.count("drug_offences_reported", 0, MAX_COUNT);
        let notes = self.text("notes", MAX_NOTES, false);

        if let (Some(start), Some(end)) = (start_time, end_time) {
            if end <= start {
                self.fail("end_time", Problem::EndNotAfterStart);
            }
        }
        if let (Some(all), Some(young)) = (persons_checked, persons_21_or_under) {
            if young > all {
                self.fail("persons_21_or_under", Problem::MoreYouthsThanChecked);
            }
        }
        if let (Some(young), Some(identified)) = (persons_21_or_under, youths_identified) {
            if identified > young {
                self.fail("youths_identified", Problem::MoreIdentifiedThanYouths);
            }
        }
        Some(TargetedOperation {
            start_time: start_time?,
            end_time: end_time?,
            place: place?,
            officers: officers?,
            persons_checked: persons_checked?,
            persons_21_or_under: persons_21_or_under?,
            youths_identified: youths_identified?,
            drug_offences_reported: drug_offences_reported?,
            notes: notes?,
        })
    }

    fn activity(&mut self) -> Option<ActivityReport> {
        let start_time = if self.present("start_time") {
            Some(self.time("start_time"))
        } else {
            None
        };
        let end_time = if self.present("end_time") {
            Some(self.time("end_time"))
        } else {
            None
        };
        let place = self.text("place", MAX_PLACE, true);
        let officers = self.count("officers", 1, MAX_OFFICERS);
        let count = if self.present("count") {
            self.count("count", 1, MAX_COUNT)
        } else {
            Some(1)
        };
        let notes = self.text("notes", MAX_NOTES, false);
        if let (Some(Some(start)), Some(Some(end))) = (start_time, end_time) {
            if end <= start {
                self.fail("end_time", Problem::EndNotAfterStart);
            }
        }
        Some(ActivityReport {
            start_time: start_time.map_or(Some(None), |t| t.map(Some))?,
            end_time: end_time.map_or(Some(None), |t| t.map(Some))?,
            place: place?,
            officers: officers?,
            count: count?,
            notes: notes?,
        })
    }

    fn meeting(&mut self) -> Option<CollaborationMeeting> {
        let organisations = self.get("organisations").map(|value| {
            let names: Option<Vec<String>> = value.as_array().and_then(|items| {
                items
                    .iter()
                    .map(|v| v.as_str().map(|s| s.trim().to_owned()))
                    .collect()
            });
            names.map(|names| {
                names
                    .into_iter()
                    .filter(|n| !n.is_empty())
                    .collect::<Vec<_>>()
            })
        });
        let organisations = match organisations {
            None => None,
            Some(None) => {
                self.fail("organisations", Problem::NotNameList);
                None
            }
            Some(Some(names)) if names.is_empty() || names.len() > MAX_ORGANISATIONS => {
                self.fail(
                    "organisations",
                    Problem::OrganisationCount {
                        max: MAX_ORGANISATIONS,
                    },
                );
                None
            }
            Some(Some(names)) if names.iter().any(|n| n.chars().count() > MAX_ORGANISATION) => {
                self.fail(
                    "organisations",
                    Problem::OrganisationTooLong {
                        max: MAX_ORGANISATION,
                    },
                );
                None
            }
            Some(Some(names)) if names.iter().any(|n| contains_personal_number(n)) => {
                self.fail("organisations", Problem::PersonalNumber);
                None
            }
            Some(Some(names)) => Some(names),
        };
        let summary = self.text("summary", MAX_SUMMARY, true);
        Some(CollaborationMeeting {
            organisations: organisations?,
            summary: summary?,
        })
    }

    fn reject_unknown(&mut self) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter(|k| !self.seen.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            self.fail(&key, Problem::UnknownField);
        }
    }
}

closed_set! {
    /// What the server did with one item of a batch.
    pub enum ItemStatus {
        /// Stored now.
        Created => "created",
        /// The identical report was stored before; nothing was added.
        Duplicate => "duplicate",
        /// A different report was stored before under this id; nothing was changed.
        Conflict => "conflict",
        /// Refused; `errors` says why. Nothing was stored.
        Invalid => "invalid",
    }
}

impl ItemStatus {
    /// Whether the server holds the report, so it may leave the queue.
    pub fn is_stored(self) -> bool {
        matches!(self, Self::Created | Self::Duplicate)
    }
}

/// One entry of the answer to `POST /api/v1/reports`, in the order of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The item's id as sent, or null where it had none that could be read.
    pub id: Option<String>,
    pub status: ItemStatus,
    /// Why an invalid item was refused, in words of the request's language (filled at the edge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
    /// Why an invalid item was refused, per field, as data: `{"notes": {"code": "personnummer"}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Problems>,
}

impl ItemResult {
    /// The result for an item the checks passed and the store answered with `status`.
    pub fn checked(id: Option<String>, status: ItemStatus) -> Self {
        Self {
            id,
            status,
            errors: None,
            problems: None,
        }
    }

    /// The result for an item the checks refused.
    pub fn refused(id: Option<String>, problems: Problems) -> Self {
        Self {
            id,
            status: ItemStatus::Invalid,
            errors: None,
            problems: Some(problems),
        }
    }
}

/// A report form as posted: every field as typed. It is read into a `Report` by the same `parse` as the
/// sync API's items, in the browser before queueing and on the server for a form posted without JavaScript.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    /// Made when the form is opened, so that posting it twice stores it once.
    #[serde(default)]
    pub id: String,
    /// When the officer saved it (RFC 3339), as the device or the page that was opened says.
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub activity_id: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub officers: String,
    #[serde(default)]
    pub persons_checked: String,
    #[serde(default)]
    pub persons_21_or_under: String,
    #[serde(default)]
    pub youths_identified: String,
    #[serde(default)]
    pub drug_offences_reported: String,
    #[serde(default)]
    pub notes: String,
    /// One organisation per line.
    #[serde(default)]
    pub organisations: String,
    #[serde(default)]
    pub summary: String,
    /// How many were done (activity reports); empty means 1.
    #[serde(default)]
    pub count: String,
}

impl ReportForm {
    /// The activity the form names, as `parse` reads it (see [`named_activity`]).
    pub fn named_activity(&self) -> Option<i64> {
        named_activity(&self.to_wire())
    }

    /// Checks the form as the sync API checks an item, and gives the report it describes.
    pub fn parse(
        &self,
        today: NaiveDate,
        activity: impl Fn(i64) -> Option<ActivityRule>,
    ) -> Result<Report, Problems> {
        parse(&self.to_wire(), today, activity)
    }

    /// The wire item for this form. Numbers that do not parse stay text, so `parse` names the field.
    fn to_wire(&self) -> Value {
        let number = |s: &str| {
            s.trim()
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::from(s.trim()))
        };
        let mut item = Map::new();
        item.insert("id".into(), self.id.trim().into());
        item.insert("kind".into(), self.kind.clone().into());
        item.insert(ACTIVITY_ID.into(), number(&self.activity_id));
        item.insert("created_at".into(), self.created_at.trim().into());
        item.insert("date".into(), self.date.clone().into());
        if self.kind == ReportKind::CollaborationMeeting.as_str() {
            let names: Vec<Value> = self
                .organisations
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(Value::from)
                .collect();
            item.insert("organisations".into(), names.into());
            item.insert("summary".into(), self.summary.clone().into());
        } else if self.kind == ReportKind::Activity.as_str() {
            for (key, value) in [
                ("start_time", &self.start_time),
                ("end_time", &self.end_time),
            ] {
                if !value.trim().is_empty() {
                    item.insert(key.into(), value.trim().into());
                }
            }
            item.insert("place".into(), self.place.clone().into());
            item.insert("officers".into(), number(&self.officers));
            if !self.count.trim().is_empty() {
                item.insert("count".into(), number(&self.count));
            }
            item.insert("notes".into(), self.notes.clone().into());
        } else {
            item.insert("start_time".into(), self.start_time.clone().into());
            item.insert("end_time".into(), self.end_time.clone().into());
            item.insert("place".into(), self.place.clone().into());
            for (key, value) in [
                ("officers", &self.officers),
                ("persons_checked", &self.persons_checked),
                ("persons_21_or_under", &self.persons_21_or_under),
                ("youths_identified", &self.youths_identified),
                ("drug_offences_reported", &self.drug_offences_reported),
            ] {
                item.insert(key.into(), number(value));
            }
            item.insert("notes".into(), self.notes.clone().into());
        }
        Value::Object(item)
    }

    /// The form filled in again from a queued report, for correcting it.
    pub fn from_report(report: &Report) -> Self {
        let base = Self {
            id: report.id.to_string(),
            created_at: report
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            kind: report.kind().as_str().to_owned(),
            activity_id: report.activity_id.to_string(),
            date: report.date.to_string(),
            ..Self::default()
        };
        match &report.body {
            ReportBody::TargetedOperation(op) => Self {
                start_time: hh_mm(op.start_time),
                end_time: hh_mm(op.end_time),
                place: op.place.clone(),
                officers: op.officers.to_string(),
                persons_checked: op.persons_checked.to_string(),
                persons_21_or_under: op.persons_21_or_under.to_string(),
                youths_identified: op.youths_identified.to_string(),
                drug_offences_reported: op.drug_offences_reported.to_string(),
                notes: op.notes.clone(),
                ..base
            },
            ReportBody::CollaborationMeeting(m) => Self {
                organisations: m.organisations.join("\n"),
                summary: m.summary.clone(),
                ..base
            },
            ReportBody::Activity(a) => Self {
                start_time: a.start_time.map(hh_mm).unwrap_or_default(),
                end_time: a.end_time.map(hh_mm).unwrap_or_default(),
                place: a.place.clone(),
                officers: a.officers.to_string(),
                count: a.count.to_string(),
                notes: a.notes.clone(),
                ..base
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2019, 6, 1);

    fn today() -> NaiveDate {
        day(TODAY.0, TODAY.1, TODAY.2)
    }

    fn rules(id: i64) -> Option<ActivityRule> {
        let period = DateRange::new(day(2018, 4, 10), day(2020, 4, 9)).unwrap();
        match id {
            3 => Some(ActivityRule {
                measure: Measure::TargetedOperation,
                period,
            }),
            4 => Some(ActivityRule {
                measure: Measure::CollaborationMeeting,
                period,
            }),
            7 => Some(ActivityRule {
                measure: Measure::Count,
                period,
            }),
            _ => None,
        }
    }

    fn operation() -> Value {
        json!({
            "id": "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "kind": "targeted_operation", "activity_id": 3,
            "created_at": "2019-05-14T20:15:00+02:00", "date": "2019-05-14", "start_time": "18:00",
            "end_time": "22:00", "place": " Resecentrum ", "officers": 4, "persons_checked": 12,
            "persons_21_or_under": 7, "youths_identified": 2, "drug_offences_reported": 3, "notes": ""
        })
    }

    fn meeting() -> Value {
        json!({
            "id": "1b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "kind": "collaboration_meeting", "activity_id": 4,
            "created_at": "2019-05-14T10:00:00Z", "date": "2019-05-13",
            "organisations": ["Polisen", "Sävsjö kommun", "Socialtjänsten"], "summary": "Lägesbild narkotika."
        })
    }

    fn walk() -> Value {
        json!({
            "id": "2b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "kind": "activity", "activity_id": 7,
            "created_at": "2019-05-14T21:00:00Z", "date": "2019-05-14", "place": "Centrum",
            "officers": 2, "count": 3, "notes": ""
        })
    }

    fn errors_of(item: Value) -> Problems {
        parse(&item, today(), rules).expect_err("the item should be refused")
    }

    fn with(mut item: Value, key: &str, value: Value) -> Value {
        item[key] = value;
        item
    }

    #[test]
    fn a_good_operation_parses_and_is_trimmed() {
        let r = parse(&operation(), today(), rules).unwrap();
        assert_eq!(r.kind(), ReportKind::TargetedOperation);
        assert_eq!(r.created_at.to_rfc3339(), "2019-05-14T18:15:00+00:00");
        let ReportBody::TargetedOperation(op) = &r.body else {
            panic!("an operation")
        };
        assert_eq!(op.place, "Resecentrum");
        assert_eq!(
            (
                op.persons_checked,
                op.persons_21_or_under,
                op.youths_identified
            ),
            (12, 7, 2)
        );
    }

    #[test]
    fn a_good_meeting_parses() {
        let r = parse(&meeting(), today(), rules).unwrap();
        let ReportBody::CollaborationMeeting(m) = &r.body else {
            panic!("a meeting")
        };
        assert_eq!(m.organisations.len(), 3);
    }

    #[test]
    fn canonical_json_is_the_same_for_the_same_report_however_it_was_spelled() {
        let a = parse(&operation(), today(), rules).unwrap();
        let respelled = with(
            with(operation(), "created_at", json!("2019-05-14T18:15:00Z")),
            "place",
            json!("Resecentrum"),
        );
        let b = parse(&respelled, today(), rules).unwrap();
        assert_eq!(a.canonical_json(), b.canonical_json());
        let changed = parse(&with(operation(), "officers", json!(5)), today(), rules).unwrap();
        assert_ne!(a.canonical_json(), changed.canonical_json());
        // And the canonical spelling is itself a valid wire item.
        let again: Value = serde_json::from_str(&a.canonical_json()).unwrap();
        assert_eq!(parse(&again, today(), rules).unwrap(), a);
    }

    #[test]
    fn counts_must_be_sane() {
        let e = errors_of(with(operation(), "officers", json!(-1)));
        assert_eq!(e["officers"], Problem::Negative);
        let e = errors_of(with(operation(), "persons_21_or_under", json!(13)));
        assert!(e.contains_key("persons_21_or_under"));
        let e = errors_of(with(operation(), "youths_identified", json!(8)));
        assert!(e.contains_key("youths_identified"));
        let e = errors_of(with(operation(), "officers", json!(0)));
        assert_eq!(
            e["officers"],
            Problem::OutOfRange {
                min: 1,
                max: MAX_OFFICERS
            }
        );
        let e = errors_of(with(operation(), "persons_checked", json!("tolv")));
        assert_eq!(e["persons_checked"], Problem::NotInteger);
        let e = errors_of(with(operation(), "persons_checked", json!(2.5)));
        assert_eq!(e["persons_checked"], Problem::NotInteger);
    }

    #[test]
    fn times_and_dates_must_make_sense() {
        let e = errors_of(with(operation(), "end_time", json!("17:59")));
        assert_eq!(e["end_time"], Problem::EndNotAfterStart);
        let e = errors_of(with(operation(), "start_time", json!("25:00")));
        assert!(e.contains_key("start_time"));
        assert!(
            parse(
                &with(operation(), "date", json!("2019-06-02")),
                today(),
                rules
            )
            .is_ok(),
            "tomorrow is fine"
        );
        let e = errors_of(with(operation(), "date", json!("2019-06-03")));
        assert_eq!(e["date"], Problem::AfterTomorrow);
        let e = errors_of(with(operation(), "date", json!("2018-04-09")));
        assert_eq!(
            e["date"],
            Problem::OutsidePeriod {
                from: NaiveDate::from_ymd_opt(2018, 4, 10).unwrap(),
                to: NaiveDate::from_ymd_opt(2020, 4, 9).unwrap(),
            }
        );
        let e = errors_of(with(operation(), "created_at", json!("igår")));
        assert!(e.contains_key("created_at"));
    }

    #[test]
    fn personal_numbers_are_refused_in_every_free_text() {
        let e = errors_of(with(
            operation(),
            "notes",
            json!("Kontrollerade 0512314567 vid kiosken"),
        ));
        assert_eq!(e["notes"], Problem::PersonalNumber);
        let e = errors_of(with(meeting(), "summary", json!("Gällde 19990101-1234.")));
        assert_eq!(e["summary"], Problem::PersonalNumber);
        let e = errors_of(with(operation(), "place", json!("Hos 811228-9874")));
        assert_eq!(e["place"], Problem::PersonalNumber);
    }

    #[test]
    fn youth_counts_may_equal_what_they_are_part_of_but_not_exceed_it() {
        let all_young = with(
            with(operation(), "persons_21_or_under", json!(12)),
            "youths_identified",
            json!(12),
        );
        assert!(
            parse(&all_young, today(), rules).is_ok(),
            "equal counts are fine"
        );
        let e = errors_of(with(all_young.clone(), "persons_21_or_under", json!(11)));
        assert_eq!(e["youths_identified"], Problem::MoreIdentifiedThanYouths);
        assert!(!e.contains_key("persons_21_or_under"));
        let e = errors_of(with(all_young, "persons_checked", json!(11)));
        assert_eq!(e["persons_21_or_under"], Problem::MoreYouthsThanChecked);
        assert!(!e.contains_key("youths_identified"));
        // The counts' own bounds: 0 and MAX_COUNT allowed, MAX_COUNT + 1 refused.
        let zero = with(
            with(
                with(operation(), "persons_checked", json!(0)),
                "persons_21_or_under",
                json!(0),
            ),
            "youths_identified",
            json!(0),
        );
        assert!(parse(&zero, today(), rules).is_ok());
        assert!(parse(
            &with(operation(), "drug_offences_reported", json!(MAX_COUNT)),
            today(),
            rules
        )
        .is_ok());
        let e = errors_of(with(
            operation(),
            "drug_offences_reported",
            json!(MAX_COUNT + 1),
        ));
        assert_eq!(
            e["drug_offences_reported"],
            Problem::OutOfRange {
                min: 0,
                max: MAX_COUNT
            }
        );
        assert!(parse(
            &with(operation(), "officers", json!(MAX_OFFICERS)),
            today(),
            rules
        )
        .is_ok());
        let e = errors_of(with(operation(), "officers", json!(MAX_OFFICERS + 1)));
        assert!(e.contains_key("officers"));
    }

    #[test]
    fn a_meeting_s_organisations_are_bounded_and_name_no_one_by_number() {
        let names = |n: usize, name: &str| json!(vec![name.to_owned(); n]);
        let ok = |item: Value| parse(&item, today(), rules).is_ok();
        assert!(ok(with(
            meeting(),
            "organisations",
            names(MAX_ORGANISATIONS, "Polisen")
        )));
        let e = errors_of(with(
            meeting(),
            "organisations",
            names(MAX_ORGANISATIONS + 1, "Polisen"),
        ));
        assert_eq!(
            e["organisations"],
            Problem::OrganisationCount {
                max: MAX_ORGANISATIONS
            }
        );
        assert!(ok(with(
            meeting(),
            "organisations",
            names(1, &"ö".repeat(MAX_ORGANISATION))
        )));
        let e = errors_of(with(
            meeting(),
            "organisations",
            names(1, &"ö".repeat(MAX_ORGANISATION + 1)),
        ));
        assert_eq!(
            e["organisations"],
            Problem::OrganisationTooLong {
                max: MAX_ORGANISATION
            }
        );
        let e = errors_of(with(
            meeting(),
            "organisations",
            json!(["Polisen", "Familjen 811228-9874"]),
        ));
        assert_eq!(e["organisations"], Problem::PersonalNumber);
        let e = errors_of(with(meeting(), "organisations", json!(["Polisen", 3])));
        assert_eq!(e["organisations"], Problem::NotNameList);
    }

    #[test]
    fn a_stored_report_of_every_kind_becomes_the_form_it_came_from() {
        let noted = |item: Value| with(item, "notes", json!("Lugnt vid kiosken."));
        for item in [noted(operation()), meeting(), noted(walk())] {
            let report = parse(&item, today(), rules).unwrap();
            let form = ReportForm::from_report(&report);
            assert_eq!(form.kind, report.kind().as_str());
            let again = form
                .parse(today(), rules)
                .unwrap_or_else(|e| panic!("{e:?}: {form:?}"));
            assert_eq!(again, report, "every field survives the form");
        }
        let with_times = with(
            with(walk(), "start_time", json!("19:00")),
            "end_time",
            json!("21:30"),
        );
        let report = parse(&with_times, today(), rules).unwrap();
        assert_eq!(
            ReportForm::from_report(&report)
                .parse(today(), rules)
                .unwrap(),
            report
        );
    }

    #[test]
    fn notes_are_bounded() {
        assert!(parse(
            &with(operation(), "notes", json!("x".repeat(MAX_NOTES))),
            today(),
            rules
        )
        .is_ok());
        let e = errors_of(with(operation(), "notes", json!("x".repeat(MAX_NOTES + 1))));
        assert_eq!(e["notes"], Problem::TooLong { max: 500 });
    }

    #[test]
    fn the_activity_must_exist_and_take_this_kind() {
        let e = errors_of(with(operation(), "activity_id", json!(99)));
        assert_eq!(e["activity_id"], Problem::UnknownActivity);
        let e = errors_of(with(operation(), "activity_id", json!(4)));
        assert_eq!(e["activity_id"], Problem::WrongKindForActivity);
    }

    #[test]
    fn an_item_names_every_activity_its_check_looks_up() {
        let items = [
            operation(),
            with(operation(), "activity_id", json!(4)),
            with(operation(), "activity_id", json!(99)),
            with(operation(), "activity_id", json!("3")),
            with(operation(), "activity_id", Value::Null),
            json!([1, 2]),
        ];
        for item in &items {
            let asked = std::cell::RefCell::new(Vec::new());
            let _ = parse(item, today(), |id| {
                asked.borrow_mut().push(id);
                rules(id)
            });
            let named: Vec<i64> = named_activity(item).into_iter().collect();
            assert_eq!(asked.into_inner(), named, "{item}");
        }
        assert_eq!(named_activity(&operation()), Some(3));
        let form = ReportForm {
            activity_id: " 7 ".into(),
            ..ReportForm::default()
        };
        assert_eq!(form.named_activity(), Some(7));
        let form = ReportForm {
            activity_id: "sju".into(),
            ..ReportForm::default()
        };
        assert_eq!(form.named_activity(), None);
    }

    #[test]
    fn shape_errors_are_named_per_field() {
        let e = parse(&json!([1, 2]), today(), rules).unwrap_err();
        assert!(e.contains_key("item"));
        let mut item = operation();
        item.as_object_mut().unwrap().remove("place");
        item["extra"] = json!(1);
        item["id"] = json!("not-a-uuid");
        let e = errors_of(item);
        assert_eq!(e["place"], Problem::Missing);
        assert_eq!(e["extra"], Problem::UnknownField);
        assert_eq!(e["id"], Problem::NotUuid);
        let e = errors_of(with(meeting(), "organisations", json!([])));
        assert!(e.contains_key("organisations"));
        let e = errors_of(with(meeting(), "organisations", json!("Polisen")));
        assert!(e.contains_key("organisations"));
        let e = errors_of(with(operation(), "kind", json!("arrest")));
        assert!(e.contains_key("kind"));
    }

    #[test]
    fn a_form_round_trips_through_the_report() {
        let id = Uuid::new_v4();
        let form = ReportForm {
            id: id.to_string(),
            created_at: "2019-05-14T20:15:00.000Z".into(),
            kind: "targeted_operation".into(),
            activity_id: "3".into(),
            date: "2019-05-14".into(),
            start_time: "18:00".into(),
            end_time: "22:00".into(),
            place: "Resecentrum".into(),
            officers: "4".into(),
            persons_checked: " 12 ".into(),
            persons_21_or_under: "7".into(),
            youths_identified: "2".into(),
            drug_offences_reported: "3".into(),
            notes: String::new(),
            ..ReportForm::default()
        };
        let report = form.parse(today(), rules).unwrap();
        assert_eq!(report.id, id);
        let mut back = ReportForm::from_report(&report);
        back.persons_checked = " 12 ".into();
        assert_eq!(back, form);

        let bad = ReportForm {
            officers: "fyra".into(),
            ..form.clone()
        };
        let e = bad.parse(today(), rules).unwrap_err();
        assert_eq!(e["officers"], Problem::NotInteger);
        // A form is refused a bad timestamp exactly as the sync API is.
        let late = ReportForm {
            created_at: "igår".into(),
            ..form
        };
        assert_eq!(
            late.parse(today(), rules).unwrap_err()["created_at"],
            Problem::NotTimestamp
        );
    }

    #[test]
    fn a_meeting_form_takes_one_organisation_per_line() {
        let form = ReportForm {
            id: Uuid::new_v4().to_string(),
            created_at: Utc::now().to_rfc3339(),
            kind: "collaboration_meeting".into(),
            activity_id: "4".into(),
            date: "2019-05-13".into(),
            organisations: "Polisen\n\n Sävsjö kommun \n".into(),
            summary: "Lägesbild.".into(),
            ..ReportForm::default()
        };
        let report = form.parse(today(), rules).unwrap();
        let ReportBody::CollaborationMeeting(m) = report.body else {
            panic!("a meeting")
        };
        assert_eq!(m.organisations, ["Polisen", "Sävsjö kommun"]);
    }

    #[test]
    fn every_kind_reads_back_as_written_and_a_missing_field_is_an_error() {
        for item in [operation(), meeting(), walk()] {
            let report = parse(&item, today(), rules).unwrap();
            let back: Report = serde_json::from_str(&report.canonical_json()).unwrap();
            assert_eq!(back, report);
            for field in ["place", "organisations", "officers"] {
                let mut stored: Value = serde_json::from_str(&report.canonical_json()).unwrap();
                if stored.as_object_mut().unwrap().remove(field).is_some() {
                    let read = serde_json::from_value::<Report>(stored);
                    assert!(read.unwrap_err().to_string().contains(field), "{field}");
                }
            }
        }
    }

    #[test]
    fn an_activity_report_counts_at_least_one_and_times_are_optional() {
        let r = parse(&walk(), today(), rules).unwrap();
        assert_eq!(r.kind(), ReportKind::Activity);
        let ReportBody::Activity(a) = &r.body else {
            panic!("an activity")
        };
        assert_eq!((a.count, a.start_time, a.officers), (3, None, 2));
        // Times are left out of the canonical spelling when not given, and kept when they are.
        assert!(!r.canonical_json().contains("start_time"));
        let timed = with(
            with(walk(), "start_time", json!("18:00")),
            "end_time",
            json!("20:00"),
        );
        let t = parse(&timed, today(), rules).unwrap();
        assert!(t.canonical_json().contains(r#""start_time":"18:00""#));
        let back: Report = serde_json::from_str(&t.canonical_json()).unwrap();
        assert_eq!(back, t);

        let mut no_count = walk();
        no_count.as_object_mut().unwrap().remove("count");
        let ReportBody::Activity(a) = parse(&no_count, today(), rules).unwrap().body else {
            panic!("an activity")
        };
        assert_eq!(a.count, 1, "count defaults to 1");

        assert_eq!(
            errors_of(with(walk(), "count", json!(0)))["count"],
            Problem::OutOfRange {
                min: 1,
                max: MAX_COUNT
            }
        );
        assert_eq!(
            errors_of(with(walk(), "officers", json!(0)))["officers"],
            Problem::OutOfRange {
                min: 1,
                max: MAX_OFFICERS
            }
        );
        let backwards = with(
            with(walk(), "start_time", json!("20:00")),
            "end_time",
            json!("18:00"),
        );
        assert_eq!(errors_of(backwards)["end_time"], Problem::EndNotAfterStart);
        assert_eq!(
            errors_of(with(walk(), "start_time", json!("kväll")))["start_time"],
            Problem::NotTime
        );
        assert_eq!(
            errors_of(with(walk(), "notes", json!("Kontroll av 19900101-1234")))["notes"],
            Problem::PersonalNumber
        );
        assert_eq!(
            errors_of(with(walk(), "place", json!("  ")))["place"],
            Problem::from(TextError::Empty)
        );
        assert_eq!(
            errors_of(with(walk(), "persons_checked", json!(3)))["persons_checked"],
            Problem::UnknownField
        );
    }

    #[test]
    fn an_activity_report_goes_only_to_a_counted_activity() {
        let to_operation = with(walk(), "activity_id", json!(3));
        assert_eq!(
            errors_of(to_operation)["activity_id"],
            Problem::WrongKindForActivity
        );
        let op_to_count = with(operation(), "activity_id", json!(7));
        assert_eq!(
            errors_of(op_to_count)["activity_id"],
            Problem::WrongKindForActivity
        );
    }

    #[test]
    fn an_activity_form_round_trips_and_defaults_its_count() {
        let form = ReportForm {
            id: Uuid::new_v4().to_string(),
            created_at: "2019-05-14T20:15:00.000Z".into(),
            kind: "activity".into(),
            activity_id: "7".into(),
            date: "2019-05-14".into(),
            place: "Skolan".into(),
            officers: "2".into(),
            ..ReportForm::default()
        };
        let report = form.parse(today(), rules).unwrap();
        let back = ReportForm::from_report(&report);
        assert_eq!(back.count, "1");
        assert_eq!(back.parse(today(), rules).unwrap(), report);
        let bad = ReportForm {
            count: "många".into(),
            ..form
        };
        assert_eq!(
            bad.parse(today(), rules).unwrap_err()["count"],
            Problem::NotInteger
        );
    }
}
