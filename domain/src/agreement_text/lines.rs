//! The shapes of single lines and words: markup, bullets, section headings, lead-in lines, tokens and
//! sentences. Knows nothing of where in the agreement a line stands.

use super::numbers::parse_number;

/// A titled part of the agreement that is not promises or activities.
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

/// "Polisen och kommunen lovar gemensamt att arbeta för:".
pub(super) fn is_promise_intro(line: &str) -> bool {
    let n = strip_markup(line).to_lowercase();
    bullet(line).is_none()
        && n.ends_with(':')
        && !n.contains("aktivitet")
        && (n.contains("lovar") || n.contains("löfte"))
}

/// "Det ska vi åstadkomma genom följande aktiviteter:".
pub(super) fn is_activity_intro(line: &str) -> bool {
    let n = strip_markup(line).to_lowercase();
    bullet(line).is_none()
        && n.ends_with(':')
        && (n.contains("aktivitet")
            || n.contains("åstadkomma")
            || n.starts_with("så här")
            || n.contains("detta gör vi")
            || n.contains("det här gör vi"))
}

/// "Löfte 1: Ökad trygghet i centrum", or (once promises have started) a line
/// that is wholly bold or a Markdown heading.
pub(super) fn promise_heading(line: &str, promises_started: bool) -> Option<String> {
    let plain = strip_markup(line);
    let mut parts = plain.splitn(3, char::is_whitespace);
    let first = parts.next().unwrap_or("").to_lowercase();
    if first == "löfte" || first == "medborgarlöfte" {
        if let Some(number) = parts.next() {
            let n = number.trim_end_matches([':', '.', ')']);
            if parse_number(n).is_some() {
                let rest = parts.next().unwrap_or("");
                let rest = rest.trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–')
                });
                return Some(rest.trim().to_string());
            }
        }
    }
    let bold = line.len() > 4 && line.starts_with("**") && line.ends_with("**");
    if promises_started && (bold || line.starts_with('#')) && !plain.is_empty() {
        return Some(plain);
    }
    None
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
