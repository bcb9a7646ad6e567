//! The parser never panics and stays bounded on hostile or broken input.

use domain::agreement_text::*;
use std::time::{Duration, Instant};

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const PIECES: [&str; 24] = [
    "\n",
    "\r\n",
    "\r",
    " ",
    "- ",
    "• ",
    "* ",
    "**",
    "1. ",
    "Lägesbild",
    "Uppföljning",
    "Polisen och kommunen lovar gemensamt att arbeta för:",
    "aktiviteter:",
    "Löfte 1:",
    "2018-04-10",
    "den 31 februari 2024",
    "femton",
    "gånger per år",
    "kommun",
    "Å",
    "ö",
    "\u{feff}",
    "🚓",
    "2024–2025",
];

#[test]
fn empty_and_blank_input() {
    for text in ["", " ", "\n\n\n", "\r\n\r\n", "\u{feff}", "\t"] {
        let d = parse(text);
        assert!(d.title.is_missing());
        assert!(d.promises.is_empty());
        assert!(d
            .notes
            .iter()
            .any(|n| n.field == Field::Title && n.reason == Reason::NotFound));
        assert_eq!(slug_suggestion(&d), None);
    }
}

#[test]
fn random_garbage_does_not_panic() {
    let mut rng = Lcg(42);
    for _ in 0..300 {
        let len = (rng.next() % 80) as usize;
        let mut text = String::new();
        for _ in 0..len {
            if rng.next().is_multiple_of(3) {
                // Any Unicode scalar value.
                let c = char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('?');
                text.push(c);
            } else {
                text.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
            }
        }
        let d = parse(&text);
        let _ = slug_suggestion(&d);
        serde_json::to_string(&d).unwrap();
    }
}

#[test]
fn odd_values_do_not_panic() {
    for text in [
        "Medborgarlöfte\n\nLöftet gäller i 999999 år.\n\nX 9999-12-31",
        "Medborgarlöfte\n\nLöftet gäller från och med undertecknandet i tio år.\n\nX 2262-01-01",
        "Medborgarlöfte 2100–2105\n\n- a\n\naktiviteter:\n- Polisen ska genomföra 999999 gånger",
        "-\n•\n* \n**\n****\n# \nLöfte\nLöfte 1\nLöfte x:",
    ] {
        let _ = parse(text);
    }
}

#[test]
fn oversized_input_is_cut_and_noted() {
    let seed = include_str!("fixtures/medborgarlofte-savsjo-2018-2019.txt");
    let mut text = String::new();
    while text.len() <= MAX_INPUT_BYTES {
        text.push_str(seed);
        text.push_str("\nÅÄÖ");
    }
    let d = parse(&text);
    assert!(d
        .notes
        .iter()
        .any(|n| n.field == Field::Input && n.reason == Reason::InputTruncated));
    assert!(!parse(seed).notes.iter().any(|n| n.field == Field::Input));
}

/// ~100 KB of bullets in one list: the promise × activity matching is capped.
#[test]
fn large_lists_stay_bounded() {
    let mut text = String::from("Medborgarlöfte i Stor kommun 2024\n\nPolisen och kommunen lovar gemensamt att arbeta för:\n\n");
    for i in 0..2500 {
        text.push_str(&format!("- Löfte nummer {i} om trygghetsarbete\n"));
    }
    text.push_str("\nDet ska vi åstadkomma genom följande aktiviteter:\n\n");
    for i in 0..2500 {
        text.push_str(&format!(
            "- Polisen ska genomföra {} trygghetsvandringar\n",
            i % 20 + 2
        ));
    }
    assert!(text.len() > 90_000);
    let start = Instant::now();
    let d = parse(&text);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(d.promises.len(), 2500);
    let activities: usize = d.promises.iter().map(|p| p.activities.len()).sum();
    assert_eq!(activities, 2500);
}
