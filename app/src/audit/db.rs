//! Writing and reading the audit log.

use super::model::{Action, Actor, AuditEntry, AuditFilter};
use crate::db::{self, Db, Stamp, Tx};
use crate::error::AppError;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

/// Appends one row. Call it in the same transaction as the change, so a change is never without its row.
pub async fn append<B: Serialize, A: Serialize>(
    tx: &mut Tx,
    actor: &Actor,
    action: Action,
    entity_id: impl ToString,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), sqlx::Error> {
    db::execute!(
        tx,
        "INSERT INTO audit_log (actor_id, actor, action, entity, entity_id, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        actor.id,
        &actor.name,
        action.name(),
        action.entity().as_str(),
        entity_id.to_string(),
        before.map(to_json),
        after.map(to_json)
    )?;
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("audit values serialise")
}

/// The newest rows first, at most `limit`, filtered. The dates are days in UTC, as the log's times are
/// written; one that is not a date is refused.
/// What a scoped reader may see of the log: the rows about these agreements (and their promises, activities
/// and reports) and these accounts, each list written `,1,5,9,` so that both engines read it with `LIKE`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Within {
    pub agreements: String,
    pub users: String,
}

impl Within {
    pub fn new(
        agreements: impl IntoIterator<Item = i64>,
        users: impl IntoIterator<Item = i64>,
    ) -> Self {
        let list = |ids: &mut dyn Iterator<Item = i64>| {
            ids.fold(String::from(","), |mut s, id| {
                s.push_str(&id.to_string());
                s.push(',');
                s
            })
        };
        Within {
            agreements: list(&mut agreements.into_iter()),
            users: list(&mut users.into_iter()),
        }
    }
}

/// The newest rows that match `filter`, all of them or (`within`) only those a scoped reader may see.
pub async fn list(
    pool: &Db,
    filter: &AuditFilter,
    within: Option<&Within>,
    limit: i64,
) -> Result<Vec<AuditEntry>, AppError> {
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let midnight = |d: NaiveDate| Stamp(d.and_time(NaiveTime::MIN).and_utc());
    let from = crate::filters::date("from", &filter.from)?.map(midnight);
    let before = crate::filters::date("to", &filter.to)?
        .and_then(|d| d.succ_opt())
        .map(midnight);
    // Typed NULL tests (`$1 IS NULL`) read the same on both engines: Postgres learns each parameter's type
    // from its bind.
    Ok(db::all!(
        pool,
        "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log
         WHERE ($1 IS NULL OR entity = $1)
           AND ($2 IS NULL OR lower(actor) = lower($2))
           AND ($3 IS NULL OR at >= $3)
           AND ($4 IS NULL OR at < $4)
           AND ($6 IS NULL
                OR (entity = 'agreement' AND $6 LIKE '%,' || entity_id || ',%')
                OR (entity = 'promise' AND EXISTS (
                        SELECT 1 FROM promises p WHERE CAST(p.id AS TEXT) = entity_id
                          AND $6 LIKE '%,' || CAST(p.agreement_id AS TEXT) || ',%'))
                OR (entity = 'activity' AND EXISTS (
                        SELECT 1 FROM activities x JOIN promises p ON p.id = x.promise_id
                        WHERE CAST(x.id AS TEXT) = entity_id
                          AND $6 LIKE '%,' || CAST(p.agreement_id AS TEXT) || ',%'))
                OR (entity = 'report' AND EXISTS (
                        SELECT 1 FROM reports r JOIN activities x ON x.id = r.activity_id
                        JOIN promises p ON p.id = x.promise_id
                        WHERE r.id = entity_id AND $6 LIKE '%,' || CAST(p.agreement_id AS TEXT) || ',%'))
                OR (entity = 'user' AND $7 LIKE '%,' || entity_id || ',%'))
         ORDER BY id DESC LIMIT $5",
        text(&filter.entity),
        text(&filter.actor),
        from,
        before,
        limit,
        within.map(|w| w.agreements.clone()),
        within.map(|w| w.users.clone())
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_pool;

    #[tokio::test]
    async fn the_database_refuses_to_change_or_delete_audit_rows() {
        let pool = test_pool().await;
        let mut tx = pool.begin().await.unwrap();
        append(
            &mut tx,
            &Actor::system("test"),
            Action::AgreementCreate,
            1,
            None::<&()>,
            Some(&serde_json::json!({"a": 1})),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let update = db::execute!(&pool, "UPDATE audit_log SET actor = 'someone else'");
        assert!(
            update.unwrap_err().to_string().contains("insert-only"),
            "UPDATE is refused"
        );
        let delete = db::execute!(&pool, "DELETE FROM audit_log");
        assert!(delete.unwrap_err().to_string().contains("insert-only"));
        let rows = list(&pool, &AuditFilter::default(), None, 10)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].actor, "test");
        assert_eq!(rows[0].after.as_deref(), Some(r#"{"a":1}"#));
    }

    #[tokio::test]
    async fn the_dates_filter_by_day_and_one_that_is_not_a_date_is_refused() {
        let pool = test_pool().await;
        let mut tx = pool.begin().await.unwrap();
        append(
            &mut tx,
            &Actor::system("test"),
            Action::AgreementUpdate,
            1,
            None::<&()>,
            None::<&()>,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let today = chrono::Utc::now().date_naive();
        let filter = |from: String, to: String| AuditFilter {
            from,
            to,
            ..AuditFilter::default()
        };
        let on = |day: NaiveDate| filter(day.to_string(), day.to_string());
        assert_eq!(list(&pool, &on(today), None, 10).await.unwrap().len(), 1);
        let yesterday = today.pred_opt().unwrap();
        assert_eq!(
            list(&pool, &on(yesterday), None, 10).await.unwrap().len(),
            0
        );
        let refused = list(&pool, &filter("2026-13-01".into(), String::new()), None, 10).await;
        assert!(
            matches!(refused, Err(AppError::Invalid { ref problems, .. }) if problems.contains_key("from")),
            "{refused:?}"
        );
    }
}
