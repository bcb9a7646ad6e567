//! Promises and their activities: which promise an activity belongs to, and each activity's owner,
//! measure, target, cadence and unit.

use super::actors::{actors_at_start, Actors, Reading};
use super::dates::four_digit_year;
use super::layout::{Group, Item};
use super::lines::tokens;
use super::numbers::{cadence_of, parse_number, singular_of, word_matches};
use super::types::{
    ActivityDraft, Cadence, Field, Measure, Owner, PromiseDraft, Proposed, Reason, Uncertain,
};

/// Above this many promise × activity pairs in one list, activities are not
/// matched by shared words (keeps the work bounded on hostile input).
const MAX_PAIRS_TO_SCORE: usize = 50_000;

/// Nests activities under promises. A group with one promise keeps its
/// activities; a group with several promises assigns each activity by shared
/// words, noting ambiguous or word-less assignments.
pub(super) fn assemble_promises(
    groups: &[Group],
    others: &[String],
    notes: &mut Vec<Uncertain>,
) -> Vec<PromiseDraft> {
    let mut promises: Vec<PromiseDraft> = Vec::new();
    let mut promise_not_bullet: Vec<bool> = Vec::new();
    // (promise index, activity item, assignment reason)
    let mut placed: Vec<(usize, &Item, Option<Reason>)> = Vec::new();
    let mut orphans: Vec<&Item> = Vec::new();

    for group in groups {
        let offset = promises.len();
        for p in &group.promises {
            promises.push(PromiseDraft {
                text: p.text.clone(),
                activities: Vec::new(),
            });
            promise_not_bullet.push(!p.bullet && !p.named);
        }
        if group.promises.is_empty() {
            orphans.extend(group.activities.iter());
            continue;
        }
        for (a, reason) in assign(group) {
            placed.push((offset + a.0, a.1, reason));
        }
    }

    let mut orphan_reason = Reason::NoPromiseForActivities;
    if !orphans.is_empty() && promises.is_empty() {
        notes.push(Uncertain {
            promise: Some(0),
            ..Uncertain::on(Field::PromiseText, Reason::NotFound)
        });
        promises.push(PromiseDraft {
            text: String::new(),
            activities: Vec::new(),
        });
        promise_not_bullet.push(false);
        orphan_reason = Reason::NotFound;
    }
    let mut all: Vec<(usize, &Item, Option<Reason>)> = orphans
        .into_iter()
        .map(|item| (0, item, Some(orphan_reason)))
        .collect();
    all.extend(placed);

    for (p, flag) in promise_not_bullet.iter().enumerate() {
        if *flag {
            notes.push(Uncertain {
                promise: Some(p),
                ..Uncertain::on(Field::PromiseText, Reason::NotABullet)
            });
        }
    }
    for (p, item, reason) in all {
        let (activity, activity_notes) = analyse_activity(&item.text, item.section, others);
        let Some(promise) = promises.get_mut(p) else {
            continue;
        };
        promise.activities.push(activity);
        let a = promise.activities.len() - 1;
        let mut note = |field, reason| {
            notes.push(Uncertain {
                promise: Some(p),
                activity: Some(a),
                ..Uncertain::on(field, reason)
            })
        };
        if let Some(r) = reason {
            note(Field::ActivityPromise, r);
        }
        if !item.bullet && !item.named {
            note(Field::Activity, Reason::NotABullet);
        }
        for (field, r) in activity_notes {
            note(field, r);
        }
    }
    promises
}

/// Words that say nothing about a promise's topic (every promise and activity
/// is about the police, the municipality, working, increasing…).
const STOP_PREFIXES: [&str; 24] = [
    "kommun",
    "polisen",
    "polisens",
    "medborgar",
    "löfte",
    "löften",
    "aktivitet",
    "genomför",
    "arbeta",
    "arbete",
    "tillsammans",
    "gemensam",
    "främst",
    "minska",
    "ökad",
    "ökat",
    "syfte",
    "under",
    "minst",
    "genom",
    "särskilt",
    "också",
    "mellan",
    "skall",
];

fn keywords(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() >= 5
            && !w.bytes().all(|b| b.is_ascii_digit())
            && !STOP_PREFIXES.iter().any(|p| w.starts_with(p))
            && !out.iter().any(|o| o == w)
        {
            out.push(w.to_string());
        }
        if out.len() >= 40 {
            break;
        }
    }
    out
}

