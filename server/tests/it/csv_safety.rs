//! Text that a spreadsheet would run comes out of every CSV export neutralised (a leading `'`, quoted).

use crate::common::{activity_id, operation, post_reports, spawn_app, TestApp};
use domain::credentials::Role;
use serde_json::json;

const PLACE: &str = r#"=HYPERLINK("http://evil.example","x")"#;

async fn csv_as(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
) -> (String, Vec<csv::StringRecord>) {
    let text = app.text_as(client, path).await;
    let rows = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    (text, rows)
}

#[tokio::test]
async fn formula_shaped_text_is_neutralised_in_every_csv() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let admin = app.signed_in("-admin", Role::Admin).await;
    let activity = activity_id(&app, "targeted_operation").await;

    let mut report = operation(activity);
    report["place"] = json!(PLACE);
    report["notes"] = json!("+SUM(1,2)");
    let (status, body) = post_reports(&officer, &app, &json!([report])).await;
    assert_eq!(
        (status, body[0]["status"].as_str()),
        (200, Some("created")),
        "{body}"
    );
    let stored: String = app.scalar("SELECT place FROM reports").await;
    assert_eq!(stored, PLACE, "the record keeps what was typed");

    let (text, rows) = csv_as(
        &app,
        &app.client,
        "/api/v1/agreements/savsjo-2018-2019/operations.csv",
    )
    .await;
    assert_eq!(&rows[0][1], format!("'{PLACE}"));
    assert!(
        text.contains(r#""'=HYPERLINK(""http://evil.example"",""x"")""#),
        "quoted: {text}"
    );
    assert_eq!(&rows[0][2], "12", "counts are numbers, not text");

    // An admin named "-admin" renames the activity to a formula: the audit's actor and the progress
    // export's activity text are both text that could run.
    let version: i64 = app
        .scalar(&format!(
            "SELECT version FROM activities WHERE id = {activity}"
        ))
        .await;
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/activities/update",
            &[
                ("id", &activity.to_string()),
                ("version", &version.to_string()),
                ("text", "@SUM(1+1)*cmd|' /C calc'!A0"),
                ("owner", "police"),
                ("measure", "targeted_operation"),
                ("target", "15"),
                ("cadence", "period"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (_, rows) = csv_as(
        &app,
        &app.client,
        "/api/v1/agreements/savsjo-2018-2019/progress.csv",
    )
    .await;
    let row = rows
        .iter()
        .find(|r| r[3] == activity.to_string())
        .expect("the activity's row");
    assert_eq!(&row[4], "'@SUM(1+1)*cmd|' /C calc'!A0");

    let (_, rows) = csv_as(&app, &admin, "/api/v1/admin/audit.csv?entity=activity").await;
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(&row[2], "'-admin", "the actor");
        assert!(
            row[7].starts_with('{'),
            "JSON is left as it is: {}",
            &row[7]
        );
    }
}
