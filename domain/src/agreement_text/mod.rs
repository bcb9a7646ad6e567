//! Turns the published text of a Swedish *medborgarlöfte* (a short agreement
//! in which a municipality and its local police promise countable
//! activities) into a [`Draft`] that an admin reviews before it is saved.
//!
//! Data inside, words at the edge: the parser returns values and
//! machine-readable uncertainty markers ([`Proposed`], [`Uncertain`]) and
//! never sentences for a UI. Anything the parser infers rather than reads is
//! [`Proposed::Guessed`] and usually has a note saying why, so nothing is
//! guessed silently.
//!
//! The parser never panics and does bounded work: inputs larger than
//! [`MAX_INPUT_BYTES`] are cut (with a note), and the only quadratic step
//! (matching activities to promises by shared words) is capped.

pub mod numbers;

use chrono::{Datelike, Months, NaiveDate};
use numbers::{cadence_of, parse_number, singular_of, word_matches};
use serde::{Deserialize, Serialize};

/// Published agreements are a few kilobytes; anything beyond this is cut.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

/// Above this many promise × activity pairs in one list, activities are not
/// matched by shared words (keeps the work bounded on hostile input).
const MAX_PAIRS_TO_SCORE: usize = 50_000;

// ---------------------------------------------------------------- types --

/// A value the parser proposes, with how sure it is.
///
/// Serialized adjacently tagged: `{"status":"found","value":…}`,
/// `{"status":"guessed","value":…}`, `{"status":"missing"}`. For
/// `Proposed<Option<u32>>`, `{"status":"found","value":null}` means the text
/// clearly names no target, which differs from `missing`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "value", rename_all = "snake_case")]
pub enum Proposed<T> {
    /// Read from the text by a rule that does not guess.
    Found(T),
    /// Inferred; the UI should ask the admin to confirm it.
    Guessed(T),
    /// Not in the text.
    Missing,
}

impl<T> Proposed<T> {
    /// The proposed value, sure or not.
    pub fn value(&self) -> Option<&T> {
        match self {
            Proposed::Found(v) | Proposed::Guessed(v) => Some(v),
            Proposed::Missing => None,
        }
    }

    /// True only for [`Proposed::Found`].
    pub fn is_sure(&self) -> bool {
        matches!(self, Proposed::Found(_))
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Proposed::Missing)
    }

    fn new(value: T, sure: bool) -> Self {
        if sure {
            Proposed::Found(value)
        } else {
            Proposed::Guessed(value)
        }
    }

    fn from_option(value: Option<T>, sure: bool) -> Self {
        match value {
            Some(v) => Proposed::new(v, sure),
            None => Proposed::Missing,
        }
    }
}

pub use crate::agreement::{Cadence, Measure, Owner};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub name: String,
    /// `None` when the signature block has fewer than two lines.
    pub title: Option<String>,
    /// `None` when the signature block has fewer than three lines.
    pub organisation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityDraft {
    /// The activity as written, without bullet or markup.
    pub text: String,
    pub owner: Proposed<Owner>,
    pub measure: Proposed<Measure>,
    /// `Found(None)`: the measure has no numeric target.
    pub target: Proposed<Option<u32>>,
    pub cadence: Proposed<Cadence>,
    /// For [`Measure::Count`]: the counted noun in plural as written,
    /// e.g. "trygghetsvandringar".
    pub unit: Option<String>,
    /// The singular of `unit`; a note marks it when derived by a guessing rule.
    pub unit_singular: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseDraft {
    pub text: String,
    pub activities: Vec<ActivityDraft>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub title: Proposed<String>,
    pub municipality: Proposed<String>,
    pub police_area: Proposed<String>,
    pub signed_place: Proposed<String>,
    pub signed_on: Proposed<NaiveDate>,
    pub valid_from: Proposed<NaiveDate>,
    pub valid_to: Proposed<NaiveDate>,
    pub background: Proposed<String>,
    pub follow_up: Proposed<String>,
    pub signatories: Vec<Signatory>,
    pub promises: Vec<PromiseDraft>,
    pub notes: Vec<Uncertain>,
}

/// Which part of the draft a note is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The input as a whole.
    Input,
    Title,
    Municipality,
    PoliceArea,
    SignedPlace,
    SignedOn,
    ValidFrom,
    ValidTo,
    Background,
    FollowUp,
    Signatories,
    Promises,
    /// `promises[promise].text`.
    PromiseText,
    /// Which promise `promises[promise].activities[activity]` belongs to.
    ActivityPromise,
    /// `promises[promise].activities[activity]` as a whole.
    Activity,
    Owner,
    Measure,
    Target,
    Cadence,
    Unit,
    UnitSingular,
}

