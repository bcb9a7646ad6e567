//! Fictional agreements in the style of published ones, each exercising
//! layouts, phrasings and measures that the seed does not.

use chrono::NaiveDate;
use domain::agreement_text::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn has_note(
    d: &Draft,
    field: Field,
    promise: Option<usize>,
    activity: Option<usize>,
    reason: Reason,
) -> bool {
    d.notes.iter().any(|n| {
        n.field == field && n.promise == promise && n.activity == activity && n.reason == reason
    })
}

fn activity_notes(d: &Draft, p: usize, a: usize) -> Vec<(Field, Reason)> {
    d.notes
        .iter()
        .filter(|n| n.promise == Some(p) && n.activity == Some(a))
        .map(|n| (n.field, n.reason))
        .collect()
}

/// One activity list per promise (bold "•" bullets), a year range in the
/// validity sentence, "<Place> den 15 januari 2024", counts with units.
const LJUNGBY: &str = "Medborgarlöfte för Ljungby kommun 2024–2025

Ljungby kommun och Polisen har utifrån lägesbilden enats om två medborgarlöften. Medborgarlöftet gäller 2024–2025.

Polisen och kommunen lovar gemensamt att arbeta för:

• **Ökad trygghet i Ljungby centrum.**

Det ska vi åstadkomma genom följande aktiviteter:

• Polisen och kommunen ska genomföra minst tio trygghetsvandringar i centrum.
• Polisen ska vara synlig i centrum på fredagskvällar varje vecka.

• **Färre trafikolyckor vid skolorna.**

Det ska vi åstadkomma genom följande aktiviteter:

• Polisen ska genomföra trafikkontroller vid skolorna två gånger per år.
• Kommunen ska genomföra skolbesök varje månad om trafiksäkerhet.

Lägesbild

Invånarna upplever otrygghet i centrum på kvällstid. Under 2023 ökade antalet
trafikolyckor nära skolorna.

Uppföljning

Löftena följs upp varje kvartal i det lokala brottsförebyggande rådet.

Ljungby den 15 januari 2024

Anna Berg
Kommunstyrelsens ordförande
Ljungby kommun

Erik Lund
Lokalpolisområdeschef
Lokalpolisområde Ljungby
";

#[test]
fn ljungby_per_promise_lists_and_counts() {
    let d = parse(LJUNGBY);
    assert_eq!(d.municipality, Proposed::Found("Ljungby kommun".into()));
    assert_eq!(
        d.police_area,
        Proposed::Found("Lokalpolisområde Ljungby".into())
    );
    assert_eq!(d.signed_place, Proposed::Found("Ljungby".into()));
    assert_eq!(d.signed_on, Proposed::Found(date("2024-01-15")));
    assert_eq!(d.valid_from, Proposed::Found(date("2024-01-01")));
    assert_eq!(d.valid_to, Proposed::Found(date("2025-12-31")));
    assert_eq!(
        d.background.value().map(String::as_str),
        Some("Invånarna upplever otrygghet i centrum på kvällstid. Under 2023 ökade antalet trafikolyckor nära skolorna."),
        "hard-wrapped lines are joined with a space"
    );
    assert_eq!(slug_suggestion(&d).as_deref(), Some("ljungby-2024-2025"));

    let texts: Vec<&str> = d.promises.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Ökad trygghet i Ljungby centrum.",
            "Färre trafikolyckor vid skolorna."
        ]
    );
    assert_eq!(d.promises[0].activities.len(), 2);
    assert_eq!(d.promises[1].activities.len(), 2);
    assert!(
        !d.notes.iter().any(|n| n.field == Field::ActivityPromise),
        "per-promise lists are sure"
    );

    let walks = &d.promises[0].activities[0];
    assert_eq!(walks.owner, Proposed::Found(Owner::Joint));
    assert_eq!(walks.measure, Proposed::Found(Measure::Count));
    assert_eq!(walks.target, Proposed::Found(Some(10)));
    assert_eq!(walks.cadence, Proposed::Found(Cadence::Period));
    assert_eq!(walks.unit.as_deref(), Some("trygghetsvandringar"));
    assert_eq!(walks.unit_singular.as_deref(), Some("trygghetsvandring"));
    assert!(
        activity_notes(&d, 0, 0).is_empty(),
        "-ingar → -ing is a sure rule"
    );

    // Weekly presence: once a week, but nothing names what is counted.
    let fridays = &d.promises[0].activities[1];
    assert_eq!(fridays.owner, Proposed::Found(Owner::Police));
    assert_eq!(fridays.cadence, Proposed::Found(Cadence::Week));
    assert_eq!(fridays.target, Proposed::Found(Some(1)));
    assert_eq!(fridays.measure, Proposed::Guessed(Measure::Count));
    assert_eq!(fridays.unit, None);
    assert_eq!(
        activity_notes(&d, 0, 1),
        [(Field::Unit, Reason::UnitMissing)]
    );

    let checks = &d.promises[1].activities[0];
    assert_eq!(checks.target, Proposed::Found(Some(2)));
    assert_eq!(checks.cadence, Proposed::Found(Cadence::CalendarYear));
    assert_eq!(checks.unit.as_deref(), Some("trafikkontroller"));
    assert_eq!(checks.unit_singular.as_deref(), Some("trafikkontroll"));
    assert_eq!(
        activity_notes(&d, 1, 0),
        [(Field::UnitSingular, Reason::SingularGuessed)]
    );

    let visits = &d.promises[1].activities[1];
    assert_eq!(visits.owner, Proposed::Found(Owner::Municipality));
    assert_eq!(visits.cadence, Proposed::Found(Cadence::Month));
    assert_eq!(visits.target, Proposed::Found(Some(1)));
    assert_eq!(visits.unit.as_deref(), Some("skolbesök"));
    assert_eq!(visits.unit_singular.as_deref(), Some("skolbesök"));
}

