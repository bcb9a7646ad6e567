//! Sweden's counties and municipalities with their official codes from Statistics Sweden (SCB), and the
//! police regions with the counties each covers. This is reference data shipped with the app: it changes
//! by law, rarely (the last change of a municipality was in 2007), and a new release carries the change.
//!
//! Police areas (lokalpolisområden) are not here: the police redraw them more often, so admins create them.

mod scope;

pub use scope::{Place, Scope, ScopeError};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::LazyLock;

crate::closed_set! {
    /// One of the Swedish Police Authority's seven regions.
    pub enum Region {
        Nord => "nord",
        Mitt => "mitt",
        Stockholm => "stockholm",
        Ost => "ost",
        Vast => "vast",
        Syd => "syd",
        Bergslagen => "bergslagen",
    }
}

/// A county (län) with its two-digit SCB code.
#[derive(Debug, PartialEq, Eq)]
pub struct County {
    pub code: &'static str,
    pub name: &'static str,
    pub region: Region,
}

/// The 21 counties in code order, each with the police region that covers it.
pub static COUNTIES: [County; 21] = {
    use Region::*;
    macro_rules! county {
        ($code:literal, $name:literal, $region:expr) => {
            County {
                code: $code,
                name: $name,
                region: $region,
            }
        };
    }
    [
        county!("01", "Stockholms län", Stockholm),
        county!("03", "Uppsala län", Mitt),
        county!("04", "Södermanlands län", Ost),
        county!("05", "Östergötlands län", Ost),
        county!("06", "Jönköpings län", Ost),
        county!("07", "Kronobergs län", Syd),
        county!("08", "Kalmar län", Syd),
        county!("09", "Gotlands län", Stockholm),
        county!("10", "Blekinge län", Syd),
        county!("12", "Skåne län", Syd),
        county!("13", "Hallands län", Vast),
        county!("14", "Västra Götalands län", Vast),
        county!("17", "Värmlands län", Bergslagen),
        county!("18", "Örebro län", Bergslagen),
        county!("19", "Västmanlands län", Mitt),
        county!("20", "Dalarnas län", Bergslagen),
        county!("21", "Gävleborgs län", Mitt),
        county!("22", "Västernorrlands län", Mitt),
        county!("23", "Jämtlands län", Mitt),
        county!("24", "Västerbottens län", Nord),
        county!("25", "Norrbottens län", Nord),
    ]
};

/// A municipality (kommun) with its four-digit SCB code, whose first two digits are its county's.
#[derive(Debug, PartialEq, Eq)]
pub struct Municipality {
    pub code: &'static str,
    /// The short name, as SCB lists it: "Sävsjö".
    pub name: &'static str,
    /// The name the municipality goes by: "Sävsjö kommun", "Göteborgs Stad", "Region Gotland".
    pub official_name: &'static str,
}

impl Municipality {
    pub fn county(&self) -> &'static County {
        county(&self.code[..2]).expect("the reference data puts every municipality in a county")
    }

    pub fn region(&self) -> Region {
        self.county().region
    }
}

/// The 290 municipalities in code order (SCB, "Kommuner i kodnummerordning").
pub fn municipalities() -> &'static [Municipality] {
    static ALL: LazyLock<Vec<Municipality>> = LazyLock::new(|| {
        include_str!("municipalities.tsv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| {
                let mut cells = line.split('\t');
                let mut cell = || {
                    cells
                        .next()
                        .expect("three cells on every line of municipalities.tsv")
                };
                Municipality {
                    code: cell(),
                    name: cell(),
                    official_name: cell(),
                }
            })
            .collect()
    });
    &ALL
}

pub fn county(code: &str) -> Option<&'static County> {
    COUNTIES.iter().find(|c| c.code == code)
}

pub fn municipality(code: &str) -> Option<&'static Municipality> {
    let all = municipalities();
    all.binary_search_by(|m| m.code.cmp(code))
        .ok()
        .map(|i| &all[i])
}

pub fn municipalities_in(county: &County) -> impl Iterator<Item = &'static Municipality> + '_ {
    municipalities()
        .iter()
        .filter(move |m| &m.code[..2] == county.code)
}

