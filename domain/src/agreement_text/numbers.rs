//! Swedish word-level knowledge: number words, time phrases that give an
//! activity its cadence, and plural-to-singular rules for counted nouns.
//!
//! Kept apart from the document parser so that these small tables can be
//! tested and extended on their own. Everything here works on single words or
//! short lowercase phrases and returns plain values; nothing here allocates
//! more than the word it is given.

use crate::agreement::Cadence;

/// "en" to "nitton". The first ten entries are also the unit words that may
/// end a compound such as "tjugofem".
const UNITS: [(&str, u32); 21] = [
    ("en", 1),
    ("ett", 1),
    ("två", 2),
    ("tre", 3),
    ("fyra", 4),
    ("fem", 5),
    ("sex", 6),
    ("sju", 7),
    ("åtta", 8),
    ("nio", 9),
    ("tio", 10),
    ("elva", 11),
    ("tolv", 12),
    ("tretton", 13),
    ("fjorton", 14),
    ("femton", 15),
    ("sexton", 16),
    ("sjutton", 17),
    ("arton", 18),
    ("aderton", 18),
    ("nitton", 19),
];

const TENS: [(&str, u32); 8] = [
    ("tjugo", 20),
    ("trettio", 30),
    ("fyrtio", 40),
    ("femtio", 50),
    ("sextio", 60),
    ("sjuttio", 70),
    ("åttio", 80),
    ("nittio", 90),
];

/// The value of a Swedish number word: "en"/"ett" to "nitton", the round
/// tens "tjugo" to "nittio", compounds of a ten and a unit ("tjugofem"), and
/// "hundra"/"etthundra". Case-insensitive; `None` for anything else.
pub fn number_word(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.as_str();
    if let Some(&(_, n)) = UNITS.iter().find(|(s, _)| *s == w) {
        return Some(n);
    }
    if w == "hundra" || w == "etthundra" {
        return Some(100);
    }
    for &(tens, n) in TENS.iter() {
        if let Some(rest) = w.strip_prefix(tens) {
            if rest.is_empty() {
                return Some(n);
            }
            if let Some(&(_, u)) = UNITS[..10].iter().find(|(s, _)| *s == rest) {
                return Some(n + u);
            }
        }
    }
    None
}

/// A number written with digits (at most six, so it always fits) or as a
/// Swedish number word.
pub fn parse_number(token: &str) -> Option<u32> {
    if !token.is_empty() && token.len() <= 6 && token.bytes().all(|b| b.is_ascii_digit()) {
        return token.parse().ok();
    }
    number_word(token)
}

/// Phrases that name how often an activity recurs. Matched on whole words in
/// lowercase text.
const CADENCE_PHRASES: [(&str, Cadence); 25] = [
    ("i månaden", Cadence::Month),
    ("per månad", Cadence::Month),
    ("varje månad", Cadence::Month),
    ("månadsvis", Cadence::Month),
    ("månatligen", Cadence::Month),
    ("i veckan", Cadence::Week),
    ("per vecka", Cadence::Week),
    ("varje vecka", Cadence::Week),
    ("veckovis", Cadence::Week),
    ("varje helg", Cadence::Week),
    ("per år", Cadence::CalendarYear),
    ("om året", Cadence::CalendarYear),
    ("i året", Cadence::CalendarYear),
    ("varje år", Cadence::CalendarYear),
    ("årligen", Cadence::CalendarYear),
    ("under året", Cadence::CalendarYear),
    ("per kalenderår", Cadence::CalendarYear),
    ("varje kalenderår", Cadence::CalendarYear),
    ("under perioden", Cadence::Period),
    ("under hela perioden", Cadence::Period),
    ("under löftesperioden", Cadence::Period),
    ("under löfteperioden", Cadence::Period),
    ("under avtalsperioden", Cadence::Period),
    ("per period", Cadence::Period),
    ("under hela löftesperioden", Cadence::Period),
];

/// "varje fredag", "varje fredagskväll": a weekday after "varje" means weekly.
const WEEKDAYS: [&str; 7] = [
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
];

/// Every cadence phrase in `text` with its byte position in the lowercased
/// text, ordered by position. Overlapping phrases ("under hela perioden" and
/// "under perioden") may both appear; callers only compare the cadences.
pub fn cadences_in(text: &str) -> Vec<(usize, Cadence)> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for &(phrase, cadence) in CADENCE_PHRASES.iter() {
        for pos in word_matches(&lower, phrase, true) {
            found.push((pos, cadence));
        }
    }
    for day in WEEKDAYS {
        let phrase = format!("varje {day}");
        for pos in word_matches(&lower, &phrase, false) {
            found.push((pos, Cadence::Week));
        }
    }
    found.sort_by_key(|&(pos, _)| pos);
    found
}

/// The cadence a text names, if it names exactly one kind. A frequency
/// ("varje månad") wins over "under perioden", which then only says how long.
/// `Err` lists the conflicting cadences in text order.
pub fn cadence_of(text: &str) -> Result<Option<Cadence>, Vec<Cadence>> {
    let all = cadences_in(text);
    let mut distinct: Vec<Cadence> = Vec::new();
    for &(_, c) in all.iter().filter(|(_, c)| *c != Cadence::Period) {
        if !distinct.contains(&c) {
            distinct.push(c);
        }
    }
    match distinct.len() {
        0 if all.is_empty() => Ok(None),
        0 => Ok(Some(Cadence::Period)),
        1 => Ok(Some(distinct[0])),
        _ => Err(distinct),
    }
}

