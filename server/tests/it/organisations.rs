//! One instance for several municipalities and police areas: accounts with a scope see and change only what
//! lies in it, officers report only for their agreements, and the open data names organisations by code.
//! Each refused call changes nothing.

use crate::common::{operation, post_reports, spawn_app, TestApp};
use app::db;
use domain::credentials::Role;
use serde_json::{json, Value};

/// Who calls, the server function, its form, and the status of its refusal.
type Call<'a> = (&'a reqwest::Client, &'a str, Vec<(&'a str, &'a str)>, u16);

async fn id_of(app: &TestApp, sql: &str) -> i64 {
    app.scalar::<i64>(sql).await
}

/// The seeded Sävsjö agreement (Högländet, region Öst) and a copy of it moved to Malmö (police area
/// `malmo`, region Syd), published, by a national admin.
async fn two_municipalities(app: &TestApp) -> reqwest::Client {
    let national = app.signed_in("nora", Role::Admin).await;
    let ok =
        |(status, body): (u16, Value)| assert!((200..400).contains(&status), "{status} {body}");
    ok(app
        .post_form(
            &national,
            "/api/v1/admin/police-areas/create",
            &[
                ("slug", "malmo"),
                ("name", "Lokalpolisområde Malmö Syd"),
                ("region", "syd"),
            ],
        )
        .await);
    ok(app
        .post_form(
            &national,
            "/api/v1/admin/agreements/copy",
            &[
                ("id", "1"),
                ("slug", "malmo-2019"),
                ("valid_from", "2018-04-10"),
                ("valid_to", "2020-04-09"),
            ],
        )
        .await);
    let id = id_of(app, "SELECT id FROM agreements WHERE slug = 'malmo-2019'")
        .await
        .to_string();
    ok(app
        .post_form(
            &national,
            "/api/v1/admin/agreements/update",
            &[
                ("id", id.as_str()),
                ("version", "1"),
                ("municipalities", "1280"),
                ("police_area", "malmo"),
                ("title", "Medborgarlöfte i Malmö"),
                ("valid_from", "2018-04-10"),
                ("valid_to", "2020-04-09"),
                ("signed_on", "2018-04-10"),
                ("background", "Bakgrund."),
                ("follow_up", "Uppföljning."),
                ("signatories", ""),
            ],
        )
        .await);
    ok(app
        .post_form(
            &national,
            "/api/v1/admin/agreements/publish",
            &[("id", id.as_str()), ("version", "2"), ("published", "true")],
        )
        .await);
    national
}

async fn activity_in(app: &TestApp, slug: &str) -> i64 {
    id_of(
        app,
        &format!(
            "SELECT x.id FROM activities x JOIN promises p ON p.id = x.promise_id
             JOIN agreements a ON a.id = p.agreement_id
             WHERE a.slug = '{slug}' AND x.measure = 'targeted_operation'"
        ),
    )
    .await
}

#[tokio::test]
async fn the_seed_moves_to_codes_and_the_open_data_names_organisations() {
    let app = spawn_app().await;
    let (status, list) = app.get_json("/api/v1/agreements").await;
    assert_eq!(status, 200);
    let seed = &list[0];
    assert_eq!(seed["municipality"], "Sävsjö kommun");
    assert_eq!(
        seed["municipalities"],
        json!([{"code": "0684", "name": "Sävsjö kommun"}])
    );
    assert_eq!(
        seed["county"],
        json!({"code": "06", "name": "Jönköpings län"})
    );
    assert_eq!(
        seed["police_area"],
        json!({"slug": "hoglandet", "name": "Lokalpolisområde Högländet", "region": "ost"})
    );

    let (status, all) = app.get_json("/api/v1/municipalities").await;
    assert_eq!(status, 200);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 290);
    let savsjo = all.iter().find(|m| m["code"] == "0684").unwrap();
    assert_eq!(savsjo["name"], "Sävsjö kommun");
    assert_eq!(savsjo["county"]["code"], "06");
    assert_eq!(savsjo["agreements"], json!(["savsjo-2018-2019"]));
    assert_eq!(
        all.iter().find(|m| m["code"] == "1280").unwrap()["agreements"],
        json!([])
    );
}