/// The municipality a piece of free text names, if it names exactly one: "Sävsjö kommun", "sävsjö",
/// "Göteborgs stad" and "Region Gotland" all do. Used to move agreements written before municipalities had
/// codes, and by the import to propose a municipality.
pub fn municipality_named(text: &str) -> Option<&'static Municipality> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    municipalities().iter().find(|m| {
        m.official_name.to_lowercase() == wanted
            || m.name.to_lowercase() == wanted
            // "Sävsjö stad", "Jönköpings kommun" where the official form differs.
            || [" kommun", " stad", " kommune"]
                .iter()
                .filter_map(|suffix| wanted.strip_suffix(suffix))
                .any(|stem| {
                    let name = m.name.to_lowercase();
                    stem == name || stem.strip_suffix('s') == Some(name.as_str())
                })
    })
}

/// A police area's URL name from its name: "Lokalpolisområde Högländet" is `hoglandet`.
pub fn area_slug(name: &str) -> String {
    let name = name.trim();
    let name = name.strip_prefix("Lokalpolisområde ").unwrap_or(name);
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c != '-' || !(slug.is_empty() || slug.ends_with('-')) {
            slug.push(c);
        }
    }
    slug.truncate(64);
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "omrade".to_owned()
    } else {
        slug
    }
}

/// The municipalities a visitor's search names: the one whose code or name it is exactly (in any case, with
/// or without "kommun"), else those whose name begins with it, else those whose name holds it. Nothing for an
/// empty search.
pub fn municipalities_matching(text: &str) -> impl Iterator<Item = &'static Municipality> {
    let wanted = text.trim().to_lowercase();
    let all = municipalities();
    let exact: Vec<&'static Municipality> = if wanted.is_empty() {
        Vec::new()
    } else {
        municipality(&wanted)
            .or_else(|| municipality_named(&wanted))
            .into_iter()
            .collect()
    };
    let found = if !exact.is_empty() || wanted.is_empty() {
        exact
    } else {
        let starting: Vec<&'static Municipality> = all
            .iter()
            .filter(|m| m.name.to_lowercase().starts_with(&wanted))
            .collect();
        if starting.is_empty() {
            all.iter()
                .filter(|m| m.name.to_lowercase().contains(&wanted))
                .collect()
        } else {
            starting
        }
    };
    found.into_iter()
}

/// Why a code was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceError {
    UnknownMunicipality(String),
    UnknownCounty(String),
}

impl From<PlaceError> for crate::Problem {
    fn from(e: PlaceError) -> Self {
        match e {
            PlaceError::UnknownMunicipality(value) => crate::Problem::UnknownValue {
                set: "municipality".to_owned(),
                value,
            },
            PlaceError::UnknownCounty(value) => crate::Problem::UnknownValue {
                set: "county".to_owned(),
                value,
            },
        }
    }
}
crate::display_as_problem!(PlaceError);

/// The code of one of Sweden's municipalities: only a code in the reference data parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct MunicipalityCode(&'static str);

impl<'de> Deserialize<'de> for MunicipalityCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl MunicipalityCode {
    pub fn parse(raw: &str) -> Result<Self, PlaceError> {
        municipality(raw.trim())
            .map(|m| Self(m.code))
            .ok_or_else(|| PlaceError::UnknownMunicipality(raw.to_owned()))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    pub fn municipality(self) -> &'static Municipality {
        municipality(self.0).expect("a parsed code is in the reference data")
    }
}

