//! `lofte copy-to-postgres`: a SQLite database with reports, corrections, voids and office-hour marks,
//! copied into an empty PostgreSQL database and checked; a second copy into it is refused.

use crate::common::{activity_id, operation, post_reports, spawn_sqlite_app};
use app::postgres::testing::fresh_database;
use domain::credentials::Role;
use sqlx::PgPool;

/// `current_reports` as text, row by row, in one order: what the counts and pages read.
/// One row of `CURRENT`; `voided` is an INTEGER in SQLite and an int4 in Postgres.
type CurrentRow<V> = (String, String, String, String, String, Option<String>, V);

const CURRENT: &str =
    "SELECT id, kind, CAST(activity_id AS TEXT), CAST(version AS TEXT), CAST(date AS TEXT),
        CAST(youths_identified AS TEXT), CAST(voided AS INTEGER) FROM current_reports ORDER BY id";

#[tokio::test]
async fn a_sqlite_database_is_copied_whole_into_an_empty_postgres_one() {
    let Some(db) = fresh_database().await else {
        return;
    };
    let app = spawn_sqlite_app().await;
    // The example agreement brings reports of its own and held office hours.
    app::agreements::db::demo::add(&app.pool, app.clock.today())
        .await
        .expect("the example is added");
    let officer = app.signed_in("olle", Role::Officer).await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let activity = activity_id(&app, "targeted_operation").await;
    let batch: Vec<_> = (0..3).map(|_| operation(activity)).collect();
    let (status, _) = post_reports(&officer, &app, &serde_json::json!(batch)).await;
    assert_eq!(status, 200);
    let corrected = batch[0]["id"].as_str().unwrap();
    let voided = batch[1]["id"].as_str().unwrap();
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/reports/correct",
            &[
                ("id", corrected),
                ("version", "1"),
                ("reason", "Fel dag"),
                ("date", "2019-05-20"),
                ("start_time", "18:00"),
                ("end_time", "22:00"),
                ("place", "Resecentrum"),
                ("officers", "4"),
                ("persons_checked", "12"),
                ("persons_21_or_under", "7"),
                ("youths_identified", "5"),
                ("drug_offences_reported", "3"),
                ("notes", ""),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/reports/void",
            &[("id", voided), ("reason", "Dubblett")],
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let sqlite_url = format!("sqlite://{}", app.db_path.display());
    let copied = lofte::to_postgres::copy(&sqlite_url, &db.url)
        .await
        .expect("the copy succeeds");
    let rows = |table: &str| {
        copied
            .0
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, n)| *n)
            .unwrap()
    };
    assert_eq!(rows("reports"), app.count("reports").await);
    assert!(rows("reports") > 3, "the example's reports and the batch");
    assert_eq!(rows("report_versions"), 1);
    assert_eq!(rows("report_voids"), 1);
    assert!(rows("office_hour_held") > 0);
    assert_eq!(rows("users"), app.count("users").await);
    assert_eq!(rows("audit_log"), app.count("audit_log").await);

    let pg = PgPool::connect(&db.url).await.unwrap();
    let here: Vec<CurrentRow<i64>> = sqlx::query_as(CURRENT)
        .fetch_all(app.pool.sqlite().unwrap())
        .await
        .unwrap();
    let there: Vec<CurrentRow<i32>> = sqlx::query_as(CURRENT).fetch_all(&pg).await.unwrap();
    let there: Vec<_> = there
        .into_iter()
        .map(|(a, b, c, d, e, f, g)| (a, b, c, d, e, f, i64::from(g)))
        .collect();
    assert_eq!(here, there, "every report as it stands now");
    // New rows get ids after the copied ones.
    let next: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, role) VALUES ('ny', 'x', 'officer') RETURNING id",
    )
    .fetch_one(&pg)
    .await
    .unwrap();
    assert_eq!(next, rows("users") + 1);
    pg.close().await;

    // A database that is no longer empty is refused, and keeps what it has.
    let refused = lofte::to_postgres::copy(&sqlite_url, &db.url).await;
    let message = format!("{:#}", refused.unwrap_err());
    assert!(message.contains("not empty"), "{message}");
    let pg = PgPool::connect(&db.url).await.unwrap();
    let reports: i64 = sqlx::query_scalar("SELECT count(*) FROM reports")
        .fetch_one(&pg)
        .await
        .unwrap();
    assert_eq!(reports, rows("reports"));
    pg.close().await;

    // The target must be Postgres.
    let refused = lofte::to_postgres::copy(&sqlite_url, &sqlite_url).await;
    assert!(format!("{:#}", refused.unwrap_err()).contains("postgres:"));
    db.drop().await;
}
