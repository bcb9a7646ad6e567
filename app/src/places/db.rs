//! Police areas and the places of agreements and office hours in the database, the scope checks that read
//! them, and the move of agreements written before organisations to codes.

use super::model::{AgreementPlaces, PoliceArea};
use crate::audit::{db::append, Action, Actor};
use crate::db::{self, Db, Tx};
use crate::error::AppError;
use domain::agreement::Slug;
use domain::places::{municipality_named, MunicipalityCode, Region, Scope};
use domain::problem::Problem;
use std::collections::BTreeMap;

type AreaRow = (i64, String, String, String);

fn area_from_row((id, slug, name, region): AreaRow) -> Result<(i64, PoliceArea), AppError> {
    let region = region.parse::<Region>().map_err(AppError::internal)?;
    Ok((id, PoliceArea { slug, name, region }))
}

/// Every police area, by name.
pub async fn police_areas(pool: &Db) -> Result<Vec<PoliceArea>, AppError> {
    let rows: Vec<AreaRow> = db::all!(
        pool,
        "SELECT id, slug, name, region FROM police_areas ORDER BY name, slug"
    )?;
    rows.into_iter()
        .map(|r| area_from_row(r).map(|(_, a)| a))
        .collect()
}

/// The police areas a scope holds: all of them nationally, a region's, or the one area.
pub async fn police_areas_in(pool: &Db, scope: &Scope) -> Result<Vec<PoliceArea>, AppError> {
    Ok(police_areas(pool)
        .await?
        .into_iter()
        .filter(|a| {
            scope.covers(domain::places::Place {
                police_area: Some((a.slug.as_str(), a.region)),
                municipalities: &[],
            })
        })
        .collect())
}

/// Every police area's row id and slug.
pub async fn police_area_ids(pool: &Db) -> Result<Vec<(i64, String)>, AppError> {
    Ok(db::all!(
        pool,
        "SELECT id, slug FROM police_areas ORDER BY id"
    )?)
}

/// The row id of the police area with this slug.
pub async fn police_area_id(pool: &Db, slug: &str) -> Result<Option<i64>, AppError> {
    Ok(db::scalar_optional!(
        pool,
        "SELECT id FROM police_areas WHERE slug = $1",
        slug
    )?)
}

pub async fn police_area_by_id(pool: &Db, id: i64) -> Result<Option<PoliceArea>, AppError> {
    let row: Option<AreaRow> = db::optional!(
        pool,
        "SELECT id, slug, name, region FROM police_areas WHERE id = $1",
        id
    )?;
    Ok(row.map(area_from_row).transpose()?.map(|(_, a)| a))
}

pub async fn police_area(tx: &mut Tx, slug: &str) -> Result<Option<(i64, PoliceArea)>, AppError> {
    let row: Option<AreaRow> = db::optional!(
        tx,
        "SELECT id, slug, name, region FROM police_areas WHERE slug = $1",
        slug
    )?;
    row.map(area_from_row).transpose()
}

/// The region of a police area, for the scope checks between accounts.
pub async fn region_of(pool: &Db, slug: &str) -> Result<Option<Region>, AppError> {
    let region: Option<String> = db::scalar_optional!(
        pool,
        "SELECT region FROM police_areas WHERE slug = $1",
        slug
    )?;
    region
        .map(|r| r.parse::<Region>().map_err(AppError::internal))
        .transpose()
}

/// Whether an account with scope `other` lies inside `scope`: an admin manages only those.
pub async fn scope_contains(pool: &Db, scope: &Scope, other: &Scope) -> Result<bool, AppError> {
    let region = match other {
        Scope::PoliceArea(slug) => region_of(pool, slug.as_str()).await?,
        _ => None,
    };
    Ok(scope.contains(other, region))
}

/// Creates a police area. A slug in use is refused with `slug_taken` and nothing is written.
pub async fn create_police_area(
    pool: &Db,
    actor: &Actor,
    slug: &Slug,
    name: &domain::types::Line,
    region: Region,
) -> Result<PoliceArea, AppError> {
    let mut tx = pool.begin().await?;
    let id: Option<i64> = db::scalar_optional!(
        &mut tx,
        "INSERT INTO police_areas (slug, name, region) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO NOTHING RETURNING id",
        slug.as_str(),
        name.as_str(),
        region.as_str()
    )?;
    let id = id.ok_or_else(|| AppError::problem("slug", Problem::SlugTaken))?;
    let area = PoliceArea {
        slug: slug.to_string(),
        name: name.to_string(),
        region,
    };
    append(
        &mut tx,
        actor,
        Action::PoliceAreaCreate,
        id,
        None::<&()>,
        Some(&area),
    )
    .await?;
    tx.commit().await?;
    Ok(area)
}

