//! Who acts: the parties named at the start of a sentence ("Polisen, kommunen och skolan möts …") or of an
//! owner section's heading ("Tillsammans lovar vi att:"), and the owner that follows from them.

use super::lines::trim_punct;
use super::types::Owner;

/// Parties that are neither the police nor the municipality, in the form a sentence names them.
const OTHER_PARTIES: [&str; 22] = [
    "räddningstjänsten",
    "räddningstjänst",
    "bostadsbolaget",
    "bostadsbolagen",
    "fastighetsägarna",
    "fastighetsägaren",
    "skolan",
    "skolorna",
    "skola",
    "regionen",
    "region",
    "länsstyrelsen",
    "trafikverket",
    "föreningarna",
    "föreningslivet",
    "näringslivet",
    "handlarna",
    "företagarna",
    "kyrkan",
    "församlingen",
    "civilsamhället",
    "ordningsvakter",
];

/// Who a sentence or heading names as doing something.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Actors {
    pub(super) police: bool,
    pub(super) municipality: bool,
    /// A third party: a rescue service, a housing company, a school …
    pub(super) other: bool,
    /// "Tillsammans", "gemensamt": the parties together, named by none.
    pub(super) together: bool,
    /// "Vi …": presumably the parties together.
    pub(super) we: bool,
}

/// The owner the actors give, and whether it is read rather than inferred.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reading {
    /// Named by the text: one party, or several (joint).
    Named(Owner),
    /// Only a third party acts; the municipality is the nearest owner.
    OtherParty,
    /// "Vi ska …": the parties together, presumably.
    We,
}

impl Actors {
    fn any(self) -> bool {
        self.police || self.municipality || self.other || self.together || self.we
    }

    pub(super) fn reading(self) -> Option<Reading> {
        let named = [self.police, self.municipality, self.other]
            .iter()
            .filter(|&&b| b)
            .count();
        if self.together && named == 0 {
            return Some(Reading::Named(Owner::Joint));
        }
        if self.we && named == 0 {
            return Some(Reading::We);
        }
        match (named, self.police, self.municipality) {
            (0, ..) => None,
            (1, true, _) => Some(Reading::Named(Owner::Police)),
            (1, _, true) => Some(Reading::Named(Owner::Municipality)),
            (1, ..) => Some(Reading::OtherParty),
            _ => Some(Reading::Named(Owner::Joint)),
        }
    }
}

fn is_police(w: &str) -> bool {
    w.starts_with("polis") || matches!(w, "lokalpolisen" | "kommunpolisen" | "närpolisen")
}

fn is_municipality(w: &str) -> bool {
    matches!(w, "kommunen" | "kommun" | "kommunens" | "kommunerna")
}

/// Words that join the names of parties in a subject.
fn is_joiner(w: &str) -> bool {
    matches!(w, "och" | "samt" | "&" | "tillsammans" | "gemensamt")
}

/// The parties named at the start of `text`, before its verb. `others` holds the names of third parties
/// known from the agreement (its signatories' organisations), in lowercase.
///
/// "Polisen och kommunen ska …" names both; "Kommunen ordnar, med stöd av räddningstjänsten, …" names the
/// municipality only (the subject ends at the verb); "Kommunens fältassistenter och polisen …" names both;
/// "Ljungby kommun och polisen …" names both.
pub(super) fn actors_at_start(text: &str, others: &[String]) -> Actors {
    let mut found = Actors::default();
    let raw: Vec<&str> = text.split_whitespace().take(12).collect();
    let words: Vec<String> = raw.iter().map(|w| trim_punct(w).to_lowercase()).collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let capitalised = raw[i].chars().next().is_some_and(char::is_uppercase);
        if w.is_empty() || is_joiner(w) {
            if matches!(w, "tillsammans" | "gemensamt") && i == 0 {
                found.together = true;
            }
            i += 1;
            continue;
        }
        if i == 0 && w == "vi" {
            found.we = true;
            i += 1;
            continue;
        }
        if is_police(w) {
            found.police = true;
            // "Polisens kommunpolis", "Polisen i lokalpolisområde Norrvik": the noun or place after it.
            i += if w.ends_with('s') { 2 } else { 1 };
            continue;
        }
        if is_municipality(w) {
            found.municipality = true;
            // "Kommunens fältassistenter": the municipality's staff.
            i += if w == "kommunens" { 2 } else { 1 };
            continue;
        }
        // "<Name> kommun", "<Name>s kommun".
        if capitalised && words.get(i + 1).is_some_and(|n| is_municipality(n)) {
            found.municipality = true;
            i += 2;
            continue;
        }
        if OTHER_PARTIES.contains(&w)
            || (capitalised
                && others
                    .iter()
                    .any(|o| o.split_whitespace().next() == Some(w)))
        {
            found.other = true;
            i += 1;
            // "Räddningstjänsten Mittland": the name after the kind.
            while i < raw.len() && raw[i].chars().next().is_some_and(char::is_uppercase) {
                if is_police(&words[i]) || is_municipality(&words[i]) {
                    break;
                }
                i += 1;
            }
            continue;
        }
        // "Fältgruppen", "Socialtjänsten" beside a named party: someone else helping.
        if found.any() && raw[i].ends_with(',') {
            i += 1;
            continue;
        }
        // "… och fältgruppen möts": a definite noun after "och" is one more party.
        if found.any()
            && i > 0
            && is_joiner(&words[i - 1])
            && ["en", "na", "et"].iter().any(|e| w.ends_with(e))
        {
            found.other = true;
            i += 1;
            continue;
        }
        break;
    }
    found
}

