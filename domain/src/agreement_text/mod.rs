//! Turns the published text of a Swedish *medborgarlöfte* (a short agreement
//! in which a municipality and its local police promise countable
//! activities) into a [`Draft`] that an admin reviews before it is saved.
//!
//! The reader (`layout`) finds the parts of an agreement by what they are
//! rather than by one layout: headings that announce promises ("Fokusområden",
//! "Vi vill uppnå", "Löfte 1: …", "Polisen och kommunen lovar gemensamt att
//! arbeta för:"), activities ("Aktiviteter", "Vad vi gör", "Det ska vi
//! åstadkomma genom följande aktiviteter:") or an owner's section ("Polisen
//! lovar att:", "Tillsammans lovar vi att:"); list items in any marker and
//! paragraphs under them; the signing line and the signatories in one, two or
//! three lines each. Owners come from an owner section or from the actor that
//! opens the sentence (`actors`); dates, numbers and frequencies from the
//! words (`dates`, `numbers`).
//!
//! Data inside, words at the edge: the parser returns values and
//! machine-readable uncertainty markers ([`Proposed`], [`Uncertain`]) and
//! never sentences for a UI. Anything the parser infers rather than reads is
//! [`Proposed::Guessed`] and usually has a note saying why, so nothing is
//! guessed silently. A text with neither promises nor activities still gives
//! a draft, with a note on [`Field::Input`].
//!
//! The parser never panics and does bounded work: inputs larger than
//! [`MAX_INPUT_BYTES`] are cut (with a note), and the only quadratic step
//! (matching activities to promises by shared words) is capped.

mod actors;
mod dates;
mod layout;
mod lines;
pub mod numbers;
mod parties;
mod promises;
mod signatures;
mod types;

pub use types::{
    ActivityDraft, Cadence, Draft, Field, Measure, Owner, PromiseDraft, Proposed, Reason,
    Signatory, Uncertain, MAX_INPUT_BYTES,
};

use chrono::Datelike;
use dates::{validity, years_in_title};
use layout::Layout;
use lines::clean_line;
use parties::{find_municipality, find_police_area, section_text};
use promises::assemble_promises;

/// Parses a published agreement text. Never panics; missing parts become
/// [`Proposed::Missing`] with a note.
pub fn parse(text: &str) -> Draft {
    let mut notes = Vec::new();
    let text = if text.len() > MAX_INPUT_BYTES {
        let mut end = MAX_INPUT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        notes.push(Uncertain::on(Field::Input, Reason::InputTruncated));
        &text[..end]
    } else {
        text
    };
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = normalised.split('\n').map(clean_line).collect();
    let mut signatory_notes = Vec::new();
    let layout = Layout::read(&lines, &mut signatory_notes);

    let title = match &layout.title {
        Some(t) if t.to_lowercase().contains("medborgarlöfte") => Proposed::Found(t.clone()),
        Some(t) => {
            notes.push(Uncertain::on(Field::Title, Reason::NotRecognised));
            Proposed::Guessed(t.clone())
        }
        None => {
            notes.push(Uncertain::on(Field::Title, Reason::NotFound));
            Proposed::Missing
        }
    };

    let (signed_place, signed_on) = match &layout.signing {
        Some((place, date)) => {
            if place.is_none() {
                notes.push(Uncertain::on(Field::SignedPlace, Reason::NotFound));
            }
            (
                Proposed::from_option(place.clone(), true),
                Proposed::Found(*date),
            )
        }
        None => {
            notes.push(Uncertain::on(Field::SignedPlace, Reason::NotFound));
            notes.push(Uncertain::on(Field::SignedOn, Reason::NotFound));
            (Proposed::Missing, Proposed::Missing)
        }
    };

    notes.append(&mut signatory_notes);
    let signatories = layout.signatories.clone();
    if signatories.is_empty() {
        notes.push(Uncertain::on(Field::Signatories, Reason::NotFound));
    }
    let organisations: Vec<&str> = signatories
        .iter()
        .filter_map(|s| s.organisation.as_deref())
        .collect();

    let municipality = find_municipality(&layout, &organisations, &mut notes);
    let police_area = find_police_area(&lines, &organisations, &mut notes);

    let background = section_text(&layout.background, Field::Background, &mut notes);
    let follow_up = section_text(&layout.follow_up, Field::FollowUp, &mut notes);

    let mut validity_text: Vec<&str> = layout.intro.iter().map(String::as_str).collect();
    for paras in [&layout.background, &layout.follow_up]
        .into_iter()
        .flatten()
    {
        validity_text.extend(paras.iter().map(String::as_str));
    }
    let (valid_from, valid_to) = validity(
        &validity_text,
        layout.title.as_deref(),
        &signed_on,
        &mut notes,
    );

    if layout.implicit_promises {
        notes.push(Uncertain::on(Field::Promises, Reason::HeadingMissing));
    }
    let promises = assemble_promises(&layout.groups, &layout.other_parties, &mut notes);
    if promises.is_empty() {
        notes.push(Uncertain::on(Field::Promises, Reason::NotFound));
    }
    // No activities, and no promises but list items without a heading: whatever else was found, the
    // text is not read as an agreement.
    let no_activities = promises.iter().all(|p| p.activities.is_empty());
    if no_activities && (promises.is_empty() || layout.implicit_promises) {
        notes.push(Uncertain::on(Field::Input, Reason::NotRecognised));
    }

    Draft {
        title,
        municipality,
        police_area,
        signed_place,
        signed_on,
        valid_from,
        valid_to,
        background,
        follow_up,
        signatories,
        promises,
        notes,
    }
}

/// A slug such as "savsjo-2018-2019": the municipality's name without
/// "kommun", then the years of the title (or of the validity period), in
/// lowercase ASCII with å/ä → a, ö → o and dashes between words.
pub fn slug_suggestion(draft: &Draft) -> Option<String> {
    let municipality = draft.municipality.value()?;
    let name = municipality.strip_suffix(" kommun").unwrap_or(municipality);
    let years = draft
        .title
        .value()
        .and_then(|t| years_in_title(t))
        .or_else(|| {
            let from = draft.valid_from.value()?.year();
            let to = draft.valid_to.value()?.year();
            Some((from, to))
        });
    let raw = match years {
        Some((a, b)) if a == b => format!("{name} {a}"),
        Some((a, b)) => format!("{name} {a}-{b}"),
        None => name.to_string(),
    };
    let mut slug = String::new();
    for c in raw.to_lowercase().chars() {
        let mapped = match c {
            'å' | 'ä' | 'á' | 'à' => Some('a'),
            'ö' | 'ø' | 'ó' => Some('o'),
            'é' | 'è' => Some('e'),
            'ü' => Some('u'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        };
        match mapped {
            Some(m) => slug.push(m),
            None if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            None => {}
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    (!slug.is_empty()).then_some(slug)
}
