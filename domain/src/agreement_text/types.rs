//! What the parser returns: the draft, its proposed values and the notes on what it is unsure of.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::agreement::{Cadence, Measure, Owner};

/// Published agreements are a few kilobytes; anything beyond this is cut.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

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

    pub(super) fn new(value: T, sure: bool) -> Self {
        if sure {
            Proposed::Found(value)
        } else {
            Proposed::Guessed(value)
        }
    }

    pub(super) fn from_option(value: Option<T>, sure: bool) -> Self {
        match value {
            Some(v) => Proposed::new(v, sure),
            None => Proposed::Missing,
        }
    }
}

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
    /// not mention "medborgarlöfte"). On [`Field::Input`]: nothing in the
    /// text reads as a promise or an activity.
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
    /// Only a party other than the police and the municipality does the activity (a rescue service, a
    /// housing company); the municipality is proposed as its owner.
    OtherParty,
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
    pub(super) fn on(field: Field, reason: Reason) -> Self {
        Uncertain {
            field,
            promise: None,
            activity: None,
            signatory: None,
            reason,
        }
    }
}
