//! Achieved against target: how recorded events are tallied per activity and per period.
//! This is the arithmetic behind the public page and the open-data API; it has no I/O.

use crate::agreement::{Cadence, DateRange, Measure, Target};
use crate::report::ReportKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Counts of people below this are not shown exactly to the public.
pub const SUPPRESS_BELOW: u32 = 3;

/// A count of people as the public sees it: exact, or only "fewer than 3" (small-count suppression), so
/// that no one checked can be singled out from the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicCount {
    Exact(u32),
    FewerThan(u32),
}

impl PublicCount {
    pub fn of(n: u32) -> Self {
        if n < SUPPRESS_BELOW {
            Self::FewerThan(SUPPRESS_BELOW)
        } else {
            Self::Exact(n)
        }
    }
}

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
    /// How many were done, summed over the day's activity reports (`count`).
    pub counted: u32,
}

/// What counts towards an activity: from its agreement's report tallies, its own targeted operations or
/// meetings one each, and for "youths identified" the youths of every targeted operation in the agreement;
/// for office hours, the occurrences officers marked as held (`office_hours_held`: how many on each day).
pub fn events_for(
    activity_id: i64,
    measure: Measure,
    tallies: &[DailyTally],
    office_hours_held: &[(NaiveDate, u32)],
) -> Vec<Event> {
    if measure == Measure::OfficeHours {
        return office_hours_held
            .iter()
            .map(|&(day, amount)| Event { day, amount })
            .collect();
    }
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
            Measure::Count if t.activity_id == activity_id && t.kind == ReportKind::Activity => {
                Some(Event {
                    day: t.day,
                    amount: t.counted,
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
    /// How many the target calls for by the progress document's `as_of` date: the target times the share of
    /// the span's days that have begun, rounded down. `None` without a target.
    #[serde(default)]
    pub expected: Option<u32>,
    /// `achieved` against `expected` and `target`. `None` without a target.
    #[serde(default)]
    pub pace: Option<Pace>,
    /// The day the span's events first added up to its target; `None` before then and without a target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached_on: Option<NaiveDate>,
}

crate::closed_set! {
    /// How an activity is doing against its target.
    pub enum Pace {
        NotStarted => "not_started",
        OnTrack => "on_track",
        Behind => "behind",
        Achieved => "achieved",
    }
}

impl PeriodProgress {
    /// Fills in `expected` and `pace` as of `today`.
    pub fn assess(&mut self, today: NaiveDate) {
        let Some(target) = self.target else {
            return;
        };
        let days = (self.to - self.from).num_days() + 1;
        let begun = ((today - self.from).num_days() + 1).clamp(0, days);
        // Whole numbers throughout: target × begun / days, rounded down.
        let expected = (u64::from(target) * begun as u64 / days as u64) as u32;
        self.expected = Some(expected);
        self.pace = Some(if self.achieved >= target {
            Pace::Achieved
        } else if today < self.from {
            Pace::NotStarted
        } else if self.achieved >= expected {
            Pace::OnTrack
        } else {
            Pace::Behind
        });
    }
}

/// How many of an agreement's activities with a target are where, as of a day: the state at a glance on the
/// national overview. Each activity counts once, by its span that holds the day (else its last span).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glance {
    pub achieved: u32,
    pub on_track: u32,
    pub behind: u32,
    pub not_started: u32,
}

impl Glance {
    /// `activities`: each activity's assessed spans, in order.
    pub fn of<'a>(
        activities: impl IntoIterator<Item = &'a [PeriodProgress]>,
        today: NaiveDate,
    ) -> Self {
        let mut glance = Glance::default();
        for spans in activities {
            match current_span(spans, today).and_then(|p| p.pace) {
                Some(Pace::Achieved) => glance.achieved += 1,
                Some(Pace::OnTrack) => glance.on_track += 1,
                Some(Pace::Behind) => glance.behind += 1,
                Some(Pace::NotStarted) => glance.not_started += 1,
                None => {}
            }
        }
        glance
    }

    /// The activities with a target.
    pub fn total(&self) -> u32 {
        self.achieved + self.on_track + self.behind + self.not_started
    }
}

/// The span of an activity's assessed spans that holds `day`, else its last: the one an activity is judged
/// by at a glance.
pub fn current_span(spans: &[PeriodProgress], day: NaiveDate) -> Option<&PeriodProgress> {
    spans
        .iter()
        .find(|p| p.from <= day && day <= p.to)
        .or_else(|| spans.last())
}

/// The spans over which an activity's target is counted.
pub fn spans(cadence: Cadence, agreement: DateRange) -> Vec<DateRange> {
    agreement.spans(cadence)
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
        .map(|span| {
            let mut within: Vec<&Event> = events.iter().filter(|e| span.contains(e.day)).collect();
            within.sort_by_key(|e| e.day);
            let mut achieved = 0u32;
            let mut reached_on = None;
            for e in within {
                achieved = achieved.saturating_add(e.amount);
                if reached_on.is_none() && target.is_some_and(|t| achieved >= t.get()) {
                    reached_on = Some(e.day);
                }
            }
            PeriodProgress {
                from: span.from(),
                to: span.to(),
                target: target.map(Target::get),
                expected: None,
                pace: None,
                achieved,
                reached_on,
            }
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
    #[test]
    fn a_glance_counts_each_activity_once_by_the_span_that_holds_the_day() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let span = |from: NaiveDate,
                    to: NaiveDate,
                    target: Option<u32>,
                    achieved: u32,
                    today: NaiveDate| {
            let mut p = PeriodProgress {
                from,
                to,
                target,
                achieved,
                expected: None,
                pace: None,
                reached_on: None,
            };
            p.assess(today);
            p
        };
        let today = d(7, 1);
        let yearly = [span(d(1, 1), d(12, 31), Some(10), 10, today)];
        let behind = [span(d(1, 1), d(12, 31), Some(10), 1, today)];
        let on_track = [span(d(1, 1), d(12, 31), Some(10), 6, today)];
        // Two halves with today between them: the coming one counts, not begun.
        let halves = [
            span(d(1, 1), d(6, 30), Some(2), 2, today),
            span(d(7, 2), d(12, 31), Some(2), 0, today),
        ];
        let no_target = [span(d(1, 1), d(12, 31), None, 5, today)];
        let glance = Glance::of(
            [
                &yearly[..],
                &behind[..],
                &on_track[..],
                &halves[..],
                &no_target[..],
            ],
            today,
        );
        assert_eq!(
            glance,
            Glance {
                achieved: 1,
                on_track: 1,
                behind: 1,
                not_started: 1
            }
        );
        assert_eq!(glance.total(), 4);
        assert_eq!(
            Glance::of([] as [&[PeriodProgress]; 0], today),
            Glance::default()
        );
    }

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
                achieved: 0,
                expected: None,
                pace: None,
                reached_on: None,
            }]
        );
    }

    #[test]
    fn a_span_notes_the_day_its_events_first_reach_the_target() {
        let ev = |d: NaiveDate, amount: u32| Event { day: d, amount };
        // Out of order, one outside the period, and more after the target was reached.
        let events = [
            ev(day(2019, 3, 1), 2),
            ev(day(2018, 5, 1), 1),
            ev(day(2017, 1, 1), 9),
            ev(day(2019, 2, 1), 1),
            ev(day(2019, 4, 1), 5),
        ];
        let (_, periods) = tally(Cadence::Period, savsjo(), Target::new(4).ok(), &events);
        assert_eq!(periods[0].achieved, 9);
        assert_eq!(periods[0].reached_on, Some(day(2019, 3, 1)));
        let (_, short) = tally(Cadence::Period, savsjo(), Target::new(10).ok(), &events);
        assert_eq!(short[0].reached_on, None);
        let (_, untargeted) = tally(Cadence::Period, savsjo(), None, &events);
        assert_eq!(untargeted[0].reached_on, None);
    }

    fn span(target: u32, achieved: u32) -> PeriodProgress {
        // 2019: 365 days.
        PeriodProgress {
            from: day(2019, 1, 1),
            to: day(2019, 12, 31),
            target: Some(target),
            achieved,
            expected: None,
            pace: None,
            reached_on: None,
        }
    }

    fn assessed(mut p: PeriodProgress, today: NaiveDate) -> (Option<u32>, Option<Pace>) {
        p.assess(today);
        (p.expected, p.pace)
    }

    #[test]
    fn pace_compares_achieved_with_the_share_of_the_span_that_has_begun() {
        // 1 July is day 182 of 365: 4 × 182 / 365 = 1.99, so one meeting is expected by then.
        assert_eq!(
            assessed(span(4, 1), day(2019, 7, 1)),
            (Some(1), Some(Pace::OnTrack))
        );
        assert_eq!(
            assessed(span(4, 0), day(2019, 7, 1)),
            (Some(1), Some(Pace::Behind))
        );
        // 2 July is day 183: 4 × 183 / 365 = 2.005.
        assert_eq!(
            assessed(span(4, 1), day(2019, 7, 2)),
            (Some(2), Some(Pace::Behind))
        );
        // On the first day nothing is expected yet, and on the last the whole target is.
        assert_eq!(
            assessed(span(15, 0), day(2019, 1, 1)),
            (Some(0), Some(Pace::OnTrack))
        );
        assert_eq!(
            assessed(span(15, 14), day(2019, 12, 31)),
            (Some(15), Some(Pace::Behind))
        );
        assert_eq!(
            assessed(span(15, 15), day(2019, 12, 31)),
            (Some(15), Some(Pace::Achieved))
        );
        // Reached early is reached; before the start and after the end the share is clamped.
        assert_eq!(
            assessed(span(15, 20), day(2019, 3, 1)).1,
            Some(Pace::Achieved)
        );
        assert_eq!(
            assessed(span(4, 0), day(2018, 6, 1)),
            (Some(0), Some(Pace::NotStarted))
        );
        assert_eq!(
            assessed(span(4, 3), day(2021, 6, 1)),
            (Some(4), Some(Pace::Behind))
        );
        let mut untargeted = span(1, 0);
        untargeted.target = None;
        assert_eq!(assessed(untargeted, day(2019, 7, 1)), (None, None));
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
            counted: if kind == ReportKind::Activity {
                youths
            } else {
                0
            },
        };
        let tallies = [
            tally(3, ReportKind::TargetedOperation, 1, 2, 5),
            tally(3, ReportKind::TargetedOperation, 2, 1, 0),
            tally(9, ReportKind::TargetedOperation, 2, 1, 4),
            tally(4, ReportKind::CollaborationMeeting, 3, 1, 0),
            // Two activity reports on one day that did 5 things between them.
            tally(7, ReportKind::Activity, 4, 2, 5),
        ];
        let held = [(day(2019, 5, 7), 2), (day(2019, 5, 9), 1)];
        let sum = |events: Vec<Event>| events.iter().map(|e| e.amount).sum::<u32>();
        assert_eq!(
            sum(events_for(3, Measure::TargetedOperation, &tallies, &held)),
            3
        );
        assert_eq!(
            sum(events_for(
                4,
                Measure::CollaborationMeeting,
                &tallies,
                &held
            )),
            1
        );
        assert_eq!(
            sum(events_for(4, Measure::TargetedOperation, &tallies, &held)),
            0
        );
        assert_eq!(
            sum(events_for(2, Measure::YouthsIdentified, &tallies, &held)),
            9,
            "youths of every operation"
        );
        assert_eq!(
            sum(events_for(1, Measure::OfficeHours, &tallies, &held)),
            3,
            "office hours count what was held, not reports"
        );
        assert!(events_for(1, Measure::OfficeHours, &tallies, &[]).is_empty());
        assert!(events_for(5, Measure::Unmeasured, &tallies, &held).is_empty());
        assert_eq!(
            sum(events_for(7, Measure::Count, &tallies, &held)),
            5,
            "a counted activity sums what its reports did"
        );
        assert!(events_for(8, Measure::Count, &tallies, &held).is_empty());
    }

    #[test]
    fn a_weekly_target_is_tallied_per_week() {
        let period = DateRange::new(day(2019, 5, 6), day(2019, 5, 19)).unwrap();
        let events = [
            Event {
                day: day(2019, 5, 6),
                amount: 1,
            },
            Event {
                day: day(2019, 5, 12),
                amount: 1,
            },
            Event {
                day: day(2019, 5, 13),
                amount: 1,
            },
        ];
        let (total, periods) = tally(Cadence::Week, period, Target::new(2).ok(), &events);
        assert_eq!(total, 3);
        assert_eq!(
            periods.iter().map(|p| p.achieved).collect::<Vec<_>>(),
            vec![2, 1]
        );
        let (_, months) = tally(Cadence::Month, period, Target::new(2).ok(), &events);
        assert_eq!(months.len(), 1);
        assert_eq!(months[0].achieved, 3);
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

    #[test]
    fn counts_of_people_below_three_are_shown_as_fewer_than_three() {
        let shown = [0, 1, 2, 3, 17].map(PublicCount::of);
        assert_eq!(
            shown,
            [
                PublicCount::FewerThan(3),
                PublicCount::FewerThan(3),
                PublicCount::FewerThan(3),
                PublicCount::Exact(3),
                PublicCount::Exact(17)
            ]
        );
    }
}
