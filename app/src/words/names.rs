//! The words for the domain's values in the visitor's language: dates, paces, owners, units, kinds of place,
//! weekdays, months and suppressed counts, all from the locale files. The open CSV files write codes
//! (`on_track`, `office`), numbers and, for a suppressed count, `färre än 3`, as their columns are
//! documented.

use crate::i18n::{td_string, Locale};
use chrono::{Datelike, NaiveDate};
use domain::agreement::{Cadence, Measure, Owner};
use domain::office_hours::PlaceKind;
use domain::progress::PublicCount;
use domain::progress::{Glance, Pace};

fn month(locale: Locale, day: NaiveDate) -> &'static str {
    match day.month() {
        1 => td_string!(locale, labels.month_1),
        2 => td_string!(locale, labels.month_2),
        3 => td_string!(locale, labels.month_3),
        4 => td_string!(locale, labels.month_4),
        5 => td_string!(locale, labels.month_5),
        6 => td_string!(locale, labels.month_6),
        7 => td_string!(locale, labels.month_7),
        8 => td_string!(locale, labels.month_8),
        9 => td_string!(locale, labels.month_9),
        10 => td_string!(locale, labels.month_10),
        11 => td_string!(locale, labels.month_11),
        12 => td_string!(locale, labels.month_12),
        _ => unreachable!("chrono months are 1–12"),
    }
}

/// A police region by its name: "Polisregion Öst" / "Police region Öst".
pub fn region(locale: Locale, region: domain::places::Region) -> String {
    use domain::places::Region::*;
    let name = match region {
        Nord => "Nord",
        Mitt => "Mitt",
        Stockholm => "Stockholm",
        Ost => "Öst",
        Vast => "Väst",
        Syd => "Syd",
        Bergslagen => "Bergslagen",
    };
    format!("{} {name}", td_string!(locale, labels.police_region))
}

/// What a scope holds, in words: "hela landet", "Polisregion Öst", a police area's name (`area_name` finds
/// it by slug; else the slug), a municipality's name.
pub fn scope(
    locale: Locale,
    scope: &domain::places::Scope,
    area_name: impl Fn(&str) -> Option<String>,
) -> String {
    use domain::places::Scope;
    match scope {
        Scope::National => td_string!(locale, labels.national).to_owned(),
        Scope::Region(r) => region(locale, *r),
        Scope::PoliceArea(slug) => area_name(slug.as_str()).unwrap_or_else(|| slug.to_string()),
        Scope::Municipality(code) => code.municipality().official_name.to_owned(),
    }
}

/// "10 april 2018" / "10 April 2018".
pub fn long_date(locale: Locale, day: NaiveDate) -> String {
    format!("{} {} {}", day.day(), month(locale, day), day.year())
}

/// "maj 2019" / "May 2019": a month of a year.
pub fn month_year(locale: Locale, day: NaiveDate) -> String {
    format!("{} {}", month(locale, day), day.year())
}

/// "10 apr" / "10 Apr": the day and the month's first three letters.
pub fn short_date(locale: Locale, day: NaiveDate) -> String {
    let abbreviated: String = month(locale, day).chars().take(3).collect();
    format!("{} {abbreviated}", day.day())
}

pub fn pace(locale: Locale, pace: Pace) -> String {
    match pace {
        Pace::NotStarted => td_string!(locale, labels.pace_not_started).to_string(),
        Pace::OnTrack => td_string!(locale, labels.pace_on_track).to_string(),
        Pace::Behind => td_string!(locale, labels.pace_behind).to_string(),
        Pace::Achieved => td_string!(locale, labels.pace_achieved).to_string(),
    }
}

pub fn owner(locale: Locale, owner: Owner) -> String {
    match owner {
        Owner::Police => td_string!(locale, labels.owner_police).to_string(),
        Owner::Municipality => td_string!(locale, labels.owner_municipality).to_string(),
        Owner::Joint => td_string!(locale, labels.owner_joint).to_string(),
    }
}

/// What one unit of a measure is called, in the plural; for `count`, what the admin named (`custom`).
pub fn unit(locale: Locale, measure: Measure, custom: Option<&str>) -> String {
    match measure {
        Measure::Count => custom.unwrap_or_default().to_owned(),
        Measure::TargetedOperation => {
            td_string!(locale, labels.unit_targeted_operation).to_string()
        }
        Measure::CollaborationMeeting => {
            td_string!(locale, labels.unit_collaboration_meeting).to_string()
        }
        Measure::OfficeHours => td_string!(locale, labels.unit_office_hours).to_string(),
        Measure::YouthsIdentified => td_string!(locale, labels.unit_youths_identified).to_string(),
        Measure::Unmeasured => String::new(),
    }
}

pub fn place_kind(locale: Locale, kind: PlaceKind) -> String {
    match kind {
        PlaceKind::Office => td_string!(locale, labels.kind_office).to_string(),
        PlaceKind::Centre => td_string!(locale, labels.kind_centre).to_string(),
    }
}

