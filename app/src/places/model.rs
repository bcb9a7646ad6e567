//! Police areas and where an agreement belongs, as pages, server functions and the API exchange them.

use domain::places::{MunicipalityCode, Place, Region};
use serde::{Deserialize, Serialize};

/// A local police area (lokalpolisområde).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceArea {
    pub slug: String,
    pub name: String,
    pub region: Region,
}

/// A municipality or county as the open data names it: its SCB code and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub code: String,
    pub name: String,
}

impl Named {
    pub fn municipality(code: MunicipalityCode) -> Self {
        let m = code.municipality();
        Named {
            code: m.code.to_owned(),
            name: m.official_name.to_owned(),
        }
    }

    pub fn county(county: &domain::places::County) -> Self {
        Named {
            code: county.code.to_owned(),
            name: county.name.to_owned(),
        }
    }
}

/// Where an agreement belongs: its police area (none only for an agreement written before organisations
/// that the move could not place) and its municipalities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementPlaces {
    pub agreement_id: i64,
    pub police_area: Option<PoliceArea>,
    pub municipalities: Vec<MunicipalityCode>,
}

impl AgreementPlaces {
    pub fn place(&self) -> Place<'_> {
        Place {
            police_area: self
                .police_area
                .as_ref()
                .map(|a| (a.slug.as_str(), a.region)),
            municipalities: &self.municipalities,
        }
    }

    /// The municipalities' official names joined: "Sävsjö kommun", "Eksjö kommun, Sävsjö kommun". Kept in
    /// the agreement's row for the pages that show it and for API clients that read one `municipality`.
    pub fn municipality_names(codes: &[MunicipalityCode]) -> String {
        let names: Vec<&str> = codes
            .iter()
            .map(|c| c.municipality().official_name)
            .collect();
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_as_a_sentence() {
        let c = |s: &str| MunicipalityCode::parse(s).unwrap();
        assert_eq!(
            AgreementPlaces::municipality_names(&[c("0684")]),
            "Sävsjö kommun"
        );
        assert_eq!(
            AgreementPlaces::municipality_names(&[c("0686"), c("0684"), c("0685")]),
            "Eksjö kommun, Sävsjö kommun, Vetlanda kommun"
        );
        assert_eq!(AgreementPlaces::municipality_names(&[]), "");
    }
}