/// Why the parser is unsure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The input was longer than [`MAX_INPUT_BYTES`] and was cut.
    InputTruncated,
    /// The value is not in the text.
    NotFound,
    /// The section's heading is not in the text.
    SectionMissing,
    /// The section's heading is there but nothing follows it.
    SectionEmpty,
    /// The value does not have the expected shape (e.g. a title that does
    /// not mention "medborgarlöfte").
    NotRecognised,
    /// Inferred from the years in the title.
    InferredFromTitle,
    /// Found in running text rather than where it is normally stated.
    InferredFromText,
    /// No start date is named; the signing date is proposed.
    DefaultedToSigningDate,
    /// Computed from another value that is itself a guess.
    DependsOnGuess,
    /// The text gives different values; the first is proposed.
    ConflictingValues,
    /// Promises and activities were listed without the usual lead-in line.
    HeadingMissing,
    /// An activity shares words with more than one promise about equally.
    AmbiguousKeywords,
    /// An activity shares no words with any promise; it was placed with the
    /// activity before it.
    NoKeywordOverlap,
    /// Activities appear before any promise.
    NoPromiseForActivities,
    /// A paragraph, not a bullet, was read as a promise or activity.
    NotABullet,
    /// The activity does not say who does it.
    OwnerNotStated,
    /// More than one known measure matches.
    SeveralMeasures,
    /// A number is given but no counted noun could be read.
    UnitMissing,
    /// The measure counts something but no number is given.
    TargetMissing,
    /// Several different numbers could be the target.
    SeveralNumbers,
    /// The singular was derived by a rule with exceptions.
    SingularGuessed,
    /// A signature block has fewer than three lines.
    Incomplete,
    /// A signature block had more than three lines and was split in threes.
    BlockSplit,
}

/// One thing the admin should check. Indices are 0-based into
/// [`Draft::promises`], `promises[p].activities` and [`Draft::signatories`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncertain {
    pub field: Field,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promise: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatory: Option<usize>,
    pub reason: Reason,
}

impl Uncertain {
    fn on(field: Field, reason: Reason) -> Self {
        Uncertain {
            field,
            promise: None,
            activity: None,
            signatory: None,
            reason,
        }
    }
}

// ------------------------------------------------------------ entry ------

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
    let layout = Layout::read(&lines);

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

    let signatories = read_signatories(&layout.signature_lines, &mut notes);
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
    let promises = assemble_promises(&layout.groups, &mut notes);
    if promises.is_empty() {
        notes.push(Uncertain::on(Field::Promises, Reason::NotFound));
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

// ------------------------------------------------------------- layout ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    About,
    Background,
    FollowUp,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Region {
    Body,
    Section(Section),
    Signatures,
}

/// Whether bullets in the body are promises or activities.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Intro,
    Promises,
    Activities,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Promise,
    Activity,
}

/// A promise or activity as found: its text and whether it was a bullet.
#[derive(Default, Clone)]
struct Item {
    text: String,
    bullet: bool,
}

/// Promises followed by the activities listed after them. One group for the
/// seed's layout (all promises, then all activities); one group per promise
/// when each promise has its own activity list.
#[derive(Default)]
struct Group {
    promises: Vec<Item>,
    activities: Vec<Item>,
}

/// Lines joined into paragraphs: lines of one paragraph with a space, as
/// published texts are often hard-wrapped.
#[derive(Default)]
struct Paras {
    done: Vec<String>,
    cur: String,
}

impl Paras {
    fn line(&mut self, l: &str) {
        if !self.cur.is_empty() {
            self.cur.push(' ');
        }
        self.cur.push_str(l);
    }
    fn end(&mut self) {
        if !self.cur.is_empty() {
            self.done.push(std::mem::take(&mut self.cur));
        }
    }
    fn finish(mut self) -> Vec<String> {
        self.end();
        self.done
    }
}