/// ISO 8601 weekday: 1 is Monday.
pub fn weekday(locale: Locale, weekday: u8) -> String {
    match weekday {
        1 => td_string!(locale, labels.weekday_1).to_string(),
        2 => td_string!(locale, labels.weekday_2).to_string(),
        3 => td_string!(locale, labels.weekday_3).to_string(),
        4 => td_string!(locale, labels.weekday_4).to_string(),
        5 => td_string!(locale, labels.weekday_5).to_string(),
        6 => td_string!(locale, labels.weekday_6).to_string(),
        _ => td_string!(locale, labels.weekday_7).to_string(),
    }
}

/// "3 av 15 riktade insatser" / "3 of 15 targeted operations": the figure and the progress bar's name.
pub fn of_target(
    locale: Locale,
    achieved: u32,
    target: u32,
    measure: Measure,
    custom: Option<&str>,
) -> String {
    format!(
        "{achieved} {} {target} {}",
        td_string!(locale, labels.of),
        unit(locale, measure, custom)
    )
}

/// A count as published: exact, or "fewer than 3" where small numbers could point someone out.
pub fn count(locale: Locale, count: PublicCount) -> String {
    match count {
        PublicCount::Exact(n) => n.to_string(),
        PublicCount::FewerThan(n) => format!("{} {n}", td_string!(locale, labels.fewer_than)),
    }
}

/// Puts values into a message from the locale files: `{name}` becomes the value named `name`. The
/// messages use single braces so that leptos_i18n keeps them as plain text, usable outside views.
/// One pass over the template: a value's own text is never read as a placeholder, so typed text that
/// holds `{title}` stays as typed.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            values
                .iter()
                .find(|(name, _)| *name == &after[..close])
                .map(|(_, value)| (value, close))
        });
        match named {
            Some((value, close)) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The labels of the admin's selects for the closed sets, in the visitor's language.
pub fn measure(locale: Locale, m: Measure) -> &'static str {
    match m {
        Measure::TargetedOperation => {
            td_string!(locale, agreement_admin.measure_targeted_operation)
        }
        Measure::CollaborationMeeting => {
            td_string!(locale, agreement_admin.measure_collaboration_meeting)
        }
        Measure::OfficeHours => td_string!(locale, agreement_admin.measure_office_hours),
        Measure::YouthsIdentified => td_string!(locale, agreement_admin.measure_youths_identified),
        Measure::Count => td_string!(locale, agreement_admin.measure_count),
        Measure::Unmeasured => td_string!(locale, agreement_admin.measure_unmeasured),
    }
}

pub fn cadence(locale: Locale, c: Cadence) -> &'static str {
    match c {
        Cadence::Period => td_string!(locale, agreement_admin.cadence_period),
        Cadence::CalendarYear => td_string!(locale, agreement_admin.cadence_calendar_year),
        Cadence::Month => td_string!(locale, agreement_admin.cadence_month),
        Cadence::Week => td_string!(locale, agreement_admin.cadence_week),
    }
}

/// "2 har nått målet, 1 i fas, 1 efter, 0 har inte börjat (av 4 aktiviteter med mål)".
pub fn glance(locale: Locale, g: Glance) -> String {
    if g.total() == 0 {
        return td_string!(locale, overview.no_targets).to_owned();
    }
    fill(
        td_string!(locale, overview.glance),
        &[
            ("achieved", &g.achieved),
            ("on_track", &g.on_track),
            ("behind", &g.behind),
            ("not_started", &g.not_started),
            ("total", &g.total()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filling_a_message_never_reads_a_value_as_a_placeholder() {
        assert_eq!(
            fill(
                "{title} gäller från {from}",
                &[("title", &"Löftet {from}"), ("from", &"1 jan.")]
            ),
            "Löftet {from} gäller från 1 jan."
        );
        assert_eq!(fill("{okänd} och {", &[("a", &1)]), "{okänd} och {");
        assert_eq!(fill("{a}{a}", &[("a", &7)]), "77");
    }

    #[test]
    fn words_follow_the_locale() {
        let d = NaiveDate::from_ymd_opt(2018, 4, 10).unwrap();
        assert_eq!(long_date(Locale::sv, d), "10 april 2018");
        assert_eq!(long_date(Locale::en, d), "10 April 2018");
        assert_eq!(short_date(Locale::en, d), "10 Apr");
        assert_eq!(pace(Locale::sv, Pace::Behind), "efter plan");
        assert_eq!(pace(Locale::en, Pace::Behind), "behind plan");
        assert_eq!(weekday(Locale::en, 2), "Tuesday");
        assert_eq!(count(Locale::sv, PublicCount::FewerThan(3)), "färre än 3");
        assert_eq!(count(Locale::en, PublicCount::FewerThan(3)), "fewer than 3");
        assert_eq!(count(Locale::en, PublicCount::Exact(17)), "17");
    }
}
