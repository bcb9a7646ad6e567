//! Medborgarlöfte's domain: what an agreement is, what a report is and when it is acceptable, how progress
//! and pace are counted, how office hours recur, how the officer's offline queue moves, and every way input
//! can be wrong, as values. Nothing here produces words for a person: the app words these values in the
//! reader's language at its edge.

pub mod agreement;
pub mod agreement_text;
pub mod calendar;
pub mod credentials;
pub mod forms;
pub mod office_hours;
pub mod places;
pub mod pnr;
pub mod problem;
pub mod progress;
pub mod queue;
pub mod report;
pub mod types;

pub use problem::{Problem, Problems};
