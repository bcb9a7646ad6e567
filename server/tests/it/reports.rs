//! `POST /api/v1/reports`: statuses, batches, bad content, access, and the progress it feeds.

use crate::common::{activity_id, browser, operation, post_reports as post, spawn_app};
use app::db;
use domain::credentials::Role;
use serde_json::{json, Value};
use uuid::Uuid;

fn meeting(activity_id: i64, date: &str) -> Value {
    json!({
        "id": Uuid::new_v4().to_string(), "kind": "collaboration_meeting", "activity_id": activity_id,
        "created_at": "2019-05-14T10:00:00Z", "date": date,
        "organisations": ["Polisen", "Sävsjö kommun"], "summary": "Genomgång av insatserna."
    })
}

fn statuses(results: &Value) -> Vec<&str> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect()
}

/// A report the batch holds twice or more is stored once, as its first copy is; the later copies are
/// `duplicate` or `conflict` against it, on either backend (PostgreSQL stores a batch in one statement).
#[tokio::test]
async fn a_report_twice_in_one_batch_is_stored_as_its_first_copy() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&app, "targeted_operation").await;
    let first = operation(ops);
    let mut changed = first.clone();
    changed["officers"] = json!(5);
    let (status, results) = post(&officer, &app, &json!([first, changed, first])).await;
    assert_eq!(status, 200);
    assert_eq!(statuses(&results), ["created", "conflict", "duplicate"]);
    assert_eq!(app.count("reports").await, 1);
    let officers: i64 = app.scalar("SELECT officers FROM reports").await;
    assert_eq!(officers, 4, "the first copy is the one stored");
}

#[tokio::test]
async fn every_status_in_one_mixed_batch_in_order() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&app, "targeted_operation").await;
    let stored = operation(ops);
    let (status, _) = post(&officer, &app, &json!([stored])).await;
    assert_eq!(status, 200);

    let mut changed = stored.clone();
    changed["officers"] = json!(5);
    let mut bad = operation(ops);
    bad["persons_checked"] = json!(-1);
    let fresh = operation(ops);
    let batch = json!([fresh, stored, changed, bad]);
    let (status, results) = post(&officer, &app, &batch).await;
    assert_eq!(status, 200);
    assert_eq!(
        statuses(&results),
        ["created", "duplicate", "conflict", "invalid"]
    );
    for (sent, got) in batch
        .as_array()
        .unwrap()
        .iter()
        .zip(results.as_array().unwrap())
    {
        assert_eq!(got["id"], sent["id"], "results keep the request's order");
    }
    assert_eq!(
        results[3]["errors"]["persons_checked"],
        "kan inte vara negativt"
    );
    assert!(results[0].get("errors").is_none());
    assert_eq!(
        app.count("reports").await,
        2,
        "only the two created reports are stored"
    );

    let content: String = db::scalar!(
        &app.pool,
        "SELECT content FROM reports WHERE id = $1",
        stored["id"].as_str().unwrap()
    )
    .unwrap();
    assert!(
        content.contains("\"officers\":4"),
        "a conflict changes nothing: {content}"
    );
}

#[tokio::test]
async fn the_recording_officer_comes_from_the_session_not_the_body() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let mut item = operation(activity_id(&app, "targeted_operation").await);
    item["officer_id"] = json!(999);
    let (_, results) = post(&officer, &app, &json!([item])).await;
    assert_eq!(
        statuses(&results),
        ["invalid"],
        "unknown fields are refused"
    );
    assert_eq!(results[0]["errors"]["officer_id"], "okänt fält");

    let item = operation(activity_id(&app, "targeted_operation").await);
    post(&officer, &app, &json!([item])).await;
    let who: String = db::scalar!(
        &app.pool,
        "SELECT u.username FROM reports r JOIN users u ON u.id = r.officer_id"
    )
    .unwrap();
    assert_eq!(who, "olle");
}

#[tokio::test]
async fn a_batch_over_500_is_refused_whole() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&app, "targeted_operation").await;
    let batch: Vec<Value> = (0..501).map(|_| operation(ops)).collect();
    let (status, body) = post(&officer, &app, &json!(batch)).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"], "invalid");
    assert!(
        body["message"].as_str().unwrap().contains("Högst 500"),
        "{body}"
    );
    assert_eq!(app.count("reports").await, 0);

    let batch: Vec<Value> = (0..500).map(|_| operation(ops)).collect();
    let (status, results) = post(&officer, &app, &json!(batch)).await;
    assert_eq!(status, 200);
    assert_eq!(results.as_array().unwrap().len(), 500);
    assert_eq!(app.count("reports").await, 500);
}

