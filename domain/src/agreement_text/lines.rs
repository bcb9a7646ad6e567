//! The shapes of single lines and words: markup, bullets, section headings, lead-in lines, tokens and
//! sentences. Knows nothing of where in the agreement a line stands.

use super::numbers::parse_number;

/// A titled part of the agreement that is not promises or activities. `About` parts (what a
/// medborgarlöfte is, contacts, a signatures heading) are skipped.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    About,
    Background,
    FollowUp,
}

pub(super) fn clean_line(l: &str) -> String {
    l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
        .to_string()
}

/// Removes Markdown emphasis and heading marks that some published copies carry.
pub(super) fn strip_markup(s: &str) -> String {
    s.trim_start_matches('#')
        .replace("**", "")
        .trim()
        .to_string()
}

/// The text after a bullet ("- ", "• ", "* ", "– ", "1. ", "1) ") and
/// whether it is wholly bold.
pub(super) fn bullet(line: &str) -> Option<(&str, bool)> {
    let mut rest = None;
    for marker in ["- ", "• ", "* ", "– ", "· ", "▪ ", "◦ "] {
        if let Some(r) = line.strip_prefix(marker) {
            rest = Some(r);
            break;
        }
    }
    if rest.is_none() {
        for marker in ['•', '▪', '◦'] {
            if let Some(r) = line.strip_prefix(marker) {
                rest = Some(r);
                break;
            }
        }
    }
    if rest.is_none() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&digits) {
            let r = &line[digits..];
            rest = r.strip_prefix(". ").or_else(|| r.strip_prefix(") "));
        }
    }
    let r = rest?.trim();
    if r.is_empty() {
        return None;
    }
    let bold = r.len() > 4 && r.starts_with("**") && r.ends_with("**");
    Some((r, bold))
}

pub(super) fn section_heading(line: &str) -> Option<Section> {
    if bullet(line).is_some() {
        return None;
    }
    let lower = strip_markup(line).to_lowercase();
    let norm = lower.trim_end_matches([':', '?']).trim();
    if norm.is_empty() || norm.split_whitespace().count() > 6 || norm.ends_with('.') {
        return None;
    }
    if (norm.starts_with("vad är") && norm.contains("medborgarlöfte"))
        || norm == "om medborgarlöften"
        || norm.starts_with("vad innebär")
        || matches!(
            norm,
            "underskrifter" | "undertecknande" | "kontakt" | "kontaktuppgifter"
        )
    {
        Some(Section::About)
    } else if norm.starts_with("lägesbild") || norm == "lokal lägesbild" || norm == "bakgrund" {
        Some(Section::Background)
    } else if norm.starts_with("uppföljning") {
        Some(Section::FollowUp)
    } else {
        None
    }
}

/// What a lead-in line or heading says follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lead {
    /// Promises: "Polisen och kommunen lovar gemensamt att arbeta för:", "Fokusområden", "Vi vill uppnå".
    Promises { named: bool },
    /// Activities: "Det ska vi åstadkomma genom följande aktiviteter:", "Aktiviteter", "Vad vi gör".
    Activities { named: bool },
}

/// Headings that name the promises by what they are; with `named`, lines under them are promises even
/// when they are not bullets.
const PROMISE_HEADINGS: [&str; 17] = [
    "fokusområden",
    "fokusområde",
    "våra fokusområden",
    "prioriterade områden",
    "vi vill uppnå",
    "vad vi vill uppnå",
    "det vill vi uppnå",
    "detta vill vi uppnå",
    "det här vill vi uppnå",
    "vad vill vi uppnå",
    "vårt löfte",
    "våra löften",
    "vårt medborgarlöfte",
    "våra medborgarlöften",
    "våra mål",
    "mål",
    "målsättning",
];

const ACTIVITY_HEADINGS: [&str; 16] = [
    "aktiviteter",
    "våra aktiviteter",
    "gemensamma aktiviteter",
    "vad vi gör",
    "vad gör vi",
    "det här gör vi",
    "detta gör vi",
    "så här gör vi",
    "så gör vi",
    "hur vi gör",
    "vad ska vi göra",
    "det här ska vi göra",
    "detta ska vi göra",
    "så här ska vi arbeta",
    "åtgärder",
    "insatser",
];