/// Word stems of the topics agreements are about; two words holding stems of one topic are related
/// ("hastighetskontroller" ~ "trafikolyckor", "brandskyddsinformation" ~ "bränder").
const TOPICS: [&[&str]; 6] = [
    &[
        "trafik",
        "hastighet",
        "fortkörn",
        "olyck",
        "riksväg",
        "nykterhet",
        "rattfyll",
        "moped",
        "traktor",
        "övergångsställ",
        "skolväg",
    ],
    &[
        "narkotika",
        "drog",
        "knark",
        "cannabis",
        "langning",
        "alkohol",
    ],
    &["brand", "bränder", "anlagd", "anlägg", "eldning"],
    &["inbrott", "stöld", "stölder", "grannsamverkan"],
    &["bedrägeri", "bedragare", "bluffsamtal"],
    &["klotter", "skadegörelse", "nedskräp", "sanera", "vandalis"],
];

fn topic(w: &str) -> Option<usize> {
    TOPICS
        .iter()
        .position(|stems| stems.iter().any(|s| w.contains(s)))
}

/// Two words are related when equal, sharing a six-letter start
/// ("tillgänglig" ~ "tillgängligheten", "narkotikabrott" ~ "narkotikabruk"),
/// or about one topic.
fn related(a: &str, b: &str) -> bool {
    a == b
        || a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count() >= 6
        || topic(a).is_some_and(|t| topic(b) == Some(t))
}

/// For each activity of a group: (promise index within the group, item) and
/// a reason when the assignment is unsure.
fn assign(group: &Group) -> Vec<((usize, &Item), Option<Reason>)> {
    let n = group.promises.len();
    if n == 1 {
        return group.activities.iter().map(|a| ((0, a), None)).collect();
    }
    let score_words = n.saturating_mul(group.activities.len()) <= MAX_PAIRS_TO_SCORE;
    let promise_words: Vec<Vec<String>> = if score_words {
        group.promises.iter().map(|p| keywords(&p.text)).collect()
    } else {
        Vec::new()
    };
    let mut previous = 0;
    let mut out = Vec::new();
    for activity in &group.activities {
        if !score_words {
            out.push(((previous, activity), Some(Reason::AmbiguousKeywords)));
            continue;
        }
        let words = keywords(&activity.text);
        let scores: Vec<usize> = promise_words
            .iter()
            .map(|pw| {
                words
                    .iter()
                    .filter(|w| pw.iter().any(|p| related(w, p)))
                    .count()
            })
            .collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        let tied: Vec<usize> = (0..n).filter(|&i| scores[i] == best).collect();
        let second = scores
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != tied[0])
            .map(|(_, &s)| s)
            .max()
            .unwrap_or(0);
        let (chosen, reason) = if best == 0 {
            (previous, Some(Reason::NoKeywordOverlap))
        } else if tied.len() == 1 && best >= 2 * second {
            (tied[0], None)
        } else if tied.contains(&previous) {
            (previous, Some(Reason::AmbiguousKeywords))
        } else {
            (tied[0], Some(Reason::AmbiguousKeywords))
        };
        previous = chosen;
        out.push(((chosen, activity), reason));
    }
    out
}

/// Function words that are never the counted noun.
const NOT_NOUNS: [&str; 34] = [
    "och", "eller", "i", "på", "av", "för", "till", "med", "om", "per", "under", "vid", "från",
    "som", "att", "de", "den", "det", "fler", "mer", "olika", "nya", "st", "stycken", "ska",
    "kommer", "genom", "mot", "kring", "bland", "efter", "inför", "hos", "utan",
];

/// Words after a number that make it an age, a duration or a share, not a target.
const NOT_UNITS: [&str; 21] = [
    "år", "års", "åring", "åringar", "månad", "månader", "vecka", "veckor", "dag", "dagar", "dygn",
    "timme", "timmar", "minuter", "procent", "kronor", "kr", "%", "km", "meter", "mil",
];

/// Words before a number that make it a name or a time, not a target: "riksväg 45", "årskurs 7",
/// "inom två dygn".
const NOT_BEFORE_COUNTS: [&str; 14] = [
    "riksväg",
    "väg",
    "länsväg",
    "årskurs",
    "åk",
    "nr",
    "nummer",
    "linje",
    "buss",
    "klockan",
    "kl",
    "sidan",
    "inom",
    "efter",
];

