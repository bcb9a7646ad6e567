//! The overview's and the place pages' server functions.

use super::model::{CountyPageData, FrontPageData, MunicipalityPageData};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::model::{AgreementGlance, CountyAgreements, MunicipalityAgreements, Overview, Search};
#[cfg(feature = "ssr")]
use crate::places::model::Named;

/// The published agreements that `keep` lets through at a glance as of `today`, newest period first. Their
/// progress is read in one go (a few queries, whatever the number of agreements).
#[cfg(feature = "ssr")]
async fn glances(
    pool: &crate::db::Db,
    today: chrono::NaiveDate,
    within: Option<&str>,
    keep: impl Fn(&crate::agreements::model::AgreementSummary) -> bool,
) -> Result<Vec<AgreementGlance>, AppError> {
    let summaries: Vec<_> = crate::agreements::db::list(pool)
        .await?
        .into_iter()
        .filter(|a| keep(a))
        .collect();
    if summaries.is_empty() {
        return Ok(Vec::new());
    }
    let mut progress = crate::agreements::db::progress_of_published(pool, today, within).await?;
    Ok(summaries
        .into_iter()
        .filter_map(|summary| {
            let promises = progress.remove(&summary.slug)?;
            let glance = crate::agreements::model::glance(&promises, today);
            Some(AgreementGlance {
                in_force: summary.valid_from <= today && today <= summary.valid_to,
                slug: summary.slug,
                title: summary.title,
                valid_from: summary.valid_from,
                valid_to: summary.valid_to,
                municipalities: summary.municipalities,
                police_area: summary.police_area,
                glance,
            })
        })
        .collect())
}

/// The municipalities of `codes` (in code order) each with the agreements of `glances` that name it.
#[cfg(feature = "ssr")]
fn by_municipality<'a>(
    codes: impl Iterator<Item = &'a str>,
    glances: &[AgreementGlance],
    keep_empty: bool,
) -> Vec<MunicipalityAgreements> {
    codes
        .filter_map(|code| {
            let agreements: Vec<AgreementGlance> = glances
                .iter()
                .filter(|g| g.municipalities.iter().any(|m| m.code == code))
                .cloned()
                .collect();
            let m = domain::places::municipality(code)?;
            (keep_empty || !agreements.is_empty()).then(|| MunicipalityAgreements {
                municipality: Named {
                    code: m.code.to_owned(),
                    name: m.official_name.to_owned(),
                },
                agreements,
            })
        })
        .collect()
}

/// The front page: the agreement in force (else the newest) as before, or, when more than one is in force,
/// the national overview. `kommun` (the overview's search, a plain GET form) sends a single match straight to
/// its municipality's page (`303`), and lists several or none.
#[server]
pub async fn front_page(kommun: Option<String>) -> Result<FrontPageData, AppError> {
    let state = crate::web::app_state()?;
    let today = state.today();
    let in_force = glances(&state.pool, today, None, |a| {
        a.valid_from <= today && today <= a.valid_to
    })
    .await?;
    let search = kommun.filter(|k| !k.trim().is_empty()).map(|text| {
        let found: Vec<Named> = domain::places::municipalities_matching(&text)
            .map(|m| Named {
                code: m.code.to_owned(),
                name: m.official_name.to_owned(),
            })
            .collect();
        Search {
            text: text.trim().to_owned(),
            found,
        }
    });
    if let Some(Search { found, .. }) = &search {
        if let [only] = found.as_slice() {
            see_other(&crate::paths::municipality(&only.code))?;
        }
    }
    if in_force.len() <= 1 && search.is_none() {
        return crate::agreements::server::page_data(None, 10)
            .await
            .map(FrontPageData::One);
    }
    let counties = domain::places::COUNTIES
        .iter()
        .map(|county| CountyAgreements {
            county: Named::county(county),
            municipalities: by_municipality(
                domain::places::municipalities_in(county).map(|m| m.code),
                &in_force,
                false,
            ),
        })
        .filter(|c| !c.municipalities.is_empty())
        .collect();
    // The overview assesses every agreement in force: a burst of reports may settle on it for a moment.
    crate::web::cache::settles();
    Ok(FrontPageData::Overview(Overview {
        as_of: today,
        counties,
        search,
    }))
}

/// A page load answered `303 See Other` to `to`, whatever the browser accepts.
#[cfg(feature = "ssr")]
fn see_other(to: &str) -> Result<(), AppError> {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::SEE_OTHER);
        response.insert_header(
            axum::http::header::LOCATION,
            axum::http::HeaderValue::from_str(to).map_err(AppError::internal)?,
        );
    }
    Ok(())
}

/// `/kommun/{code}`: the municipality's published agreements, current and past, and the police areas of
/// their office hours. An unknown code is not found.
#[server]
pub async fn municipality_page(code: String) -> Result<MunicipalityPageData, AppError> {
    let m = domain::places::municipality(&code).ok_or(AppError::NotFound)?;
    let state = crate::web::app_state()?;
    let agreements = glances(&state.pool, state.today(), Some(m.code), |a| {
        a.municipalities.iter().any(|n| n.code == m.code)
    })
    .await?;
    let mut police_areas: Vec<crate::places::model::PoliceArea> = agreements
        .iter()
        .filter_map(|a| a.police_area.clone())
        .collect();
    police_areas.sort_by(|a, b| a.slug.cmp(&b.slug));
    police_areas.dedup();
    crate::web::cache::settles();
    Ok(MunicipalityPageData {
        municipality: Named {
            code: m.code.to_owned(),
            name: m.official_name.to_owned(),
        },
        county: Named::county(m.county()),
        agreements,
        police_areas,
    })
}

/// `/lan/{code}`: every municipality of the county with its agreements in force. An unknown code is not
/// found.
#[server]
pub async fn county_page(code: String) -> Result<CountyPageData, AppError> {
    let county = domain::places::county(&code).ok_or(AppError::NotFound)?;
    let state = crate::web::app_state()?;
    let today = state.today();
    let in_force = glances(&state.pool, today, Some(county.code), |a| {
        a.valid_from <= today
            && today <= a.valid_to
            && a.municipalities
                .iter()
                .any(|m| m.code.starts_with(county.code))
    })
    .await?;
    crate::web::cache::settles();
    Ok(CountyPageData {
        as_of: today,
        county: CountyAgreements {
            county: Named::county(county),
            municipalities: by_municipality(
                domain::places::municipalities_in(county).map(|m| m.code),
                &in_force,
                true,
            ),
        },
    })
}
