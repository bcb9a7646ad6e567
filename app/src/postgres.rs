//! PostgreSQL: its migrations (the same schema and guarantees as SQLite's, in `migrations-postgres/`) and
//! opening a pool on it.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;

/// The Postgres schema's migrations, embedded in the binary.
///
/// On Postgres sqlx's migrator holds a session advisory lock while it runs, so several instances started
/// together apply each migration once: the others wait, then find it applied (tested below).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations-postgres");

/// Opens a pool on the Postgres database at `url` and brings its schema up to date. The database itself
/// must exist: creating databases is for the operator, with rights the app should not have.
///
/// Durability: Postgres acknowledges a commit once its WAL record is flushed to disk (`synchronous_commit`
/// `on`, the server's default); the pool leaves that setting to the server.
pub async fn connect(
    url: &str,
    max_connections: u32,
    timeout: std::time::Duration,
) -> Result<PgPool, sqlx::Error> {
    use sqlx::Connection;
    let options = PgConnectOptions::from_str(url)?.application_name("lofte");
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        // A request waits at most this long for a connection, and a server that does not answer stops the
        // start after it. While the server is down every connection attempt fails, and the pool keeps
        // trying until this bound: without it a request waited as long as the outage.
        .acquire_timeout(timeout)
        // A connection whose commit failed is not reused while sqlx still counts a transaction on it.
        .after_release(|conn, _| {
            Box::pin(async move {
                let clean = !conn.is_in_transaction();
                if !clean {
                    tracing::warn!(
                        "a database connection came back inside a transaction: closed, not reused"
                    );
                }
                Ok(clean)
            })
        })
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// A fresh, empty database on the test server named by `LOFTE_TEST_POSTGRES_URL` (a URL to any database
/// there, with the right to create databases), for one test; `None` when the variable is unset.
/// `LOFTE_REQUIRE_POSTGRES=1` (set by `make test`) turns a missing server into a failure, so that the
/// Postgres tests cannot be skipped without anyone noticing.
pub mod testing {
    use sqlx::postgres::PgConnectOptions;
    use sqlx::{ConnectOptions, Connection};
    use std::str::FromStr;

    pub struct TestDatabase {
        pub url: String,
        admin: PgConnectOptions,
        name: String,
    }

    pub async fn fresh_database() -> Option<TestDatabase> {
        let Ok(url) = std::env::var("LOFTE_TEST_POSTGRES_URL") else {
            assert!(
                std::env::var("LOFTE_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "LOFTE_REQUIRE_POSTGRES=1 but LOFTE_TEST_POSTGRES_URL is unset"
            );
            eprintln!("LOFTE_TEST_POSTGRES_URL is unset: this Postgres test checks nothing");
            return None;
        };
        let admin =
            PgConnectOptions::from_str(&url).expect("LOFTE_TEST_POSTGRES_URL is a Postgres URL");
        let name = format!("lofte_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = admin.connect().await.expect("the test server answers");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("a test database is created");
        conn.close().await.ok();
        let url = admin.clone().database(&name).to_url_lossy().to_string();
        Some(TestDatabase { url, admin, name })
    }

    impl TestDatabase {
        /// Drops the database, ending its connections first.
        pub async fn drop(self) {
            let mut conn = self.admin.connect().await.expect("the test server answers");
            sqlx::query(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn)
            .await
            .expect("the test database is dropped");
            conn.close().await.ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::fresh_database;
    use sqlx::{PgPool, Row};

    async fn migrated(url: &str) -> PgPool {
        super::connect(url, 4, crate::db::DEFAULT_TIMEOUT)
            .await
            .expect("the schema migrates")
    }

    /// Inserts an agreement with one activity measuring `targeted_operation`, and one account; their ids.
    async fn basics(pool: &PgPool) -> (i64, i64) {
        let agreement: i64 = sqlx::query_scalar(
            "INSERT INTO agreements (slug, municipality, police_area, title, valid_from, valid_to, signed_on,
                                     background, follow_up)
             VALUES ('a', 'm', 'p', 't', '2019-01-01', '2019-12-31', '2019-01-01', '', '') RETURNING id",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let promise: i64 = sqlx::query_scalar(
            "INSERT INTO promises (agreement_id, position, text) VALUES ($1, 1, 'p') RETURNING id",
        )
        .bind(agreement)
        .fetch_one(pool)
        .await
        .unwrap();
        let activity: i64 = sqlx::query_scalar(
            "INSERT INTO activities (promise_id, position, text, owner, measure, target, cadence)
             VALUES ($1, 1, 'a', 'police', 'targeted_operation', 5, 'period') RETURNING id",
        )
        .bind(promise)
        .fetch_one(pool)
        .await
        .unwrap();
        let user: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, password_hash, role) VALUES ('ada', 'x', 'admin') RETURNING id",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        (activity, user)
    }

    async fn report(pool: &PgPool, id: &str, activity: i64, user: i64, date: &str, youths: i64) {
        sqlx::query(
            "INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, start_time, end_time,
                                  place, officers, persons_checked, persons_21_or_under, youths_identified,
                                  drug_offences_reported, notes, content)
             VALUES ($1, 'targeted_operation', $2, $3, $4::date, '2019-05-14T20:15:00+02:00', '18:00', '22:00',
                     'p', 2, 10, 5, $5, 1, '', '{}')",
        )
        .bind(id)
        .bind(activity)
        .bind(user)
        .bind(date)
        .bind(youths)
        .execute(pool)
        .await
        .unwrap();
    }

    /// The tallies as (day, reports, youths), and the same derived from the record.
    async fn tallies(pool: &PgPool) -> (Vec<(String, i64, i64)>, Vec<(String, i64, i64)>) {
        let kept = sqlx::query_as(
            "SELECT day::text, reports, youths_identified FROM report_tallies ORDER BY day",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        let derived = sqlx::query_as(
            "SELECT date::text, count(*), sum(youths_identified)::bigint FROM current_reports
             WHERE NOT voided GROUP BY date ORDER BY date",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        (kept, derived)
    }

    #[tokio::test]
    async fn the_schema_has_the_tables_and_columns_of_sqlites() {
        let Some(db) = fresh_database().await else {
            return;
        };
        let pg = migrated(&db.url).await;
        let sqlite = crate::db::memory_sqlite().await;
        // All but SQLite's change counter and its record of which agreements changed: PostgreSQL notifies of
        // changes instead (`web::cache::freshness`).
        let sqlite_columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type IN ('table', 'view') AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\'
               AND m.name NOT LIKE 'sqlite%' AND m.name NOT IN ('changes', 'record_changes')
             ORDER BY 1, 2",
        )
        .fetch_all(&sqlite)
        .await
        .unwrap();
        let pg_columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'
             ORDER BY 1, 2",
        )
        .fetch_all(&pg)
        .await
        .unwrap();
        assert!(sqlite_columns.len() > 100, "{}", sqlite_columns.len());
        assert_eq!(pg_columns, sqlite_columns);
        pg.close().await;
        db.drop().await;
    }

    #[tokio::test]
    async fn the_record_refuses_update_delete_and_truncate() {
        let Some(db) = fresh_database().await else {
            return;
        };
        let pool = migrated(&db.url).await;
        let (activity, user) = basics(&pool).await;
        report(&pool, "r1", activity, user, "2019-05-14", 2).await;
        for sql in [
            "INSERT INTO report_versions (report_id, version, date, start_time, end_time, place, officers,
                persons_checked, persons_21_or_under, youths_identified, drug_offences_reported, notes,
                reason, corrected_by) VALUES ('r1', 2, '2019-05-14', '18:00', '22:00', 'p', 2, 10, 5, 1, 1,
                '', 'fel antal', 1)",
            "INSERT INTO report_voids (report_id, reason, voided_by) VALUES ('r1', 'dubblett', 1)",
            "INSERT INTO audit_log (actor, action, entity, entity_id) VALUES ('cli', 'x', 'report', 'r1')",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        for table in [
            "reports",
            "report_versions",
            "report_voids",
            "audit_log",
            "office_hour_held",
        ] {
            for sql in [
                format!(
                    "UPDATE {table} SET {} = {0}",
                    if table == "audit_log" {
                        "actor"
                    } else {
                        "date"
                    }
                ),
                format!("DELETE FROM {table}"),
                format!("TRUNCATE {table} CASCADE"),
            ] {
                // Office hours held has no rows here: the row triggers would not fire on it.
                if table == "office_hour_held" && !sql.starts_with("TRUNCATE") {
                    continue;
                }
                let refused = sqlx::query(&sql).execute(&pool).await;
                assert!(refused.is_err(), "{sql} was allowed");
            }
        }
        let deleted = sqlx::query("DELETE FROM users").execute(&pool).await;
        assert!(deleted.is_err(), "an account was deleted");
        sqlx::query("UPDATE users SET disabled = true")
            .execute(&pool)
            .await
            .expect("accounts can be disabled");
        for (table, rows) in [
            ("reports", 1),
            ("report_versions", 1),
            ("report_voids", 1),
            ("audit_log", 1),
            ("users", 1),
        ] {
            let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(n, rows, "{table}");
        }
        pool.close().await;
        db.drop().await;
    }

    #[tokio::test]
    async fn the_tallies_follow_reports_corrections_and_voids() {
        let Some(db) = fresh_database().await else {
            return;
        };
        let pool = migrated(&db.url).await;
        let mut listener = sqlx::postgres::PgListener::connect(&db.url).await.unwrap();
        listener.listen(crate::web::cache::CHANNEL).await.unwrap();
        let (activity, user) = basics(&pool).await;
        report(&pool, "r1", activity, user, "2019-05-14", 2).await;
        report(&pool, "r2", activity, user, "2019-05-14", 3).await;
        report(&pool, "r3", activity, user, "2019-05-20", 1).await;
        // r1 moves to another day with other figures; r3 is voided.
        sqlx::query(
            "INSERT INTO report_versions (report_id, version, date, start_time, end_time, place, officers,
                persons_checked, persons_21_or_under, youths_identified, drug_offences_reported, notes,
                reason, corrected_by) VALUES ('r1', 2, '2019-05-16', '18:00', '22:00', 'p', 2, 10, 5, 4, 1,
                '', 'fel dag', $1)",
        )
        .bind(user)
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO report_voids (report_id, reason, voided_by) VALUES ('r3', 'dubblett', $1)",
        )
        .bind(user)
        .execute(&pool)
        .await
        .unwrap();
        let (kept, derived) = tallies(&pool).await;
        assert_eq!(
            kept,
            [
                ("2019-05-14".to_owned(), 1, 3),
                ("2019-05-16".to_owned(), 1, 4)
            ]
        );
        assert_eq!(kept, derived);
        // One notification per transaction that wrote what the pages show (each statement here is one): the
        // agreement, promise and activity, three reports, a correction and a void (accounts are not shown),
        // each naming its table, and a change to the record its agreement too, so that changes to the record
        // can be told apart, and by agreement.
        let mut notified = Vec::new();
        while let Ok(received) =
            tokio::time::timeout(std::time::Duration::from_millis(500), listener.recv()).await
        {
            notified.push(received.unwrap().payload().to_owned());
        }
        let agreement: i64 = sqlx::query_scalar("SELECT id FROM agreements")
            .fetch_one(&pool)
            .await
            .unwrap();
        let record = |table: &str| format!("{table}:{agreement}");
        assert_eq!(
            notified,
            [
                "agreements".to_owned(),
                "promises".to_owned(),
                "activities".to_owned(),
                record("reports"),
                record("reports"),
                record("reports"),
                record("report_versions"),
                record("report_voids"),
            ]
        );
        pool.close().await;
        db.drop().await;
    }

    /// Reports posted at once from many connections, several to the same day: the tallies stay exact.
    #[tokio::test]
    async fn concurrent_writers_keep_the_tallies_exact() {
        let Some(db) = fresh_database().await else {
            return;
        };
        let pool = migrated(&db.url).await;
        let (activity, user) = basics(&pool).await;
        let writers = (0..40).map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let day = format!("2019-05-{:02}", 10 + i % 3);
                report(&pool, &format!("r{i}"), activity, user, &day, 1).await;
            })
        });
        for writer in writers {
            writer.await.unwrap();
        }
        let (kept, derived) = tallies(&pool).await;
        assert_eq!(kept.iter().map(|t| t.1).sum::<i64>(), 40);
        assert_eq!(kept, derived);
        pool.close().await;
        db.drop().await;
    }

    /// An occurrence held in one transaction and cancelled in another at the same time: one of them
    /// commits, never both, though neither sees the other's row when it starts.
    #[tokio::test]
    async fn an_occurrence_is_never_both_held_and_cancelled_under_concurrent_writers() {
        let Some(db) = fresh_database().await else {
            return;
        };
        let pool = migrated(&db.url).await;
        let (_, user) = basics(&pool).await;
        let slot: i64 = sqlx::query_scalar(
            "INSERT INTO office_hour_slots (place, kind, weekday, start_time, end_time, valid_from)
             VALUES ('Polisstationen', 'office', 2, '10:00', '12:00', '2019-01-01') RETURNING id",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        for round in 0..10 {
            let day = format!("2019-02-{:02}", 1 + round);
            let mut held = pool.begin().await.unwrap();
            let mut cancelled = pool.begin().await.unwrap();
            // Both transactions have read the state before either writes.
            for tx in [&mut held, &mut cancelled] {
                sqlx::query("SELECT count(*) FROM office_hour_held")
                    .execute(&mut **tx)
                    .await
                    .unwrap();
            }
            let hold = async {
                let r = sqlx::query(
                    "INSERT INTO office_hour_held (slot_id, date, recorded_by) VALUES ($1, $2::date, $3)",
                )
                .bind(slot)
                .bind(&day)
                .bind(user)
                .execute(&mut *held)
                .await;
                match r {
                    Ok(_) => held.commit().await.is_ok(),
                    Err(_) => false,
                }
            };
            let cancel = async {
                let r = sqlx::query(
                    "INSERT INTO office_hour_cancellations (slot_id, date, reason) VALUES ($1, $2::date, 'sjuk')",
                )
                .bind(slot)
                .bind(&day)
                .execute(&mut *cancelled)
                .await;
                match r {
                    Ok(_) => cancelled.commit().await.is_ok(),
                    Err(_) => false,
                }
            };
            let (h, c) = tokio::join!(hold, cancel);
            assert!(h != c, "round {round}: held {h}, cancelled {c}");
            let both: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM office_hour_held h JOIN office_hour_cancellations c
                 ON c.slot_id = h.slot_id AND c.date = h.date",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(both, 0);
        }
        pool.close().await;
        db.drop().await;
    }

    /// Several instances starting together on one empty database: each migration is applied once, and
    /// every instance starts.
    #[tokio::test]
    async fn migrations_run_once_when_instances_start_together() {
        let Some(db) = fresh_database().await else {
            return;
        };
        let starts = (0..4).map(|_| {
            let url = db.url.clone();
            tokio::spawn(async move { super::connect(&url, 2, crate::db::DEFAULT_TIMEOUT).await })
        });
        let mut pools = Vec::new();
        for start in starts {
            pools.push(start.await.unwrap().expect("every instance starts"));
        }
        let applied = sqlx::query("SELECT version, success FROM _sqlx_migrations")
            .fetch_all(&pools[0])
            .await
            .unwrap();
        assert_eq!(applied.len(), super::MIGRATOR.iter().count());
        assert!(applied.iter().all(|row| row.get::<bool, _>("success")));
        for pool in pools {
            pool.close().await;
        }
        db.drop().await;
    }
}
