//! The reader: the text cut into its parts (title, intro, promises and activities, sections, signing line
//! and signatories) by what each line is rather than by one layout. Headings say what follows them (a
//! list of promises, of activities, an owner's section, one promise); list items in any marker and
//! paragraphs are the promises and activities under them.

use super::actors::{actors_at_start, owner_heading, Actors, Reading};
use super::dates::parse_signing_line;
use super::lines::{
    bullet, ends_sentence, lead_in, promise_heading, section_heading, sentences, strip_markup,
    Lead, Section,
};
use super::signatures::{other_parties, read_signatories};
use super::types::{Owner, Signatory, Uncertain};
use chrono::NaiveDate;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Region {
    Body,
    Section(Section),
}

/// Whether items in the body are promises or activities.
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

/// A promise or activity as found.
#[derive(Default, Clone)]
pub(super) struct Item {
    pub(super) text: String,
    /// A list item rather than a line or paragraph of prose.
    pub(super) bullet: bool,
    /// Under a heading that names what follows ("Vad vi gör", "Fokusområden", "Polisen lovar att:"), so a
    /// paragraph is read there as surely as a bullet.
    pub(super) named: bool,
    /// The owner section the item stands in, if any.
    pub(super) section: Option<Actors>,
}

/// Promises followed by the activities listed after them. One group for the
/// seed's layout (all promises, then all activities); one group per promise
/// when each promise has its own activity list.
#[derive(Default)]
pub(super) struct Group {
    pub(super) promises: Vec<Item>,
    pub(super) activities: Vec<Item>,
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
pub(super) struct Layout {
    pub(super) title: Option<String>,
    pub(super) intro: Vec<String>,
    pub(super) groups: Vec<Group>,
    /// `None` when the heading is absent.
    pub(super) background: Option<Vec<String>>,
    pub(super) follow_up: Option<Vec<String>>,
    pub(super) signing: Option<(Option<String>, NaiveDate)>,
    pub(super) signatories: Vec<Signatory>,
    /// The signatories' organisations that are neither the municipality nor the police, lowercase.
    pub(super) other_parties: Vec<String>,
    pub(super) implicit_promises: bool,
}

/// A heading or lead-in line, by what it says follows.
enum Heading {
    Section(Section),
    Lead(Lead),
    /// "Polisen lovar att:": activities of that owner follow.
    Owner(Actors),
    /// "Löfte 1: …", "Fokusområde 2 – …": one promise, its activities follow.
    Promise(String),
}

/// Reading the body: whether items are promises or activities, under which heading, and the line
/// before (to tell a hard-wrapped line from a new item).
struct Body<'a> {
    mode: Mode,
    last: Last,
    blank_before: bool,
    previous_line: &'a str,
    /// The current heading names what follows it.
    named: bool,
    section: Option<Actors>,
    groups: Vec<Group>,
    intro: Paras,
    implicit_promises: bool,
}

impl Layout {
    /// Reads the parts of `lines`; notes on the signatories go to `notes`.
    pub(super) fn read(lines: &[String], notes: &mut Vec<Uncertain>) -> Layout {
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
        if let Some(i) = signing_idx {
            layout.signing = parse_signing_line(&lines[i]);
            layout.signatories = read_signatories(&lines[i + 1..], notes);
            layout.other_parties = other_parties(&layout.signatories);
        }
        let body_end = signing_idx.unwrap_or(lines.len());
        let others = layout.other_parties.clone();

        // "Vi lovar att:" before a lead-in to activities heads the promises, not a joint owner's section.
        let last_activity_lead = lines[..body_end]
            .iter()
            .rposition(|l| matches!(lead_in(l), Some(Lead::Activities { .. })));

        let mut region = Region::Body;
        let mut body = Body {
            mode: Mode::Intro,
            last: Last::Nothing,
            blank_before: false,
            previous_line: "",
            named: false,
            section: None,
            groups: vec![Group::default()],
            intro: Paras::default(),
            implicit_promises: false,
        };
        let mut background: Option<Paras> = None;
        let mut follow_up: Option<Paras> = None;

        for (i, line) in lines.iter().enumerate().take(body_end).skip(first + 1) {
            if line.is_empty() {
                body.blank_before = true;
                body.intro.end();
                for p in [&mut background, &mut follow_up].into_iter().flatten() {
                    p.end();
                }
                continue;
            }
            let in_section = matches!(region, Region::Section(_));
            let promises_started = !in_section && body.mode != Mode::Intro;
            let heading = match section_heading(line) {
                Some(s) => Some(Heading::Section(s)),
                None => heading(line, &others, promises_started),
            };
            let heading = match heading {
                Some(Heading::Owner(actors))
                    if body.mode == Mode::Intro
                        && actors.reading() == Some(Reading::Named(Owner::Joint))
                        && last_activity_lead.is_some_and(|a| a > i) =>
                {
                    Some(Heading::Lead(Lead::Promises { named: false }))
                }
                h => h,
            };
            match heading {
                Some(Heading::Section(section)) => {
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
                    body.last = Last::Nothing;
                }
                // Some agreements put "Lägesbild" before the promises: a heading of the body brings the
                // reader back to it.
                Some(h) => {
                    region = Region::Body;
                    body.heading(h);
                }
                None => match region {
                    Region::Section(Section::Background) => {
                        background.get_or_insert_with(Paras::default).line(line)
                    }
                    Region::Section(Section::FollowUp) => {
                        follow_up.get_or_insert_with(Paras::default).line(line)
                    }
                    Region::Section(Section::About) => {}
                    Region::Body => body.line(line),
                },
            }
            body.blank_before = false;
            body.previous_line = line;
        }
        layout.intro = body.intro.finish();
        layout.background = background.map(Paras::finish);
        layout.follow_up = follow_up.map(Paras::finish);
        layout.implicit_promises = body.implicit_promises;
        layout.groups = body.groups;
        for g in &mut layout.groups {
            g.activities = split_prose(std::mem::take(&mut g.activities), &others);
        }
        layout
    }
}

