//! Refusals as data: every refusal carries its problems as codes with their values, the same in either
//! language, beside the words for a person; and every error body names its `error` and has a `message`.

use crate::common::{activity_id, operation, post_reports, spawn_app, TestApp};
use domain::credentials::Role;
use serde_json::{json, Value};

async fn choose_english(app: &TestApp, client: &reqwest::Client) {
    let res = client.get(app.url("/sprak/en")).send().await.unwrap();
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn the_sync_api_names_every_refusal_by_code_in_both_languages() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let activity = activity_id(&app, "targeted_operation").await;
    let mut bad = operation(activity);
    bad["officers"] = json!("fyra");
    bad["notes"] = json!("Kontrollerade 811228-9874");
    bad["date"] = json!("2018-04-09");
    bad["weather"] = json!("regn");
    let mut long = operation(activity);
    long["id"] = json!("1b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d");
    long["notes"] = json!("x".repeat(501));
    let batch = json!([bad, long]);

    let (status, swedish) = post_reports(&officer, &app, &batch).await;
    assert_eq!(status, 200);
    choose_english(&app, &officer).await;
    let (_, english) = post_reports(&officer, &app, &batch).await;

    for results in [&swedish, &english] {
        let problems = &results[0]["problems"];
        assert_eq!(results[0]["status"], "invalid");
        assert_eq!(problems["officers"], json!({"code": "not_integer"}));
        assert_eq!(problems["notes"], json!({"code": "personnummer"}));
        assert_eq!(
            problems["date"],
            json!({"code": "outside_period", "from": "2018-04-10", "to": "2020-04-09"})
        );
        assert_eq!(problems["weather"], json!({"code": "unknown_field"}));
        assert_eq!(
            results[1]["problems"]["notes"],
            json!({"code": "too_long", "max": 500})
        );
    }
    // The words differ by language; the data does not.
    assert_eq!(swedish[0]["problems"], english[0]["problems"]);
    assert_eq!(swedish[0]["errors"]["officers"], "ska vara ett heltal");
    assert_eq!(english[0]["errors"]["officers"], "must be a whole number");
    assert_eq!(app.count("reports").await, 0);
}

#[tokio::test]
async fn an_admin_form_names_every_refusal_by_code_in_both_languages() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let form = [("slot_id", "1"), ("date", "igår"), ("reason", " ")];
    let cancel = "/api/v1/admin/office-hours/cancel";
    let (status, swedish) = app.post_form(&admin, cancel, &form).await;
    assert_eq!(status, 422);
    choose_english(&app, &admin).await;
    let (status, english) = app.post_form(&admin, cancel, &form).await;
    assert_eq!(status, 422);
    for body in [&swedish, &english] {
        assert_eq!(body["error"], "invalid");
        assert_eq!(body["problems"]["date"], json!({"code": "enter_date"}));
        assert_eq!(body["problems"]["reason"], json!({"code": "empty"}));
        assert_eq!(body["summary"], json!({"code": "fix_fields"}));
    }
    assert_ne!(swedish["message"], english["message"]);
    assert_eq!(app.count("office_hour_cancellations").await, 0);

    // A refusal from the database layer carries its value too.
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/users/create",
            &[
                ("username", "ada"),
                ("password", "ett långt lösenord"),
                ("role", "officer"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["problems"]["username"],
        json!({"code": "username_taken", "username": "ada"})
    );
}

/// Every error body has a machine-readable `error` and a `message` a person can act on.
fn assert_error_body(status: u16, body: &Value, expected: (u16, &str)) {
    assert_eq!(
        (status, body["error"].as_str()),
        (expected.0, Some(expected.1)),
        "{body}"
    );
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.len() > 10, "a message a person can act on: {body}");
}

#[tokio::test]
async fn every_error_body_has_its_code_and_a_message() {
    let app = spawn_app().await;
    let anonymous = crate::common::browser();
    let (status, body) = app
        .post_form(
            &anonymous,
            "/api/v1/office-hours/mark",
            &[("occurrence", "extra:1"), ("outcome", "held")],
        )
        .await;
    assert_error_body(status, &body, (401, "unauthenticated"));

    let officer = app.signed_in("olle", Role::Officer).await;
    let (status, body) = app
        .post_form(&officer, "/api/v1/admin/agreements/list", &[])
        .await;
    assert_error_body(status, &body, (403, "forbidden"));

    let admin = app.signed_in("ada", Role::Admin).await;
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/reports/get",
            &[("id", "00000000-0000-4000-8000-000000000009")],
        )
        .await;
    assert_error_body(status, &body, (404, "not_found"));

    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/users/disable",
            &[("id", "2"), ("version", "99"), ("disabled", "true")],
        )
        .await;
    assert_error_body(status, &body, (409, "edit_conflict"));

    let (status, body) = post_reports(&officer, &app, &json!({"not": "a list"})).await;
    assert_error_body(status, &body, (400, "malformed"));
    assert_eq!(body["problem"], json!({"code": "not_report_list"}));
}

/// A shared phone names who saved the reports; the session's officer stores them only if it is them.
#[tokio::test]
async fn reports_saved_by_another_officer_are_refused_whole_and_nothing_is_stored() {
    let app = spawn_app().await;
    let bertil = app.signed_in("bertil", Role::Officer).await;
    let activity = activity_id(&app, "targeted_operation").await;
    let post = |saved_by: &'static str| {
        bertil
            .post(app.url("/api/v1/reports"))
            .header("x-lofte-saved-by", saved_by)
            .json(&json!([operation(activity)]))
            .send()
    };
    let res = post("anna").await.unwrap();
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["problem"], json!({"code": "other_officer"}));
    assert_eq!(app.count("reports").await, 0);
    let res = post("bertil").await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.count("reports").await, 1);
}
