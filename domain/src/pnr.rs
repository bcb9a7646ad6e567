//! The guard that keeps personal identity numbers out of free text. We store counts, never identities.
//! One function, run by the browser (to warn before queueing) and by the server (to refuse).

/// Whether `text` holds anything shaped like a Swedish personnummer or samordningsnummer: a date of birth
/// (YYMMDD or YYYYMMDD, the day plus 60 for a samordningsnummer), then a dash, a plus, an en dash or
/// nothing, then four digits, standing apart from other digits. The check digit is deliberately not
/// verified: a mistyped number identifies a person just as well.
pub fn contains_personal_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|start| {
        let starts_run =
            chars[start].is_ascii_digit() && (start == 0 || !chars[start - 1].is_ascii_digit());
        starts_run
            && [6, 8]
                .into_iter()
                .any(|date_len| matches_at(&chars, start, date_len))
    })
}

fn matches_at(chars: &[char], start: usize, date_len: usize) -> bool {
    let digits = |from: usize, n: usize| -> Option<String> {
        let part: String = chars.get(from..from + n)?.iter().collect();
        part.chars().all(|c| c.is_ascii_digit()).then_some(part)
    };
    let Some(date) = digits(start, date_len) else {
        return false;
    };
    let mut at = start + date_len;
    if matches!(chars.get(at), Some('-' | '+' | '–')) {
        at += 1;
    }
    if digits(at, 4).is_none() || chars.get(at + 4).is_some_and(char::is_ascii_digit) {
        return false;
    }
    plausible_birth_date(&date)
}

fn plausible_birth_date(date: &str) -> bool {
    let (century_ok, rest) = match date.len() {
        8 => (matches!(&date[..2], "18" | "19" | "20"), &date[4..]),
        _ => (true, &date[2..]),
    };
    let month: u32 = rest[..2].parse().unwrap_or(0);
    let day: u32 = rest[2..4].parse().unwrap_or(0);
    century_ok && (1..=12).contains(&month) && ((1..=31).contains(&day) || (61..=91).contains(&day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_personnummer_in_every_written_form() {
        for text in [
            "811228-9874",
            "811228+9874",
            "8112289874",
            "19811228-9874",
            "198112289874",
            "19811228+9874",
            "811228–9874",
            "Kontrollerad: 811228-9874, släppt.",
            "pnr:8112289874.",
            "(20051231-1234)",
        ] {
            assert!(contains_personal_number(text), "missed {text:?}");
        }
    }

    #[test]
    fn finds_samordningsnummer() {
        assert!(contains_personal_number("701063-2391"), "day 03 + 60");
        assert!(contains_personal_number("197010632391"));
        assert!(contains_personal_number("850191-1234"), "day 31 + 60");
    }

    #[test]
    fn leaves_ordinary_counts_and_dates_alone() {
        for text in [
            "",
            "3 personer kontrollerade, 2 under 21.",
            "Insats 2019-05-14 kl 18:00–22:00 vid stationen.",
            "Ärende 5000-1234",
            "811328-9874",      // month 13
            "811200-9874",      // day 00
            "811292-9874",      // day 92
            "21811228-9874",    // century 21
            "8112289-874",      // wrong grouping
            "1234567890123456", // a long number, not a personnummer
            "811228-98745",     // five final digits
            "811228 9874",      // a space is not one of the separators
        ] {
            assert!(!contains_personal_number(text), "false alarm on {text:?}");
        }
    }
}
