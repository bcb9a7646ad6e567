//! The text cut into its parts (title, intro, promises and activities, sections, signing line and
//! signatures) before any value is interpreted.

use super::dates::parse_signing_line;
use super::lines::{
    bullet, is_activity_intro, is_promise_intro, promise_heading, section_heading, strip_markup,
    Section,
};
use chrono::NaiveDate;

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
pub(super) struct Item {
    pub(super) text: String,
    pub(super) bullet: bool,
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
    pub(super) signature_lines: Vec<String>,
    pub(super) implicit_promises: bool,
}

impl Layout {
    pub(super) fn read(lines: &[String]) -> Layout {
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
        if let Some(text) = promise_heading(line, mode != Mode::Intro) {
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