/// What a line heads, if it is a heading or lead-in line.
fn heading(line: &str, others: &[String], promises_started: bool) -> Option<Heading> {
    if bullet(line).is_some() {
        return None;
    }
    let plain = strip_markup(line);
    if let Some(actors) = owner_heading(&plain, others) {
        return Some(Heading::Owner(actors));
    }
    if let Some(lead) = lead_in(line) {
        return Some(Heading::Lead(lead));
    }
    // A bold line or Markdown heading heads a promise only once promises have started, and never inside
    // a section (where it is the section's own sub-heading).
    promise_heading(line, promises_started).map(Heading::Promise)
}

impl Body<'_> {
    fn heading(&mut self, h: Heading) {
        self.last = Last::Nothing;
        match h {
            Heading::Section(_) => {}
            Heading::Lead(Lead::Activities { named }) => {
                self.mode = Mode::Activities;
                self.named = named;
                self.section = None;
            }
            Heading::Lead(Lead::Promises { named }) => {
                start_group_if_needed(&mut self.groups);
                self.mode = Mode::Promises;
                self.named = named;
                self.section = None;
            }
            Heading::Owner(actors) => {
                self.mode = Mode::Activities;
                self.named = true;
                self.section = Some(actors);
            }
            Heading::Promise(text) => {
                push_promise(
                    &mut self.groups,
                    Item {
                        text,
                        bullet: true,
                        named: true,
                        section: None,
                    },
                );
                // Items under a promise's heading are its activities.
                self.mode = Mode::Activities;
                self.named = true;
                self.section = None;
                self.last = Last::Promise;
            }
        }
    }

    /// A non-blank line of the body that is no heading: a list item, a wrapped line of the item before,
    /// or a line of prose.
    fn line(&mut self, line: &str) {
        if let Some((text, bold)) = bullet(line) {
            let item = Item {
                text: strip_markup(text),
                bullet: true,
                named: self.named,
                section: self.section,
            };
            match self.mode {
                // A bold bullet after activities is the next promise heading.
                Mode::Activities if bold && self.section.is_none() => {
                    push_promise(&mut self.groups, item);
                    self.last = Last::Promise;
                }
                Mode::Activities => {
                    push_activity(&mut self.groups, item);
                    self.last = Last::Activity;
                }
                Mode::Intro | Mode::Promises => {
                    if self.mode == Mode::Intro {
                        self.implicit_promises = true;
                    }
                    push_promise(&mut self.groups, item);
                    self.mode = Mode::Promises;
                    self.last = Last::Promise;
                }
            }
            return;
        }
        let text = strip_markup(line);
        if !self.blank_before && self.last != Last::Nothing && continues(self.previous_line, &text)
        {
            let group = self.groups.last_mut();
            let item = match self.last {
                Last::Promise => group.and_then(|g| g.promises.last_mut()),
                _ => group.and_then(|g| g.activities.last_mut()),
            };
            if let Some(item) = item {
                if !item.text.is_empty() {
                    item.text.push(' ');
                }
                item.text.push_str(&text);
                return;
            }
        }
        let item = Item {
            text,
            bullet: false,
            named: self.named,
            section: self.section,
        };
        match self.mode {
            Mode::Intro => self.intro.line(&item.text),
            Mode::Promises => {
                push_promise(&mut self.groups, item);
                self.last = Last::Promise;
            }
            Mode::Activities => {
                push_activity(&mut self.groups, item);
                self.last = Last::Activity;
            }
        }
    }
}

/// Whether a line of prose goes on with the line before (a hard-wrapped sentence) rather than start the
/// next item: it starts in lowercase, or the line before neither ends a sentence nor is short enough to be
/// an item of its own ("Vi vill uppnå" followed by one short sentence a line).
fn continues(previous: &str, line: &str) -> bool {
    if line.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    !ends_sentence(previous) && previous.chars().count() >= 60
}

