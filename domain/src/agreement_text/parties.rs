//! For which municipality and police area the agreement is, and the sections kept as text.

use super::layout::Layout;
use super::lines::{starts_upper, trim_punct};
use super::types::{Field, Proposed, Reason, Uncertain};

pub(super) fn section_text(
    paras: &Option<Vec<String>>,
    field: Field,
    notes: &mut Vec<Uncertain>,
) -> Proposed<String> {
    match paras {
        Some(p) if !p.is_empty() => Proposed::Found(p.join("\n\n")),
        Some(_) => {
            notes.push(Uncertain::on(field, Reason::SectionEmpty));
            Proposed::Missing
        }
        None => {
            notes.push(Uncertain::on(field, Reason::SectionMissing));
            Proposed::Missing
        }
    }
}

/// "<Name> kommun" in running text, e.g. "i Sävsjö kommun" → "Sävsjö kommun".
fn municipality_in(s: &str) -> Option<String> {
    const NOT_NAMES: [&str; 12] = [
        "I", "För", "Inom", "Med", "Och", "Av", "Att", "Det", "Den", "Vi", "På", "Polisen",
    ];
    let words: Vec<&str> = s.split_whitespace().map(trim_punct).collect();
    for (k, w) in words.iter().enumerate() {
        if !matches!(w.to_lowercase().as_str(), "kommun" | "kommuns") {
            continue;
        }
        let mut j = k;
        while j > 0
            && k - j < 3
            && starts_upper(words[j - 1])
            && !NOT_NAMES.contains(&words[j - 1])
            && !words[j - 1].to_lowercase().contains("medborgarlöfte")
        {
            j -= 1;
        }
        if j < k {
            return Some(format!("{} kommun", words[j..k].join(" ")));
        }
    }
    None
}

pub(super) fn find_municipality(
    layout: &Layout,
    organisations: &[&str],
    notes: &mut Vec<Uncertain>,
) -> Proposed<String> {
    let from_title = layout.title.as_deref().and_then(municipality_in);
    let from_orgs = organisations
        .iter()
        .find(|o| o.to_lowercase().ends_with(" kommun"))
        .map(|o| o.to_string());
    match (from_title, from_orgs) {
        (Some(t), Some(o)) if t != o => {
            notes.push(Uncertain::on(
                Field::Municipality,
                Reason::ConflictingValues,
            ));
            Proposed::Guessed(t)
        }
        (Some(m), _) | (None, Some(m)) => Proposed::Found(m),
        (None, None) => match layout.intro.iter().find_map(|p| municipality_in(p)) {
            Some(m) => {
                notes.push(Uncertain::on(Field::Municipality, Reason::InferredFromText));
                Proposed::Guessed(m)
            }
            None => {
                notes.push(Uncertain::on(Field::Municipality, Reason::NotFound));
                Proposed::Missing
            }
        },
    }
}

pub(super) fn find_police_area(
    lines: &[String],
    organisations: &[&str],
    notes: &mut Vec<Uncertain>,
) -> Proposed<String> {
    if let Some(o) = organisations.iter().find(|o| {
        let l = o.to_lowercase();
        l.starts_with("lokalpolisområde") || l.starts_with("polisområde")
    }) {
        return Proposed::Found(o.to_string());
    }
    if let Some(o) = organisations
        .iter()
        .find(|o| o.to_lowercase().contains("polis"))
    {
        notes.push(Uncertain::on(Field::PoliceArea, Reason::NotRecognised));
        return Proposed::Guessed(o.to_string());
    }
    // "Lokalpolisområde Högländet" somewhere in the text.
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().map(trim_punct).collect();
        for (k, w) in words.iter().enumerate() {
            let l = w.to_lowercase();
            if l == "lokalpolisområde" || l == "polisområde" {
                let name: Vec<&str> = words[k + 1..]
                    .iter()
                    .take(3)
                    .take_while(|w| starts_upper(w))
                    .copied()
                    .collect();
                if !name.is_empty() {
                    notes.push(Uncertain::on(Field::PoliceArea, Reason::InferredFromText));
                    // "lokalpolisområde Norrvik" in a sentence is "Lokalpolisområde Norrvik".
                    let mut kind = w.chars();
                    let kind: String = kind
                        .next()
                        .map(|c| c.to_uppercase().chain(kind).collect())
                        .unwrap_or_default();
                    return Proposed::Guessed(format!("{} {}", kind, name.join(" ")));
                }
            }
        }
    }
    notes.push(Uncertain::on(Field::PoliceArea, Reason::NotFound));
    Proposed::Missing
}
