//! Dates: single dates, the signing line, the years of a title, and the validity period from the
//! sentences that state it.

use super::lines::{sentences, strip_markup, tokens, trim_punct};
use super::numbers::parse_number;
use super::types::{Field, Proposed, Reason, Uncertain};
use chrono::{Months, NaiveDate};

const MONTHS: [(&str, u32); 24] = [
    ("januari", 1),
    ("jan", 1),
    ("februari", 2),
    ("feb", 2),
    ("mars", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("maj", 5),
    ("juni", 6),
    ("jun", 6),
    ("juli", 7),
    ("jul", 7),
    ("augusti", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("oktober", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("sept", 9),
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == w).map(|&(_, n)| n)
}

/// "2018-04-10".
fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits_ok = b
        .iter()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !digits_ok {
        return None;
    }
    NaiveDate::from_ymd_opt(
        s[0..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..10].parse().ok()?,
    )
}

pub(super) fn four_digit_year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// "10 april 2018", "1:a mars 2024", "3:e maj 2024".
fn day_month_year(day: &str, month: &str, year: &str) -> Option<NaiveDate> {
    let d = day
        .trim_end_matches(":e")
        .trim_end_matches(":a")
        .trim_end_matches('.');
    if d.is_empty() || d.len() > 2 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        four_digit_year(year)?,
        month_number(month)?,
        d.parse().ok()?,
    )
}

/// Words that are exactly one date, e.g. ["2018-04-10"] or ["10", "april", "2018"].
fn full_date(words: &[&str]) -> Option<NaiveDate> {
    match words {
        [one] => iso_date(one.trim_end_matches('.')),
        [d, m, y] => day_month_year(d, m, y.trim_end_matches('.')),
        _ => None,
    }
}

/// "Sävsjö 2018-04-10", "Sävsjö den 10 april 2018", "Sävsjö, 2018-04-10" or
/// a date alone. Returns the place (if any) and the date.
pub(super) fn parse_signing_line(line: &str) -> Option<(Option<String>, NaiveDate)> {
    let plain = strip_markup(line);
    if plain.chars().count() > 80 || !plain.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if plain.to_lowercase().contains("medborgarlöfte") {
        return None;
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    for k in 0..words.len() {
        let Some(date) = full_date(&words[k..]) else {
            continue;
        };
        let mut place_words = words[..k].to_vec();
        if place_words
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("den"))
        {
            place_words.pop();
        }
        let place = place_words.join(" ");
        let place = place.trim_end_matches(',').trim();
        if place.is_empty() {
            return Some((None, date));
        }
        let shape_ok = place.split_whitespace().count() <= 4
            && place.chars().next().is_some_and(char::is_uppercase)
            && place
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-');
        return shape_ok.then(|| (Some(place.to_string()), date));
    }
    None
}

/// "2024–2025", "2024-2025", "2024/2025" as one token.
fn year_range_token(t: &str) -> Option<(i32, i32)> {
    let (a, b) = t.split_once(['-', '–', '—', '/'])?;
    let (a, b) = (four_digit_year(a)?, four_digit_year(b)?);
    (a <= b && b - a <= 5).then_some((a, b))
}

/// The years a title names: a range, or a single year as (y, y).
pub(super) fn years_in_title(title: &str) -> Option<(i32, i32)> {
    let lower = title.to_lowercase();
    let toks = tokens(&lower);
    for w in toks.windows(3) {
        if let (Some(a), true, Some(b)) = (
            four_digit_year(w[0]),
            matches!(w[1], "-" | "–" | "—" | "till"),
            four_digit_year(w[2]),
        ) {
            if a <= b && b - a <= 5 {
                return Some((a, b));
            }
        }
    }
    if let Some(r) = toks.iter().find_map(|t| year_range_token(t)) {
        return Some(r);
    }
    toks.iter().find_map(|t| four_digit_year(t)).map(|y| (y, y))
}

/// What the validity sentences say, before combining with the signing date.
#[derive(Default)]
struct ValidityFacts {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    from_signing: bool,
    months: Option<u32>,
    years: Option<(i32, i32)>,
}

/// Dashes of ranges as words of their own: "2024-09-01--2026-08-31" and "2024-04-01–2025-03-31" become
/// "2024-09-01 -- 2026-08-31" and "2024-04-01 – 2025-03-31"; "2024-09-01-2026-08-31" is cut after its
/// first date.
fn spaced_ranges(s: &str) -> String {
    let spaced = s
        .replace("--", " -- ")
        .replace('–', " – ")
        .replace('—', " — ");
    let mut out = String::with_capacity(spaced.len());
    for word in spaced.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let cut = word.len() >= 21
            && word.is_char_boundary(10)
            && word.is_char_boundary(11)
            && word.as_bytes()[10] == b'-'
            && iso_date(&word[..10]).is_some()
            && iso_date(trim_punct(&word[11..])).is_some();
        if cut {
            out.push_str(&word[..10]);
            out.push_str(" - ");
            out.push_str(&word[11..]);
        } else {
            out.push_str(word);
        }
    }
    out
}

