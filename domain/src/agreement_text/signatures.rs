//! The signatories: one line per person ("Namn, titel, organisation"), a name line followed by
//! "titel, organisation", or name, title and organisation on three lines; blocks apart by blank lines or
//! not.

use super::lines::strip_markup;
use super::types::{Field, Reason, Signatory, Uncertain};

/// Lines that only draw a line to sign on.
fn is_rule(l: &str) -> bool {
    l.chars()
        .all(|c| matches!(c, '_' | '-' | '–' | '.' | '…' | ' '))
}

/// The comma-separated parts of a line, trimmed.
fn parts(l: &str) -> Vec<String> {
    l.split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// One signatory being read, and the notes on it.
struct Reading {
    parts: Vec<String>,
    split: bool,
}

pub(super) fn read_signatories(lines: &[String], notes: &mut Vec<Uncertain>) -> Vec<Signatory> {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for l in lines {
        if l.is_empty() {
            if !cur.is_empty() {
                blocks.push(std::mem::take(&mut cur));
            }
        } else if !is_rule(l) {
            cur.push(strip_markup(l));
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }

    let mut read: Vec<Reading> = Vec::new();
    for block in blocks {
        if block.iter().all(|l| !l.contains(',')) {
            // Name, title and organisation on lines of their own; a longer block is cut in threes.
            let split = block.len() > 3;
            for chunk in block.chunks(3) {
                read.push(Reading {
                    parts: chunk.to_vec(),
                    split,
                });
            }
            continue;
        }
        let mut partial: Vec<String> = Vec::new();
        let flush = |partial: &mut Vec<String>, read: &mut Vec<Reading>| {
            if !partial.is_empty() {
                read.push(Reading {
                    parts: std::mem::take(partial),
                    split: false,
                });
            }
        };
        for line in block {
            let p = parts(&line);
            match p.len() {
                // "Namn, titel, organisation" (an organisation may hold commas of its own).
                3.. => {
                    flush(&mut partial, &mut read);
                    let organisation = p[2..].join(", ");
                    partial = vec![p[0].clone(), p[1].clone(), organisation];
                    flush(&mut partial, &mut read);
                }
                // "titel, organisation" after a name, or "Namn, titel".
                2 => {
                    if partial.len() == 1 {
                        partial.extend(p);
                        flush(&mut partial, &mut read);
                    } else {
                        flush(&mut partial, &mut read);
                        partial = p;
                    }
                }
                _ => {
                    if partial.len() >= 3 {
                        flush(&mut partial, &mut read);
                    }
                    partial.push(line);
                    if partial.len() == 3 {
                        flush(&mut partial, &mut read);
                    }
                }
            }
        }
        flush(&mut partial, &mut read);
    }

    let mut out = Vec::new();
    for Reading { parts, split } in read {
        let idx = out.len();
        let mut note = |reason| {
            notes.push(Uncertain {
                signatory: Some(idx),
                ..Uncertain::on(Field::Signatories, reason)
            })
        };
        if split {
            note(Reason::BlockSplit);
        }
        if parts.len() < 3 {
            note(Reason::Incomplete);
        }
        let mut parts = parts.into_iter();
        out.push(Signatory {
            name: parts.next().unwrap_or_default(),
            title: parts.next(),
            organisation: parts.next(),
        });
    }
    out
}

/// The organisations of the signatories that are neither the municipality nor the police, in lowercase:
/// the third parties an activity may name ("Björkforshem ska …").
pub(super) fn other_parties(signatories: &[Signatory]) -> Vec<String> {
    signatories
        .iter()
        .filter_map(|s| s.organisation.as_deref())
        .map(str::to_lowercase)
        .filter(|o| !o.contains("kommun") && !o.contains("polis"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Signatory>, Vec<Uncertain>) {
        let lines: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
        let mut notes = Vec::new();
        (read_signatories(&lines, &mut notes), notes)
    }

    fn sig(name: &str, title: &str, organisation: &str) -> Signatory {
        Signatory {
            name: name.into(),
            title: Some(title.into()),
            organisation: Some(organisation.into()),
        }
    }

    #[test]
    fn one_line_each() {
        let (s, notes) = read("Karin Lund, kommunstyrelsens ordförande, Norrviks kommun\nPeter Holm, lokalpolisområdeschef, Polisen, lokalpolisområde Norrvik");
        assert_eq!(
            s,
            [
                sig(
                    "Karin Lund",
                    "kommunstyrelsens ordförande",
                    "Norrviks kommun"
                ),
                sig(
                    "Peter Holm",
                    "lokalpolisområdeschef",
                    "Polisen, lokalpolisområde Norrvik"
                ),
            ]
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn name_then_title_and_organisation() {
        let (s, notes) = read("Lars Öberg\nKommunstyrelsens ordförande, Västanå kommun\nNina Åkesson\nLokalpolisområdeschef, Lokalpolisområde Västanå");
        assert_eq!(
            s,
            [
                sig(
                    "Lars Öberg",
                    "Kommunstyrelsens ordförande",
                    "Västanå kommun"
                ),
                sig(
                    "Nina Åkesson",
                    "Lokalpolisområdeschef",
                    "Lokalpolisområde Västanå"
                ),
            ]
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn three_lines_and_incomplete_blocks() {
        let (s, notes) = read("Anna Berg\nKommunchef\n\nErik Lund\nLokalpolisområdeschef\nLokalpolisområde Ljungby\n____");
        assert_eq!(
            s[1],
            sig(
                "Erik Lund",
                "Lokalpolisområdeschef",
                "Lokalpolisområde Ljungby"
            )
        );
        assert_eq!(s[0].organisation, None);
        assert_eq!(notes.len(), 1);
        assert_eq!(
            (notes[0].signatory, notes[0].reason),
            (Some(0), Reason::Incomplete)
        );
    }
}
