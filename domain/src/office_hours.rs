//! Office hours as rules: weekly slots in Stockholm local time, cancelled occurrences and one-off extras,
//! expanded into the occurrences of any span of days. Plain Rust, shared by the server and the browser.

use crate::closed_set;
use crate::forms::Checker;
use crate::problem::{Choice, Problem, Problems};
use crate::types::Line;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

closed_set! {
    /// Where the police can be met: at the police office, or out in the town centre.
    pub enum PlaceKind { Office => "office", Centre => "centre" }
}

/// A recurring weekly slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub id: i64,
    pub place: String,
    pub kind: PlaceKind,
    /// ISO 8601: 1 is Monday, 7 is Sunday.
    pub weekday: u8,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub valid_from: NaiveDate,
    /// `None`: until further notice.
    pub valid_to: Option<NaiveDate>,
    /// Example data from the seed, until an admin replaces it.
    pub example: bool,
    pub version: i64,
}

impl Slot {
    pub fn applies_on(&self, day: NaiveDate) -> bool {
        day.weekday().number_from_monday() == u32::from(self.weekday)
            && self.valid_from <= day
            && self.valid_to.is_none_or(|to| day <= to)
    }
}

/// One occurrence of a slot that will not take place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub slot_id: i64,
    pub date: NaiveDate,
    pub reason: String,
}

/// A one-off occurrence outside the weekly schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extra {
    pub id: i64,
    pub place: String,
    pub kind: PlaceKind,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub note: String,
    /// The reason, if an officer has cancelled it.
    pub cancelled: Option<String>,
}

/// Which occurrence: a slot's on one day, or a one-off extra.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OccurrenceKey {
    Slot { slot_id: i64, date: NaiveDate },
    Extra { extra_id: i64 },
}

/// A dated occurrence, from a slot or an extra.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub place: String,
    pub kind: PlaceKind,
    pub slot_id: Option<i64>,
    pub extra_id: Option<i64>,
    /// The reason, if this occurrence is cancelled.
    pub cancelled: Option<String>,
    /// An officer has marked it as held; it counts towards the office-hours activity.
    pub held: bool,
}

impl Occurrence {
    pub fn key(&self) -> OccurrenceKey {
        match (self.slot_id, self.extra_id) {
            (_, Some(extra_id)) => OccurrenceKey::Extra { extra_id },
            (slot_id, None) => OccurrenceKey::Slot {
                slot_id: slot_id.unwrap_or_default(),
                date: self.date,
            },
        }
    }

    pub fn starts(&self) -> NaiveDateTime {
        self.date.and_time(self.start)
    }

    pub fn ends(&self) -> NaiveDateTime {
        self.date.and_time(self.end)
    }
}

/// Every occurrence from `from` to `to` (both included), cancelled and held ones marked, in time order.
pub fn occurrences(
    slots: &[Slot],
    cancellations: &[Cancellation],
    extras: &[Extra],
    held: &[OccurrenceKey],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Occurrence> {
    let mut found = Vec::new();
    for day in from.iter_days().take_while(|d| *d <= to) {
        for slot in slots.iter().filter(|s| s.applies_on(day)) {
            let cancelled = cancellations
                .iter()
                .find(|c| c.slot_id == slot.id && c.date == day)
                .map(|c| c.reason.clone());
            found.push(Occurrence {
                date: day,
                start: slot.start,
                end: slot.end,
                place: slot.place.clone(),
                kind: slot.kind,
                slot_id: Some(slot.id),
                extra_id: None,
                cancelled,
                held: false,
            });
        }
    }
    found.extend(
        extras
            .iter()
            .filter(|e| from <= e.date && e.date <= to)
            .map(|e| Occurrence {
                date: e.date,
                start: e.start,
                end: e.end,
                place: e.place.clone(),
                kind: e.kind,
                slot_id: None,
                extra_id: Some(e.id),
                cancelled: e.cancelled.clone(),
                held: false,
            }),
    );
    for occurrence in &mut found {
        occurrence.held = held.contains(&occurrence.key());
    }
    found.sort_by(|a, b| (a.starts(), &a.place).cmp(&(b.starts(), &b.place)));
    found
}

/// What an officer records about one occurrence after the fact (or, for a cancellation, before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Held,
    Cancelled(Line),
}