/// The text cut into its parts, before any interpretation of values.
#[derive(Default)]
struct Layout {
    title: Option<String>,
    intro: Vec<String>,
    groups: Vec<Group>,
    /// `None` when the heading is absent.
    background: Option<Vec<String>>,
    follow_up: Option<Vec<String>>,
    signing: Option<(Option<String>, NaiveDate)>,
    signature_lines: Vec<String>,
    implicit_promises: bool,
}

impl Layout {
    fn read(lines: &[String]) -> Layout {
        let mut layout = Layout::default();
        let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
            return layout;
        };
        // The signing line is the last "<Place> <date>" line; signatures follow.
        let signing_idx = lines
            .iter()
            .rposition(|l| parse_signing_line(l).is_some())
            .filter(|&i| i > first);
        layout.title = Some(strip_markup(&lines[first]));

        let mut region = Region::Body;
        let mut mode = Mode::Intro;
        let mut last = Last::Nothing;
        let mut blank_before = false;
        let mut intro = Paras::default();
        let mut background: Option<Paras> = None;
        let mut follow_up: Option<Paras> = None;
        let mut groups = vec![Group::default()];

        for (i, line) in lines.iter().enumerate().skip(first + 1) {
            if Some(i) == signing_idx {
                layout.signing = parse_signing_line(line);
                region = Region::Signatures;
                continue;
            }
            if region == Region::Signatures {
                layout.signature_lines.push(line.clone());
                continue;
            }
            if line.is_empty() {
                blank_before = true;
                intro.end();
                for p in [&mut background, &mut follow_up].into_iter().flatten() {
                    p.end();
                }
                continue;
            }
            if let Some(section) = section_heading(line) {
                region = Region::Section(section);
                match section {
                    Section::Background => {
                        background.get_or_insert_with(Paras::default).end();
                    }
                    Section::FollowUp => {
                        follow_up.get_or_insert_with(Paras::default).end();
                    }
                    Section::About => {}
                }
                last = Last::Nothing;
                blank_before = false;
                continue;
            }
            // Some agreements put "Lägesbild" before the promises: a lead-in
            // line brings the reader back to the promises.
            if matches!(region, Region::Section(_))
                && (is_promise_intro(line) || is_activity_intro(line))
            {
                region = Region::Body;
            }
            match region {
                Region::Section(Section::Background) => {
                    background.get_or_insert_with(Paras::default).line(line)
                }
                Region::Section(Section::FollowUp) => {
                    follow_up.get_or_insert_with(Paras::default).line(line)
                }
                Region::Section(Section::About) | Region::Signatures => {}
                Region::Body => {
                    let step = BodyStep {
                        mode,
                        last,
                        blank_before,
                    };
                    let (m, l) = step.apply(line, &mut groups, &mut intro, &mut layout);
                    mode = m;
                    last = l;
                }
            }
            blank_before = false;
        }
        layout.intro = intro.finish();
        layout.background = background.map(Paras::finish);
        layout.follow_up = follow_up.map(Paras::finish);
        layout.groups = groups;
        layout
    }
}

/// State for reading one non-blank line of the body.
struct BodyStep {
    mode: Mode,
    last: Last,
    blank_before: bool,
}

