//! The Sävsjö 2018–2019 agreement as published, compared with the app's seed JSON.

use chrono::NaiveDate;
use domain::agreement_text::*;
use serde_json::Value;

const SEED: &str = include_str!("fixtures/medborgarlofte-savsjo-2018-2019.txt");
const SEED_JSON: &str = include_str!("fixtures/savsjo-2018-2019.json");

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn found<T: Clone>(p: &Proposed<T>) -> T {
    match p {
        Proposed::Found(v) => v.clone(),
        other => panic!(
            "expected a sure value, got {}",
            if other.is_missing() {
                "missing"
            } else {
                "a guess"
            }
        ),
    }
}

#[test]
fn seed_header_dates_and_sections() {
    let d = parse(SEED);
    assert_eq!(found(&d.title), "Medborgarlöfte i Sävsjö kommun 2018-2019");
    assert_eq!(found(&d.municipality), "Sävsjö kommun");
    assert_eq!(found(&d.police_area), "Lokalpolisområde Högländet");
    assert_eq!(found(&d.signed_place), "Sävsjö");
    assert_eq!(found(&d.signed_on), date("2018-04-10"));
    assert_eq!(found(&d.valid_from), date("2018-04-10"));
    assert_eq!(found(&d.valid_to), date("2020-04-09"));
    assert!(found(&d.background).starts_with("Vid medborgarundersökningen"));
    assert!(found(&d.background).contains("polisiär närvaro.\n\nErfarenheter"));
    assert!(
        !found(&d.background).contains("Samverkan mellan polis"),
        "the 'Vad är' section is ignored"
    );
    assert_eq!(slug_suggestion(&d).as_deref(), Some("savsjo-2018-2019"));
}

#[test]
fn seed_promises_and_activities() {
    let d = parse(SEED);
    assert_eq!(d.promises.len(), 2);
    assert_eq!(
        d.promises[0].text,
        "Öka den polisiära tillgängligheten och servicen."
    );
    assert!(!d.promises[1].text.contains("**"));
    let counts: Vec<usize> = d.promises.iter().map(|p| p.activities.len()).collect();
    assert_eq!(counts, [1, 3]);

    let all: Vec<&ActivityDraft> = d.promises.iter().flat_map(|p| &p.activities).collect();
    let expected = [
        (Owner::Police, Measure::OfficeHours, None, Cadence::Period),
        (
            Owner::Police,
            Measure::YouthsIdentified,
            None,
            Cadence::Period,
        ),
        (
            Owner::Police,
            Measure::TargetedOperation,
            Some(15),
            Cadence::Period,
        ),
        (
            Owner::Joint,
            Measure::CollaborationMeeting,
            Some(4),
            Cadence::CalendarYear,
        ),
    ];
    for (a, (owner, measure, target, cadence)) in all.iter().zip(expected) {
        assert_eq!(found(&a.owner), owner, "{}", a.text);
        assert_eq!(found(&a.measure), measure, "{}", a.text);
        assert_eq!(found(&a.target), target, "{}", a.text);
        assert_eq!(found(&a.cadence), cadence, "{}", a.text);
        assert_eq!(a.unit, None);
    }
    // The fourth activity shares no words with either promise: it follows the
    // third, and the draft says so.
    assert_eq!(
        d.notes,
        vec![Uncertain {
            field: Field::ActivityPromise,
            promise: Some(1),
            activity: Some(2),
            signatory: None,
            reason: Reason::NoKeywordOverlap,
        }]
    );
}

