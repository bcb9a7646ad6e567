//! Where values become words for people, in Swedish and English from the locale files: the one place per
//! concern that says a value to a person. Nothing else in the app words a value itself.
//!
//! - `names`: what single values are called (dates, months, weekdays, paces, owners, units, place kinds, a
//!   count the public sees), and `fill` for a template's placeholders;
//! - `problems`: the sentences for the domain's problems and for the queue's and storage's refusals;
//! - `reports`: the officer pages' words for reports (a kind's name, a field's label, one line per report).

pub mod names;
pub mod problems;
pub mod reports;
