//! The language a signed-in person chose reaches everything they read: the officer and admin pages, and
//! every refusal the server words for them, from the sync API to the admin forms. Swedish stays the default.

use crate::common::{activity_id, operation, post_reports, readable, spawn_app, TestApp};
use domain::credentials::Role;
use serde_json::json;

/// Chooses `locale` for `client` through the switch, as the header link does.
async fn choose(app: &TestApp, client: &reqwest::Client, locale: &str) {
    let res = client
        .get(app.url(&format!("/sprak/{locale}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    readable(&app.text_as(client, path).await)
}

#[tokio::test]
async fn staff_pages_follow_the_chosen_language() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;

    let swedish = page(&app, &admin, "/admin/oppettider").await;
    assert!(swedish.contains(r#"<html lang="sv""#));
    assert!(swedish.contains("Ställ in ett tillfälle"), "{swedish}");

    choose(&app, &admin, "en").await;
    for (path, words) in [
        ("/admin/oppettider", "Cancel an occurrence"),
        ("/admin/personer", "People"),
        ("/admin/logg", "Change log"),
        ("/rapportera", "Save the operation"),
    ] {
        let english = page(&app, &admin, path).await;
        assert!(english.contains(r#"<html lang="en""#), "{path}");
        assert!(english.contains(words), "{path}: {english}");
    }
    let english = page(&app, &admin, "/admin/oppettider").await;
    assert!(!english.contains("Ställ in ett tillfälle"));

    // The calendar feed's words too, for a subscriber who chose English.
    let feed = app.text_as(&admin, "/office-hours.ics").await;
    assert!(feed.contains("X-WR-CALNAME:Meet the police"), "{feed}");
    assert!(feed.contains("SUMMARY:The police: "), "{feed}");
    assert!(!feed.contains("Möt polisen"));
    assert!(app
        .text("/office-hours.ics")
        .await
        .contains("X-WR-CALNAME:Möt polisen"));
}

#[tokio::test]
async fn refusals_are_worded_in_the_chosen_language_and_change_nothing() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let activity = activity_id(&app, "targeted_operation").await;
    let mut bad = operation(activity);
    bad["officers"] = json!("fyra");
    bad["notes"] = json!("Kontrollerade 811228-9874");

    let (status, results) = post_reports(&officer, &app, &json!([bad.clone()])).await;
    assert_eq!(status, 200);
    assert_eq!(results[0]["status"], "invalid");
    assert_eq!(results[0]["errors"]["officers"], "ska vara ett heltal");

    choose(&app, &officer, "en").await;
    let (_, results) = post_reports(&officer, &app, &json!([bad])).await;
    assert_eq!(results[0]["status"], "invalid");
    assert_eq!(results[0]["errors"]["officers"], "must be a whole number");
    assert!(
        results[0]["errors"]["notes"]
            .as_str()
            .unwrap()
            .starts_with("must not contain personal identity numbers"),
        "{results}"
    );
    let too_many: Vec<_> = (0..501).map(|_| operation(activity)).collect();
    let (status, body) = post_reports(&officer, &app, &json!(too_many)).await;
    assert_eq!(status, 422);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("At most 500 reports per request; 501 were sent."),
        "{body}"
    );
    assert_eq!(app.count("reports").await, 0);

    // An admin form, through its server function: the summary and each field in the admin's language.
    let admin = app.signed_in("ada", Role::Admin).await;
    let form = [("slot_id", "1"), ("date", "igår"), ("reason", " ")];
    let cancel = "/api/v1/admin/office-hours/cancel";
    let (status, body) = app.post_form(&admin, cancel, &form).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["message"],
        "Inget sparades: rätta de markerade fälten."
    );
    assert_eq!(body["fields"]["date"], "ange ett datum (ÅÅÅÅ-MM-DD)");
    assert_eq!(body["fields"]["reason"], "får inte vara tomt");

    choose(&app, &admin, "en").await;
    let (status, body) = app.post_form(&admin, cancel, &form).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["message"],
        "Nothing was saved: correct the marked fields."
    );
    assert_eq!(body["fields"]["date"], "enter a date (YYYY-MM-DD)");
    assert_eq!(body["fields"]["reason"], "must not be empty");

    // A refusal made deep in the database layer: the username is taken.
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/users/create",
            &[
                ("username", "olle"),
                ("password", "ett långt lösenord"),
                ("role", "officer"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["fields"]["username"],
        "the username olle already exists"
    );
    assert_eq!(app.count("office_hour_cancellations").await, 0);
    assert_eq!(app.count("users").await, 2);
}
