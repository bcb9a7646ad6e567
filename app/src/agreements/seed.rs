//! The first customer's agreement, loaded on first start. The JSON is checked by the same parsing as any
//! other definition, and its Swedish text is taken verbatim from the signed document beside it.

use domain::agreement::AgreementDef;

const SAVSJO_JSON: &str = include_str!("../../seed/savsjo-2018-2019.json");

/// The Sävsjö agreement 2018–2019.
pub fn savsjo() -> AgreementDef {
    serde_json::from_str(SAVSJO_JSON).expect("the bundled seed is valid: checked by the seed tests")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use domain::agreement::{Cadence, Measure, Owner};

    const SIGNED_TEXT: &str = include_str!("../../seed/medborgarlofte-savsjo-2018-2019.txt");

    /// The signed document with its markdown emphasis removed, as a reader sees it.
    fn signed_text() -> String {
        SIGNED_TEXT.replace("**", "")
    }

    fn assert_verbatim(text: &str) {
        for paragraph in text.split("\n\n") {
            assert!(
                signed_text().contains(paragraph),
                "not verbatim from the signed text: {paragraph:?}"
            );
        }
    }

    #[test]
    fn the_seed_parses_with_the_agreed_facts() {
        let a = savsjo();
        assert_eq!(a.slug.as_str(), "savsjo-2018-2019");
        assert_eq!(
            a.period.from(),
            NaiveDate::from_ymd_opt(2018, 4, 10).unwrap()
        );
        assert_eq!(a.period.to(), NaiveDate::from_ymd_opt(2020, 4, 9).unwrap());
        assert_eq!(a.signed_on, NaiveDate::from_ymd_opt(2018, 4, 10).unwrap());
        assert_eq!(a.promises.len(), 2);
        assert_eq!(a.signatories.len(), 3);

        let activities: Vec<_> = a
            .promises
            .iter()
            .flat_map(|p| &p.activities)
            .map(|x| {
                (
                    x.measure(),
                    x.target().map(|t| t.get()),
                    x.cadence(),
                    x.owner(),
                )
            })
            .collect();
        assert_eq!(
            activities,
            vec![
                (Measure::OfficeHours, None, Cadence::Period, Owner::Police),
                (
                    Measure::YouthsIdentified,
                    None,
                    Cadence::Period,
                    Owner::Police
                ),
                (
                    Measure::TargetedOperation,
                    Some(15),
                    Cadence::Period,
                    Owner::Police
                ),
                (
                    Measure::CollaborationMeeting,
                    Some(4),
                    Cadence::CalendarYear,
                    Owner::Joint
                ),
            ]
        );
    }

    #[test]
    fn every_seed_text_is_verbatim_from_the_signed_document() {
        let a = savsjo();
        for text in [
            a.municipality.as_str(),
            a.police_area.as_str(),
            a.title.as_str(),
        ] {
            assert_verbatim(text);
        }
        assert_verbatim(a.background.as_str());
        assert_verbatim(a.follow_up.as_str());
        for s in &a.signatories {
            assert_verbatim(s.name.as_str());
            assert_verbatim(s.title.as_str());
            assert_verbatim(s.organisation.as_str());
        }
        for p in &a.promises {
            assert_verbatim(p.text.as_str());
            for x in &p.activities {
                assert_verbatim(x.text().as_str());
            }
        }
    }
}
