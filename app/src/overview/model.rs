//! The overview's and the place pages' data.

use crate::agreements::model::AgreementPageData;
use crate::places::model::{Named, PoliceArea};
use chrono::NaiveDate;
use domain::progress::Glance;
use serde::{Deserialize, Serialize};

/// One published agreement at a glance: where it belongs, its period, and its activities' state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementGlance {
    pub slug: String,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub municipalities: Vec<Named>,
    pub police_area: Option<PoliceArea>,
    pub in_force: bool,
    pub glance: Glance,
}

/// A municipality with the agreements the page shows for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityAgreements {
    pub municipality: Named,
    pub agreements: Vec<AgreementGlance>,
}

/// A county with its municipalities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyAgreements {
    pub county: Named,
    pub municipalities: Vec<MunicipalityAgreements>,
}

/// The national overview: by county, each municipality with its agreements in force. `search` holds what a
/// search by municipality found when it found none or several (one goes straight to its page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub as_of: NaiveDate,
    pub counties: Vec<CountyAgreements>,
    pub search: Option<Search>,
}

/// A search by municipality that did not find exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Search {
    pub text: String,
    pub found: Vec<Named>,
}

/// The front page: the one agreement in force (or the newest) as today, or the overview when several are in
/// force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)]
pub enum FrontPageData {
    One(AgreementPageData),
    Overview(Overview),
}

/// `/kommun/{code}`: the municipality's agreements, current and past, and its office hours' police areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityPageData {
    pub municipality: Named,
    pub county: Named,
    pub agreements: Vec<AgreementGlance>,
    pub police_areas: Vec<PoliceArea>,
}

/// `/lan/{code}`: the county's municipalities, each with its agreements in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyPageData {
    pub as_of: NaiveDate,
    pub county: CountyAgreements,
}
