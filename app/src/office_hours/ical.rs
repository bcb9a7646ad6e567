//! The office hours as an iCalendar feed (RFC 5545) for `GET /office-hours.ics`: one VEVENT per weekly slot
//! with a weekly RRULE and an EXDATE per cancelled occurrence, one VEVENT per extra occurrence, all in
//! Europe/Stockholm local time with its VTIMEZONE, and UIDs that stay the same from one fetch to the next.

use crate::i18n::{td_string, Locale};
use crate::words::names::fill;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use domain::office_hours::{Cancellation, Extra, PlaceKind, Slot};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, Property};

pub const TZID: &str = "Europe/Stockholm";

/// Europe/Stockholm's rules since 1996: summer time from the last Sunday in March to the last in October.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Stockholm\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn local(at: NaiveDateTime) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: at,
        tzid: TZID.to_owned(),
    }
}

fn summary(locale: Locale, kind: PlaceKind, place: &str) -> String {
    let template = match kind {
        PlaceKind::Office => td_string!(locale, hours.ical_office),
        PlaceKind::Centre => td_string!(locale, hours.ical_centre),
    };
    text(&fill(template, &[("place", &place)]))
}

/// Typed text as an iCalendar TEXT value may hold it (RFC 5545, 3.3.11): every line break, `\r\n`, `\n` or
/// a lone `\r`, becomes one `\n`, and the other control characters but tab are left out. The crate then
/// escapes `\n`, backslash, comma and semicolon; it leaves a carriage return raw, which a client that splits
/// lines on it would read as the end of the property and the next text as properties of its own.
fn text(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// The first day on or after `from` that falls on ISO `weekday`.
fn first_on(from: NaiveDate, weekday: u8) -> NaiveDate {
    let ahead = (i64::from(weekday) - i64::from(from.weekday().number_from_monday())).rem_euclid(7);
    from + chrono::Duration::days(ahead)
}

/// The whole feed, its words in `locale`. `stamp` is the DTSTAMP of every event (the time the feed was
/// made).
pub fn feed(
    slots: &[Slot],
    cancellations: &[Cancellation],
    extras: &[Extra],
    stamp: chrono::DateTime<chrono::Utc>,
    locale: Locale,
) -> String {
    let mut calendar = Calendar::new();
    calendar
        .name(td_string!(locale, hours.ical_name))
        .timezone(TZID);
    for slot in slots {
        let first = first_on(slot.valid_from, slot.weekday);
        let mut rule = format!(
            "FREQ=WEEKLY;BYDAY={}",
            BYDAY[usize::from(slot.weekday.clamp(1, 7) - 1)]
        );
        if let Some(to) = slot.valid_to {
            // With a TZID start, RFC 5545 wants UNTIL in UTC.
            let until = stockholm_to_utc(to.and_time(slot.start));
            rule.push_str(&format!(";UNTIL={}", until.format("%Y%m%dT%H%M%SZ")));
        }
        let mut event = Event::new();
        event
            .uid(&format!("slot-{}@medborgarlofte", slot.id))
            .timestamp(stamp)
            .summary(&summary(locale, slot.kind, &slot.place))
            .location(&text(&slot.place))
            .starts(local(first.and_time(slot.start)))
            .ends(local(first.and_time(slot.end)))
            .add_property("RRULE", rule);
        for c in cancellations.iter().filter(|c| c.slot_id == slot.id) {
            let mut exdate = Property::new(
                "EXDATE",
                c.date
                    .and_time(slot.start)
                    .format("%Y%m%dT%H%M%S")
                    .to_string(),
            );
            exdate.add_parameter("TZID", TZID);
            event.append_multi_property(exdate);
        }
        calendar.push(event.done());
    }
    for extra in extras {
        let mut event = Event::new();
        event
            .uid(&format!("extra-{}@medborgarlofte", extra.id))
            .timestamp(stamp)
            .summary(&summary(locale, extra.kind, &extra.place))
            .location(&text(&extra.place))
            .starts(local(extra.date.and_time(extra.start)))
            .ends(local(extra.date.and_time(extra.end)));
        match &extra.cancelled {
            // Calendars that already have the event strike it out rather than drop it silently.
            Some(reason) => {
                event.status(icalendar::EventStatus::Cancelled);
                event.description(&text(&fill(
                    td_string!(locale, hours.ical_cancelled),
                    &[("reason", reason)],
                )));
            }
            None if !extra.note.is_empty() => {
                event.description(&text(&extra.note));
            }
            None => {}
        }
        calendar.push(event.done());
    }
    // The crate gives every component it builds a UID and DTSTAMP, which a VTIMEZONE must not have, so the
    // fixed VTIMEZONE goes in as text, before the first event.
    let mut text = calendar.done().to_string();
    let at = text
        .find("BEGIN:VEVENT")
        .or_else(|| text.find("END:VCALENDAR"))
        .expect("a calendar ends with END:VCALENDAR");
    text.insert_str(at, VTIMEZONE);
    text
}

/// Local Stockholm time to UTC. A time that does not exist (skipped by the spring change) moves an hour on;
/// one that exists twice (the autumn change) is taken the first time.
pub fn stockholm_to_utc(local: NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let tz = chrono_tz::Europe::Stockholm;
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| local.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone, Timelike, Utc};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn slot() -> Slot {
        // Sundays 10–12 from 1 March to 1 November 2026: both daylight-saving changes fall on Sundays.
        Slot {
            id: 7,
            place: "Poliskontoret, Sävsjö".into(),
            kind: PlaceKind::Office,
            weekday: 7,
            start: hm(10, 0),
            end: hm(12, 0),
            valid_from: day(2026, 2, 25),
            valid_to: Some(day(2026, 11, 1)),
            example: false,
            version: 1,
        }
    }

    fn parsed() -> Calendar {
        let cancel = Cancellation {
            slot_id: 7,
            date: day(2026, 4, 5),
            reason: "Påsk".into(),
        };
        let extra = Extra {
            id: 3,
            place: "Torget".into(),
            kind: PlaceKind::Centre,
            date: day(2026, 12, 24),
            start: hm(9, 0),
            end: hm(11, 0),
            note: "Julmarknad".into(),
            cancelled: Some("Oväder".into()),
        };
        let text = feed(&[slot()], &[cancel], &[extra], Utc::now(), Locale::sv);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        let zone =
            &text[text.find("BEGIN:VTIMEZONE").unwrap()..text.find("END:VTIMEZONE").unwrap()];
        assert!(
            !zone.contains("UID:") && !zone.contains("DTSTAMP:"),
            "{zone}"
        );
        text.parse::<Calendar>()
            .expect("the feed parses as iCalendar")
    }

    #[test]
    fn typed_line_breaks_and_separators_stay_inside_their_property() {
        let extra = |id, note: &str, cancelled: Option<&str>| Extra {
            id,
            place: "Torget;\rBEGIN:VEVENT".into(),
            kind: PlaceKind::Centre,
            date: day(2026, 12, 24),
            start: hm(9, 0),
            end: hm(11, 0),
            note: note.into(),
            cancelled: cancelled.map(Into::into),
        };
        let extras = [
            extra(1, "a\rSUMMARY:injected\rb, c; d \\ e", None),
            extra(2, "", Some("storm\r\nEND:VEVENT\nx\u{7}")),
        ];
        let text = feed(&[], &[], &extras, Utc::now(), Locale::en);
        // Every carriage return ends a content line, and every line ends with one.
        assert!(
            text.split("\r\n")
                .all(|line| !line.contains('\r') && !line.contains('\n')),
            "{text:?}"
        );
        assert!(!text.contains('\u{7}'));
        let calendar: Calendar = text.parse().expect("the feed parses as iCalendar");
        let events: Vec<_> = calendar.events().collect();
        assert_eq!(events.len(), 2, "no event the admin did not write");
        assert_eq!(
            events[0].get_description(),
            Some("a\nSUMMARY:injected\nb, c; d \\ e")
        );
        assert_eq!(events[0].get_location(), Some("Torget;\nBEGIN:VEVENT"));
        assert!(events[0]
            .get_summary()
            .unwrap()
            .contains("Torget;\nBEGIN:VEVENT"));
        assert_eq!(
            events[1].get_description(),
            Some("Cancelled: storm\nEND:VEVENT\nx")
        );
    }

    #[test]
    fn the_feed_parses_back_with_stable_uids_and_a_timezone() {
        let calendar = parsed();
        let uids: Vec<_> = calendar.events().filter_map(|e| e.get_uid()).collect();
        assert_eq!(uids, ["slot-7@medborgarlofte", "extra-3@medborgarlofte"]);
        let extra = calendar.events().nth(1).unwrap();
        assert_eq!(extra.property_value("STATUS"), Some("CANCELLED"));
        assert_eq!(extra.get_description(), Some("Inställt: Oväder"));
        let timezones: Vec<_> = calendar
            .components
            .iter()
            .filter_map(|c| match c {
                icalendar::CalendarComponent::Other(o) => Some(o.component_kind()),
                _ => None,
            })
            .collect();
        assert_eq!(timezones, ["VTIMEZONE"]);
        let weekly = calendar.events().next().unwrap();
        assert_eq!(
            weekly.property_value("RRULE"),
            Some("FREQ=WEEKLY;BYDAY=SU;UNTIL=20261101T090000Z")
        );
        assert_eq!(weekly.get_location(), Some("Poliskontoret, Sävsjö"));
    }

    /// Expands the parsed feed's recurrence (the `rrule` crate) and checks the occurrences in UTC: 10:00 in
    /// Stockholm is 09:00 UTC in winter and 08:00 UTC in summer, the change falling on the last Sundays of
    /// March and October; the cancelled Sunday is left out.
    #[test]
    fn recurrences_follow_the_daylight_saving_changes_and_skip_cancellations() {
        let calendar = parsed();
        let weekly = calendar.events().next().unwrap();
        let set = weekly.get_recurrence().expect("a recurrence set");
        let all: Vec<_> = set
            .all(100)
            .dates
            .iter()
            .map(|d| d.with_timezone(&Utc))
            .collect();
        let at = |y, m, d| {
            all.iter()
                .find(|t| t.date_naive() == day(y, m, d))
                .map(|t| t.hour())
        };
        assert_eq!(at(2026, 3, 22), Some(9), "winter time");
        assert_eq!(
            at(2026, 3, 29),
            Some(8),
            "the last Sunday of March is summer time"
        );
        assert_eq!(at(2026, 4, 5), None, "cancelled");
        assert_eq!(at(2026, 10, 18), Some(8));
        assert_eq!(
            at(2026, 10, 25),
            Some(9),
            "the last Sunday of October is winter time again"
        );
        assert_eq!(
            all.first().copied(),
            Some(Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap())
        );
        assert_eq!(all.last().map(|t| t.date_naive()), Some(day(2026, 11, 1)));
        assert_eq!(
            all.len(),
            36 - 1,
            "36 Sundays from 1 March to 1 November, one cancelled"
        );
    }

    #[test]
    fn stockholm_times_follow_the_daylight_saving_changes() {
        use chrono::Timelike;
        let utc_hour = |d: NaiveDate| stockholm_to_utc(d.and_time(hm(10, 0))).hour();
        // Summer time starts on the last Sunday of March (29 March 2026) and ends on the last Sunday of
        // October (25 October 2026).
        assert_eq!(utc_hour(day(2026, 3, 28)), 9);
        assert_eq!(utc_hour(day(2026, 3, 29)), 8);
        assert_eq!(utc_hour(day(2026, 10, 24)), 8);
        assert_eq!(utc_hour(day(2026, 10, 25)), 9);
        // 02:30 does not exist on 29 March; 02:30 on 25 October exists twice (first is summer time).
        let skipped = stockholm_to_utc(day(2026, 3, 29).and_time(hm(2, 30)));
        assert_eq!((skipped.hour(), skipped.minute()), (1, 30));
        let doubled = stockholm_to_utc(day(2026, 10, 25).and_time(hm(2, 30)));
        assert_eq!((doubled.hour(), doubled.minute()), (0, 30));
    }
}
