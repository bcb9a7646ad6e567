//! Any activity can be counted: an admin defines a `count` activity with its unit, officers report it as
//! `activity` reports through the sync API, and progress, the public page and the CSV count it.

use crate::common::{activity_id, operation, post_reports as post, spawn_app, TestApp};
use app::db;
use domain::credentials::Role;
use serde_json::{json, Value};
use uuid::Uuid;

const SLUG: &str = "savsjo-2018-2019";

fn walk(activity_id: i64, count: Option<u32>) -> Value {
    let mut item = json!({
        "id": Uuid::new_v4().to_string(), "kind": "activity", "activity_id": activity_id,
        "created_at": "2019-05-14T21:00:00+02:00", "date": "2019-05-14", "start_time": "19:00",
        "end_time": "21:00", "place": "Centrum", "officers": 2, "notes": ""
    });
    if let Some(n) = count {
        item["count"] = json!(n);
    }
    item
}

fn statuses(results: &Value) -> Vec<&str> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect()
}

/// The seeded agreement's activity `id` as the public progress API shows it.
async fn progress_of(app: &TestApp, id: i64) -> Value {
    let (_, body) = app
        .get_json(&format!("/api/v1/agreements/{SLUG}/progress"))
        .await;
    body["promises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .find(|a| a["id"] == id)
        .cloned()
        .expect("the activity is in the progress document")
}

/// Adds "trygghetsvandringar", ten per calendar year, to the seeded agreement's first promise; its id.
async fn add_walks(app: &TestApp, admin: &reqwest::Client) -> i64 {
    let (_, body) = app
        .get_json(&format!("/api/v1/agreements/{SLUG}/progress"))
        .await;
    let promise = body["promises"][0]["id"].as_i64().unwrap().to_string();
    let fields = [
        ("promise_id", promise.as_str()),
        ("text", "Minst tio trygghetsvandringar per år"),
        ("owner", "joint"),
        ("measure", "count"),
        ("target", "10"),
        ("cadence", "calendar_year"),
        ("unit", "trygghetsvandringar"),
        ("unit_singular", "trygghetsvandring"),
    ];
    let before = app.count("activities").await;
    // Without its unit a counted activity is refused, and nothing is stored.
    let no_unit: Vec<(&str, &str)> = fields
        .iter()
        .copied()
        .filter(|(k, _)| !k.starts_with("unit"))
        .collect();
    let (status, refused) = app
        .post_form(admin, "/api/v1/admin/activities/create", &no_unit)
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["problems"]["unit"]["code"], "empty", "{refused}");
    assert_eq!(app.count("activities").await, before);

    let (status, body) = app
        .post_form(admin, "/api/v1/admin/activities/create", &fields)
        .await;
    assert_eq!(status, 200, "{body}");
    app.scalar("SELECT id FROM activities WHERE measure = 'count'")
        .await
}

#[tokio::test]
async fn activity_reports_sync_exactly_once_with_every_status_and_count() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let walks = add_walks(&app, &admin).await;
    let ops = activity_id(&app, "targeted_operation").await;

    let three = walk(walks, Some(3));
    let (status, results) = post(&officer, &app, &json!([three])).await;
    assert_eq!((status, statuses(&results)), (200, vec!["created"]));

    let mut changed = three.clone();
    changed["count"] = json!(4);
    let one = walk(walks, None);
    let mut zero = walk(walks, Some(0));
    zero["notes"] = json!("");
    let mut pnr = walk(walks, Some(1));
    pnr["notes"] = json!("Pratade med 19900101-1234");
    let to_operation_activity = walk(ops, Some(1));
    let operation_to_walks = operation(walks);
    let batch = json!([
        one,
        three,
        changed,
        zero,
        pnr,
        to_operation_activity,
        operation_to_walks
    ]);
    let (status, results) = post(&officer, &app, &batch).await;
    assert_eq!(status, 200);
    assert_eq!(
        statuses(&results),
        [
            "created",
            "duplicate",
            "conflict",
            "invalid",
            "invalid",
            "invalid",
            "invalid"
        ]
    );
    assert_eq!(results[3]["problems"]["count"]["code"], "out_of_range");
    assert_eq!(results[4]["problems"]["notes"]["code"], "personnummer");
    assert_eq!(
        results[5]["problems"]["activity_id"]["code"],
        "wrong_kind_for_activity"
    );
    assert_eq!(
        results[6]["problems"]["activity_id"]["code"],
        "wrong_kind_for_activity"
    );
    let stored: Vec<(i64, Option<String>)> = db::all!(
        &app.pool,
        "SELECT count, start_time FROM reports WHERE kind = 'activity' ORDER BY count"
    )
    .unwrap();
    assert_eq!(
        stored,
        vec![(1, Some("19:00".into())), (3, Some("19:00".into()))],
        "a missing count is 1; the conflict changed nothing"
    );
    // Reposting the whole batch adds nothing.
    let (_, again) = post(&officer, &app, &batch).await;
    assert_eq!(
        &statuses(&again)[..3],
        ["duplicate", "duplicate", "conflict"]
    );
    assert_eq!(app.count("reports").await, 2);

    // Progress counts what was done (3 + 1), in 2019's span, with the admin's unit.
    let progress = progress_of(&app, walks).await;
    assert_eq!(progress["measure"], "count");
    assert_eq!(progress["unit"], "trygghetsvandringar");
    assert_eq!(progress["unit_singular"], "trygghetsvandring");
    assert_eq!(progress["achieved"], 4);
    let years: Vec<i64> = progress["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["achieved"].as_i64().unwrap())
        .collect();
    assert_eq!(years, vec![0, 4, 0]);
    // Built-in measures do not count them.
    assert_eq!(progress_of(&app, ops).await["achieved"], 0);

    let page = app.text(&format!("/avtal/{SLUG}")).await;
    assert!(
        crate::common::readable(&page).contains("4 av 10 trygghetsvandringar"),
        "the public page counts them with their unit"
    );
    let csv = app
        .text(&format!("/api/v1/agreements/{SLUG}/progress.csv"))
        .await;
    let row = csv
        .lines()
        .find(|l| l.contains(&format!(",{walks},")) && l.contains(",\"2019-01-01\","))
        .expect("a CSV row for 2019");
    // Text cells are quoted (see csv_export), numbers are not.
    assert!(
        row.contains(r#","joint","count","calendar_year","2019-01-01","2019-12-31",10,4,"#),
        "{row}"
    );
    let follow_up = app.text(&format!("/avtal/{SLUG}/uppfoljning")).await;
    assert!(crate::common::readable(&follow_up).contains("trygghetsvandringar"));
}

#[tokio::test]
async fn the_measure_of_a_counted_activity_with_reports_is_locked() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let walks = add_walks(&app, &admin).await;
    let (_, results) = post(&officer, &app, &json!([walk(walks, Some(2))])).await;
    assert_eq!(statuses(&results), ["created"]);
    let version: i64 = app
        .scalar("SELECT version FROM activities WHERE measure = 'count'")
        .await;
    let (id, version) = (walks.to_string(), version.to_string());
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/activities/update",
            &[
                ("id", &id),
                ("version", &version),
                ("text", "Trygghetsvandringar"),
                ("owner", "joint"),
                ("measure", "targeted_operation"),
                ("target", "10"),
                ("cadence", "week"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["problems"]["measure"]["code"], "measure_locked");
    let measure: String = app
        .scalar("SELECT measure FROM activities WHERE measure = 'count'")
        .await;
    assert_eq!(measure, "count");
}