/// Every text, enum and date of the app's seed JSON equals the draft's.
#[test]
fn seed_matches_app_seed_json() {
    let d = parse(SEED);
    let json: Value = serde_json::from_str(SEED_JSON).unwrap();
    let s = |v: &Value| v.as_str().unwrap().to_string();
    assert_eq!(found(&d.title), s(&json["title"]));
    assert_eq!(found(&d.municipality), s(&json["municipality"]));
    assert_eq!(found(&d.police_area), s(&json["police_area"]));
    assert_eq!(found(&d.background), s(&json["background"]));
    assert_eq!(found(&d.follow_up), s(&json["follow_up"]));
    assert_eq!(found(&d.signed_on).to_string(), s(&json["signed_on"]));
    assert_eq!(found(&d.valid_from).to_string(), s(&json["period"]["from"]));
    assert_eq!(found(&d.valid_to).to_string(), s(&json["period"]["to"]));
    assert_eq!(slug_suggestion(&d), Some(s(&json["slug"])));

    let sigs = json["signatories"].as_array().unwrap();
    assert_eq!(d.signatories.len(), sigs.len());
    for (got, want) in d.signatories.iter().zip(sigs) {
        assert_eq!(got.name, s(&want["name"]));
        assert_eq!(got.title.as_deref(), want["title"].as_str());
        assert_eq!(got.organisation.as_deref(), want["organisation"].as_str());
    }

    let promises = json["promises"].as_array().unwrap();
    assert_eq!(d.promises.len(), promises.len());
    for (got, want) in d.promises.iter().zip(promises) {
        assert_eq!(got.text, s(&want["text"]));
        let acts = want["activities"].as_array().unwrap();
        assert_eq!(got.activities.len(), acts.len());
        for (a, w) in got.activities.iter().zip(acts) {
            assert_eq!(a.text, s(&w["text"]));
            let draft = serde_json::to_value(a).unwrap();
            for key in ["owner", "measure", "target", "cadence"] {
                assert_eq!(draft[key]["status"], "found", "{key} of {}", a.text);
                assert_eq!(draft[key]["value"], w[key], "{key} of {}", a.text);
            }
        }
    }
}

/// CRLF, leading whitespace, extra blank lines and a BOM change nothing.
#[test]
fn seed_with_messy_whitespace_parses_the_same() {
    let messy: String = std::iter::once("\u{feff}".to_string())
        .chain(SEED.lines().map(|l| {
            if l.is_empty() {
                "  \r\n\r\n".to_string()
            } else {
                format!("   {l}\t\r\n")
            }
        }))
        .collect();
    assert!(messy.contains("\r\n"));
    assert_eq!(parse(&messy), parse(SEED));
}

/// Every prefix of the seed parses without panicking, and a cut-off text
/// reports what it lacks instead of inventing it.
#[test]
fn seed_truncations_do_not_panic() {
    let mut cut_points: Vec<usize> = SEED.char_indices().map(|(i, _)| i).collect();
    cut_points.push(SEED.len());
    for end in cut_points {
        let d = parse(&SEED[..end]);
        if d.signed_on.is_missing() {
            assert!(d
                .notes
                .iter()
                .any(|n| n.field == Field::SignedOn && n.reason == Reason::NotFound));
        }
        // The suffix too: a text that starts in the middle.
        let _ = parse(&SEED[end..]);
    }
    let half = parse(&SEED[..SEED.find("Lägesbild\n").unwrap()]);
    assert!(half.signed_on.is_missing());
    assert!(half.background.is_missing());
    assert_eq!(half.promises.len(), 2);
    assert!(half
        .notes
        .iter()
        .any(|n| n.field == Field::Background && n.reason == Reason::SectionMissing));
}

#[test]
fn serde_spelling_and_round_trip() {
    let d = parse(SEED);
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["title"]["status"], "found");
    assert_eq!(v["signed_on"]["value"], "2018-04-10");
    let a = &v["promises"][1]["activities"];
    assert_eq!(a[0]["measure"]["value"], "youths_identified");
    assert_eq!(
        a[0]["target"],
        serde_json::json!({"status": "found", "value": null})
    );
    assert_eq!(a[1]["measure"]["value"], "targeted_operation");
    assert_eq!(a[2]["owner"]["value"], "joint");
    assert_eq!(a[2]["cadence"]["value"], "calendar_year");
    assert_eq!(v["notes"][0]["field"], "activity_promise");
    assert_eq!(v["notes"][0]["reason"], "no_keyword_overlap");
    assert!(
        v["notes"][0].get("signatory").is_none(),
        "absent indices are omitted"
    );
    let missing = serde_json::to_value(Proposed::<String>::Missing).unwrap();
    assert_eq!(missing, serde_json::json!({"status": "missing"}));
    let back: Draft = serde_json::from_value(v).unwrap();
    assert_eq!(back, d);
}
