//! The audit log's server functions, for its page.

use super::model::{AuditEntry, AuditFilter};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
const PAGE_LIMIT: i64 = 200;

#[server(prefix = "/api/v1/admin", endpoint = "audit/list")]
pub async fn audit_log(
    #[server(flatten)] filter: AuditFilter,
) -> Result<Vec<AuditEntry>, AppError> {
    crate::auth::admin_actor().await?;
    super::db::list(&crate::web::app_state()?.pool, &filter, PAGE_LIMIT)
        .await
        .map_err(AppError::respond)
}
