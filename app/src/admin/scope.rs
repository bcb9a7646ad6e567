//! What of the audit log a scoped admin may read: the rows about the agreements their scope covers (with
//! those agreements' promises, activities and reports) and about the accounts inside it.

use crate::audit::db::Within;
use crate::db::Db;
use crate::error::AppError;
use domain::places::Scope;

/// `None` for a national admin, who reads every row.
pub async fn within(pool: &Db, scope: &Scope) -> Result<Option<Within>, AppError> {
    if *scope == Scope::National {
        return Ok(None);
    }
    let agreements = crate::places::db::agreements_in(pool, scope).await?;
    let users = crate::auth::db::list_users_in(pool, scope).await?;
    Ok(Some(Within::new(agreements, users.iter().map(|u| u.id))))
}
