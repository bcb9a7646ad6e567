//! The admin frame's server functions: the signed-in admin, and the audit log for its page.

use crate::audit::{AuditEntry, AuditFilter};
use crate::error::AppError;
use domain::credentials::CurrentUser;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
const PAGE_LIMIT: i64 = 200;

#[server(prefix = "/api/v1/admin", endpoint = "audit/list")]
pub async fn audit_log(
    #[server(flatten)] filter: AuditFilter,
) -> Result<Vec<AuditEntry>, AppError> {
    crate::auth::admin_actor().await?;
    crate::audit::db::list(&crate::web::app_state()?.pool, &filter, PAGE_LIMIT)
        .await
        .map_err(AppError::respond)
}

/// The signed-in admin, or 401/403.
#[server(prefix = "/api/v1/admin", endpoint = "session")]
pub async fn admin_session() -> Result<CurrentUser, AppError> {
    use domain::credentials::Role;
    Ok(crate::auth::authorize(Role::Admin).await?.current())
}