/// "under 2025", "*" bullets, an ISO signing line, and a "Vad är" section
/// whose own validity sentence must be ignored.
const ASNEBO: &str = "Medborgarlöfte i Åsnebo kommun 2025

Åsnebo kommun och Polisen vill tillsammans skapa ett tryggare Åsnebo. Löftet gäller under 2025.

Polisen och kommunen lovar gemensamt att arbeta för:

* **Fler vuxna som engagerar sig i ungdomars trygghet.**

Det ska vi åstadkomma genom följande aktiviteter:

* Kommunen ska under året anordna två informationskvällar för föräldrar om droger.
* Polisen och kommunen ska hålla minst sex föräldramöten under perioden.
* Polisen ska medverka på skolornas föräldramöten när de bjuder in.

Vad är ett medborgarlöfte?

Medborgarlöften är en del av polisens styrmodell. Ett löfte gäller oftast 2030.

Lägesbild

Många föräldrar vet för lite om ungdomars drogvanor.

Uppföljning

Löftet följs upp i kommunens trygghetsråd två gånger per år.

Åsnebo 2025-02-03

Karin Ek
Kommunchef
Åsnebo kommun

Johan Falk
Lokalpolisområdeschef
Lokalpolisområde Åsnebo
";

#[test]
fn asnebo_under_a_year_and_parent_evenings() {
    let d = parse(ASNEBO);
    assert_eq!(
        d.title,
        Proposed::Found("Medborgarlöfte i Åsnebo kommun 2025".into())
    );
    assert_eq!(d.valid_from, Proposed::Found(date("2025-01-01")));
    assert_eq!(d.valid_to, Proposed::Found(date("2025-12-31")));
    assert_eq!(d.signed_on, Proposed::Found(date("2025-02-03")));
    assert_eq!(slug_suggestion(&d).as_deref(), Some("asnebo-2025"));
    assert_eq!(d.promises.len(), 1);
    let acts = &d.promises[0].activities;
    assert_eq!(acts.len(), 3);

    assert_eq!(acts[0].owner, Proposed::Found(Owner::Municipality));
    assert_eq!(acts[0].measure, Proposed::Found(Measure::Count));
    assert_eq!(acts[0].target, Proposed::Found(Some(2)));
    assert_eq!(acts[0].cadence, Proposed::Found(Cadence::CalendarYear));
    assert_eq!(acts[0].unit.as_deref(), Some("informationskvällar"));
    assert_eq!(acts[0].unit_singular.as_deref(), Some("informationskväll"));
    assert!(has_note(
        &d,
        Field::UnitSingular,
        Some(0),
        Some(0),
        Reason::SingularGuessed
    ));

    assert_eq!(acts[1].owner, Proposed::Found(Owner::Joint));
    assert_eq!(acts[1].target, Proposed::Found(Some(6)));
    assert_eq!(acts[1].cadence, Proposed::Found(Cadence::Period));
    assert_eq!(acts[1].unit.as_deref(), Some("föräldramöten"));
    assert_eq!(acts[1].unit_singular.as_deref(), Some("föräldramöte"));

    // No number and no known measure: nothing to count.
    assert_eq!(acts[2].measure, Proposed::Found(Measure::Unmeasured));
    assert_eq!(acts[2].target, Proposed::Found(None));
    assert_eq!(acts[2].unit, None);
}