fn validity_facts(sentence: &str, facts: &mut ValidityFacts) {
    let lower = spaced_ranges(&sentence.to_lowercase());
    let toks = tokens(&lower);
    let n = toks.len();
    if lower.contains("underteckna")
        && (lower.contains("från") || lower.contains("fr.o.m") || lower.contains("i och med"))
    {
        facts.from_signing = true;
    }
    // Dates and the words before them.
    let mut dates: Vec<(usize, usize, NaiveDate)> = Vec::new();
    let mut i = 0;
    while i < n {
        if let Some(d) = iso_date(toks[i]) {
            dates.push((i, i + 1, d));
            i += 1;
        } else if let Some(d) = toks.get(i..i + 3).and_then(full_date) {
            dates.push((i, i + 3, d));
            i += 3;
        } else {
            i += 1;
        }
    }
    // Each date: labelled the start, the end, or neither.
    let mut labels: Vec<Option<bool>> = Vec::new();
    for (k, &(start, _, _)) in dates.iter().enumerate() {
        let mut j = start;
        if j > 0 && toks[j - 1] == "den" {
            j -= 1;
        }
        let before = |m: usize| toks.get(j.saturating_sub(m)..j).map(|w| w.join(" "));
        let prev = before(1).unwrap_or_default();
        let prev3 = before(3).unwrap_or_default();
        let is_from = prev3 == "från och med"
            || matches!(prev.as_str(), "fr.o.m" | "fom" | "från" | "mellan");
        // "2025-01-01 – 2026-12-31", "1 mars 2024 – 28 februari 2025": the end of a range, and the date
        // before the dash its start.
        let after_dash = k > 0 && matches!(prev.as_str(), "-" | "–" | "—" | "--" | "och");
        let is_to = prev3 == "till och med" || matches!(prev.as_str(), "t.o.m" | "tom" | "till");
        if after_dash && dates[k - 1].1 + 1 == j && labels[k - 1].is_none() {
            labels[k - 1] = Some(true);
        }
        labels.push(if is_from {
            Some(true)
        } else if is_to || after_dash {
            Some(false)
        } else {
            None
        });
    }
    let mut unlabelled = Vec::new();
    for (&(_, _, date), label) in dates.iter().zip(&labels) {
        match label {
            Some(true) => facts.from = facts.from.or(Some(date)),
            Some(false) => facts.to = facts.to.or(Some(date)),
            None => unlabelled.push(date),
        }
    }
    if let [a, b, ..] = unlabelled[..] {
        facts.from = facts.from.or(Some(a));
        facts.to = facts.to.or(Some(b));
    }
    // Durations: "i två år", "under 18 månader".
    for w in toks.windows(3) {
        if matches!(w[0], "i" | "under" | "gäller" | "på") && four_digit_year(w[1]).is_none() {
            if let Some(k) = parse_number(w[1]).filter(|&k| (1..=120).contains(&k)) {
                match w[2] {
                    "år" | "års" if k <= 10 => facts.months = facts.months.or(Some(12 * k)),
                    "månader" | "månad" if k <= 120 => facts.months = facts.months.or(Some(k)),
                    _ => {}
                }
            }
        }
    }
    // Years: "2024–2025", "2024 – 2025", "under 2025", "under 2026 och 2027".
    let in_date = |idx: usize| dates.iter().any(|&(s, e, _)| (s..e).contains(&idx));
    for (idx, t) in toks.iter().enumerate() {
        if in_date(idx) || facts.years.is_some() {
            continue;
        }
        if let Some(r) = year_range_token(t) {
            facts.years = Some(r);
        } else if let Some(y) = four_digit_year(t) {
            let next_year = toks
                .get(idx + 1..idx + 3)
                .and_then(|w| {
                    let b = four_digit_year(w[1])?;
                    match w[0] {
                        "-" | "–" | "—" | "--" | "till" => Some(b),
                        "och" if b == y + 1 => Some(b),
                        _ => None,
                    }
                })
                .filter(|&b| b >= y && b - y <= 5);
            let prev = if idx > 0 { toks[idx - 1] } else { "" };
            if let Some(b) = next_year {
                facts.years = Some((y, b));
            } else if matches!(
                prev,
                "under" | "för" | "år" | "gäller" | "avser" | "omfattar" | "inom" | "löper"
            ) {
                facts.years = Some((y, y));
            }
        }
    }
}

fn add_months_minus_day(from: NaiveDate, months: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(months))?.pred_opt()
}