#[tokio::test]
async fn bad_content_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&app, "targeted_operation").await;
    let tomorrow_plus_one = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();

    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "wrong types",
            json!({"persons_checked": "tolv"}),
            "persons_checked",
        ),
        ("a list for a count", json!({"officers": [4]}), "officers"),
        (
            "negative count",
            json!({"drug_offences_reported": -2}),
            "drug_offences_reported",
        ),
        (
            "more youths than checked",
            json!({"persons_checked": 3, "persons_21_or_under": 4}),
            "persons_21_or_under",
        ),
        (
            "end before start",
            json!({"start_time": "22:00", "end_time": "18:00"}),
            "end_time",
        ),
        (
            "a date later than tomorrow",
            json!({"date": tomorrow_plus_one}),
            "date",
        ),
        (
            "a personnummer in the notes",
            json!({"notes": "Kontroll av 19900101-1234"}),
            "notes",
        ),
        (
            "a samordningsnummer in the notes",
            json!({"notes": "900161 1234 och 9001611234"}),
            "notes",
        ),
        (
            "an unknown activity",
            json!({"activity_id": 9999}),
            "activity_id",
        ),
        (
            "a meeting activity for an operation",
            json!({"activity_id": ops + 1}),
            "activity_id",
        ),
        (
            "notes over 500 characters",
            json!({"notes": "x".repeat(501)}),
            "notes",
        ),
    ];
    for (what, patch, field) in cases {
        let mut item = operation(ops);
        for (k, v) in patch.as_object().unwrap() {
            item[k] = v.clone();
        }
        let (status, results) = post(&officer, &app, &json!([item])).await;
        assert_eq!(status, 200, "{what}");
        assert_eq!(statuses(&results), ["invalid"], "{what}");
        assert!(results[0]["errors"][field].is_string(), "{what}: {results}");
    }
    for (what, body) in [
        ("malformed JSON", "[{\"id\": "),
        ("not a list", "{\"id\": 1}"),
        ("a bare number", "42"),
    ] {
        let res = officer
            .post(app.url("/api/v1/reports"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{what}");
        let error: Value = res.json().await.unwrap();
        assert_eq!(error["error"], "malformed", "{what}");
    }
    assert_eq!(app.count("reports").await, 0);
}

#[tokio::test]
async fn anonymous_requests_store_nothing() {
    let app = spawn_app().await;
    let ops = activity_id(&app, "targeted_operation").await;
    let (status, body) = post(&browser(), &app, &json!([operation(ops)])).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("unauthenticated"))
    );
    let res = browser()
        .post(app.url("/api/v1/reports"))
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "the session is checked before the body");
    assert_eq!(app.count("reports").await, 0);
}

#[tokio::test]
async fn synced_reports_move_the_public_progress() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&app, "targeted_operation").await;
    let meetings = activity_id(&app, "collaboration_meeting").await;
    let mut second = operation(ops);
    second["youths_identified"] = json!(1);
    let outside_period = {
        let mut m = meeting(meetings, "2020-04-10");
        m["id"] = json!(Uuid::new_v4().to_string());
        m
    };
    let batch = json!([
        operation(ops),
        second,
        meeting(meetings, "2018-11-01"),
        meeting(meetings, "2019-02-01"),
        meeting(meetings, "2019-09-01"),
        outside_period
    ]);
    let (_, results) = post(&officer, &app, &batch).await;
    assert_eq!(
        statuses(&results),
        ["created", "created", "created", "created", "created", "invalid"]
    );

    let (_, progress) = app
        .get_json("/api/v1/agreements/savsjo-2018-2019/progress")
        .await;
    let activities: Vec<&Value> = progress["promises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .collect();
    let find = |m: &str| *activities.iter().find(|a| a["measure"] == m).unwrap();
    assert_eq!(find("targeted_operation")["achieved"], 2);
    assert_eq!(find("youths_identified")["achieved"], 3);
    let per_year: Vec<u64> = find("collaboration_meeting")["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["achieved"].as_u64().unwrap())
        .collect();
    assert_eq!(per_year, [1, 2, 0]);

    let html = app.text("/").await;
    let html = crate::common::readable(&html);
    assert!(
        html.contains("2 av 15 riktade insatser"),
        "the public page counts too"
    );
    assert!(
        html.contains("3 identifierade ungdomar hittills"),
        "youths too"
    );
}