/// Verbs after which "en"/"ett" counts one: "genomföra en gemensam informationskväll".
const ONE_VERBS: [&str; 6] = [
    "genomföra",
    "genomför",
    "anordna",
    "anordnar",
    "arrangera",
    "arrangerar",
];

/// Singular adjectives often met between "en"/"ett" and the counted noun.
const SINGULAR_ADJECTIVES: [&str; 10] = [
    "gemensam",
    "gemensamt",
    "ny",
    "nytt",
    "större",
    "särskild",
    "särskilt",
    "öppen",
    "öppet",
    "extra",
];

/// Verbs whose object is the counted thing: "genomföra trafikkontroller".
const COUNT_VERBS: [&str; 14] = [
    "genomföra",
    "genomför",
    "hålla",
    "håller",
    "anordna",
    "anordnar",
    "arrangera",
    "arrangerar",
    "ordna",
    "ordnar",
    "erbjuda",
    "erbjuder",
    "göra",
    "gör",
];

enum Hit {
    Times(u32),
    Noun(u32, String),
}

fn noun_like(w: &str) -> bool {
    w.chars().count() >= 3
        && w.chars().all(|c| c.is_alphabetic() || c == '-')
        && !NOT_NOUNS.contains(&w)
}

/// Adjectives between a number and its noun: "femton riktade insatser".
fn adjective_like(w: &str) -> bool {
    (w.chars().all(char::is_alphabetic) && (w.ends_with('a') || w.ends_with('e')))
        || SINGULAR_ADJECTIVES.contains(&w)
}

/// Numbers tied to a noun ("minst tio trygghetsvandringar") or to "gånger".
fn count_hits(toks: &[&str]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(n) = parse_number(t) else { continue };
        if four_digit_year(t).is_some() {
            continue;
        }
        let prev = if i > 0 { toks[i - 1] } else { "" };
        if NOT_BEFORE_COUNTS.contains(&prev) {
            continue;
        }
        let mut j = i + 1;
        while j < toks.len() && matches!(toks[j], "st" | "stycken") {
            j += 1;
        }
        let Some(&next) = toks.get(j) else { continue };
        if matches!(next, "gång" | "gånger") {
            hits.push(Hit::Times(n));
            continue;
        }
        // "en"/"ett" are usually articles; only "minst en …" and "genomföra en …" count.
        if matches!(*t, "en" | "ett") && prev != "minst" && !ONE_VERBS.contains(&prev) {
            continue;
        }
        let mut k = j;
        while k < j + 2
            && k + 1 < toks.len()
            && adjective_like(toks[k])
            && noun_like(toks[k + 1])
            && !NOT_UNITS.contains(&toks[k + 1])
        {
            k += 1;
        }
        let noun = toks[k];
        if NOT_UNITS.contains(&noun) || !noun_like(noun) {
            continue;
        }
        hits.push(Hit::Noun(n, noun.to_string()));
    }
    hits
}

/// The object of a counting verb, if it looks like an indefinite plural noun
/// ("genomföra trafikkontroller", "genomföra skolbesök").
fn object_noun(toks: &[&str]) -> Option<String> {
    let v = toks.iter().position(|t| COUNT_VERBS.contains(t))?;
    let mut k = v + 1;
    while k < v + 3 && k + 1 < toks.len() && adjective_like(toks[k]) {
        k += 1;
    }
    let noun = *toks.get(k)?;
    let definite = ["orna", "arna", "erna", "na"]
        .iter()
        .any(|s| noun.ends_with(s));
    (noun_like(noun) && !definite && !NOT_UNITS.contains(&noun) && parse_number(noun).is_none())
        .then(|| noun.to_string())
}

/// The activity's owner: its sentence's actor, else the owner section it stands in, else a guess from the
/// parties it mentions. The reason says why the owner is unsure, if it is.
fn owner_of(
    text: &str,
    section: Option<Actors>,
    others: &[String],
) -> (Proposed<Owner>, Option<Reason>) {
    let own = actors_at_start(text.trim(), others).reading();
    match own.or_else(|| section.and_then(Actors::reading)) {
        Some(Reading::Named(owner)) => return (Proposed::Found(owner), None),
        Some(Reading::OtherParty) => {
            return (
                Proposed::Guessed(Owner::Municipality),
                Some(Reason::OtherParty),
            )
        }
        Some(Reading::We) => {
            return (
                Proposed::Guessed(Owner::Joint),
                Some(Reason::OwnerNotStated),
            )
        }
        None => {}
    }
    let lower = text.to_lowercase();
    let police = lower.contains("polis");
    let municipality = lower.contains("kommun");
    let guess = match (police, municipality) {
        (true, true) => Proposed::Guessed(Owner::Joint),
        (true, false) => Proposed::Guessed(Owner::Police),
        (false, true) => Proposed::Guessed(Owner::Municipality),
        (false, false) => Proposed::Missing,
    };
    (guess, Some(Reason::OwnerNotStated))
}

