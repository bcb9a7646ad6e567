//! schema.org JSON-LD for `/oppettider`, so that search engines and maps show the police office's hours.

use domain::office_hours::{Occurrence, PlaceKind, Slot};

const SCHEMA_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// schema.org JSON-LD for the page: each police office with its weekly `openingHoursSpecification`, and a
/// `specialOpeningHoursSpecification` per cancelled occurrence (closed that day) and per extra opening.
pub fn json_ld(slots: &[Slot], occurrences: &[Occurrence]) -> serde_json::Value {
    use serde_json::json;
    let hm = domain::calendar::hh_mm;
    let mut offices: Vec<&str> = slots
        .iter()
        .filter(|s| s.kind == PlaceKind::Office)
        .map(|s| s.place.as_str())
        .collect();
    offices.dedup();
    let stations: Vec<serde_json::Value> = offices
        .into_iter()
        .map(|place| {
            let weekly: Vec<_> = slots
                .iter()
                .filter(|s| s.kind == PlaceKind::Office && s.place == place)
                .map(|s| {
                    let mut spec = json!({
                        "@type": "OpeningHoursSpecification",
                        "dayOfWeek": format!("https://schema.org/{}", SCHEMA_DAYS[usize::from(s.weekday.clamp(1, 7) - 1)]),
                        "opens": hm(s.start),
                        "closes": hm(s.end),
                        "validFrom": s.valid_from.to_string(),
                    });
                    if let Some(to) = s.valid_to {
                        spec["validThrough"] = json!(to.to_string());
                    }
                    spec
                })
                .collect();
            let special: Vec<_> = occurrences
                .iter()
                .filter(|o| o.kind == PlaceKind::Office && o.place == place)
                .filter(|o| o.cancelled.is_some() || o.extra_id.is_some())
                .map(|o| {
                    let (opens, closes) = match o.cancelled {
                        // schema.org's way to say "closed": opens and closes at midnight.
                        Some(_) => ("00:00".to_owned(), "00:00".to_owned()),
                        None => (hm(o.start), hm(o.end)),
                    };
                    json!({
                        "@type": "OpeningHoursSpecification",
                        "validFrom": o.date.to_string(),
                        "validThrough": o.date.to_string(),
                        "opens": opens,
                        "closes": closes,
                    })
                })
                .collect();
            json!({
                "@context": "https://schema.org",
                "@type": "PoliceStation",
                "name": place,
                "openingHoursSpecification": weekly,
                "specialOpeningHoursSpecification": special,
            })
        })
        .collect();
    serde_json::Value::Array(stations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono::NaiveTime;
    use domain::office_hours::{occurrences, Cancellation};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn slot(id: i64, weekday: u8) -> Slot {
        Slot {
            id,
            place: "Poliskontoret, Sävsjö".into(),
            kind: PlaceKind::Office,
            weekday,
            start: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            valid_from: day(2026, 1, 1),
            valid_to: None,
            example: false,
            version: 1,
        }
    }

    #[test]
    fn json_ld_lists_weekly_hours_and_cancellations_per_office() {
        let office = slot(1, 2);
        let mut centre = slot(2, 5);
        centre.kind = PlaceKind::Centre;
        centre.place = "Centrala Sävsjö".into();
        let cancel = Cancellation {
            slot_id: 1,
            date: day(2026, 12, 8),
            reason: "Utbildning".into(),
        };
        let slots = [office, centre];
        let found = occurrences(
            &slots,
            &[cancel],
            &[],
            &[],
            day(2026, 12, 1),
            day(2026, 12, 14),
        );
        let ld = json_ld(&slots, &found);
        let stations = ld.as_array().unwrap();
        assert_eq!(stations.len(), 1, "the town centre is no police station");
        assert_eq!(stations[0]["@type"], "PoliceStation");
        assert_eq!(
            stations[0]["openingHoursSpecification"][0]["dayOfWeek"],
            "https://schema.org/Tuesday"
        );
        let special = stations[0]["specialOpeningHoursSpecification"]
            .as_array()
            .unwrap();
        assert_eq!(special.len(), 1);
        assert_eq!(special[0]["validFrom"], "2026-12-08");
        assert_eq!(
            (special[0]["opens"].as_str(), special[0]["closes"].as_str()),
            (Some("00:00"), Some("00:00"))
        );
    }
}