/// The validity period. Sentences that talk about validity ("gäller",
/// "giltig", "period") are read; the title's years and the signing date are
/// fallbacks, proposed as guesses.
pub(super) fn validity(
    paragraphs: &[&str],
    title: Option<&str>,
    signed_on: &Proposed<NaiveDate>,
    notes: &mut Vec<Uncertain>,
) -> (Proposed<NaiveDate>, Proposed<NaiveDate>) {
    let mut facts = ValidityFacts::default();
    for p in paragraphs {
        for s in sentences(p) {
            let lower = s.to_lowercase();
            if ["gäll", "giltig", "period", "avser", "omfattar", "löper"]
                .iter()
                .any(|k| lower.contains(k))
            {
                validity_facts(s, &mut facts);
            }
        }
    }
    let title_years = title.and_then(years_in_title);
    let signed = signed_on.value().copied();
    let signed_sure = signed_on.is_sure();

    let from: Proposed<NaiveDate> = if let Some(d) = facts.from {
        Proposed::Found(d)
    } else if let (true, Some(d)) = (facts.from_signing, signed) {
        Proposed::new(d, signed_sure)
    } else if let Some(d) = facts
        .years
        .and_then(|(a, _)| NaiveDate::from_ymd_opt(a, 1, 1))
    {
        Proposed::Found(d)
    } else if let (Some(d), true) = (signed, facts.months.is_some() || facts.to.is_some()) {
        notes.push(Uncertain::on(
            Field::ValidFrom,
            Reason::DefaultedToSigningDate,
        ));
        Proposed::Guessed(d)
    } else if let Some(d) = title_years.and_then(|(a, _)| NaiveDate::from_ymd_opt(a, 1, 1)) {
        notes.push(Uncertain::on(Field::ValidFrom, Reason::InferredFromTitle));
        Proposed::Guessed(d)
    } else if let Some(d) = signed {
        notes.push(Uncertain::on(
            Field::ValidFrom,
            Reason::DefaultedToSigningDate,
        ));
        Proposed::Guessed(d)
    } else {
        notes.push(Uncertain::on(Field::ValidFrom, Reason::NotFound));
        Proposed::Missing
    };

    let by_duration = facts
        .months
        .zip(from.value().copied())
        .and_then(|(m, f)| add_months_minus_day(f, m));
    let to: Proposed<NaiveDate> = if let Some(d) = facts.to {
        Proposed::Found(d)
    } else if let Some(d) = by_duration {
        if !from.is_sure() {
            notes.push(Uncertain::on(Field::ValidTo, Reason::DependsOnGuess));
        }
        Proposed::new(d, from.is_sure())
    } else if let Some(d) = facts
        .years
        .and_then(|(_, b)| NaiveDate::from_ymd_opt(b, 12, 31))
    {
        Proposed::Found(d)
    } else if let Some(d) = title_years.and_then(|(_, b)| NaiveDate::from_ymd_opt(b, 12, 31)) {
        notes.push(Uncertain::on(Field::ValidTo, Reason::InferredFromTitle));
        Proposed::Guessed(d)
    } else {
        notes.push(Uncertain::on(Field::ValidTo, Reason::NotFound));
        Proposed::Missing
    };
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_lines() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            parse_signing_line("Sävsjö 2018-04-10"),
            Some((Some("Sävsjö".into()), d(2018, 4, 10)))
        );
        assert_eq!(
            parse_signing_line("Sävsjö den 10 april 2018"),
            Some((Some("Sävsjö".into()), d(2018, 4, 10)))
        );
        assert_eq!(
            parse_signing_line("Upplands Väsby, 3 feb. 2025"),
            Some((Some("Upplands Väsby".into()), d(2025, 2, 3)))
        );
        assert_eq!(
            parse_signing_line("2018-04-10"),
            Some((None, d(2018, 4, 10)))
        );
        assert_eq!(parse_signing_line("Medborgarlöfte 2018-04-10"), None);
        assert_eq!(parse_signing_line("Sävsjö 2018-02-30"), None, "no such day");
        assert_eq!(
            parse_signing_line("Polisen ska vara på plats 2018-04-10."),
            None
        );
        assert_eq!(
            parse_signing_line("Medborgarlöfte i Sävsjö kommun 2018-2019"),
            None
        );
    }

    #[test]
    fn ranges_of_dates_and_years() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let read = |s: &str| {
            let mut f = ValidityFacts::default();
            validity_facts(s, &mut f);
            (f.from, f.to, f.years)
        };
        for s in [
            "Löftet gäller 2025-01-01 – 2026-12-31.",
            "Löftet gäller 2025-01-01 - 2026-12-31.",
            "Giltighetstid: 2025-01-01--2026-12-31",
            "Det gäller 2025-01-01 -- 2026-12-31.",
            "Det gäller 2025-01-01–2026-12-31.",
            "Det gäller 2025-01-01-2026-12-31.",
            "Det gäller 1 januari 2025 – 31 december 2026.",
            "Det gäller från den 1 januari 2025 till den 31 december 2026.",
        ] {
            assert_eq!(
                read(s),
                (Some(d(2025, 1, 1)), Some(d(2026, 12, 31)), None),
                "{s}"
            );
        }
        assert_eq!(
            read("Löftet gäller under 2026 och 2027.").2,
            Some((2026, 2027))
        );
        assert_eq!(
            read("Löftet gäller under 2026 och 2029.").2,
            Some((2026, 2026))
        );
        assert_eq!(read("Löftesperiod: 2026–2027.").2, Some((2026, 2027)));
    }
}