/// "Löfte N:" headings each followed by their activities; CRLF and indented
/// lines; "gäller i två år" without a start date; no Uppföljning section.
const ODEBY: &str = "   Medborgarlöfte i Ödeby kommun 2023-2025\r\n\r\n\r\n  Ödeby kommun och Polisen har tecknat detta medborgarlöfte. Löftet gäller i två år.\r\n\r\nLöfte 1: Minska langningen av alkohol till unga.\r\n  - Polisen ska genomföra minst åtta riktade insatser mot langning.\r\n  - Kommunen ska utbilda personal i butiker\r\n    som säljer folköl.\r\n\r\n\r\nLöfte 2: Ökad trygghet i bostadsområdet Norrby.\r\n- Polisen och kommunen ska genomföra trygghetsvandringar i Norrby en gång i månaden.\r\n\r\nLägesbild\r\n\r\nLangning av alkohol till unga är vanligt i Ödeby.\r\n\r\nÖdeby 2023-09-01\r\n\r\nMaria Sand\r\nKommunstyrelsens ordförande\r\nÖdeby kommun\r\n\r\nOla Ström\r\nLokalpolisområdeschef\r\nLokalpolisområde Östra Småland\r\n";

#[test]
fn odeby_promise_headings_and_duration_from_signing() {
    let d = parse(ODEBY);
    assert_eq!(
        d.title,
        Proposed::Found("Medborgarlöfte i Ödeby kommun 2023-2025".into())
    );
    assert_eq!(
        d.police_area,
        Proposed::Found("Lokalpolisområde Östra Småland".into())
    );
    // Two years from the signing date, which the text implies but does not say.
    assert_eq!(d.valid_from, Proposed::Guessed(date("2023-09-01")));
    assert_eq!(d.valid_to, Proposed::Guessed(date("2025-08-31")));
    assert!(has_note(
        &d,
        Field::ValidFrom,
        None,
        None,
        Reason::DefaultedToSigningDate
    ));
    assert!(has_note(
        &d,
        Field::ValidTo,
        None,
        None,
        Reason::DependsOnGuess
    ));
    assert!(d.follow_up.is_missing());
    assert!(has_note(
        &d,
        Field::FollowUp,
        None,
        None,
        Reason::SectionMissing
    ));
    assert_eq!(slug_suggestion(&d).as_deref(), Some("odeby-2023-2025"));

    let texts: Vec<&str> = d.promises.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Minska langningen av alkohol till unga.",
            "Ökad trygghet i bostadsområdet Norrby."
        ]
    );
    let first = &d.promises[0].activities;
    assert_eq!(first.len(), 2);
    assert_eq!(
        first[0].measure,
        Proposed::Found(Measure::TargetedOperation)
    );
    assert_eq!(first[0].target, Proposed::Found(Some(8)));
    assert_eq!(
        first[1].text, "Kommunen ska utbilda personal i butiker som säljer folköl.",
        "wrapped bullet joined"
    );
    assert_eq!(first[1].owner, Proposed::Found(Owner::Municipality));
    assert_eq!(first[1].measure, Proposed::Found(Measure::Unmeasured));

    let walks = &d.promises[1].activities;
    assert_eq!(walks.len(), 1);
    assert_eq!(walks[0].cadence, Proposed::Found(Cadence::Month));
    assert_eq!(walks[0].target, Proposed::Found(Some(1)));
    assert_eq!(walks[0].unit.as_deref(), Some("trygghetsvandringar"));
    assert!(!d.notes.iter().any(|n| n.field == Field::ActivityPromise));
}

/// Explicit start and end dates, a day-month signing date, a title without
/// years, and a collaboration meeting every month.
const VASTERFORS: &str = "Medborgarlöfte i Västerfors kommun

