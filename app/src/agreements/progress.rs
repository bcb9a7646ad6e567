//! Achieved against target: how recorded events are tallied per activity and per period.
//! This is the arithmetic behind the public page and the open-data API; it has no I/O.

use super::domain::{Cadence, DateRange, Measure, Target};
use crate::field::report::ReportKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Something that happened on a day and counts towards an activity, e.g. one targeted operation (amount 1)
/// or the youths identified during it (amount = their number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub day: NaiveDate,
    pub amount: u32,
}

/// The stored reports of one kind for one activity on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyTally {
    pub activity_id: i64,
    pub kind: ReportKind,
    pub day: NaiveDate,
    pub reports: u32,
    /// Youths identified as using drugs, summed over the day's targeted operations.
    pub youths_identified: u32,
}

/// What counts towards an activity, from its agreement's report tallies: its own targeted operations or
/// meetings one each, and for "youths identified" the youths of every targeted operation in the agreement.
/// Office hours are not reported this way, so they count nothing here.
pub fn events_for(activity_id: i64, measure: Measure, tallies: &[DailyTally]) -> Vec<Event> {
    tallies
        .iter()
        .filter_map(|t| match measure {
            Measure::TargetedOperation | Measure::CollaborationMeeting
                if t.activity_id == activity_id && t.kind.measure() == measure =>
            {
                Some(Event {
                    day: t.day,
                    amount: t.reports,
                })
            }
            Measure::YouthsIdentified if t.kind == ReportKind::TargetedOperation => Some(Event {
                day: t.day,
                amount: t.youths_identified,
            }),
            _ => None,
        })
        .collect()
}

/// One span over which a target applies, with what was achieved in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodProgress {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub target: Option<u32>,
    pub achieved: u32,
}

/// The spans over which an activity's target is counted.
pub fn spans(cadence: Cadence, agreement: DateRange) -> Vec<DateRange> {
    match cadence {
        Cadence::Period => vec![agreement],
        Cadence::CalendarYear => agreement.calendar_years(),
    }
}

/// Tallies events into the activity's spans. Events outside the agreement's period count nowhere.
/// Returns the total achieved over the whole agreement and the per-span figures.
pub fn tally(
    cadence: Cadence,
    agreement: DateRange,
    target: Option<Target>,
    events: &[Event],
) -> (u32, Vec<PeriodProgress>) {
    let periods: Vec<PeriodProgress> = spans(cadence, agreement)
        .into_iter()
        .map(|span| PeriodProgress {
            from: span.from(),
            to: span.to(),
            target: target.map(Target::get),
            achieved: events
                .iter()
                .filter(|e| span.contains(e.day))
                .fold(0u32, |sum, e| sum.saturating_add(e.amount)),
        })
        .collect();
    let total = periods
        .iter()
        .fold(0u32, |sum, p| sum.saturating_add(p.achieved));
    (total, periods)
}

/// Where today falls relative to an agreement's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    NotStarted,
    InForce,
    Ended,
}

pub fn phase(period: DateRange, today: NaiveDate) -> Phase {
    if today < period.from() {
        Phase::NotStarted
    } else if today > period.to() {
        Phase::Ended
    } else {
        Phase::InForce
    }
}

/// Achieved as a share of target, clamped to 0..=1, for progress bars.
pub fn share(achieved: u32, target: u32) -> f64 {
    if target == 0 {
        return 0.0;
    }
    (f64::from(achieved) / f64::from(target)).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn savsjo() -> DateRange {
        DateRange::new(day(2018, 4, 10), day(2020, 4, 9)).unwrap()
    }

    #[test]
    fn no_events_means_nothing_achieved() {
        let (total, periods) = tally(
            Cadence::Period,
            savsjo(),
            Some(Target::new(15).unwrap()),
            &[],
        );
        assert_eq!(total, 0);
        assert_eq!(
            periods,
            vec![PeriodProgress {
                from: day(2018, 4, 10),
                to: day(2020, 4, 9),
                target: Some(15),
                achieved: 0
            }]
        );
    }

    #[test]
    fn calendar_year_cadence_counts_each_year_apart() {
        let events = [
            Event {
                day: day(2018, 4, 10),
                amount: 1,
            },
            Event {
                day: day(2018, 12, 31),
                amount: 1,
            },
            Event {
                day: day(2019, 1, 1),
                amount: 1,
            },
            Event {
                day: day(2020, 4, 9),
                amount: 1,
            },
            // Outside the agreement: counted nowhere.
            Event {
                day: day(2018, 4, 9),
                amount: 1,
            },
            Event {
                day: day(2020, 4, 10),
                amount: 1,
            },
        ];
        let (total, periods) = tally(
            Cadence::CalendarYear,
            savsjo(),
            Some(Target::new(4).unwrap()),
            &events,
        );
        assert_eq!(
            periods.iter().map(|p| p.achieved).collect::<Vec<_>>(),
            vec![2, 1, 1]
        );
        assert!(periods.iter().all(|p| p.target == Some(4)));
        assert_eq!(total, 4);
    }

    #[test]
    fn amounts_add_up_and_never_overflow() {
        let events = [
            Event {
                day: day(2019, 5, 1),
                amount: 3,
            },
            Event {
                day: day(2019, 6, 1),
                amount: 4,
            },
        ];
        assert_eq!(tally(Cadence::Period, savsjo(), None, &events).0, 7);
        let huge = [
            Event {
                day: day(2019, 5, 1),
                amount: u32::MAX,
            },
            Event {
                day: day(2019, 5, 2),
                amount: 9,
            },
        ];
        assert_eq!(tally(Cadence::Period, savsjo(), None, &huge).0, u32::MAX);
    }

    #[test]
    fn each_measure_counts_its_own_reports() {
        let tally = |activity_id, kind, d, reports, youths| DailyTally {
            activity_id,
            kind,
            day: day(2019, 5, d),
            reports,
            youths_identified: youths,
        };
        let tallies = [
            tally(3, ReportKind::TargetedOperation, 1, 2, 5),
            tally(3, ReportKind::TargetedOperation, 2, 1, 0),
            tally(9, ReportKind::TargetedOperation, 2, 1, 4),
            tally(4, ReportKind::CollaborationMeeting, 3, 1, 0),
        ];
        let sum = |events: Vec<Event>| events.iter().map(|e| e.amount).sum::<u32>();
        assert_eq!(sum(events_for(3, Measure::TargetedOperation, &tallies)), 3);
        assert_eq!(
            sum(events_for(4, Measure::CollaborationMeeting, &tallies)),
            1
        );
        assert_eq!(sum(events_for(4, Measure::TargetedOperation, &tallies)), 0);
        assert_eq!(
            sum(events_for(2, Measure::YouthsIdentified, &tallies)),
            9,
            "youths of every operation"
        );
        assert!(events_for(1, Measure::OfficeHours, &tallies).is_empty());
        assert!(events_for(5, Measure::Unmeasured, &tallies).is_empty());
    }

    #[test]
    fn phase_follows_the_period_inclusively() {
        assert_eq!(phase(savsjo(), day(2018, 4, 9)), Phase::NotStarted);
        assert_eq!(phase(savsjo(), day(2018, 4, 10)), Phase::InForce);
        assert_eq!(phase(savsjo(), day(2020, 4, 9)), Phase::InForce);
        assert_eq!(phase(savsjo(), day(2020, 4, 10)), Phase::Ended);
    }

    #[test]
    fn share_is_clamped() {
        assert_eq!(share(0, 15), 0.0);
        assert!((share(5, 15) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(share(20, 15), 1.0);
        assert_eq!(share(3, 0), 0.0);
    }
}