#[tokio::test]
async fn an_officer_reports_only_for_the_agreements_of_their_scope() {
    let app = spawn_app().await;
    two_municipalities(&app).await;
    let officer = app
        .signed_in_with_scope("olle", Role::Officer, "police_area:hoglandet")
        .await;
    let malmo = operation(activity_in(&app, "malmo-2019").await);
    let before = app.count("reports").await;
    let (status, results) = post_reports(&officer, &app, &json!([malmo])).await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(results[0]["status"], "invalid", "{results}");
    assert_eq!(
        results[0]["problems"]["activity_id"]["code"], "outside_scope",
        "{results}"
    );
    assert_eq!(app.count("reports").await, before, "nothing stored");

    let savsjo = operation(activity_in(&app, "savsjo-2018-2019").await);
    let (_, results) = post_reports(&officer, &app, &json!([savsjo])).await;
    assert_eq!(results[0]["status"], "created", "{results}");

    // A Malmö officer is refused Sävsjö's.
    let other = app
        .signed_in_with_scope("mia", Role::Officer, "municipality:1280")
        .await;
    let savsjo = operation(activity_in(&app, "savsjo-2018-2019").await);
    let (_, results) = post_reports(&other, &app, &json!([savsjo])).await;
    assert_eq!(
        results[0]["problems"]["activity_id"]["code"], "outside_scope",
        "{results}"
    );
}