/// A paragraph of activities in prose may hold several, each a sentence with its actor first: it is cut
/// before every sentence that starts with an actor.
fn split_prose(items: Vec<Item>, others: &[String]) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.bullet {
            out.push(item);
            continue;
        }
        let parts = sentences(&item.text);
        let mut cur = String::new();
        let mut pieces = Vec::new();
        for s in parts {
            let starts_new =
                !cur.is_empty() && actors_at_start(s.trim(), others).reading().is_some();
            if starts_new {
                pieces.push(std::mem::take(&mut cur).trim().to_string());
            }
            cur.push_str(s);
        }
        pieces.push(cur.trim().to_string());
        for text in pieces.into_iter().filter(|t| !t.is_empty()) {
            out.push(Item {
                text,
                ..item.clone()
            });
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Layout {
        let lines: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
        Layout::read(&lines, &mut Vec::new())
    }

    fn texts(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.text.as_str()).collect()
    }

    #[test]
    fn owner_sections_under_numbered_focus_areas() {
        let l = read("Medborgarlöfte\n\nFokusområde 1: Trygga skolvägar\n\nPolisen lovar att:\n– göra tio trafikkontroller\n\nKommunen lovar att:\n– bygga två övergångsställen\n\nFokusområde 2 – Färre inbrott\n\nTillsammans lovar vi att:\n1. hålla fyra informationsmöten");
        assert_eq!(l.groups.len(), 2, "one group per focus area");
        let g = &l.groups[0];
        assert_eq!(texts(&g.promises), ["Trygga skolvägar"]);
        assert_eq!(
            texts(&g.activities),
            ["göra tio trafikkontroller", "bygga två övergångsställen"]
        );
        let owners: Vec<_> = g
            .activities
            .iter()
            .map(|a| a.section.and_then(Actors::reading))
            .collect();
        assert_eq!(
            owners,
            [
                Some(Reading::Named(Owner::Police)),
                Some(Reading::Named(Owner::Municipality))
            ]
        );
        assert_eq!(texts(&l.groups[1].promises), ["Färre inbrott"]);
        assert_eq!(
            l.groups[1].activities[0].section.and_then(Actors::reading),
            Some(Reading::Named(Owner::Joint))
        );
    }

    #[test]
    fn one_sentence_a_line_and_prose_paragraphs() {
        let l = read("Medborgarlöfte\n\nVad vi vill uppnå\nFärre inbrott.\nTryggare centrum\nFler vuxna ute på kvällarna\n\nVad vi gör\n\nPolisen besöker centrum varje fredag och pratar med\nunga och vuxna. Kommunen ordnar nattvandringar.\n\nKommunen och polisen håller samverkansmöten.");
        let g = &l.groups[0];
        assert_eq!(
            texts(&g.promises),
            [
                "Färre inbrott.",
                "Tryggare centrum",
                "Fler vuxna ute på kvällarna"
            ]
        );
        assert_eq!(
            texts(&g.activities),
            [
                "Polisen besöker centrum varje fredag och pratar med unga och vuxna.",
                "Kommunen ordnar nattvandringar.",
                "Kommunen och polisen håller samverkansmöten.",
            ],
            "a wrapped line joins its sentence; a sentence with its own actor is an activity of its own"
        );
        assert!(g.activities.iter().all(|a| a.named && !a.bullet));
    }

    #[test]
    fn a_long_wrapped_line_goes_on_even_with_a_capital() {
        assert!(continues(
            "Polisen genomför minst tio nykterhetskontroller i månaden vid",
            "Tallmo centrum."
        ));
        assert!(!continues("Tryggare centrum", "Färre inbrott"));
        assert!(!continues(
            "Färre inbrott i villaområdena under hela året, främst i Ängen.",
            "Tryggare centrum"
        ));
        assert!(continues("Tryggare", "centrum"));
    }

    #[test]
    fn a_joint_pledge_before_activities_heads_the_promises() {
        let l = read("Medborgarlöfte\n\nVi lovar att:\n- minska klottret\n\nDet ska vi åstadkomma genom följande aktiviteter:\n- Kommunen ska sanera klotter");
        assert_eq!(texts(&l.groups[0].promises), ["minska klottret"]);
        assert_eq!(
            texts(&l.groups[0].activities),
            ["Kommunen ska sanera klotter"]
        );
    }

    #[test]
    fn third_parties_come_from_the_signatories() {
        let l = read("Medborgarlöfte\n\nVi vill uppnå\nFärre bränder.\n\nBostadsbolaget Ekhem lovar att:\n- rensa förråden\n\nEkby 2025-01-01\n\nKim Ek, vd, Ekhem AB");
        assert_eq!(l.other_parties, ["ekhem ab"]);
        let a = &l.groups[0].activities[0];
        assert_eq!(
            a.section.and_then(Actors::reading),
            Some(Reading::OtherParty)
        );
    }
}