impl TryFrom<String> for MunicipalityCode {
    type Error = PlaceError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MunicipalityCode> for String {
    fn from(value: MunicipalityCode) -> Self {
        value.0.to_owned()
    }
}

impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_search_finds_one_municipality_by_code_or_name_or_several_by_their_start() {
        let codes = |t: &str| {
            municipalities_matching(t)
                .map(|m| m.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("0684"), ["0684"]);
        assert_eq!(codes(" SÄVSJÖ "), ["0684"]);
        assert_eq!(codes("Sävsjö kommun"), ["0684"]);
        assert_eq!(codes("Malmö"), ["1280"]);
        assert_eq!(codes("Upplands"), ["0114", "0139"]);
        // A name's start first; only when none begins so, the names that hold it.
        assert_eq!(codes("sjö"), ["1265"], "Sjöbo");
        assert_eq!(codes("vsjö"), ["0684"]);
        assert_eq!(codes("osjö"), ["0617"], "Gnosjö");
        assert_eq!(codes("Exempelby"), Vec::<&str>::new());
        assert_eq!(codes("  "), Vec::<&str>::new());
    }

    use super::*;
    use std::collections::HashSet;

    #[test]
    fn all_290_municipalities_and_21_counties_with_unique_codes() {
        assert_eq!(municipalities().len(), 290);
        assert_eq!(COUNTIES.len(), 21);
        let codes: HashSet<_> = municipalities().iter().map(|m| m.code).collect();
        assert_eq!(codes.len(), 290);
        let counties: HashSet<_> = COUNTIES.iter().map(|c| c.code).collect();
        assert_eq!(counties.len(), 21);
        for m in municipalities() {
            assert!(
                m.code.len() == 4 && m.code.bytes().all(|b| b.is_ascii_digit()),
                "{m:?}"
            );
            assert!(county(&m.code[..2]).is_some(), "{m:?} has no county");
            assert!(
                !m.name.is_empty() && m.official_name.contains(m.name.trim_end_matches('n')),
                "{m:?}"
            );
        }
        // Sorted, so that the lookup by code may search.
        assert!(municipalities().windows(2).all(|w| w[0].code < w[1].code));
        // Every county has municipalities; the ones at the ends of the scale as SCB counts them.
        for c in &COUNTIES {
            assert!(municipalities_in(c).count() > 0, "{} is empty", c.name);
        }
        assert_eq!(municipalities_in(county("09").unwrap()).count(), 1);
        assert_eq!(municipalities_in(county("14").unwrap()).count(), 49);
        assert_eq!(municipalities_in(county("12").unwrap()).count(), 33);
        assert_eq!(municipalities_in(county("01").unwrap()).count(), 26);
    }

    #[test]
    fn every_region_covers_its_counties() {
        let by_region = |r: Region| COUNTIES.iter().filter(|c| c.region == r).count();
        assert_eq!(by_region(Region::Nord), 2);
        assert_eq!(by_region(Region::Mitt), 5);
        assert_eq!(by_region(Region::Stockholm), 2);
        assert_eq!(by_region(Region::Ost), 3);
        assert_eq!(by_region(Region::Vast), 2);
        assert_eq!(by_region(Region::Syd), 4);
        assert_eq!(by_region(Region::Bergslagen), 3);
        assert_eq!(municipality("0684").unwrap().region(), Region::Ost);
        assert_eq!(municipality("0980").unwrap().region(), Region::Stockholm);
    }

    #[test]
    fn codes_keep_their_leading_zero_and_unknown_ones_are_refused() {
        let savsjo = MunicipalityCode::parse("0684").unwrap();
        assert_eq!(savsjo.as_str(), "0684");
        assert_eq!(savsjo.municipality().official_name, "Sävsjö kommun");
        assert_eq!(savsjo.municipality().county().name, "Jönköpings län");
        assert_eq!(serde_json::to_string(&savsjo).unwrap(), "\"0684\"");
        for bad in ["684", "0000", "0685x", "", "Sävsjö"] {
            assert_eq!(
                MunicipalityCode::parse(bad),
                Err(PlaceError::UnknownMunicipality(bad.to_owned())),
                "{bad}"
            );
        }
        assert!(serde_json::from_str::<MunicipalityCode>("\"9999\"").is_err());
    }

    #[test]
    fn area_slugs_are_url_names() {
        assert_eq!(area_slug("Lokalpolisområde Högländet"), "hoglandet");
        assert_eq!(area_slug("  Malmö Norr / Öster "), "malmo-norr-oster");
        assert_eq!(area_slug("Lokalpolisområde "), "lokalpolisomrade");
        assert_eq!(area_slug("!!!"), "omrade");
        for name in [
            "Lokalpolisområde Högländet",
            "Malmö Norr / Öster",
            "Åre–Östersund",
        ] {
            assert!(
                crate::agreement::Slug::parse(&area_slug(name)).is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn free_text_names_one_municipality_or_none() {
        let code = |t: &str| municipality_named(t).map(|m| m.code);
        assert_eq!(code("Sävsjö kommun"), Some("0684"));
        assert_eq!(code("  sävsjö "), Some("0684"));
        assert_eq!(code("Jönköpings kommun"), Some("0680"));
        assert_eq!(code("Göteborgs stad"), Some("1480"));
        assert_eq!(code("Region Gotland"), Some("0980"));
        assert_eq!(code("Falu kommun"), Some("2080"));
        assert_eq!(code("Upplands-Bro kommun"), Some("0139"));
        assert_eq!(code("Sävsjö och Vetlanda"), None);
        assert_eq!(code("Exempelstad kommun"), None);
        assert_eq!(code(""), None);
    }
}
