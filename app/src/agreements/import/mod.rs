//! Importing an agreement from its published text: the parser's draft (domain's `agreement_text`) as the
//! admin's forms, a review page where every proposed field can be changed and what the parser is unsure
//! of is marked, and one save that creates the agreement with its promises and activities. Nothing is
//! saved before that save; the draft under review is kept in the admin's own session, so the page works
//! without JavaScript too.

//! Read from the bottom up: `model` (the forms and the check), `draft` (the parser's draft as forms),
//! `server` (the server functions), `page`.

mod draft;
pub mod model;
mod page;
mod server;

pub use draft::from_draft;
pub use page::ImportPage;
pub use server::{create_imported, current_review, import_agreement, review_import};