Västerfors kommun och Polisen har kommit överens om ett medborgarlöfte. Medborgarlöftet gäller från och med 2024-03-01 till och med 31 december 2026.

Polisen och kommunen lovar gemensamt att arbeta för:

- Minskad brottslighet i Västerfors centrum.

Det ska vi åstadkomma genom följande aktiviteter:

- Polisen ska genomföra 12 riktade insatser i centrum per år.
- Kommunen och polisen ska hålla samverkansmöten varje månad.

Uppföljning

Löftet följs upp vid varje samverkansmöte.

Västerfors den 20 februari 2024

Lena Åberg
Kommunchef
Västerfors kommun

Nils Öst
Lokalpolisområdeschef
Lokalpolisområde Västerfors
";

#[test]
fn vasterfors_explicit_dates() {
    let d = parse(VASTERFORS);
    assert_eq!(d.signed_place, Proposed::Found("Västerfors".into()));
    assert_eq!(d.signed_on, Proposed::Found(date("2024-02-20")));
    assert_eq!(d.valid_from, Proposed::Found(date("2024-03-01")));
    assert_eq!(d.valid_to, Proposed::Found(date("2026-12-31")));
    assert!(d.background.is_missing());
    assert!(has_note(
        &d,
        Field::Background,
        None,
        None,
        Reason::SectionMissing
    ));
    assert_eq!(
        slug_suggestion(&d).as_deref(),
        Some("vasterfors-2024-2026"),
        "years from the validity"
    );
    let acts = &d.promises[0].activities;
    assert_eq!(acts[0].measure, Proposed::Found(Measure::TargetedOperation));
    assert_eq!(acts[0].target, Proposed::Found(Some(12)));
    assert_eq!(acts[0].cadence, Proposed::Found(Cadence::CalendarYear));
    assert_eq!(acts[1].owner, Proposed::Found(Owner::Joint));
    assert_eq!(
        acts[1].measure,
        Proposed::Found(Measure::CollaborationMeeting)
    );
    assert_eq!(acts[1].target, Proposed::Found(Some(1)));
    assert_eq!(acts[1].cadence, Proposed::Found(Cadence::Month));
}

#[test]
fn abbreviated_validity_phrases() {
    let text = VASTERFORS.replace(
        "Medborgarlöftet gäller från och med 2024-03-01 till och med 31 december 2026.",
        "Löftet gäller fr.o.m. undertecknandet t.o.m. 2026-06-30.",
    );
    let d = parse(&text);
    assert_eq!(d.valid_from, Proposed::Found(date("2024-02-20")));
    assert_eq!(d.valid_to, Proposed::Found(date("2026-06-30")));

    let text = VASTERFORS.replace(
        "Medborgarlöftet gäller från och med 2024-03-01 till och med 31 december 2026.",
        "Medborgarlöftet gäller 2025 – 2026.",
    );
    let d = parse(&text);
    assert_eq!(d.valid_from, Proposed::Found(date("2025-01-01")));
    assert_eq!(d.valid_to, Proposed::Found(date("2026-12-31")));

    let text = VASTERFORS.replace(
        "Medborgarlöftet gäller från och med 2024-03-01 till och med 31 december 2026.",
        "Medborgarlöftet gäller från och med den 1 april 2024 i 18 månader.",
    );
    let d = parse(&text);
    assert_eq!(d.valid_from, Proposed::Found(date("2024-04-01")));
    assert_eq!(d.valid_to, Proposed::Found(date("2025-09-30")));
}

/// Everything a reviewer must look at: no lead-in before the promises, a
/// title without "kommun", no validity sentence, an activity matching both
/// promises, one matching neither, an unknown owner, conflicting cadences,
/// an incomplete signature block and a police organisation of unusual shape.
const BERGVIK: &str = "Medborgarlöfte Bergvik 2024–2025

Bergvik kommun och Polisen har enats om två löften för Bergvik.

- Minskad narkotikaförsäljning i centrum.
- Ökad trygghet i centrum för unga.

Det ska vi åstadkomma genom följande aktiviteter:

- Polisen ska genomföra minst sex narkotikakontroller.
- Polisen ska vara närvarande i centrum på kvällstid.
- Fältgruppen ska träffa unga varje vecka och två gånger per år ordna dialogmöten.

Bergvik 2024-02-01

Sara Holm
Kommunchef

Per Nyman
Polischef
Polisregion Syd
";