impl BodyStep {
    fn apply(
        self,
        line: &str,
        groups: &mut Vec<Group>,
        intro: &mut Paras,
        layout: &mut Layout,
    ) -> (Mode, Last) {
        let BodyStep {
            mut mode,
            last,
            blank_before,
        } = self;
        if is_activity_intro(line) {
            return (Mode::Activities, Last::Nothing);
        }
        if is_promise_intro(line) {
            start_group_if_needed(groups);
            return (Mode::Promises, Last::Nothing);
        }
        if let Some((text, bold)) = bullet(line) {
            let item = Item {
                text: strip_markup(text),
                bullet: true,
            };
            return match mode {
                // A bold bullet after activities is the next promise heading.
                Mode::Activities if bold => {
                    push_promise(groups, item);
                    (Mode::Activities, Last::Promise)
                }
                Mode::Activities => {
                    push_activity(groups, item);
                    (mode, Last::Activity)
                }
                Mode::Intro | Mode::Promises => {
                    if mode == Mode::Intro {
                        layout.implicit_promises = true;
                    }
                    push_promise(groups, item);
                    (Mode::Promises, Last::Promise)
                }
            };
        }
        if let Some(text) = promise_heading(line, mode) {
            push_promise(groups, Item { text, bullet: true });
            // Bullets under a promise heading are its activities.
            return (Mode::Activities, Last::Promise);
        }
        // Plain text: a wrapped continuation, intro prose, or an unbulleted item.
        let text = strip_markup(line);
        if !blank_before && last != Last::Nothing {
            let group = groups.last_mut();
            let item = match last {
                Last::Promise => group.and_then(|g| g.promises.last_mut()),
                _ => group.and_then(|g| g.activities.last_mut()),
            };
            if let Some(item) = item {
                if !item.text.is_empty() {
                    item.text.push(' ');
                }
                item.text.push_str(&text);
                return (mode, last);
            }
        }
        match mode {
            Mode::Intro => {
                intro.line(&text);
                (mode, Last::Nothing)
            }
            Mode::Promises => {
                push_promise(
                    groups,
                    Item {
                        text,
                        bullet: false,
                    },
                );
                (mode, Last::Promise)
            }
            Mode::Activities => {
                push_activity(
                    groups,
                    Item {
                        text,
                        bullet: false,
                    },
                );
                mode = Mode::Activities;
                (mode, Last::Activity)
            }
        }
    }
}

fn start_group_if_needed(groups: &mut Vec<Group>) {
    if groups.last().is_none_or(|g| !g.activities.is_empty()) {
        groups.push(Group::default());
    }
}

fn push_promise(groups: &mut Vec<Group>, item: Item) {
    start_group_if_needed(groups);
    if let Some(g) = groups.last_mut() {
        g.promises.push(item);
    }
}

fn push_activity(groups: &mut Vec<Group>, item: Item) {
    if groups.is_empty() {
        groups.push(Group::default());
    }
    if let Some(g) = groups.last_mut() {
        g.activities.push(item);
    }
}

// -------------------------------------------------------- line shapes ----

fn clean_line(l: &str) -> String {
    l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
        .to_string()
}

/// Removes Markdown emphasis and heading marks that some published copies carry.
fn strip_markup(s: &str) -> String {
    s.trim_start_matches('#')
        .replace("**", "")
        .trim()
        .to_string()
}

