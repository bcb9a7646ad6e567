//! Writing and reading the audit log.

use super::{Actor, AuditEntry, AuditFilter};
use serde::Serialize;
use sqlx::SqliteConnection;

/// Appends one row. Call it in the same transaction as the change, so a change is never without its row.
pub async fn record<B: Serialize, A: Serialize>(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, actor, action, entity, entity_id, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(actor.id)
    .bind(&actor.name)
    .bind(action)
    .bind(entity)
    .bind(entity_id.to_string())
    .bind(before.map(to_json))
    .bind(after.map(to_json))
    .execute(conn)
    .await?;
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("audit values serialise")
}

/// The newest rows first, at most `limit`, filtered.
pub async fn list(
    pool: &sqlx::SqlitePool,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    sqlx::query_as(
        "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log
         WHERE (?1 IS NULL OR entity = ?1)
           AND (?2 IS NULL OR actor = ?2 COLLATE NOCASE)
           AND (?3 IS NULL OR at >= ?3)
           AND (?4 IS NULL OR substr(at, 1, 10) <= ?4)
         ORDER BY id DESC LIMIT ?5",
    )
    .bind(opt(&filter.entity))
    .bind(opt(&filter.actor))
    .bind(opt(&filter.from))
    .bind(opt(&filter.to))
    .bind(limit)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_pool;

    #[tokio::test]
    async fn the_database_refuses_to_change_or_delete_audit_rows() {
        let pool = test_pool().await;
        let mut conn = pool.acquire().await.unwrap();
        record(
            &mut conn,
            &Actor::system("test"),
            "thing.create",
            "thing",
            1,
            None::<&()>,
            Some(&serde_json::json!({"a": 1})),
        )
        .await
        .unwrap();
        let update = sqlx::query("UPDATE audit_log SET actor = 'someone else'")
            .execute(&mut *conn)
            .await;
        assert!(
            update.unwrap_err().to_string().contains("insert-only"),
            "UPDATE is refused"
        );
        let delete = sqlx::query("DELETE FROM audit_log")
            .execute(&mut *conn)
            .await;
        assert!(delete.unwrap_err().to_string().contains("insert-only"));
        drop(conn); // the test pool has a single connection
        let rows = list(&pool, &AuditFilter::default(), 10).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].actor, "test");
        assert_eq!(rows[0].after.as_deref(), Some(r#"{"a":1}"#));
    }
}
