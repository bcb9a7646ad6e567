//! The admin frame's server functions: the signed-in admin, and the audit log for its page.

use crate::audit::{AuditEntry, AuditFilter};
use crate::auth::AdminContext;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
const PAGE_LIMIT: i64 = 200;

#[server(prefix = "/api/v1/admin", endpoint = "audit/list")]
pub async fn audit_log(
    #[server(flatten)] filter: AuditFilter,
) -> Result<Vec<AuditEntry>, AppError> {
    let admin = crate::auth::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let within = super::scope::within(&pool, &admin.scope)
        .await
        .map_err(AppError::respond)?;
    crate::audit::db::list(&pool, &filter, within.as_ref(), PAGE_LIMIT)
        .await
        .map_err(AppError::respond)
}

/// The signed-in admin with their scope and what it holds, or 401/403.
#[server(prefix = "/api/v1/admin", endpoint = "session")]
pub async fn admin_session() -> Result<AdminContext, AppError> {
    use crate::places::model::Named;
    use domain::credentials::Role;
    use domain::places::{municipalities, MunicipalityCode, Scope};
    let user = crate::auth::authorize(Role::Admin).await?;
    let pool = crate::web::app_state()?.pool;
    let police_areas = crate::places::db::police_areas_in(&pool, &user.scope).await?;
    let every = || {
        municipalities()
            .iter()
            .filter_map(|m| MunicipalityCode::parse(m.code).ok())
            .collect::<Vec<_>>()
    };
    let codes: Vec<MunicipalityCode> = match &user.scope {
        Scope::National | Scope::PoliceArea(_) => every(),
        Scope::Region(region) => every()
            .into_iter()
            .filter(|c| c.municipality().region() == *region)
            .collect(),
        Scope::Municipality(code) => vec![*code],
    };
    let current = user.current();
    Ok(AdminContext {
        username: current.username,
        role: current.role,
        scope: user.scope,
        police_areas,
        municipalities: codes.into_iter().map(Named::municipality).collect(),
    })
}

/// The police areas the signed-in admin's scope holds.
#[server(prefix = "/api/v1/admin", endpoint = "police-areas/list")]
pub async fn police_areas() -> Result<Vec<crate::places::model::PoliceArea>, AppError> {
    let admin = crate::auth::admin().await?;
    crate::places::db::police_areas_in(&crate::web::app_state()?.pool, &admin.scope).await
}

/// Creates a police area: `slug`, `name`, `region` (`nord`, `mitt`, `stockholm`, `ost`, `vast`, `syd`,
/// `bergslagen`). Only an admin whose scope holds the region (a national or that region's admin).
#[server(prefix = "/api/v1/admin", endpoint = "police-areas/create")]
pub async fn create_police_area(
    slug: String,
    name: String,
    region: String,
) -> Result<(), AppError> {
    use domain::places::{Region, Scope};
    use domain::problem::{Choice, Problem};
    let admin = crate::auth::admin().await?;
    let mut c = domain::forms::Checker::default();
    let slug = c.check("slug", domain::agreement::Slug::parse(slug.trim()));
    let name = c.check("name", domain::types::Line::parse(&name));
    let region = c.check(
        "region",
        region
            .trim()
            .parse::<Region>()
            .map_err(|_| Problem::Choose {
                choice: Choice::Region,
            }),
    );
    let ((slug, name), region) = c
        .finish(slug.zip(name).zip(region))
        .map_err(crate::ui::admin::invalid)?;
    if !admin.scope.contains(&Scope::Region(region), None) {
        return Err(AppError::Forbidden.respond());
    }
    let pool = crate::web::app_state()?.pool;
    crate::places::db::create_police_area(&pool, &admin.actor, &slug, &name, region)
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}
