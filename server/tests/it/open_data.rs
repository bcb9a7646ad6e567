//! The open-data files: progress and operations as CSV (with small counts suppressed), and the office hours
//! as iCalendar and schema.org JSON-LD.

use crate::common::{activity_id, operation, post_reports, readable, spawn_app, TestApp};
use domain::credentials::Role;
use serde_json::{json, Value};

async fn send_operation(app: &TestApp, officer: &reqwest::Client, place: &str, under_21: u32) {
    let mut item = operation(activity_id(app, "targeted_operation").await);
    item["place"] = place.into();
    item["persons_21_or_under"] = under_21.into();
    item["youths_identified"] = 0.into();
    let (status, results) = post_reports(officer, app, &json!([item])).await;
    assert_eq!(
        (status, results[0]["status"].as_str()),
        (200, Some("created"))
    );
}

async fn csv_rows(app: &TestApp, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[tokio::test]
async fn progress_csv_has_one_row_per_activity_and_span() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    send_operation(&app, &officer, "Resecentrum", 7).await;
    let (header, rows) = csv_rows(&app, "/api/v1/agreements/savsjo-2018-2019/progress.csv").await;
    assert_eq!(header, app::agreements::api::PROGRESS_COLUMNS);
    // Four activities; the meetings are counted per calendar year (2018, 2019, 2020).
    assert_eq!(rows.len(), 6);
    let operations = rows.iter().find(|r| r[6] == "targeted_operation").unwrap();
    assert_eq!(
        (operations[10].as_str(), operations[11].as_str()),
        ("15", "1")
    );
    assert_eq!(
        operations[13], "behind",
        "the period has ended one short of fifteen, by far"
    );
    assert_eq!(
        app.get_json("/api/v1/agreements/nope/progress.csv").await.0,
        404
    );
}

#[tokio::test]
async fn operations_csv_suppresses_small_counts_of_youths() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    send_operation(&app, &officer, "Resecentrum", 2).await;
    send_operation(&app, &officer, "Torget", 5).await;
    let (header, rows) = csv_rows(&app, "/api/v1/agreements/savsjo-2018-2019/operations.csv").await;
    assert_eq!(header, app::agreements::api::OPERATION_COLUMNS);
    let mut under_21: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[3].as_str()))
        .collect();
    under_21.sort();
    assert_eq!(under_21, [("Resecentrum", "färre än 3"), ("Torget", "5")]);
    let page = app.text("/avtal/savsjo-2018-2019").await;
    assert!(
        page.contains("färre än 3"),
        "the public page suppresses it too"
    );
}

#[tokio::test]
async fn the_office_hours_feed_is_icalendar_with_the_cancellations() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    // Slot 1 of the example schedule is on Tuesdays; 2026-12-08 is a Tuesday.
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/office-hours/cancel",
            &[
                ("slot_id", "1"),
                ("date", "2026-12-08"),
                ("reason", "Utbildning"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let res = app
        .client
        .get(app.url("/office-hours.ics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = res.text().await.unwrap();
    let calendar: icalendar::Calendar = text.parse().expect("the feed parses");
    use icalendar::Component;
    let uids: Vec<&str> = calendar.events().filter_map(|e| e.get_uid()).collect();
    assert_eq!(
        uids,
        [
            "slot-1@medborgarlofte",
            "slot-2@medborgarlofte",
            "slot-3@medborgarlofte"
        ]
    );
    let tuesday = calendar.events().next().unwrap();
    assert!(tuesday
        .property_value("RRULE")
        .unwrap()
        .contains("BYDAY=TU"));
    assert!(
        text.contains("EXDATE;TZID=Europe/Stockholm:20261208T100000"),
        "{text}"
    );
    assert!(text.contains("BEGIN:VTIMEZONE"));
}

#[tokio::test]
async fn the_office_hours_page_has_json_ld_and_a_subscribe_link() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/oppettider")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Exempeldata"),
        "the seed's schedule is marked as example data"
    );
    assert!(page.contains("webcal://127.0.0.1:"), "a subscribe link");
    let start = page
        .find(r#"<script type="application/ld+json">"#)
        .expect("JSON-LD")
        + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let ld: Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(ld[0]["@type"], "PoliceStation");
    assert_eq!(ld[0]["name"], "Poliskontoret, Sävsjö");
    assert_eq!(
        ld[0]["openingHoursSpecification"].as_array().unwrap().len(),
        2
    );
}

#[tokio::test]
async fn the_follow_up_report_sums_the_operations_with_suppression() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    send_operation(&app, &officer, "Resecentrum", 1).await;
    send_operation(&app, &officer, "Torget", 1).await;
    let res = app
        .client
        .get(app.url("/avtal/savsjo-2018-2019/uppfoljning"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = readable(&res.text().await.unwrap());
    assert!(
        page.contains("Uppföljning: Medborgarlöfte i Sävsjö kommun"),
        "the heading"
    );
    assert!(
        page.contains("2 insatser, 24 kontrollerade personer, varav färre än 3 21 år eller yngre"),
        "the sums, with the sum of youths suppressed too"
    );
    assert!(page.contains("efter plan"), "the pace per span");
    assert_eq!(
        app.client
            .get(app.url("/avtal/nope/uppfoljning"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn each_activity_has_its_own_page_with_its_operations() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    send_operation(&app, &officer, "Resecentrum", 4).await;
    let operations = activity_id(&app, "targeted_operation").await;
    let meetings = activity_id(&app, "collaboration_meeting").await;
    let page = |path: String| {
        let app = &app;
        async move {
            let res = app.client.get(app.url(&path)).send().await.unwrap();
            (res.status().as_u16(), readable(&res.text().await.unwrap()))
        }
    };

    let (status, html) = page(format!("/avtal/savsjo-2018-2019/aktivitet/{operations}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("1 av 15 riktade insatser"),
        "the progress bar"
    );
    assert!(
        html.contains("Del av löftet: Att öka upptäckten av narkotikabruk"),
        "its promise"
    );
    assert!(
        html.contains("data-label=\"Plats\">Resecentrum"),
        "its operations"
    );

    // Another activity's page lists no operations: they do not count towards it.
    let (status, html) = page(format!("/avtal/savsjo-2018-2019/aktivitet/{meetings}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("samverkansmöten"));
    assert!(!html.contains("Resecentrum"));

    // The agreement page links to each activity's page.
    let (_, html) = page("/avtal/savsjo-2018-2019".into()).await;
    assert!(html.contains(&format!(
        "href=\"/avtal/savsjo-2018-2019/aktivitet/{operations}\""
    )));

    for missing in [
        "/avtal/savsjo-2018-2019/aktivitet/999999".to_owned(),
        "/avtal/savsjo-2018-2019/aktivitet/tre".to_owned(),
        format!("/avtal/nope/aktivitet/{operations}"),
    ] {
        assert_eq!(page(missing.clone()).await.0, 404, "{missing}");
    }
}