/// The line as a heading: markup, a trailing colon and case removed; `None` when it is a bullet or too
/// long or sentence-like to be a heading.
fn heading_words(line: &str) -> Option<String> {
    if bullet(line).is_some() {
        return None;
    }
    let lower = strip_markup(line).to_lowercase();
    let norm = lower.trim_end_matches([':', '?']).trim();
    (!norm.is_empty() && norm.split_whitespace().count() <= 8 && !norm.ends_with('.'))
        .then(|| norm.to_string())
}

/// What a lead-in line or heading announces, if it is one.
pub(super) fn lead_in(line: &str) -> Option<Lead> {
    if let Some(norm) = heading_words(line) {
        if ACTIVITY_HEADINGS.contains(&norm.as_str()) {
            return Some(Lead::Activities { named: true });
        }
        if PROMISE_HEADINGS.contains(&norm.as_str()) {
            return Some(Lead::Promises { named: true });
        }
    }
    let n = strip_markup(line).to_lowercase();
    if bullet(line).is_some() || !n.ends_with(':') {
        return None;
    }
    if n.contains("aktivitet")
        || n.contains("åstadkomma")
        || n.starts_with("så här")
        || n.contains("detta gör vi")
        || n.contains("det här gör vi")
    {
        Some(Lead::Activities { named: false })
    } else if n.contains("lovar") || n.contains("löfte") {
        Some(Lead::Promises { named: false })
    } else {
        None
    }
}

/// Words that, numbered, head one promise: "Löfte 1: …", "Fokusområde 2 – …".
const PROMISE_WORDS: [&str; 6] = [
    "löfte",
    "medborgarlöfte",
    "fokusområde",
    "fokus",
    "område",
    "mål",
];

/// "Löfte 1: Ökad trygghet i centrum", "Fokusområde 2 – Tryggare skolvägar", "Fokusområde: Färre
/// inbrott", or (once promises have started) a line that is wholly bold or a Markdown heading.
pub(super) fn promise_heading(line: &str, promises_started: bool) -> Option<String> {
    let plain = strip_markup(line);
    let mut parts = plain.splitn(2, char::is_whitespace);
    let first = parts.next().unwrap_or("");
    let word = first.trim_end_matches([':', '.']).to_lowercase();
    if PROMISE_WORDS.contains(&word.as_str()) {
        let rest = parts.next().unwrap_or("").trim_start();
        // "Fokusområde: …" has its colon on the word; "Löfte 1: …" on the number.
        let after_number = if first.ends_with(':') {
            Some(rest)
        } else {
            let (number, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let n = number.trim_end_matches([':', '.', ')']);
            let separated = number.len() > n.len()
                || tail.starts_with(['-', '–', ':'])
                || tail.starts_with(char::is_uppercase)
                || (tail.is_empty() && word.ends_with("löfte"));
            (parse_number(n).is_some() && separated).then_some(tail)
        };
        if let Some(tail) = after_number {
            let text = tail.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–')
            });
            if !text.is_empty() || word.ends_with("löfte") {
                return Some(text.trim().to_string());
            }
        }
    }
    let bold = line.len() > 4 && line.starts_with("**") && line.ends_with("**");
    if promises_started && (bold || line.starts_with('#')) && !plain.is_empty() {
        return Some(plain);
    }
    None
}

/// Whether a line ends a sentence (or a lead-in): the next line, if it starts with a capital, starts
/// something new.
pub(super) fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(['*', '"', '”', '»', ')', ' '])
        .ends_with(['.', '!', '?', ':'])
}

/// Tokens of a lowercase sentence with punctuation trimmed from their ends.
pub(super) fn tokens(s: &str) -> Vec<&str> {
    s.split_whitespace()
        .map(trim_punct)
        .filter(|t| !t.is_empty())
        .collect()
}

pub(super) fn trim_punct(t: &str) -> &str {
    t.trim_matches(|c: char| {
        matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '('
                | ')'
                | '"'
                | '\''
                | '»'
                | '«'
                | '”'
                | '“'
                | '*'
        )
    })
}

/// Sentences of a paragraph: split after '.', '!' or '?' followed by a space
/// and a capital letter, so "t.o.m. 2026-12-31" stays whole.
pub(super) fn sentences(p: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 0..chars.len() {
        if matches!(chars[k].1, '.' | '!' | '?')
            && k + 2 < chars.len()
            && chars[k + 1].1.is_whitespace()
            && chars[k + 2].1.is_uppercase()
        {
            let end = chars[k + 1].0;
            out.push(&p[start..end]);
            start = end;
        }
    }
    out.push(&p[start..]);
    out
}

pub(super) fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}