#[test]
fn bergvik_marks_what_it_is_unsure_of() {
    let d = parse(BERGVIK);
    assert!(has_note(
        &d,
        Field::Promises,
        None,
        None,
        Reason::HeadingMissing
    ));
    assert_eq!(d.municipality, Proposed::Guessed("Bergvik kommun".into()));
    assert!(has_note(
        &d,
        Field::Municipality,
        None,
        None,
        Reason::InferredFromText
    ));
    assert_eq!(d.police_area, Proposed::Guessed("Polisregion Syd".into()));
    assert_eq!(d.valid_from, Proposed::Guessed(date("2024-01-01")));
    assert_eq!(d.valid_to, Proposed::Guessed(date("2025-12-31")));
    assert!(has_note(
        &d,
        Field::ValidFrom,
        None,
        None,
        Reason::InferredFromTitle
    ));
    assert!(has_note(
        &d,
        Field::ValidTo,
        None,
        None,
        Reason::InferredFromTitle
    ));
    assert_eq!(d.signatories.len(), 2);
    assert_eq!(d.signatories[0].organisation, None);
    assert!(d.notes.iter().any(|n| n.field == Field::Signatories
        && n.signatory == Some(0)
        && n.reason == Reason::Incomplete));

    assert_eq!(d.promises.len(), 2);
    let first = &d.promises[0].activities;
    assert_eq!(
        first.len(),
        3,
        "ambiguous activities follow the previous one"
    );
    assert!(d.promises[1].activities.is_empty());
    assert_eq!(first[0].unit.as_deref(), Some("narkotikakontroller"));
    assert!(!has_note(
        &d,
        Field::ActivityPromise,
        Some(0),
        Some(0),
        Reason::AmbiguousKeywords
    ));
    assert!(has_note(
        &d,
        Field::ActivityPromise,
        Some(0),
        Some(1),
        Reason::AmbiguousKeywords
    ));
    assert!(has_note(
        &d,
        Field::ActivityPromise,
        Some(0),
        Some(2),
        Reason::NoKeywordOverlap
    ));

    let field_group = &first[2];
    assert_eq!(field_group.owner, Proposed::Missing);
    assert!(has_note(
        &d,
        Field::Owner,
        Some(0),
        Some(2),
        Reason::OwnerNotStated
    ));
    assert_eq!(field_group.cadence, Proposed::Guessed(Cadence::Week));
    assert!(has_note(
        &d,
        Field::Cadence,
        Some(0),
        Some(2),
        Reason::ConflictingValues
    ));
    assert_eq!(field_group.target, Proposed::Found(Some(2)));
    assert_eq!(field_group.unit.as_deref(), Some("dialogmöten"));
}

/// Lägesbild before the promises, a numbered list, and a title and
/// organisations that disagree on the municipality.
#[test]
fn lagesbild_first_numbered_list_and_conflicting_municipality() {
    let text = "Medborgarlöfte i Norrvik kommun 2026

Lägesbild

Skadegörelse vid skolor har ökat.

Polisen och kommunen lovar gemensamt att arbeta för:

1. Mindre skadegörelse vid skolorna.

Det ska vi åstadkomma genom följande aktiviteter:

1. Kommunen ska genomföra fyra trygghetsvandringar vid skolorna årligen.

Norrvik 2026-01-10

Eva Lind
Kommunchef
Söderby kommun
";
    let d = parse(text);
    assert_eq!(
        d.background,
        Proposed::Found("Skadegörelse vid skolor har ökat.".into())
    );
    assert_eq!(d.promises.len(), 1);
    assert_eq!(d.promises[0].text, "Mindre skadegörelse vid skolorna.");
    let a = &d.promises[0].activities[0];
    assert_eq!(a.target, Proposed::Found(Some(4)));
    assert_eq!(a.cadence, Proposed::Found(Cadence::CalendarYear));
    assert_eq!(d.municipality, Proposed::Guessed("Norrvik kommun".into()));
    assert!(has_note(
        &d,
        Field::Municipality,
        None,
        None,
        Reason::ConflictingValues
    ));
    assert!(d.police_area.is_missing());
    // A single year in the title is a guess for the whole year.
    assert_eq!(d.valid_from, Proposed::Guessed(date("2026-01-01")));
    assert_eq!(d.valid_to, Proposed::Guessed(date("2026-12-31")));
}