/// The text after a bullet ("- ", "• ", "* ", "– ", "1. ", "1) ") and
/// whether it is wholly bold.
fn bullet(line: &str) -> Option<(&str, bool)> {
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

fn section_heading(line: &str) -> Option<Section> {
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
fn is_promise_intro(line: &str) -> bool {
    let n = strip_markup(line).to_lowercase();
    bullet(line).is_none()
        && n.ends_with(':')
        && !n.contains("aktivitet")
        && (n.contains("lovar") || n.contains("löfte"))
}

/// "Det ska vi åstadkomma genom följande aktiviteter:".
fn is_activity_intro(line: &str) -> bool {
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
fn promise_heading(line: &str, mode: Mode) -> Option<String> {
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
    if mode != Mode::Intro && (bold || line.starts_with('#')) && !plain.is_empty() {
        return Some(plain);
    }
    None
}

// ------------------------------------------------------------- dates -----

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

fn four_digit_year(s: &str) -> Option<i32> {
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
fn parse_signing_line(line: &str) -> Option<(Option<String>, NaiveDate)> {
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

/// Tokens of a lowercase sentence with punctuation trimmed from their ends.
fn tokens(s: &str) -> Vec<&str> {
    s.split_whitespace()
        .map(trim_punct)
        .filter(|t| !t.is_empty())
        .collect()
}

fn trim_punct(t: &str) -> &str {
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
fn sentences(p: &str) -> Vec<&str> {
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

/// "2024–2025", "2024-2025", "2024/2025" as one token.
fn year_range_token(t: &str) -> Option<(i32, i32)> {
    let (a, b) = t.split_once(['-', '–', '—', '/'])?;
    let (a, b) = (four_digit_year(a)?, four_digit_year(b)?);
    (a <= b && b - a <= 5).then_some((a, b))
}

/// The years a title names: a range, or a single year as (y, y).
fn years_in_title(title: &str) -> Option<(i32, i32)> {
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

fn validity_facts(sentence: &str, facts: &mut ValidityFacts) {
    let lower = sentence.to_lowercase();
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
    let mut unlabelled = Vec::new();
    for (k, &(start, _, date)) in dates.iter().enumerate() {
        let mut j = start;
        if j > 0 && toks[j - 1] == "den" {
            j -= 1;
        }
        let before = |m: usize| toks.get(j.saturating_sub(m)..j).map(|w| w.join(" "));
        let prev = before(1).unwrap_or_default();
        let prev3 = before(3).unwrap_or_default();
        let is_from = prev3 == "från och med"
            || matches!(prev.as_str(), "fr.o.m" | "fom" | "från" | "mellan");
        let is_to = prev3 == "till och med"
            || matches!(prev.as_str(), "t.o.m" | "tom" | "till")
            || (k > 0 && matches!(prev.as_str(), "-" | "–" | "och"));
        if is_from {
            facts.from = facts.from.or(Some(date));
        } else if is_to {
            facts.to = facts.to.or(Some(date));
        } else {
            unlabelled.push(date);
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
    // Years: "2024–2025", "2024 – 2025", "under 2025".
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
                .filter(|w| matches!(w[0], "-" | "–" | "—" | "till"))
                .and_then(|w| four_digit_year(w[1]))
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
fn validity(
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

// ----------------------------------------------------- parties & text ----

fn section_text(
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

/// Signature blocks: name, title, organisation, separated by blank lines.
fn read_signatories(lines: &[String], notes: &mut Vec<Uncertain>) -> Vec<Signatory> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for l in lines {
        if l.is_empty() {
            if !cur.is_empty() {
                blocks.push(std::mem::take(&mut cur));
            }
        } else if !l
            .chars()
            .all(|c| matches!(c, '_' | '-' | '–' | '.' | '…' | ' '))
        {
            cur.push(l);
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    let mut out = Vec::new();
    for block in blocks {
        let split = block.len() > 3;
        for chunk in block.chunks(3) {
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
            if chunk.len() < 3 {
                note(Reason::Incomplete);
            }
            out.push(Signatory {
                name: strip_markup(chunk[0]),
                title: chunk.get(1).map(|s| strip_markup(s)),
                organisation: chunk.get(2).map(|s| strip_markup(s)),
            });
        }
    }
    out
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
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

fn find_municipality(
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

fn find_police_area(
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
                    return Proposed::Guessed(format!("{} {}", w, name.join(" ")));
                }
            }
        }
    }
    notes.push(Uncertain::on(Field::PoliceArea, Reason::NotFound));
    Proposed::Missing
}

// ------------------------------------------------- promises & activities --

/// Nests activities under promises. A group with one promise keeps its
/// activities; a group with several promises assigns each activity by shared
/// words, noting ambiguous or word-less assignments.
fn assemble_promises(groups: &[Group], notes: &mut Vec<Uncertain>) -> Vec<PromiseDraft> {
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
            promise_not_bullet.push(!p.bullet);
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
        let (activity, activity_notes) = analyse_activity(&item.text);
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
        if !item.bullet {
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

/// Two words are related when equal or sharing a six-letter start:
/// "tillgänglig" ~ "tillgängligheten", "narkotikabrott" ~ "narkotikabruk".
fn related(a: &str, b: &str) -> bool {
    a == b || a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count() >= 6
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
const NOT_NOUNS: [&str; 26] = [
    "och", "eller", "i", "på", "av", "för", "till", "med", "om", "per", "under", "vid", "från",
    "som", "att", "de", "den", "det", "fler", "mer", "olika", "nya", "st", "stycken", "ska",
    "kommer",
];

/// Words after a number that make it an age, a duration or a share, not a target.
const NOT_UNITS: [&str; 17] = [
    "år", "års", "åring", "åringar", "månad", "månader", "vecka", "veckor", "dag", "dagar",
    "timme", "timmar", "minuter", "procent", "kronor", "kr", "%",
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
    w.chars().all(char::is_alphabetic) && (w.ends_with('a') || w.ends_with('e'))
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
        let mut j = i + 1;
        while j < toks.len() && matches!(toks[j], "st" | "stycken") {
            j += 1;
        }
        let Some(&next) = toks.get(j) else { continue };
        if matches!(next, "gång" | "gånger") {
            hits.push(Hit::Times(n));
            continue;
        }
        // "en"/"ett" are usually articles; only "minst en …" is a count.
        if matches!(*t, "en" | "ett") && prev != "minst" {
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

fn owner_of(text: &str) -> (Proposed<Owner>, bool) {
    let lower = text.trim().to_lowercase();
    let toks = tokens(&lower);
    let head: Vec<&str> = toks.iter().take(6).copied().collect();
    let starts = |p: &str| lower.starts_with(p);
    if starts("polisen och kommunen")
        || starts("kommunen och polisen")
        || starts("polis och kommun")
        || starts("kommun och polis")
        || starts("gemensamt")
        || starts("tillsammans")
    {
        return (Proposed::Found(Owner::Joint), true);
    }
    // "<Name> kommun och polisen …"
    if let Some(k) = head.iter().take(4).position(|t| *t == "kommun") {
        if head.get(k + 1) == Some(&"och")
            && head.get(k + 2).is_some_and(|t| t.starts_with("polis"))
        {
            return (Proposed::Found(Owner::Joint), true);
        }
        if k > 0 && head[..k].iter().all(|t| !t.starts_with("polis")) {
            return (Proposed::Found(Owner::Municipality), true);
        }
    }
    if starts("polisen") || starts("lokalpolis") || starts("polis ") {
        return (Proposed::Found(Owner::Police), true);
    }
    if starts("kommunen") {
        return (Proposed::Found(Owner::Municipality), true);
    }
    if starts("vi ") {
        return (Proposed::Guessed(Owner::Joint), false);
    }
    let police = lower.contains("polis");
    let municipality = lower.contains("kommun");
    let guess = match (police, municipality) {
        (true, true) => Proposed::Guessed(Owner::Joint),
        (true, false) => Proposed::Guessed(Owner::Police),
        (false, true) => Proposed::Guessed(Owner::Municipality),
        (false, false) => Proposed::Missing,
    };
    (guess, false)
}

/// Reads owner, measure, target, cadence and unit from one activity.
/// Returns the notes as (field, reason); the caller adds the indices.
fn analyse_activity(text: &str) -> (ActivityDraft, Vec<(Field, Reason)>) {
    let mut notes = Vec::new();
    let lower = text.to_lowercase();
    let toks = tokens(&lower);

    let (owner, owner_sure) = owner_of(text);
    if !owner_sure {
        notes.push((Field::Owner, Reason::OwnerNotStated));
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
    fn activity_counts() {
        let (a, notes) = analyse_activity("Polisen ska genomföra minst femton riktade insatser.");
        assert_eq!(a.measure, Proposed::Found(Measure::TargetedOperation));
        assert_eq!(a.target, Proposed::Found(Some(15)));
        assert!(notes.is_empty(), "{notes:?}");

        let (a, _) = analyse_activity("Polisen ska identifiera ungdomar i åldern 21 år och yngre.");
        assert_eq!(a.target, Proposed::Found(None), "21 år is an age");

        let (a, notes) = analyse_activity("Kommunen ska besöka skolorna två gånger per år.");
        assert_eq!(a.measure, Proposed::Guessed(Measure::Count));
        assert_eq!(a.target, Proposed::Found(Some(2)));
        assert_eq!(a.cadence, Proposed::Found(Cadence::CalendarYear));
        assert_eq!(a.unit, None, "skolorna is definite, not a unit");
        assert!(notes.contains(&(Field::Unit, Reason::UnitMissing)));

        let (a, notes) = analyse_activity("Polisen ska ha en god dialog med skolorna.");
        assert_eq!(a.measure, Proposed::Found(Measure::Unmeasured));
        assert_eq!(a.target, Proposed::Found(None));
        assert!(notes.is_empty());
    }

    #[test]
    fn owners() {
        assert_eq!(
            owner_of("Ljungby kommun ska bjuda in").0,
            Proposed::Found(Owner::Municipality)
        );
        assert_eq!(
            owner_of("Ljungby kommun och polisen ska").0,
            Proposed::Found(Owner::Joint)
        );
        assert_eq!(
            owner_of("Gemensamt ska vi").0,
            Proposed::Found(Owner::Joint)
        );
        assert_eq!(
            owner_of("Kommunen ska").0,
            Proposed::Found(Owner::Municipality)
        );
        assert_eq!(
            owner_of("Under sommaren ska polisen").0,
            Proposed::Guessed(Owner::Police)
        );
        assert_eq!(owner_of("Fältgruppen ska").0, Proposed::Missing);
    }
}