/// Byte positions where `needle` occurs in `hay` as whole words. With
/// `right_boundary == false` the match may run into a longer word
/// ("varje fredag" in "varje fredagskväll").
pub(crate) fn word_matches(hay: &str, needle: &str, right_boundary: bool) -> Vec<usize> {
    hay.match_indices(needle)
        .filter(|&(pos, m)| {
            let before_ok = hay[..pos]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = !right_boundary
                || hay[pos + m.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
            before_ok && after_ok
        })
        .map(|(pos, _)| pos)
        .collect()
}

/// The singular of a Swedish plural noun, and whether the rule is reliable.
///
/// Reliable: "-ingar" → "-ing" (trygghetsvandringar), "-heter" → "-het",
/// "-ioner" → "-ion", "-or" → "-a" (skolor). Guesses, because Swedish has
/// exceptions: "-ar" dropped (informationskvällar, but timmar → timme),
/// "-er" dropped (trafikkontroller), "-en" → "-e" (föräldramöten), and an
/// unchanged word (skolbesök) when no ending matches.
pub fn singular_of(plural: &str) -> (String, bool) {
    let p = plural;
    for (suffix, replacement) in [("ingar", "ing"), ("heter", "het"), ("ioner", "ion")] {
        if let Some(stem) = p.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (format!("{stem}{replacement}"), true);
            }
        }
    }
    let rules: [(&str, &str, bool); 4] = [
        ("or", "a", true),
        ("ar", "", false),
        ("er", "", false),
        ("en", "e", false),
    ];
    for (suffix, replacement, sure) in rules {
        if let Some(stem) = p.strip_suffix(suffix) {
            if stem.chars().count() >= 2 {
                return (format!("{stem}{replacement}"), sure);
            }
        }
    }
    (p.to_string(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_one_to_twenty() {
        let words = [
            "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
            "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton", "tjugo",
        ];
        for (i, w) in words.iter().enumerate() {
            assert_eq!(number_word(w), Some(i as u32 + 1), "{w}");
        }
        assert_eq!(number_word("ett"), Some(1));
        assert_eq!(number_word("Femton"), Some(15));
        assert_eq!(number_word("ÅTTA"), Some(8));
    }

    #[test]
    fn number_words_tens_and_compounds() {
        let tens = [
            ("trettio", 30),
            ("fyrtio", 40),
            ("femtio", 50),
            ("sextio", 60),
            ("sjuttio", 70),
            ("åttio", 80),
            ("nittio", 90),
            ("hundra", 100),
            ("etthundra", 100),
            ("tjugofem", 25),
            ("trettioett", 31),
            ("sjuttiosju", 77),
        ];
        for (w, n) in tens {
            assert_eq!(number_word(w), Some(n), "{w}");
        }
        for w in [
            "",
            "fler",
            "några",
            "tjugotio",
            "sjuttioelva",
            "femtonde",
            "minst",
        ] {
            assert_eq!(number_word(w), None, "{w}");
        }
    }

    #[test]
    fn digits_and_words() {
        assert_eq!(parse_number("15"), Some(15));
        assert_eq!(parse_number("0"), Some(0));
        assert_eq!(parse_number("999999"), Some(999_999));
        assert_eq!(parse_number("1234567"), None, "too long to be a target");
        assert_eq!(parse_number("12a"), None);
        assert_eq!(parse_number("-3"), None);
        assert_eq!(parse_number("fyra"), Some(4));
    }

    #[test]
    fn cadence_phrases() {
        let cases = [
            ("två gånger per år", Some(Cadence::CalendarYear)),
            ("ska under året genomföra", Some(Cadence::CalendarYear)),
            ("årligen", Some(Cadence::CalendarYear)),
            ("minst en gång i månaden", Some(Cadence::Month)),
            ("varje månad", Some(Cadence::Month)),
            ("Månadsvis", Some(Cadence::Month)),
            ("varje vecka", Some(Cadence::Week)),
            ("en gång i veckan", Some(Cadence::Week)),
            ("varje fredagskväll", Some(Cadence::Week)),
            ("under perioden", Some(Cadence::Period)),
            ("varje månad under perioden", Some(Cadence::Month)),
            ("i åldern 21 år och yngre", None),
            ("under åren som gått", None),
            ("vid fasta tidpunkter", None),
            ("superåret", None),
        ];
        for (text, expected) in cases {
            assert_eq!(cadence_of(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn conflicting_cadences_are_reported() {
        assert_eq!(
            cadence_of("varje vecka och två gånger per år"),
            Err(vec![Cadence::Week, Cadence::CalendarYear])
        );
    }

    #[test]
    fn singulars() {
        assert_eq!(
            singular_of("trygghetsvandringar"),
            ("trygghetsvandring".into(), true)
        );
        assert_eq!(singular_of("skolor"), ("skola".into(), true));
        assert_eq!(
            singular_of("trafikkontroller"),
            ("trafikkontroll".into(), false)
        );
        assert_eq!(singular_of("föräldramöten"), ("föräldramöte".into(), false));
        assert_eq!(
            singular_of("informationskvällar"),
            ("informationskväll".into(), false)
        );
        assert_eq!(singular_of("skolbesök"), ("skolbesök".into(), false));
        assert_eq!(singular_of("ar"), ("ar".into(), false), "no empty stems");
    }
}
