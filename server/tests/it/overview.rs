//! Every municipality's promises in one place: the open data's filters, the front page's national overview
//! with its search, and the municipality and county pages.

use crate::common::{published_copy, spawn_app};
use domain::credentials::Role;
use serde_json::Value;

fn slugs(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["slug"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_agreements_list_filters_by_place_and_day_and_refuses_what_it_cannot_read() {
    let app = spawn_app().await;
    for (query, expected) in [
        ("", vec!["savsjo-2018-2019"]),
        ("?municipality=0684", vec!["savsjo-2018-2019"]),
        ("?municipality=1280", vec![]),
        ("?county=06", vec!["savsjo-2018-2019"]),
        ("?county=12", vec![]),
        ("?police_area=hoglandet", vec!["savsjo-2018-2019"]),
        ("?in_force=2019-01-01", vec!["savsjo-2018-2019"]),
        ("?in_force=2021-01-01", vec![]),
        (
            "?municipality=0684&county=06&in_force=2018-04-10",
            vec!["savsjo-2018-2019"],
        ),
        ("?municipality=&county=", vec!["savsjo-2018-2019"]),
    ] {
        let (status, body) = app.get_json(&format!("/api/v1/agreements{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        assert_eq!(slugs(&body), expected, "{query}");
    }
    for (query, field, code) in [
        ("?municipality=9999", "municipality", "unknown_value"),
        ("?municipality=Sävsjö", "municipality", "unknown_value"),
        ("?county=99", "county", "unknown_value"),
        ("?police_area=finns-inte", "police_area", "unknown_value"),
        ("?in_force=2019-13-01", "in_force", "not_date"),
    ] {
        let (status, body) = app.get_json(&format!("/api/v1/agreements{query}")).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert_eq!(body["problems"][field]["code"], code, "{query}: {body}");
    }
}

#[tokio::test]
async fn with_several_agreements_in_force_the_front_page_is_the_national_overview() {
    let app = spawn_app().await;
    // One agreement (none in force): the front page is the agreement, as before.
    let front = app.text("/").await;
    assert!(front.contains("Medborgarlöfte i Sävsjö kommun"), "{front}");
    assert!(!front.contains("Sök din kommun"));

    let admin = app.signed_in("nora", Role::Admin).await;
    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Days::new(100)).to_string();
    let to = (today + chrono::Days::new(300)).to_string();
    published_copy(&app, &admin, "savsjo-nu", "0684", &from, &to).await;
    // One in force is still the one agreement's page.
    assert!(!app.text("/").await.contains("Sök din kommun"));
    published_copy(&app, &admin, "nassjo-nu", "0682", &from, &to).await;

    let front = app.text("/").await;
    assert!(front.contains("Sök din kommun"), "{front}");
    assert!(front.contains("href=\"/lan/06\""), "the county, linked");
    assert!(front.contains("href=\"/kommun/0684\"") && front.contains("href=\"/kommun/0682\""));
    assert!(
        front.contains("href=\"/avtal/savsjo-nu\"") && front.contains("href=\"/avtal/nassjo-nu\"")
    );
    assert!(
        !front.contains("href=\"/avtal/savsjo-2018-2019\""),
        "only agreements in force"
    );
    assert!(
        front.contains("aktiviteter med mål"),
        "the state is written out"
    );

    // The search: one match goes to its page, several are listed, none says so.
    let res = app
        .client
        .get(app.url("/?kommun=n%C3%A4ssj%C3%B6"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/kommun/0682");
    let several = app.text("/?kommun=upplands").await;
    assert!(several.contains("href=\"/kommun/0114\"") && several.contains("href=\"/kommun/0139\""));
    let none = app.text("/?kommun=exempelby").await;
    assert!(none.contains("Ingen kommun heter"), "{none}");

    // The municipality's page: current and past agreements, and where to meet the police.
    let savsjo = app.text("/kommun/0684").await;
    assert!(savsjo.contains("Sävsjö kommun") && savsjo.contains("href=\"/lan/06\""));
    assert!(savsjo.contains("href=\"/avtal/savsjo-nu\""));
    assert!(
        savsjo.contains("href=\"/avtal/savsjo-2018-2019\""),
        "the past one too"
    );
    assert!(savsjo.contains("href=\"/oppettider/hoglandet\""));
    // The county's page: every municipality, with or without an agreement in force.
    let county = app.text("/lan/06").await;
    assert!(county.contains("Jönköpings län"));
    assert_eq!(
        county.matches("href=\"/kommun/06").count(),
        13,
        "Jönköpings län has 13 municipalities"
    );
    assert!(county.contains("inget medborgarlöfte gäller nu"));

    for path in ["/kommun/9999", "/kommun/Sävsjö", "/lan/99", "/lan/"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn the_whole_instance_s_progress_is_the_agreements_own_row_for_row() {
    let app = spawn_app().await;
    let admin = app.signed_in("nora", Role::Admin).await;
    published_copy(
        &app,
        &admin,
        "nassjo-2019",
        "0682",
        "2018-04-10",
        "2020-04-09",
    )
    .await;
    let (status, rows) = app.get_json("/api/v1/progress").await;
    assert_eq!(status, 200);
    let rows = rows.as_array().unwrap();
    for slug in ["savsjo-2018-2019", "nassjo-2019"] {
        let own: Vec<&Value> = rows.iter().filter(|r| r["slug"] == slug).collect();
        let csv = app
            .text(&format!("/api/v1/agreements/{slug}/progress.csv"))
            .await;
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let expected: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(!expected.is_empty());
        assert_eq!(
            own.len(),
            expected.len(),
            "{slug}: a row per activity and span"
        );
        for (row, record) in own.iter().zip(&expected) {
            assert_eq!(
                row["activity_id"].to_string(),
                record[3].to_string(),
                "{slug}"
            );
            assert_eq!(row["from"], record[8], "{slug}");
            assert_eq!(
                row["achieved"].to_string(),
                record[11].to_string(),
                "{slug}"
            );
        }
    }
    let codes: Vec<&Value> = rows.iter().map(|r| &r["municipalities"]).collect();
    assert!(
        codes.contains(&&serde_json::json!(["0682"]))
            && codes.contains(&&serde_json::json!(["0684"]))
    );

    let csv = app.text("/api/v1/progress.csv").await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(&header[..3], ["slug", "municipalities", "as_of"]);
    assert_eq!(header.len(), 16);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        records.len(),
        rows.len(),
        "the CSV and the JSON hold the same rows"
    );
    assert!(records
        .iter()
        .any(|r| &r[0] == "nassjo-2019" && &r[1] == "0682"));
}