/// How an occurrence is named in a form: `slot:<id>:<date>` or `extra:<id>`.
impl std::fmt::Display for OccurrenceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Slot { slot_id, date } => write!(f, "slot:{slot_id}:{date}"),
            Self::Extra { extra_id } => write!(f, "extra:{extra_id}"),
        }
    }
}

impl std::str::FromStr for OccurrenceKey {
    type Err = Problem;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        const UNKNOWN: Problem = Problem::UnknownOccurrence;
        let mut parts = text.trim().splitn(3, ':');
        let id = |part: Option<&str>| part.and_then(|p| p.parse::<i64>().ok()).ok_or(UNKNOWN);
        match parts.next() {
            Some("slot") => {
                let slot_id = id(parts.next())?;
                let date = parts
                    .next()
                    .and_then(crate::calendar::parse_date)
                    .ok_or(UNKNOWN)?;
                Ok(Self::Slot { slot_id, date })
            }
            Some("extra") if text.trim().matches(':').count() == 1 => Ok(Self::Extra {
                extra_id: id(parts.next())?,
            }),
            _ => Err(UNKNOWN),
        }
    }
}

/// An officer's mark as posted: which occurrence, `held` or `cancelled`, and a reason for a cancellation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkForm {
    pub occurrence: String,
    pub outcome: String,
    #[serde(default)]
    pub reason: String,
}

impl MarkForm {
    pub fn parse(&self) -> Result<(OccurrenceKey, Mark), Problems> {
        let mut c = Checker::default();
        let key = c.check("occurrence", self.occurrence.parse::<OccurrenceKey>());
        let mark = match self.outcome.as_str() {
            "held" => Some(Mark::Held),
            "cancelled" => c
                .check(
                    "reason",
                    Line::parse(&self.reason).map_err(|_| Problem::CancelReason),
                )
                .map(Mark::Cancelled),
            _ => {
                c.fail("outcome", Choice::Outcome);
                None
            }
        };
        c.finish(key.zip(mark))
    }
}

/// Why an occurrence cannot be marked so. It becomes a `Problem`: data, worded by the app where it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkRefused {
    NotStarted,
    IsCancelled,
    IsHeld,
}

impl From<MarkRefused> for Problem {
    fn from(e: MarkRefused) -> Self {
        match e {
            MarkRefused::NotStarted => Self::MarkNotStarted,
            MarkRefused::IsCancelled => Self::MarkIsCancelled,
            MarkRefused::IsHeld => Self::MarkIsHeld,
        }
    }
}

crate::display_as_problem!(MarkRefused);

/// Whether marking `occurrence` at `now` changes anything: `Ok(false)` when it is already so, which makes
/// a repeated mark harmless and never counts an occurrence twice. An occurrence is held or cancelled,
/// never both, and cannot be held before it has begun; it can be cancelled ahead of time.
pub fn check_mark(
    occurrence: &Occurrence,
    mark: &Mark,
    now: NaiveDateTime,
) -> Result<bool, MarkRefused> {
    match mark {
        Mark::Held if occurrence.held => Ok(false),
        Mark::Held if occurrence.cancelled.is_some() => Err(MarkRefused::IsCancelled),
        Mark::Held if now < occurrence.starts() => Err(MarkRefused::NotStarted),
        Mark::Cancelled(_) if occurrence.cancelled.is_some() => Ok(false),
        Mark::Cancelled(_) if occurrence.held => Err(MarkRefused::IsHeld),
        Mark::Held | Mark::Cancelled(_) => Ok(true),
    }
}

/// The occurrence open at `now`, else the next one that is not cancelled, with whether it is open now.
pub fn open_or_next(occurrences: &[Occurrence], now: NaiveDateTime) -> Option<(&Occurrence, bool)> {
    let held = occurrences.iter().filter(|o| o.cancelled.is_none());
    held.clone()
        .find(|o| o.starts() <= now && now < o.ends())
        .map(|o| (o, true))
        .or_else(|| held.clone().find(|o| o.starts() > now).map(|o| (o, false)))
}

/// The first moment after `now` at which an occurrence starts or ends: until then, what `open_or_next` says
/// stays true. `None` when nothing starts or ends after `now` among these occurrences.
pub fn next_change(occurrences: &[Occurrence], now: NaiveDateTime) -> Option<NaiveDateTime> {
    occurrences
        .iter()
        .filter(|o| o.cancelled.is_none())
        .flat_map(|o| [o.starts(), o.ends()])
        .filter(|t| *t > now)
        .min()
}