#[tokio::test]
async fn every_admin_function_refuses_what_lies_outside_the_admin_s_scope() {
    let app = spawn_app().await;
    let national = two_municipalities(&app).await;
    // A Malmö report, a Sävsjö office hour and a Malmö account to aim at.
    let malmo_officer = app
        .signed_in_with_scope("mia", Role::Officer, "police_area:malmo")
        .await;
    let item = operation(activity_in(&app, "malmo-2019").await);
    let (_, results) = post_reports(&malmo_officer, &app, &json!([item])).await;
    assert_eq!(results[0]["status"], "created", "{results}");
    let report = item["id"].as_str().unwrap().to_owned();
    let malmo = id_of(&app, "SELECT id FROM agreements WHERE slug = 'malmo-2019'")
        .await
        .to_string();
    let promise = id_of(
        &app,
        &format!("SELECT min(id) FROM promises WHERE agreement_id = {malmo}"),
    )
    .await
    .to_string();
    let activity = activity_in(&app, "malmo-2019").await.to_string();
    let mia = id_of(&app, "SELECT id FROM users WHERE username = 'mia'")
        .await
        .to_string();
    let slot = id_of(&app, "SELECT min(id) FROM office_hour_slots")
        .await
        .to_string();

    let savsjo_admin = app
        .signed_in_with_scope("sara", Role::Admin, "municipality:0684")
        .await;
    let syd_admin = app
        .signed_in_with_scope("sven", Role::Admin, "region:syd")
        .await;

    let agreement_fields = |municipality: &'static str, area: &'static str| {
        vec![
            ("slug", "ny-2027"),
            ("municipalities", municipality),
            ("police_area", area),
            ("title", "Nytt löfte"),
            ("valid_from", "2027-01-01"),
            ("valid_to", "2027-12-31"),
            ("signed_on", "2026-12-15"),
            ("background", "B."),
            ("follow_up", "F."),
            ("signatories", ""),
        ]
    };
    let mut update = agreement_fields("1280", "malmo");
    update.retain(|(k, _)| *k != "slug");
    update.extend([("id", malmo.as_str()), ("version", "3")]);
    let activity_form = |key: &'static str, id: &'static str| {
        vec![
            (key, id),
            ("text", "Ny aktivitet"),
            ("owner", "police"),
            ("measure", "none"),
            ("target", ""),
            ("cadence", "period"),
        ]
    };
    let promise: &'static str = Box::leak(promise.into_boxed_str());
    let activity: &'static str = Box::leak(activity.into_boxed_str());
    let mut activity_update = activity_form("id", activity);
    activity_update.push(("version", "1"));
    let slot_form = |police_area: &'static str| {
        vec![
            ("place", "Stationen"),
            ("kind", "office"),
            ("weekday", "2"),
            ("start_time", "10:00"),
            ("end_time", "11:00"),
            ("valid_from", "2026-01-01"),
            ("valid_to", ""),
            ("police_area", police_area),
        ]
    };
    let correction: Vec<(&str, &str)> = vec![
        ("id", report.as_str()),
        ("version", "1"),
        ("reason", "Fel antal"),
        ("kind", "targeted_operation"),
        ("activity_id", activity),
        ("date", "2019-05-14"),
        ("start_time", "18:00"),
        ("end_time", "22:00"),
        ("place", "Resecentrum"),
        ("officers", "4"),
        ("persons_checked", "12"),
        ("persons_21_or_under", "7"),
        ("youths_identified", "3"),
        ("drug_offences_reported", "1"),
    ];
    let mut slot_update = slot_form("");
    slot_update.extend([("id", slot.as_str()), ("version", "1")]);
    let mut extra = slot_form("hoglandet");
    extra.retain(|(k, _)| !matches!(*k, "weekday" | "valid_from" | "valid_to"));
    extra.extend([("date", "2027-01-05"), ("note", "")]);

    // (who, path, form, the refusal): Sävsjö's admin aims at Malmö, Syd's at Sävsjö.
    let sara = &savsjo_admin;
    let sven = &syd_admin;
    let calls: Vec<Call> = vec![
        (sara, "agreements/get", vec![("slug", "malmo-2019")], 404),
        (sara, "agreements/update", update.clone(), 404),
        (
            sara,
            "agreements/publish",
            vec![("id", &malmo), ("version", "3"), ("published", "false")],
            404,
        ),
        (
            sara,
            "agreements/copy",
            vec![
                ("id", &malmo),
                ("slug", "kopia"),
                ("valid_from", "2027-01-01"),
                ("valid_to", "2027-12-31"),
            ],
            404,
        ),
        (
            sara,
            "agreements/create",
            agreement_fields("1280", "malmo"),
            403,
        ),
        (
            sven,
            "agreements/create",
            agreement_fields("0684", "hoglandet"),
            403,
        ),
        (
            sara,
            "promises/create",
            vec![("agreement_id", &malmo), ("text", "Nytt")],
            404,
        ),
        (
            sara,
            "promises/update",
            vec![("id", promise), ("version", "1"), ("text", "Ändrat")],
            404,
        ),
        (
            sara,
            "definitions/move",
            vec![("item", "promise"), ("id", promise), ("direction", "down")],
            404,
        ),
        (
            sara,
            "definitions/move",
            vec![("item", "activity"), ("id", activity), ("direction", "up")],
            404,
        ),
        (
            sara,
            "activities/create",
            activity_form("promise_id", promise),
            404,
        ),
        (sara, "activities/update", activity_update, 404),
        (sara, "reports/get", vec![("id", &report)], 404),
        (
            sara,
            "reports/void",
            vec![("id", &report), ("reason", "Fel")],
            404,
        ),
        (sara, "reports/correct", correction.clone(), 404),
        (
            sara,
            "agreements/import-create",
            agreement_fields("1280", "malmo"),
            403,
        ),
        (
            sara,
            "users/create",
            vec![
                ("username", "ny"),
                ("password", "ett långt lösenord"),
                ("role", "officer"),
                ("scope", "region:syd"),
            ],
            403,
        ),
        (
            sven,
            "users/create",
            vec![
                ("username", "ny"),
                ("password", "ett långt lösenord"),
                ("role", "officer"),
                ("scope", "national"),
            ],
            403,
        ),
        (
            sara,
            "users/role",
            vec![("id", &mia), ("version", "1"), ("role", "admin")],
            404,
        ),
        (
            sara,
            "users/disable",
            vec![("id", &mia), ("version", "1"), ("disabled", "true")],
            404,
        ),
        (sara, "users/reset-password", vec![("id", &mia)], 404),
        (
            sven,
            "office-hours/slots/create",
            slot_form("hoglandet"),
            403,
        ),
        (sven, "office-hours/slots/update", slot_update, 404),
        (
            sven,
            "office-hours/cancel",
            vec![
                ("slot_id", &slot),
                ("date", "2027-01-05"),
                ("reason", "Sjuk"),
            ],
            404,
        ),
        (sven, "office-hours/extras/create", extra, 403),
        (
            sven,
            "police-areas/create",
            vec![("slug", "ny"), ("name", "Ny"), ("region", "ost")],
            403,
        ),
        (
            sara,
            "police-areas/create",
            vec![("slug", "ny"), ("name", "Ny"), ("region", "ost")],
            403,
        ),
    ];
    let tables = [
        "agreements",
        "agreement_municipalities",
        "promises",
        "activities",
        "report_voids",
        "report_versions",
        "users",
        "office_hour_slots",
        "office_hour_extras",
        "office_hour_cancellations",
        "police_areas",
        "audit_log",
    ];
    for (client, path, form, refusal) in calls {
        let mut before = Vec::new();
        for t in tables {
            before.push(app.count(t).await);
        }
        let version: i64 = app.scalar("SELECT max(version) FROM users").await;
        let (status, body) = app
            .post_form(client, &format!("/api/v1/admin/{path}"), &form)
            .await;
        assert_eq!(status, refusal, "{path} {form:?}: {body}");
        let mut after = Vec::new();
        for t in tables {
            after.push(app.count(t).await);
        }
        assert_eq!(after, before, "{path}: a refused call changes nothing");
        assert_eq!(
            app.scalar::<i64>("SELECT max(version) FROM users").await,
            version,
            "{path}"
        );
    }
    let (title, published): (String, bool) = db::one!(
        &app.pool,
        "SELECT title, published FROM agreements WHERE slug = 'malmo-2019'"
    )
    .unwrap();
    assert_eq!(
        (title.as_str(), published),
        ("Medborgarlöfte i Malmö", true)
    );

    // The same calls inside the scope succeed: Syd's admin edits Malmö's agreement.
    let mut own = agreement_fields("1280", "malmo");
    own.retain(|(k, _)| *k != "slug");
    own.extend([("id", malmo.as_str()), ("version", "3")]);
    let (status, body) = app
        .post_form(&syd_admin, "/api/v1/admin/agreements/update", &own)
        .await;
    assert_eq!(status, 200, "{body}");
    // … but cannot move it out of their scope.
    let mut away = agreement_fields("0684", "hoglandet");
    away.retain(|(k, _)| *k != "slug");
    away.extend([("id", malmo.as_str()), ("version", "4")]);
    let (status, _) = app
        .post_form(&syd_admin, "/api/v1/admin/agreements/update", &away)
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .post_form(
            &syd_admin,
            "/api/v1/admin/users/create",
            &[
                ("username", "nyx"),
                ("password", "ett långt lösenord"),
                ("role", "officer"),
                ("scope", "police_area:malmo"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = app
        .post_form(
            &national,
            "/api/v1/admin/users/create",
            &[
                ("username", "okand"),
                ("password", "ett långt lösenord"),
                ("role", "officer"),
                ("scope", "police_area:finns-inte"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");

    // Scoped lists hold nothing from outside the scope.
    let slugs = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|a| a["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, list) = app
        .post_form(&savsjo_admin, "/api/v1/admin/agreements/list", &[])
        .await;
    assert_eq!(slugs(&list), ["savsjo-2018-2019"]);
    let (_, list) = app
        .post_form(&syd_admin, "/api/v1/admin/agreements/list", &[])
        .await;
    assert_eq!(slugs(&list), ["malmo-2019"]);
    let (_, list) = app
        .post_form(&national, "/api/v1/admin/agreements/list", &[])
        .await;
    assert_eq!(slugs(&list).len(), 2);

    let (_, page) = app
        .post_form(&savsjo_admin, "/api/v1/admin/reports/list", &[])
        .await;
    assert!(
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"] != report.as_str()),
        "{page}"
    );
    let (_, page) = app
        .post_form(&syd_admin, "/api/v1/admin/reports/list", &[])
        .await;
    assert!(
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == report.as_str()),
        "{page}"
    );

    let (_, people) = app
        .post_form(&savsjo_admin, "/api/v1/admin/users/list", &[])
        .await;
    let names: Vec<&str> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sara"], "{people}");
    let (_, people) = app
        .post_form(&syd_admin, "/api/v1/admin/users/list", &[])
        .await;
    let names: Vec<&str> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["mia", "nyx", "sven"], "{people}");

    let (_, rows) = app
        .post_form(&savsjo_admin, "/api/v1/admin/audit/list", &[])
        .await;
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let about_malmo = (row["entity"] == "agreement" && row["entity_id"] == malmo.as_str())
            || (row["entity"] == "report" && row["entity_id"] == report.as_str())
            || (row["entity"] == "user" && row["entity_id"] == mia.as_str());
        assert!(!about_malmo, "{row}");
        assert_ne!(row["entity"], "police_area", "{row}");
    }
    // The same through the JSON and CSV APIs.
    let res = savsjo_admin
        .post(app.url("/api/v1/users"))
        .json(
            &json!({"username": "utanfor", "password": "ett långt lösenord",
                      "role": "officer", "scope": "region:syd"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let listed: Value = savsjo_admin
        .get(app.url("/api/v1/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sara"], "{listed}");
    let csv = savsjo_admin
        .get(app.url("/api/v1/admin/audit.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !csv.contains(&report) && !csv.contains("malmo-2019"),
        "{csv}"
    );
    let (_, areas) = app
        .post_form(&savsjo_admin, "/api/v1/admin/police-areas/list", &[])
        .await;
    assert_eq!(
        areas,
        json!([]),
        "a municipality's scope holds no police area"
    );
    let (_, areas) = app
        .post_form(&syd_admin, "/api/v1/admin/police-areas/list", &[])
        .await;
    assert_eq!(areas.as_array().unwrap().len(), 1, "{areas}");
    assert_eq!(areas[0]["slug"], "malmo");
    let (_, rows) = app
        .post_form(&national, "/api/v1/admin/audit/list", &[])
        .await;
    assert!(rows
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["entity"] == "agreement" && r["entity_id"] == malmo.as_str()));
}

/// Marks an office-hour occurrence (`slot:{id}:{date}`) held, as `who`.
async fn held(app: &TestApp, who: &reqwest::Client, occurrence: &str) -> (u16, Value) {
    app.post_form(
        who,
        "/api/v1/office-hours/mark",
        &[("occurrence", occurrence), ("outcome", "held")],
    )
    .await
}

/// The office-hours activity of the seeded agreement and of the Malmö copy, as the progress API says.
async fn office_hours_achieved(app: &TestApp, slug: &str) -> i64 {
    let (_, body) = app
        .get_json(&format!("/api/v1/agreements/{slug}/progress"))
        .await;
    body["promises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .find(|a| a["measure"] == "office_hours")
        .expect("an office-hours activity")["achieved"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn an_office_hour_held_counts_only_for_the_agreements_of_its_own_police_area() {
    let app = spawn_app().await;
    let national = two_municipalities(&app).await;
    let (status, body) = app
        .post_form(
            &national,
            "/api/v1/admin/office-hours/slots/create",
            &[
                ("place", "Poliskontoret, Sävsjö"),
                ("kind", "office"),
                ("weekday", "2"),
                ("start_time", "10:00"),
                ("end_time", "12:00"),
                ("valid_from", "2019-01-01"),
                ("valid_to", "2019-12-31"),
                ("police_area", "hoglandet"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let slot: i64 = app.scalar("SELECT max(id) FROM office_hour_slots").await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let (status, body) = held(&app, &officer, &format!("slot:{slot}:2019-05-07")).await;
    assert_eq!((status, body), (200, Value::Bool(true)));
    assert_eq!(office_hours_achieved(&app, "savsjo-2018-2019").await, 1);
    assert_eq!(
        office_hours_achieved(&app, "malmo-2019").await,
        0,
        "Malmö held none of its own"
    );
    assert_eq!(
        app::agreements::db::tallies::check(&app.pool)
            .await
            .unwrap(),
        vec![]
    );

    // With two areas, a slot must name its area; an officer of Malmö cannot mark Högländet's.
    let (status, body) = app
        .post_form(
            &national,
            "/api/v1/admin/office-hours/slots/create",
            &[
                ("place", "Någonstans"),
                ("kind", "office"),
                ("weekday", "3"),
                ("start_time", "10:00"),
                ("end_time", "12:00"),
                ("valid_from", "2019-01-01"),
                ("valid_to", ""),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["police_area"].is_string(), "{body}");
    let malmo_officer = app
        .signed_in_with_scope("mia", Role::Officer, "police_area:malmo")
        .await;
    let before = app.count("office_hour_held").await;
    let (status, _) = held(&app, &malmo_officer, &format!("slot:{slot}:2019-05-14")).await;
    assert_eq!(status, 404);
    assert_eq!(app.count("office_hour_held").await, before);
    let (_, recent) = app
        .post_form(&malmo_officer, "/api/v1/office-hours/recent", &[])
        .await;
    assert_eq!(recent["slots"], json!([]), "{recent}");
}

#[tokio::test]
async fn each_police_area_has_its_office_hours_page_and_feed() {
    let app = spawn_app().await;
    two_municipalities(&app).await;
    // Two areas: the page lets a visitor choose, by area or by municipality (a plain GET form).
    let index = app.text("/oppettider").await;
    assert!(index.contains("href=\"/oppettider/hoglandet\""), "{index}");
    assert!(index.contains("href=\"/oppettider/malmo\""), "{index}");
    assert!(
        index.contains("<option value=\"1280\">Malmö stad"),
        "{index}"
    );
    let res = app
        .client
        .get(app.url("/oppettider?kommun=1280"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/oppettider/malmo");
    let res = app
        .client
        .get(app.url("/oppettider?kommun=0114"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        404,
        "a municipality without office hours here"
    );

    let hoglandet = app.text("/oppettider/hoglandet").await;
    assert!(
        hoglandet.contains("Poliskontoret, Sävsjö"),
        "the seeded example slots are Högländet's"
    );
    assert!(hoglandet.contains("application/ld+json"));
    assert!(hoglandet.contains("/office-hours/hoglandet.ics"));
    let malmo = app.text("/oppettider/malmo").await;
    assert!(
        !malmo.contains("Poliskontoret, Sävsjö"),
        "Malmö shows none of Högländet's"
    );
    let res = app
        .client
        .get(app.url("/oppettider/finns-inte"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    let feed = app.text("/office-hours/hoglandet.ics").await;
    assert!(
        feed.contains("BEGIN:VCALENDAR") && feed.contains("Poliskontoret"),
        "{feed}"
    );
    let feed = app.text("/office-hours/malmo.ics").await;
    assert!(
        feed.contains("BEGIN:VCALENDAR") && !feed.contains("Poliskontoret"),
        "{feed}"
    );
    assert!(
        app.text("/office-hours.ics")
            .await
            .contains("Poliskontoret"),
        "the old feed has every area's"
    );
    for missing in [
        "/office-hours/finns-inte.ics",
        "/office-hours/hoglandet.txt",
    ] {
        let res = app.client.get(app.url(missing)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{missing}");
    }
}

#[tokio::test]
async fn agreements_take_several_municipalities_as_the_field_repeated() {
    let app = spawn_app().await;
    let national = app.signed_in("nora", Role::Admin).await;
    let (status, body) = app
        .post_form(
            &national,
            "/api/v1/admin/agreements/create",
            &[
                ("slug", "hoglandet-2027"),
                ("municipalities", "0684"),
                ("municipalities", "0686"),
                ("municipalities", "0684"),
                ("police_area", "hoglandet"),
                ("title", "Högländets löfte"),
                ("valid_from", "2027-01-01"),
                ("valid_to", "2027-12-31"),
                ("signed_on", "2026-12-15"),
                ("background", "B."),
                ("follow_up", "F."),
                ("signatories", ""),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let codes: Vec<String> = db::scalars!(
        &app.pool,
        "SELECT m.code FROM agreement_municipalities m JOIN agreements a ON a.id = m.agreement_id
         WHERE a.slug = 'hoglandet-2027' ORDER BY m.position"
    )
    .unwrap();
    assert_eq!(codes, ["0684", "0686"], "in order, each once");
    let name: String = app
        .scalar("SELECT municipality FROM agreements WHERE slug = 'hoglandet-2027'")
        .await;
    assert_eq!(name, "Sävsjö kommun, Eksjö kommun");

    // Unknown codes, none at all, or an unknown police area: 422 on the field, nothing saved.
    let before = app.count("agreements").await;
    for (field, value, bad) in [
        ("municipalities", "9999", "municipalities"),
        ("municipalities", "", "municipalities"),
        ("police_area", "finns-inte", "police_area"),
    ] {
        let mut form = vec![
            ("slug", "fel-2027"),
            ("municipalities", "0684"),
            ("police_area", "hoglandet"),
            ("title", "Fel"),
            ("valid_from", "2027-01-01"),
            ("valid_to", "2027-12-31"),
            ("signed_on", "2026-12-15"),
            ("background", "B."),
            ("follow_up", "F."),
        ];
        form.retain(|(k, _)| *k != field);
        form.push((field, value));
        let (status, body) = app
            .post_form(&national, "/api/v1/admin/agreements/create", &form)
            .await;
        assert_eq!(status, 422, "{field}={value}: {body}");
        assert!(body["fields"][bad].is_string(), "{field}={value}: {body}");
        assert_eq!(app.count("agreements").await, before);
    }
}

#[tokio::test]
async fn the_office_hours_admin_offers_the_police_areas_when_the_scope_holds_several() {
    let app = spawn_app().await;
    let one = app.signed_in("ada", Role::Admin).await;
    let page = app.text_as(&one, "/admin/oppettider").await;
    assert!(
        !page.contains("name=\"police_area\""),
        "one area: the server takes it"
    );
    let national = two_municipalities(&app).await;
    let page = app.text_as(&national, "/admin/oppettider").await;
    for id in ["new-police-area", "extra-police-area"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(
        page.contains("<option value=\"hoglandet\"") && page.contains("<option value=\"malmo\"")
    );
    // A region's admin is offered only the region's areas: one, so none to choose.
    let syd = app
        .signed_in_with_scope("sven", Role::Admin, "region:syd")
        .await;
    let page = app.text_as(&syd, "/admin/oppettider").await;
    assert!(!page.contains("name=\"police_area\""));
}