/// Where one agreement belongs; `None` if there is no such agreement.
pub async fn agreement_places(
    pool: &Db,
    agreement_id: i64,
) -> Result<Option<AgreementPlaces>, AppError> {
    Ok(places_where(pool, Some(agreement_id)).await?.pop())
}

/// Where every agreement belongs.
pub async fn all_agreement_places(pool: &Db) -> Result<Vec<AgreementPlaces>, AppError> {
    places_where(pool, None).await
}

/// An agreement's id and its police area's slug, name and region, if it has one.
type PlaceRow = (i64, Option<String>, Option<String>, Option<String>);

async fn places_where(pool: &Db, only: Option<i64>) -> Result<Vec<AgreementPlaces>, AppError> {
    let rows: Vec<PlaceRow> = db::all!(
        pool,
        "SELECT a.id, p.slug, p.name, p.region FROM agreements a
         LEFT JOIN police_areas p ON p.id = a.police_area_id
         WHERE $1 IS NULL OR a.id = $1 ORDER BY a.id",
        only
    )?;
    let codes: Vec<(i64, String)> = db::all!(
        pool,
        "SELECT agreement_id, code FROM agreement_municipalities
         WHERE $1 IS NULL OR agreement_id = $1 ORDER BY agreement_id, position",
        only
    )?;
    let mut by_agreement: BTreeMap<i64, Vec<MunicipalityCode>> = BTreeMap::new();
    for (id, code) in codes {
        let code = MunicipalityCode::parse(&code).map_err(AppError::internal)?;
        by_agreement.entry(id).or_default().push(code);
    }
    rows.into_iter()
        .map(|(id, slug, name, region)| {
            let police_area = match (slug, name, region) {
                (Some(slug), Some(name), Some(region)) => Some(PoliceArea {
                    slug,
                    name,
                    region: region.parse().map_err(AppError::internal)?,
                }),
                _ => None,
            };
            Ok(AgreementPlaces {
                agreement_id: id,
                police_area,
                municipalities: by_agreement.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}

/// The agreements a scope covers, by id.
pub async fn agreements_in(pool: &Db, scope: &Scope) -> Result<Vec<i64>, AppError> {
    Ok(all_agreement_places(pool)
        .await?
        .iter()
        .filter(|p| scope.covers(p.place()))
        .map(|p| p.agreement_id)
        .collect())
}

/// The activities a scope covers (those of the agreements it covers), or `None` for every activity.
pub async fn activities_in(
    pool: &Db,
    scope: &Scope,
) -> Result<Option<std::collections::HashSet<i64>>, AppError> {
    if *scope == Scope::National {
        return Ok(None);
    }
    let agreements: std::collections::HashSet<i64> =
        agreements_in(pool, scope).await?.into_iter().collect();
    let rows: Vec<(i64, i64)> = db::all!(
        pool,
        "SELECT x.id, p.agreement_id FROM activities x JOIN promises p ON p.id = x.promise_id"
    )?;
    Ok(Some(
        rows.into_iter()
            .filter(|(_, agreement)| agreements.contains(agreement))
            .map(|(activity, _)| activity)
            .collect(),
    ))
}

/// Whether a scope covers an agreement. An agreement it does not cover is as good as absent to the account:
/// the caller answers `404`, so that its existence does not leak.
pub async fn covers_agreement(
    pool: &Db,
    scope: &Scope,
    agreement_id: i64,
) -> Result<bool, AppError> {
    if *scope == Scope::National {
        return Ok(true);
    }
    Ok(agreement_places(pool, agreement_id)
        .await?
        .is_some_and(|p| scope.covers(p.place())))
}

/// `404` unless the scope covers the agreement.
pub async fn require_agreement(
    pool: &Db,
    scope: &Scope,
    agreement_id: i64,
) -> Result<(), AppError> {
    if covers_agreement(pool, scope, agreement_id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The police area an office hour's admin names (`police_area`, a slug), by its row id: left empty, the one
/// area the scope holds. `422` on `police_area` when it names none, or none is named and the scope holds
/// several; `403` when the scope does not hold the area named.
pub async fn area_for_office_hours(pool: &Db, scope: &Scope, typed: &str) -> Result<i64, AppError> {
    let choose = || {
        AppError::problem(
            "police_area",
            Problem::Choose {
                choice: domain::problem::Choice::PoliceArea,
            },
        )
    };
    let slug = if typed.trim().is_empty() {
        match police_areas_in(pool, scope).await?.as_slice() {
            [only] => only.slug.clone(),
            _ => return Err(choose()),
        }
    } else {
        typed.trim().to_owned()
    };
    let mut tx = pool.begin().await?;
    let Some((id, area)) = police_area(&mut tx, &slug).await? else {
        return Err(choose());
    };
    tx.commit().await?;
    let place = domain::places::Place {
        police_area: Some((area.slug.as_str(), area.region)),
        municipalities: &[],
    };
    if scope.covers(place) {
        Ok(id)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The weekly slots and extra office hours (by id) of the police areas a scope covers, or `None` for all.
pub async fn office_hours_in(
    pool: &Db,
    scope: &Scope,
) -> Result<
    Option<(
        std::collections::HashSet<i64>,
        std::collections::HashSet<i64>,
    )>,
    AppError,
> {
    if *scope == Scope::National {
        return Ok(None);
    }
    let areas: std::collections::HashSet<String> = police_areas_in(pool, scope)
        .await?
        .into_iter()
        .map(|a| a.slug)
        .collect();
    let areas = &areas;
    let of = |sql: &'static str| async move {
        let rows: Vec<(i64, String)> = db::all!(pool, sql)?;
        Ok::<_, AppError>(
            rows.into_iter()
                .filter(|(_, slug)| areas.contains(slug))
                .map(|(id, _)| id)
                .collect::<std::collections::HashSet<i64>>(),
        )
    };
    let slots = of("SELECT o.id, p.slug FROM office_hour_slots o JOIN police_areas p ON p.id = o.police_area_id").await?;
    let extras = of("SELECT o.id, p.slug FROM office_hour_extras o JOIN police_areas p ON p.id = o.police_area_id").await?;
    Ok(Some((slots, extras)))
}

/// `404` if the scope does not cover the police area of an office-hour slot (`extra` false) or extra office
/// hour that exists. One without an area is a national account's only. One that does not exist is left to
/// the change itself to refuse, with its own problem.
pub async fn require_office_hour(
    pool: &Db,
    scope: &Scope,
    id: i64,
    extra: bool,
) -> Result<(), AppError> {
    let sql = if extra {
        "SELECT p.slug, p.region FROM office_hour_extras o LEFT JOIN police_areas p ON p.id = o.police_area_id
         WHERE o.id = $1"
    } else {
        "SELECT p.slug, p.region FROM office_hour_slots o LEFT JOIN police_areas p ON p.id = o.police_area_id
         WHERE o.id = $1"
    };
    let row: Option<(Option<String>, Option<String>)> = db::optional!(pool, sql, id)?;
    let Some((slug, region)) = row else {
        return Ok(());
    };
    let covered = match (slug, region) {
        _ if *scope == Scope::National => true,
        (Some(slug), Some(region)) => {
            let region = region.parse::<Region>().map_err(AppError::internal)?;
            scope.covers(domain::places::Place {
                police_area: Some((slug.as_str(), region)),
                municipalities: &[],
            })
        }
        _ => false,
    };
    if covered {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The agreement a promise belongs to.
pub async fn agreement_of_promise(pool: &Db, promise_id: i64) -> Result<Option<i64>, AppError> {
    Ok(db::scalar_optional!(
        pool,
        "SELECT agreement_id FROM promises WHERE id = $1",
        promise_id
    )?)
}

/// The agreement an activity belongs to.
pub async fn agreement_of_activity(pool: &Db, activity_id: i64) -> Result<Option<i64>, AppError> {
    Ok(db::scalar_optional!(
        pool,
        "SELECT p.agreement_id FROM activities x JOIN promises p ON p.id = x.promise_id WHERE x.id = $1",
        activity_id
    )?)
}

/// `404` unless the agreement exists and the scope covers it.
pub async fn require_some_agreement(
    pool: &Db,
    scope: &Scope,
    agreement_id: Option<i64>,
) -> Result<(), AppError> {
    match agreement_id {
        Some(id) => require_agreement(pool, scope, id).await,
        None => Err(AppError::NotFound),
    }
}

/// `403` unless the scope covers an agreement that would belong to `police_area` and `municipalities`: an
/// admin cannot create an agreement elsewhere or move one out of their scope. An unknown police area is
/// left to the save, which refuses it on its field.
pub async fn require_new_place(
    pool: &Db,
    scope: &Scope,
    police_area: &Slug,
    municipalities: &[MunicipalityCode],
) -> Result<(), AppError> {
    let region = region_of(pool, police_area.as_str()).await?;
    let Some(region) = region else {
        return Ok(());
    };
    let place = domain::places::Place {
        police_area: Some((police_area.as_str(), region)),
        municipalities,
    };
    if scope.covers(place) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Sets where an agreement belongs: its municipalities in order and its police area. The agreement's row
/// keeps the names for the pages that show them.
pub async fn set_agreement_places(
    tx: &mut Tx,
    agreement_id: i64,
    municipalities: &[MunicipalityCode],
    police_area_id: i64,
) -> Result<(), AppError> {
    db::execute!(
        &mut *tx,
        "DELETE FROM agreement_municipalities WHERE agreement_id = $1",
        agreement_id
    )?;
    for (position, code) in municipalities.iter().enumerate() {
        db::execute!(
            &mut *tx,
            "INSERT INTO agreement_municipalities (agreement_id, position, code) VALUES ($1, $2, $3)",
            agreement_id,
            position as i64,
            code.as_str()
        )?;
    }
    db::execute!(
        &mut *tx,
        "UPDATE agreements SET police_area_id = $1,
             police_area = (SELECT name FROM police_areas WHERE id = $1),
             municipality = $2
         WHERE id = $3",
        police_area_id,
        AgreementPlaces::municipality_names(municipalities),
        agreement_id
    )?;
    Ok(())
}

/// An agreement or office hour the move to organisations could not place, for `lofte check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unplaced {
    /// An agreement whose free-text municipality names no municipality.
    Municipality { agreement: String, text: String },
    /// An agreement without a police area (its municipality unknown, so its region too).
    PoliceArea { agreement: String, text: String },
    /// Office hours without a police area while there are several to choose from.
    OfficeHours { slots: i64, extras: i64 },
}

/// Moves what was written before organisations to codes: each agreement's free-text municipality to the
/// municipality it names, its free-text police area to a police area (created, in the municipality's
/// region, if none has its name); office hours are placed by `office_hours::db::adopt`. Runs at every
/// start and does nothing once everything is placed; what it cannot place stays as it was, in the
/// free text, and is listed by [`unplaced`].
pub async fn adopt(pool: &Db) -> Result<(), AppError> {
    let pending: Vec<(i64, String, String, String)> = db::all!(
        pool,
        "SELECT id, slug, municipality, police_area FROM agreements a
         WHERE police_area_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM agreement_municipalities m WHERE m.agreement_id = a.id)"
    )?;
    for (id, slug, municipality, police_area) in pending {
        let Some(found) = municipality_named(&municipality) else {
            tracing::warn!(agreement = %slug, municipality = %municipality,
                "an agreement's municipality names no Swedish municipality: left as text, see `lofte check`");
            continue;
        };
        let code = MunicipalityCode::parse(found.code).map_err(AppError::internal)?;
        let mut tx = pool.begin().await?;
        let area_id = match area_named(&mut tx, &police_area).await? {
            Some(id) => id,
            None => {
                let slug = domain::places::area_slug(&police_area);
                let id: i64 = db::scalar!(
                    &mut tx,
                    "INSERT INTO police_areas (slug, name, region) VALUES ($1, $2, $3) RETURNING id",
                    slug,
                    police_area.trim(),
                    found.region().as_str()
                )?;
                id
            }
        };
        set_agreement_places(&mut tx, id, &[code], area_id).await?;
        tx.commit().await?;
        tracing::info!(agreement = %slug, municipality = found.code, "placed an agreement by its municipality's code");
    }
    Ok(())
}

async fn area_named(tx: &mut Tx, name: &str) -> Result<Option<i64>, AppError> {
    let slug = domain::places::area_slug(name);
    Ok(db::scalar_optional!(
        &mut *tx,
        "SELECT id FROM police_areas WHERE lower(name) = lower($1) OR slug = $2",
        name.trim(),
        slug
    )?)
}

/// What the move to organisations left unplaced.
pub async fn unplaced(pool: &Db) -> Result<Vec<Unplaced>, AppError> {
    let mut found = Vec::new();
    let agreements: Vec<(String, String, String, bool, bool)> = db::all!(
        pool,
        "SELECT slug, municipality, police_area, police_area_id IS NULL,
                NOT EXISTS (SELECT 1 FROM agreement_municipalities m WHERE m.agreement_id = a.id)
         FROM agreements a ORDER BY slug"
    )?;
    for (slug, municipality, police_area, no_area, no_municipality) in agreements {
        if no_municipality {
            found.push(Unplaced::Municipality {
                agreement: slug.clone(),
                text: municipality,
            });
        }
        if no_area {
            found.push(Unplaced::PoliceArea {
                agreement: slug,
                text: police_area,
            });
        }
    }
    let slots: i64 = db::scalar!(
        pool,
        "SELECT count(*) FROM office_hour_slots WHERE police_area_id IS NULL"
    )?;
    let extras: i64 = db::scalar!(
        pool,
        "SELECT count(*) FROM office_hour_extras WHERE police_area_id IS NULL"
    )?;
    if slots + extras > 0 {
        found.push(Unplaced::OfficeHours { slots, extras });
    }
    Ok(found)
}
