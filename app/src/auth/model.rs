//! Accounts as the pages and server functions exchange them.

use crate::places::model::{Named, PoliceArea};
use domain::credentials::Role;
use domain::places::Scope;
use serde::{Deserialize, Serialize};

/// An account as the people page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub scope: Scope,
    pub disabled: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub people: Vec<Person>,
    /// A password just reset by this admin: (username, password), shown once.
    pub new_password: Option<(String, String)>,
    /// The signed-in admin's scope: the page says which it is, and offers the scopes inside it.
    pub scope: Scope,
    /// The police areas in that scope, for the scopes a new account may have.
    pub police_areas: Vec<crate::places::model::PoliceArea>,
}

/// The signed-in admin (`admin/session`), given to every admin page as context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminContext {
    pub username: String,
    pub role: Role,
    pub scope: Scope,
    /// The police areas the scope holds: what a new agreement, office hour or account may name.
    pub police_areas: Vec<PoliceArea>,
    /// The municipalities a new agreement in this scope may name.
    pub municipalities: Vec<Named>,
}

impl AdminContext {
    /// The police area of a scope, if the scope is one and this admin's list holds it.
    pub fn area(&self, slug: &str) -> Option<&PoliceArea> {
        self.police_areas.iter().find(|a| a.slug == slug)
    }
}