/// Reads owner, measure, target, cadence and unit from one activity.
/// Returns the notes as (field, reason); the caller adds the indices.
fn analyse_activity(
    text: &str,
    section: Option<Actors>,
    others: &[String],
) -> (ActivityDraft, Vec<(Field, Reason)>) {
    let mut notes = Vec::new();
    let lower = text.to_lowercase();
    let toks = tokens(&lower);

    let (owner, owner_reason) = owner_of(text, section, others);
    if let Some(reason) = owner_reason {
        notes.push((Field::Owner, reason));
    }

    let cadence = match cadence_of(&lower) {
        Ok(Some(c)) => Proposed::Found(c),
        // No time phrase: the target counts over the whole agreement period.
        Ok(None) => Proposed::Found(Cadence::Period),
        Err(all) => {
            notes.push((Field::Cadence, Reason::ConflictingValues));
            Proposed::Guessed(all[0])
        }
    };
    let implied_once = matches!(cadence.value(), Some(Cadence::Month | Cadence::Week));

    let mut known: Vec<Measure> = Vec::new();
    if !word_matches(&lower, "identifiera ungdomar", true).is_empty()
        || !word_matches(&lower, "identifiera unga", true).is_empty()
    {
        known.push(Measure::YouthsIdentified);
    }
    if [
        "tillgänglig för poliskontoret",
        "fasta tidpunkter",
        "öppettider",
        "kontorstid",
    ]
    .iter()
    .any(|p| lower.contains(p))
    {
        known.push(Measure::OfficeHours);
    }
    if lower.contains("riktad insats") || lower.contains("riktade insatser") {
        known.push(Measure::TargetedOperation);
    }
    if lower.contains("samverkansmöte") {
        known.push(Measure::CollaborationMeeting);
    }

    let hits = count_hits(&toks);
    let mut numbers: Vec<u32> = Vec::new();
    for h in &hits {
        let n = match h {
            Hit::Times(n) | Hit::Noun(n, _) => *n,
        };
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    let number_target = || -> Proposed<Option<u32>> {
        match numbers.as_slice() {
            [] if implied_once => Proposed::Found(Some(1)),
            [] => Proposed::Missing,
            [n] => Proposed::Found(Some(*n)),
            [n, ..] => Proposed::Guessed(Some(*n)),
        }
    };

    let mut unit = None;
    let mut unit_singular = None;
    let (measure, target) = if let Some(&m) = known.first() {
        let measure = if known.len() > 1 {
            notes.push((Field::Measure, Reason::SeveralMeasures));
            Proposed::Guessed(m)
        } else {
            Proposed::Found(m)
        };
        let target = match m {
            Measure::OfficeHours | Measure::YouthsIdentified => Proposed::Found(None),
            _ => number_target(),
        };
        (measure, target)
    } else if !hits.is_empty() || implied_once {
        let noun = hits.iter().find_map(|h| match h {
            Hit::Noun(n, w) => Some((*n, w.clone())),
            Hit::Times(_) => None,
        });
        match noun {
            Some((1, w)) => {
                // "minst en trygghetsvandring": singular is given, plural is not.
                unit_singular = Some(w);
                notes.push((Field::Unit, Reason::UnitMissing));
            }
            Some((_, w)) => {
                let (singular, sure) = singular_of(&w);
                if !sure {
                    notes.push((Field::UnitSingular, Reason::SingularGuessed));
                }
                unit = Some(w);
                unit_singular = Some(singular);
            }
            None => match object_noun(&toks) {
                Some(w) => {
                    let (singular, sure) = singular_of(&w);
                    if !sure {
                        notes.push((Field::UnitSingular, Reason::SingularGuessed));
                    }
                    unit = Some(w);
                    unit_singular = Some(singular);
                }
                None => notes.push((Field::Unit, Reason::UnitMissing)),
            },
        }
        let measure = if unit.is_some() || unit_singular.is_some() {
            Proposed::Found(Measure::Count)
        } else {
            Proposed::Guessed(Measure::Count)
        };
        (measure, number_target())
    } else {
        (Proposed::Found(Measure::Unmeasured), Proposed::Found(None))
    };
    if target.is_missing() {
        notes.push((Field::Target, Reason::TargetMissing));
    } else if !target.is_sure() {
        notes.push((Field::Target, Reason::SeveralNumbers));
    }

    (
        ActivityDraft {
            text: text.to_string(),
            owner,
            measure,
            target,
            cadence,
            unit,
            unit_singular,
        },
        notes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_counts() {
        let (a, notes) = analyse_activity(
            "Polisen ska genomföra minst femton riktade insatser.",
            None,
            &[],
        );
        assert_eq!(a.measure, Proposed::Found(Measure::TargetedOperation));
        assert_eq!(a.target, Proposed::Found(Some(15)));
        assert!(notes.is_empty(), "{notes:?}");

        let (a, _) = analyse_activity(
            "Polisen ska identifiera ungdomar i åldern 21 år och yngre.",
            None,
            &[],
        );
        assert_eq!(a.target, Proposed::Found(None), "21 år is an age");

        let (a, notes) =
            analyse_activity("Kommunen ska besöka skolorna två gånger per år.", None, &[]);
        assert_eq!(a.measure, Proposed::Guessed(Measure::Count));
        assert_eq!(a.target, Proposed::Found(Some(2)));
        assert_eq!(a.cadence, Proposed::Found(Cadence::CalendarYear));
        assert_eq!(a.unit, None, "skolorna is definite, not a unit");
        assert!(notes.contains(&(Field::Unit, Reason::UnitMissing)));

        let (a, notes) = analyse_activity("Polisen ska ha en god dialog med skolorna.", None, &[]);
        assert_eq!(a.measure, Proposed::Found(Measure::Unmeasured));
        assert_eq!(a.target, Proposed::Found(None));
        assert!(notes.is_empty());
    }

    #[test]
    fn owners() {
        assert_eq!(
            owner_of("Ljungby kommun ska bjuda in", None, &[]).0,
            Proposed::Found(Owner::Municipality)
        );
        assert_eq!(
            owner_of("Ljungby kommun och polisen ska", None, &[]).0,
            Proposed::Found(Owner::Joint)
        );
        assert_eq!(
            owner_of("Gemensamt ska vi", None, &[]).0,
            Proposed::Found(Owner::Joint)
        );
        assert_eq!(
            owner_of("Kommunen ska", None, &[]).0,
            Proposed::Found(Owner::Municipality)
        );
        assert_eq!(
            owner_of("Under sommaren ska polisen", None, &[]).0,
            Proposed::Guessed(Owner::Police)
        );
        assert_eq!(owner_of("Fältgruppen ska", None, &[]).0, Proposed::Missing);
    }

    #[test]
    fn names_and_durations_are_not_targets() {
        for text in [
            "Kommunen ska ta bort skräp inom två dygn efter anmälan.",
            "Kommunen ska verka för sänkt hastighet på riksväg 45 genom centrum.",
            "Kommunen erbjuder elever i årskurs 7 en föräldrautbildning.",
        ] {
            let (a, _) = analyse_activity(text, None, &[]);
            assert_eq!(a.measure, Proposed::Found(Measure::Unmeasured), "{text}");
            assert_eq!(a.target, Proposed::Found(None), "{text}");
        }
        let (a, _) = analyse_activity(
            "Polisen ska genomföra en gemensam informationskväll för föräldrar.",
            None,
            &[],
        );
        assert_eq!(a.measure, Proposed::Found(Measure::Count));
        assert_eq!(a.target, Proposed::Found(Some(1)));
        assert_eq!(a.unit_singular.as_deref(), Some("informationskväll"));
    }

    #[test]
    fn words_of_one_topic_are_related() {
        assert!(related("hastighetskontroller", "trafikolyckor"));
        assert!(related("brandskyddsinformation", "bränder"));
        assert!(related("campingen", "camping"));
        assert!(!related("trafikolyckor", "bränder"));
        assert!(!related("centrum", "unga"));
    }
}
