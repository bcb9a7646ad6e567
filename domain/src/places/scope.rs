//! Whose an account's work is: the whole country, a police region, a police area or a municipality.

use super::{MunicipalityCode, PlaceError, Region};
use crate::agreement::Slug;
use std::fmt;

/// What an account may see and change, beside its role. On the wire and in the database: `national`,
/// `region:ost`, `police_area:hoglandet`, `municipality:0684`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    National,
    Region(Region),
    PoliceArea(Slug),
    Municipality(MunicipalityCode),
}

/// Why a scope was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeError(pub String);

impl From<ScopeError> for crate::Problem {
    fn from(e: ScopeError) -> Self {
        crate::Problem::UnknownValue {
            set: "scope".to_owned(),
            value: e.0,
        }
    }
}
crate::display_as_problem!(ScopeError);

impl From<PlaceError> for ScopeError {
    fn from(e: PlaceError) -> Self {
        match e {
            PlaceError::UnknownMunicipality(v) | PlaceError::UnknownCounty(v) => ScopeError(v),
        }
    }
}

/// Where something belongs: an agreement (its police area and municipalities), an office hour (its police
/// area) or an account (its scope, as a place). Scope checks ask whether a scope covers a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// The police area's slug and region.
    pub police_area: Option<(&'a str, Region)>,
    pub municipalities: &'a [MunicipalityCode],
}

impl Scope {
    pub fn parse(raw: &str) -> Result<Self, ScopeError> {
        let refused = || ScopeError(raw.to_owned());
        let raw_trimmed = raw.trim();
        if raw_trimmed == "national" {
            return Ok(Self::National);
        }
        let (kind, value) = raw_trimmed.split_once(':').ok_or_else(refused)?;
        match kind {
            "region" => value.parse().map(Self::Region).map_err(|_| refused()),
            "police_area" => Slug::parse(value)
                .map(Self::PoliceArea)
                .map_err(|_| refused()),
            "municipality" => MunicipalityCode::parse(value)
                .map(Self::Municipality)
                .map_err(|_| refused()),
            _ => Err(refused()),
        }
    }

    /// Whether this scope covers a place: an agreement whose police area or one of whose municipalities
    /// lies in it, an office hour of a police area in it.
    pub fn covers(&self, place: Place<'_>) -> bool {
        match self {
            Scope::National => true,
            Scope::Region(region) => {
                place.police_area.is_some_and(|(_, r)| r == *region)
                    || place
                        .municipalities
                        .iter()
                        .any(|m| m.municipality().region() == *region)
            }
            Scope::PoliceArea(slug) => place.police_area.is_some_and(|(s, _)| s == slug.as_str()),
            Scope::Municipality(code) => place.municipalities.contains(code),
        }
    }

    /// Whether `other` lies inside this scope: an admin manages the accounts whose scope does. A police
    /// area's region is `other_region` (looked up by the caller; `None` for other kinds of scope).
    pub fn contains(&self, other: &Scope, other_region: Option<Region>) -> bool {
        match (self, other) {
            (Scope::National, _) => true,
            (Scope::Region(r), Scope::Region(o)) => r == o,
            (Scope::Region(r), Scope::PoliceArea(_)) => other_region == Some(*r),
            (Scope::Region(r), Scope::Municipality(m)) => m.municipality().region() == *r,
            (Scope::PoliceArea(a), Scope::PoliceArea(b)) => a == b,
            (Scope::Municipality(a), Scope::Municipality(b)) => a == b,
            _ => false,
        }
    }

    /// The one police area this scope names, if it names one.
    pub fn police_area(&self) -> Option<&Slug> {
        match self {
            Scope::PoliceArea(slug) => Some(slug),
            _ => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::National => f.write_str("national"),
            Scope::Region(r) => write!(f, "region:{r}"),
            Scope::PoliceArea(slug) => write!(f, "police_area:{slug}"),
            Scope::Municipality(code) => write!(f, "municipality:{code}"),
        }
    }
}

impl serde::Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Scope::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Scope {
    type Err = ScopeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scope::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> MunicipalityCode {
        MunicipalityCode::parse(c).unwrap()
    }

    #[test]
    fn scopes_read_and_write_one_spelling() {
        for s in [
            "national",
            "region:ost",
            "police_area:hoglandet",
            "municipality:0684",
        ] {
            assert_eq!(Scope::parse(s).unwrap().to_string(), s);
        }
        for bad in [
            "",
            "Nationell",
            "region:",
            "region:norr",
            "police_area:Hög land",
            "municipality:684",
            "county:06",
            "national:x",
        ] {
            assert_eq!(Scope::parse(bad), Err(ScopeError(bad.to_owned())), "{bad}");
        }
    }

    #[test]
    fn a_scope_covers_agreements_of_its_area_or_municipalities() {
        let savsjo = [code("0684")];
        let hoglandet = Place {
            police_area: Some(("hoglandet", Region::Ost)),
            municipalities: &savsjo,
        };
        let malmo = [code("1280")];
        let malmo_area = Place {
            police_area: Some(("malmo-city", Region::Syd)),
            municipalities: &malmo,
        };
        let cases = [
            ("national", true, true),
            ("region:ost", true, false),
            ("region:syd", false, true),
            ("region:nord", false, false),
            ("police_area:hoglandet", true, false),
            ("police_area:malmo-city", false, true),
            ("municipality:0684", true, false),
            ("municipality:0685", false, false),
        ];
        for (scope, savsjo_in, malmo_in) in cases {
            let scope = Scope::parse(scope).unwrap();
            assert_eq!(scope.covers(hoglandet), savsjo_in, "{scope} over Sävsjö");
            assert_eq!(scope.covers(malmo_area), malmo_in, "{scope} over Malmö");
        }
        // An office hour has a police area and no municipality: a municipality's scope holds none.
        let office_hour = Place {
            police_area: Some(("hoglandet", Region::Ost)),
            municipalities: &[],
        };
        assert!(!Scope::parse("municipality:0684")
            .unwrap()
            .covers(office_hour));
        // A municipality in a region counts even when the area is elsewhere (a joint agreement).
        let across = Place {
            police_area: Some(("x", Region::Syd)),
            municipalities: &savsjo,
        };
        assert!(Scope::Region(Region::Ost).covers(across));
    }

    #[test]
    fn a_scope_contains_the_scopes_inside_it() {
        let s = |t: &str| Scope::parse(t).unwrap();
        assert!(s("national").contains(&s("region:ost"), None));
        assert!(s("national").contains(&s("national"), None));
        assert!(s("region:ost").contains(&s("police_area:hoglandet"), Some(Region::Ost)));
        assert!(!s("region:syd").contains(&s("police_area:hoglandet"), Some(Region::Ost)));
        assert!(s("region:ost").contains(&s("municipality:0684"), None));
        assert!(!s("region:syd").contains(&s("municipality:0684"), None));
        assert!(!s("region:ost").contains(&s("national"), None));
        assert!(!s("region:ost").contains(&s("region:syd"), None));
        assert!(s("police_area:hoglandet").contains(&s("police_area:hoglandet"), Some(Region::Ost)));
        assert!(!s("police_area:hoglandet").contains(&s("police_area:other"), Some(Region::Ost)));
        assert!(!s("police_area:hoglandet").contains(&s("municipality:0684"), None));
        assert!(!s("municipality:0684").contains(&s("police_area:hoglandet"), Some(Region::Ost)));
        assert!(s("municipality:0684").contains(&s("municipality:0684"), None));
        assert!(!s("municipality:0684").contains(&s("municipality:0685"), None));
    }
}
