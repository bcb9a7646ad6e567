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

/// A writer on one instance, in the middle of its transaction, does not hold up a writer on another
/// instance that stores a report to another activity. (With one change-counter row that every writing
/// transaction locked until its commit, the second writer waited for the first whatever it wrote.)
#[tokio::test]
async fn writers_to_different_activities_on_two_instances_do_not_wait_on_each_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let officer = a.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&a, "targeted_operation").await;
    let meetings = activity_id(&a, "collaboration_meeting").await;
    let officer_id: i64 = a
        .scalar("SELECT id FROM users WHERE username = 'olle'")
        .await;

    // Instance a's writer: a targeted operation stored, its transaction still open.
    let mut open = a.pool.begin().await.unwrap();
    db::execute!(
        &mut open,
        "INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, start_time, end_time,
             place, officers, persons_checked, persons_21_or_under, youths_identified,
             drug_offences_reported, notes, content)
         VALUES ($1, 'targeted_operation', $2, $3, '2019-05-14', '2019-05-14T18:00:00.000Z', '18:00',
             '22:00', 'Torget', 2, 5, 3, 1, 0, '', '{}')",
        uuid::Uuid::new_v4().to_string(),
        ops,
        officer_id
    )
    .unwrap();

    // Meanwhile instance b stores a meeting.
    let meeting = json!({
        "id": uuid::Uuid::new_v4().to_string(), "kind": "collaboration_meeting", "activity_id": meetings,
        "created_at": "2019-05-14T10:00:00Z", "date": "2019-02-01",
        "organisations": ["Polisen", "Sävsjö kommun"], "summary": "Genomgång."
    });
    let started = std::time::Instant::now();
    let (status, results) = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        post_reports(&officer, &b, &json!([meeting])),
    )
    .await
    .expect("instance b answers while a's transaction is open");
    let waited = started.elapsed();
    assert_eq!(
        (status, results[0]["status"].as_str()),
        (200, Some("created")),
        "{results}"
    );
    assert!(
        waited < std::time::Duration::from_secs(2),
        "instance b waited {waited:?} for a writer to another activity"
    );

    open.commit().await.unwrap();
    assert_eq!(a.count("reports").await, 2);
    assert_eq!(
        app::agreements::db::tallies::check(&a.pool).await.unwrap(),
        vec![],
        "the tallies are exact"
    );
}

/// A report stored through one instance shows on the other instance's public page and progress JSON
/// within 2 s, though that instance kept both in memory just before and answered no write since.
#[tokio::test]
async fn a_report_stored_through_one_instance_shows_on_the_other_within_two_seconds() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    const PAGE: &str = "/avtal/savsjo-2018-2019";
    const PROGRESS: &str = "/api/v1/agreements/savsjo-2018-2019/progress";
    let officer = a.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&a, "targeted_operation").await;
    let achieved = |progress: &Value| -> i64 {
        progress["promises"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| p["activities"].as_array().into_iter().flatten())
            .find(|x| x["id"] == ops)
            .and_then(|x| x["achieved"].as_i64())
            .expect("the targeted operations")
    };
    // Instance b keeps its page and document.
    let before = achieved(&b.get_json(PROGRESS).await.1);
    let page_before = b.text(PAGE).await;
    assert_eq!(b.text(PAGE).await, page_before, "kept");

    let mut report = operation(ops);
    report["place"] = "Stationsplan".into();
    let (status, _) = post_reports(&officer, &a, &json!([report])).await;
    assert_eq!(status, 200);
    let stored = std::time::Instant::now();

    let mut progress_at = None;
    let mut page_at = None;
    while stored.elapsed() < std::time::Duration::from_secs(5)
        && (progress_at.is_none() || page_at.is_none())
    {
        if progress_at.is_none() && achieved(&b.get_json(PROGRESS).await.1) == before + 1 {
            progress_at = Some(stored.elapsed());
        }
        if page_at.is_none() && b.text(PAGE).await.contains("Stationsplan") {
            page_at = Some(stored.elapsed());
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let limit = std::time::Duration::from_secs(2);
    eprintln!(
        "freshness across instances: progress JSON after {progress_at:?}, page after {page_at:?}"
    );
    assert!(
        progress_at.is_some_and(|t| t <= limit),
        "the progress JSON showed it after {progress_at:?}"
    );
    assert!(
        page_at.is_some_and(|t| t <= limit),
        "the page showed it after {page_at:?}"
    );
}
