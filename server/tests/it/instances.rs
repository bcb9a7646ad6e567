//! Two app instances on one PostgreSQL database, as behind a load balancer, raced against each other: what
//! SQLite's single writer guarantees must hold with concurrent writers too. These run on Postgres only (there
//! is nothing to race on SQLite); `make test` requires them to run.

use crate::common::{activity_id, operation, post_reports, spawn_app_on_url, TestApp};
use app::db;
use domain::credentials::Role;
use serde_json::{json, Value};

/// Two servers on one fresh Postgres database; `None` (and a note) without a test server.
async fn two_instances() -> Option<(TestApp, TestApp)> {
    let database = app::postgres::testing::fresh_database().await?;
    let a = spawn_app_on_url(&database.url).await;
    let b = spawn_app_on_url(&database.url).await;
    Some((a, b))
}

fn statuses(results: &Value) -> Vec<String> {
    results
        .as_array()
        .unwrap_or_else(|| panic!("a list of results: {results}"))
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_same_batch_sent_to_two_instances_at_once_is_stored_once() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    // Signed in on one instance; the session is in the shared database, so the other knows it too.
    let officer = a.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&a, "targeted_operation").await;
    for round in 0..20 {
        let batch = json!((0..5).map(|_| operation(ops)).collect::<Vec<_>>());
        let (to_a, to_b) = tokio::join!(
            post_reports(&officer, &a, &batch),
            post_reports(&officer, &b, &batch)
        );
        assert_eq!(
            (to_a.0, to_b.0),
            (200, 200),
            "round {round}: {to_a:?} {to_b:?}"
        );
        for (i, (one, other)) in statuses(&to_a.1).iter().zip(statuses(&to_b.1)).enumerate() {
            let mut pair = [one.as_str(), other.as_str()];
            pair.sort_unstable();
            assert_eq!(
                pair,
                ["created", "duplicate"],
                "round {round}, item {i}: one instance stores it, the other finds it stored"
            );
        }
    }
    assert_eq!(a.count("reports").await, 100);
    let audited: i64 = a
        .scalar("SELECT count(*) FROM audit_log WHERE action = 'report.create'")
        .await;
    assert_eq!(audited, 100, "one audit row per stored report");
    assert_eq!(crate::common::achieved(&b, "targeted_operation").await, 100);
    assert_eq!(
        app::agreements::db::tallies::check(&a.pool).await.unwrap(),
        vec![]
    );
}

#[tokio::test]
async fn an_occurrence_marked_held_on_one_instance_and_cancelled_on_the_other_is_never_both() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let slot = crate::office_hours::tuesday_slot(&a, "2019-01-01", "2019-12-31").await;
    let officer = a.signed_in("olle", Role::Officer).await;
    // Every Tuesday of 2019 from 8 January: 20 occurrences, each raced once.
    let first = chrono::NaiveDate::from_ymd_opt(2019, 1, 8).unwrap();
    for week in 0..20 {
        let day = first + chrono::Days::new(7 * week);
        let occurrence = format!("slot:{slot}:{day}");
        let held = [("occurrence", occurrence.as_str()), ("outcome", "held")];
        let cancel = [
            ("occurrence", occurrence.as_str()),
            ("outcome", "cancelled"),
            ("reason", "Sjukdom"),
        ];
        let (on_a, on_b) = tokio::join!(
            a.post_form(&officer, "/api/v1/office-hours/mark", &held),
            b.post_form(&officer, "/api/v1/office-hours/mark", &cancel)
        );
        let mut outcomes = [on_a.0, on_b.0];
        outcomes.sort_unstable();
        assert_eq!(
            outcomes,
            [200, 409],
            "{day}: one mark wins, the other is refused: {on_a:?} {on_b:?}"
        );
        let (held, cancelled): (i64, i64) = db::one!(
            &a.pool,
            "SELECT (SELECT count(*) FROM office_hour_held WHERE slot_id = $1 AND date = $2),
                    (SELECT count(*) FROM office_hour_cancellations WHERE slot_id = $1 AND date = $2)",
            slot,
            day
        )
        .unwrap();
        assert_eq!(
            held + cancelled,
            1,
            "{day}: held {held}, cancelled {cancelled}"
        );
    }
    assert_eq!(
        app::agreements::db::tallies::check(&a.pool).await.unwrap(),
        vec![]
    );
}

#[tokio::test]
async fn two_admins_disabling_each_other_on_two_instances_leave_one_enabled() {
    for round in 0..5 {
        let Some((a, b)) = two_instances().await else {
            return;
        };
        let ada = a.signed_in("ada", Role::Admin).await;
        let bo = b.signed_in("bo", Role::Admin).await;
        let id = |name: &'static str| {
            let a = &a;
            async move {
                db::scalar!(&a.pool, as i64, "SELECT id FROM users WHERE username = $1", name)
                    .unwrap()
            }
        };
        let (ada_id, bo_id) = (id("ada").await.to_string(), id("bo").await.to_string());
        let ada_form = [
            ("id", bo_id.as_str()),
            ("version", "1"),
            ("disabled", "true"),
        ];
        let bo_form = [
            ("id", ada_id.as_str()),
            ("version", "1"),
            ("disabled", "true"),
        ];
        let (one, other) = tokio::join!(
            a.post_form(&ada, "/api/v1/admin/users/disable", &ada_form),
            b.post_form(&bo, "/api/v1/admin/users/disable", &bo_form)
        );
        let enabled: i64 = a
            .scalar("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled")
            .await;
        assert_eq!(
            enabled, 1,
            "round {round}: exactly one of the two disables lands: {one:?} {other:?}"
        );
        let mut statuses = [one.0, other.0];
        statuses.sort_unstable();
        assert_eq!(statuses[0], 200, "round {round}: {one:?} {other:?}");
        assert_ne!(statuses[1], 200, "round {round}: {one:?} {other:?}");
    }
}