/// A slot or an extra as posted by the admin form: every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotForm {
    pub place: String,
    pub kind: String,
    #[serde(default)]
    pub weekday: String,
    #[serde(default)]
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub valid_to: String,
}

/// A checked slot, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotDef {
    pub place: Line,
    pub kind: PlaceKind,
    pub weekday: u8,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// A checked one-off occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraDef {
    pub place: Line,
    pub kind: PlaceKind,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl SlotForm {
    fn common(
        &self,
        c: &mut Checker,
    ) -> (
        Option<Line>,
        Option<PlaceKind>,
        Option<(NaiveTime, NaiveTime)>,
    ) {
        let place = c.check("place", Line::parse(&self.place));
        let kind = c.check(
            "kind",
            self.kind
                .parse::<PlaceKind>()
                .map_err(|_| Choice::PlaceKind),
        );
        let start = c.time("start_time", &self.start_time);
        let end = c.time("end_time", &self.end_time);
        let times = match (start, end) {
            (Some(s), Some(e)) if s < e => Some((s, e)),
            (Some(_), Some(_)) => {
                c.fail("end_time", Problem::EndNotAfterStart);
                None
            }
            _ => None,
        };
        (place, kind, times)
    }

    pub fn slot(&self) -> Result<SlotDef, Problems> {
        let mut c = Checker::default();
        let (place, kind, times) = self.common(&mut c);
        let weekday = c.check(
            "weekday",
            self.weekday
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|d| (1..=7).contains(d))
                .ok_or(Choice::Weekday),
        );
        let valid_from = c.date("valid_from", &self.valid_from);
        let valid_to = if self.valid_to.trim().is_empty() {
            Some(None)
        } else {
            c.date("valid_to", &self.valid_to).map(Some)
        };
        if let (Some(from), Some(Some(to))) = (valid_from, valid_to) {
            if to < from {
                c.fail("valid_to", crate::agreement::DefinitionError::DateOrder);
            }
        }
        let value = (|| {
            let (start, end) = times?;
            Some(SlotDef {
                place: place?,
                kind: kind?,
                weekday: weekday?,
                start,
                end,
                valid_from: valid_from?,
                valid_to: valid_to?,
            })
        })();
        c.finish(value)
    }

    pub fn extra(&self) -> Result<ExtraDef, Problems> {
        let mut c = Checker::default();
        let (place, kind, times) = self.common(&mut c);
        let date = c.date("date", &self.date);
        let value = (|| {
            let (start, end) = times?;
            Some(ExtraDef {
                place: place?,
                kind: kind?,
                date: date?,
                start,
                end,
            })
        })();
        c.finish(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn slot(id: i64, weekday: u8, from: NaiveDate, to: Option<NaiveDate>) -> Slot {
        Slot {
            id,
            place: "Poliskontoret, Sävsjö".into(),
            kind: PlaceKind::Office,
            weekday,
            start: hm(10, 0),
            end: hm(12, 0),
            valid_from: from,
            valid_to: to,
            example: false,
            version: 1,
        }
    }

    #[test]
    fn a_weekly_slot_recurs_on_its_weekday_within_its_validity() {
        // Tuesdays from 2026-12-01 to 2026-12-22.
        let s = slot(1, 2, day(2026, 12, 1), Some(day(2026, 12, 22)));
        let found = occurrences(&[s], &[], &[], &[], day(2026, 11, 25), day(2027, 1, 10));
        let dates: Vec<_> = found.iter().map(|o| o.date).collect();
        assert_eq!(
            dates,
            vec![
                day(2026, 12, 1),
                day(2026, 12, 8),
                day(2026, 12, 15),
                day(2026, 12, 22)
            ]
        );
    }

    #[test]
    fn occurrences_cross_the_year_boundary() {
        // Thursdays until further notice: 31 December 2026 is a Thursday.
        let s = slot(1, 4, day(2026, 1, 1), None);
        let found = occurrences(&[s], &[], &[], &[], day(2026, 12, 28), day(2027, 1, 10));
        let dates: Vec<_> = found.iter().map(|o| o.date).collect();
        assert_eq!(dates, vec![day(2026, 12, 31), day(2027, 1, 7)]);
    }

    #[test]
    fn cancellations_are_marked_and_extras_added_in_time_order() {
        let s = slot(1, 2, day(2026, 1, 1), None);
        let cancel = Cancellation {
            slot_id: 1,
            date: day(2026, 12, 8),
            reason: "Utbildningsdag".into(),
        };
        let extra = Extra {
            id: 9,
            place: "Torget".into(),
            kind: PlaceKind::Centre,
            date: day(2026, 12, 8),
            start: hm(8, 0),
            end: hm(9, 0),
            note: String::new(),
            cancelled: None,
        };
        let found = occurrences(
            &[s],
            &[cancel],
            &[extra],
            &[],
            day(2026, 12, 7),
            day(2026, 12, 9),
        );
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].extra_id, found[0].start), (Some(9), hm(8, 0)));
        assert_eq!(found[1].cancelled.as_deref(), Some("Utbildningsdag"));
    }

    #[test]
    fn open_now_or_the_next_held_occurrence() {
        let s = slot(1, 2, day(2026, 1, 1), None);
        let cancel = Cancellation {
            slot_id: 1,
            date: day(2026, 12, 1),
            reason: "Sjukdom".into(),
        };
        let found = occurrences(
            &[s],
            &[cancel],
            &[],
            &[],
            day(2026, 11, 24),
            day(2026, 12, 31),
        );
        let at = |d: NaiveDate, h: u32, m: u32| d.and_time(hm(h, m));
        let (o, open) = open_or_next(&found, at(day(2026, 11, 24), 11, 0)).unwrap();
        assert_eq!((o.date, open), (day(2026, 11, 24), true));
        // At the closing minute it is no longer open; the next Tuesday is cancelled, so the one after.
        let (o, open) = open_or_next(&found, at(day(2026, 11, 24), 12, 0)).unwrap();
        assert_eq!((o.date, open), (day(2026, 12, 8), false));
        // What the page says changes next at the closing time, then at the next held opening; a cancelled
        // occurrence changes nothing.
        assert_eq!(
            next_change(&found, at(day(2026, 11, 24), 11, 0)),
            Some(at(day(2026, 11, 24), 12, 0))
        );
        assert_eq!(
            next_change(&found, at(day(2026, 11, 24), 12, 0)),
            Some(at(day(2026, 12, 8), 10, 0))
        );
        assert_eq!(next_change(&found, at(day(2026, 12, 31), 12, 0)), None);
    }

    #[test]
    fn held_marks_attach_to_their_own_occurrence_only() {
        let s = slot(1, 2, day(2026, 1, 1), None);
        let extra = Extra {
            id: 9,
            place: "Torget".into(),
            kind: PlaceKind::Centre,
            date: day(2026, 12, 3),
            start: hm(8, 0),
            end: hm(9, 0),
            note: String::new(),
            cancelled: Some("Oväder".into()),
        };
        let held = [OccurrenceKey::Slot {
            slot_id: 1,
            date: day(2026, 12, 8),
        }];
        let found = occurrences(
            &[s],
            &[],
            &[extra],
            &held,
            day(2026, 12, 1),
            day(2026, 12, 15),
        );
        let marks: Vec<_> = found
            .iter()
            .map(|o| (o.date, o.held, o.cancelled.is_some()))
            .collect();
        assert_eq!(
            marks,
            vec![
                (day(2026, 12, 1), false, false),
                (day(2026, 12, 3), false, true),
                (day(2026, 12, 8), true, false),
                (day(2026, 12, 15), false, false),
            ]
        );
        assert_eq!(found[1].key(), OccurrenceKey::Extra { extra_id: 9 });
    }

    #[test]
    fn an_occurrence_is_held_or_cancelled_never_both_and_held_only_once_begun() {
        let s = slot(1, 2, day(2026, 1, 1), None);
        let tuesday = day(2026, 12, 8);
        let plain = occurrences(&[s], &[], &[], &[], tuesday, tuesday).remove(0);
        let reason = Mark::Cancelled(Line::parse("Sjukdom").unwrap());
        let before = tuesday.and_time(hm(9, 59));
        let during = tuesday.and_time(hm(10, 0));

        assert_eq!(
            check_mark(&plain, &Mark::Held, before),
            Err(MarkRefused::NotStarted)
        );
        assert_eq!(check_mark(&plain, &Mark::Held, during), Ok(true));
        // Officers may cancel ahead of time.
        assert_eq!(check_mark(&plain, &reason, before), Ok(true));

        let held = Occurrence {
            held: true,
            ..plain.clone()
        };
        assert_eq!(
            check_mark(&held, &Mark::Held, during),
            Ok(false),
            "marking twice counts once"
        );
        assert_eq!(check_mark(&held, &reason, during), Err(MarkRefused::IsHeld));

        let cancelled = Occurrence {
            cancelled: Some("Sjukdom".into()),
            ..plain
        };
        assert_eq!(check_mark(&cancelled, &reason, during), Ok(false));
        assert_eq!(
            check_mark(&cancelled, &Mark::Held, during),
            Err(MarkRefused::IsCancelled)
        );
    }

    #[test]
    fn occurrence_keys_round_trip_and_refuse_anything_else() {
        let keys = [
            OccurrenceKey::Slot {
                slot_id: 3,
                date: day(2026, 12, 8),
            },
            OccurrenceKey::Extra { extra_id: 9 },
        ];
        for key in keys {
            assert_eq!(key.to_string().parse::<OccurrenceKey>(), Ok(key));
        }
        for bad in [
            "",
            "slot:3",
            "slot:x:2026-12-08",
            "slot:3:2026-13-01",
            "extra:9:1",
            "meeting:1",
        ] {
            assert!(bad.parse::<OccurrenceKey>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_mark_form_names_every_bad_field() {
        let form = |occurrence: &str, outcome: &str, reason: &str| MarkForm {
            occurrence: occurrence.into(),
            outcome: outcome.into(),
            reason: reason.into(),
        };
        assert_eq!(
            form("extra:9", "held", "").parse(),
            Ok((OccurrenceKey::Extra { extra_id: 9 }, Mark::Held))
        );
        let errors = form("nonsense", "cancelled", "  ").parse().unwrap_err();
        assert!(
            errors.contains_key("occurrence") && errors.contains_key("reason"),
            "{errors:?}"
        );
        let errors = form("extra:9", "maybe", "").parse().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors["outcome"], Problem::from(Choice::Outcome));
    }

    #[test]
    fn slot_forms_name_every_bad_field() {
        let form = SlotForm {
            place: " ".into(),
            kind: "tent".into(),
            weekday: "8".into(),
            start_time: "12:00".into(),
            end_time: "10:00".into(),
            valid_from: "2026-12-01".into(),
            valid_to: "2026-11-01".into(),
            ..SlotForm::default()
        };
        let errors = form.slot().unwrap_err();
        let fields: Vec<_> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            vec!["end_time", "kind", "place", "valid_to", "weekday"]
        );
        let good = SlotForm {
            place: "Centrala Sävsjö".into(),
            kind: "centre".into(),
            weekday: "5".into(),
            start_time: "19:00".into(),
            end_time: "22:00".into(),
            valid_from: "2026-12-01".into(),
            ..SlotForm::default()
        };
        let def = good.slot().unwrap();
        assert_eq!((def.weekday, def.valid_to), (5, None));
    }

    #[test]
    fn a_slot_may_end_the_day_it_starts_but_not_at_the_minute_it_starts() {
        let one_day = SlotForm {
            place: "Torget".into(),
            kind: "centre".into(),
            weekday: "2".into(),
            start_time: "19:00".into(),
            end_time: "22:00".into(),
            valid_from: "2026-12-01".into(),
            valid_to: "2026-12-01".into(),
            ..SlotForm::default()
        };
        let def = one_day.slot().expect("valid for one day");
        assert_eq!(def.valid_to, Some(day(2026, 12, 1)));
        let no_time = SlotForm {
            end_time: "19:00".into(),
            ..one_day
        };
        assert_eq!(
            no_time.slot().unwrap_err()["end_time"],
            Problem::EndNotAfterStart
        );
        let extra = SlotForm {
            date: "2026-12-24".into(),
            ..no_time
        };
        assert_eq!(
            extra.extra().unwrap_err()["end_time"],
            Problem::EndNotAfterStart
        );
    }

    #[test]
    fn only_the_extras_inside_the_range_are_listed() {
        let extra = |id, date| Extra {
            id,
            place: "Torget".into(),
            kind: PlaceKind::Centre,
            date,
            start: hm(8, 0),
            end: hm(9, 0),
            note: String::new(),
            cancelled: None,
        };
        let extras = [
            extra(1, day(2026, 12, 6)),
            extra(2, day(2026, 12, 7)),
            extra(3, day(2026, 12, 9)),
            extra(4, day(2026, 12, 10)),
        ];
        let found = occurrences(&[], &[], &extras, &[], day(2026, 12, 7), day(2026, 12, 9));
        let ids: Vec<_> = found.iter().map(|o| o.extra_id).collect();
        assert_eq!(
            ids,
            vec![Some(2), Some(3)],
            "the first and last days count, no others"
        );
    }
}