/// The actors of an owner section's heading: "Polisen lovar att:", "Tillsammans lovar vi att:",
/// "Gemensamt åtar vi oss att:", "Kommunen åtar sig att:", "Räddningstjänsten lovar att:",
/// "Polisens åtaganden". `None` for any other line.
pub(super) fn owner_heading(plain: &str, others: &[String]) -> Option<Actors> {
    let lower = plain.to_lowercase();
    let norm = lower.trim_end_matches([':', '.']).trim();
    let words: Vec<&str> = norm.split_whitespace().collect();
    if words.is_empty() || words.len() > 9 {
        return None;
    }
    const PLEDGES: [&str; 7] = [
        " lovar att",
        " lovar vi att",
        " åtar sig att",
        " åtar oss att",
        " åtar vi oss att",
        " ska",
        " kommer att",
    ];
    let plain_words: Vec<&str> = plain.split_whitespace().collect();
    let keep = |n: usize| plain_words[..plain_words.len().saturating_sub(n)].join(" ");
    let subject = if let Some(p) = PLEDGES.iter().find(|p| norm.ends_with(*p)) {
        keep(p.split_whitespace().count())
    } else if let Some(s) = norm
        .strip_suffix(" åtaganden")
        .or_else(|| norm.strip_suffix(" åtagande"))
    {
        // "Polisens åtaganden", "Gemensamma åtaganden".
        if matches!(s, "gemensamma" | "våra gemensamma") {
            return Some(Actors {
                together: true,
                ..Actors::default()
            });
        }
        keep(1)
    } else {
        return None;
    };
    let mut actors = actors_at_start(&subject, others);
    // "Vi lovar att:" in a heading is the parties together.
    actors.together |= std::mem::take(&mut actors.we);
    actors.reading().map(|_| actors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(text: &str) -> Option<Reading> {
        actors_at_start(text, &["björkforshem ab".to_string()]).reading()
    }

    #[test]
    fn subjects() {
        use Reading::*;
        assert_eq!(owner("Polisen ska genomföra"), Some(Named(Owner::Police)));
        assert_eq!(
            owner("Kommunen ordnar, med stöd av räddningstjänsten, fritidsaktiviteter"),
            Some(Named(Owner::Municipality))
        );
        assert_eq!(
            owner("Kommunens fältassistenter och polisen söker upp unga"),
            Some(Named(Owner::Joint))
        );
        assert_eq!(
            owner("Polisen, kommunen och skolan möts"),
            Some(Named(Owner::Joint))
        );
        assert_eq!(
            owner("Polisen, kommunen och fältgruppen har ett samverkansmöte"),
            Some(Named(Owner::Joint))
        );
        assert_eq!(
            owner("Räddningstjänsten och kommunen genomför"),
            Some(Named(Owner::Joint))
        );
        assert_eq!(owner("Björkforshem ska byta"), Some(OtherParty));
        assert_eq!(
            owner("Ljungby kommun och polisen ska"),
            Some(Named(Owner::Joint))
        );
        assert_eq!(
            owner("Ljungby kommun ska bjuda in"),
            Some(Named(Owner::Municipality))
        );
        assert_eq!(owner("Tillsammans ska vi"), Some(Named(Owner::Joint)));
        assert_eq!(owner("Fältgruppen ska träffa unga"), None);
        assert_eq!(owner("Under sommaren ska polisen"), None);
    }

    #[test]
    fn headings() {
        let reading = |l: &str| owner_heading(l, &[]).and_then(Actors::reading);
        use Reading::*;
        assert_eq!(reading("Polisen lovar att:"), Some(Named(Owner::Police)));
        assert_eq!(
            reading("## Kommunen lovar att"),
            None,
            "markup is stripped by the caller"
        );
        assert_eq!(
            reading("Kommunen lovar att"),
            Some(Named(Owner::Municipality))
        );
        assert_eq!(
            reading("Tillsammans lovar vi att:"),
            Some(Named(Owner::Joint))
        );
        assert_eq!(
            reading("Gemensamt åtar vi oss att:"),
            Some(Named(Owner::Joint))
        );
        assert_eq!(reading("Polisen åtar sig att:"), Some(Named(Owner::Police)));
        assert_eq!(reading("Räddningstjänsten lovar att:"), Some(OtherParty));
        assert_eq!(reading("Polisens åtaganden"), Some(Named(Owner::Police)));
        assert_eq!(
            reading("Polisen och kommunen lovar gemensamt att arbeta för:"),
            None
        );
        assert_eq!(
            reading("Det ska vi åstadkomma genom följande aktiviteter:"),
            None
        );
    }
}
