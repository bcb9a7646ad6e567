//! The admin's endpoints over HTTP: who may call them, the audit trail they leave, corrections and voids in
//! the public counts, copying to the next period, edit conflicts, and publishing.

use crate::common::{achieved, activity_id, browser, operation, post_reports, spawn_app, TestApp};
use app::db;
use domain::credentials::Role;
use serde_json::{json, Value};
use uuid::Uuid;

/// A server function's path, its form, and the audit action a successful call writes, if it writes one.
type AdminCall<'a> = (&'a str, Vec<(&'a str, &'a str)>, Option<&'a str>);

/// Sends one targeted operation with `youths` identified as `officer`; its id and the item as sent.
async fn report(app: &TestApp, officer: &reqwest::Client, youths: u32) -> (String, Value) {
    let mut item = operation(activity_id(app, "targeted_operation").await);
    item["youths_identified"] = youths.into();
    crate::common::post_created(officer, app, &item).await;
    (item["id"].as_str().unwrap().to_owned(), item)
}

fn agreement_form<'a>(slug: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("municipalities", "0685"),
        ("police_area", "hoglandet"),
        ("title", title),
        ("valid_from", "2027-01-01"),
        ("valid_to", "2028-12-31"),
        ("signed_on", "2026-12-15"),
        ("background", "Bakgrund."),
        ("follow_up", "Följs upp varje kvartal."),
        ("signatories", "Anna A; Ordförande; Vetlanda kommun"),
    ]
}

fn with<'a>(
    mut form: Vec<(&'a str, &'a str)>,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    form.extend_from_slice(extra);
    form
}

async fn agreement_id(app: &TestApp, slug: &str) -> i64 {
    db::scalar!(&app.pool, "SELECT id FROM agreements WHERE slug = $1", slug).unwrap()
}

async fn version(app: &TestApp, table: &str, id: i64) -> String {
    app.scalar::<i64>(&format!("SELECT version FROM {table} WHERE id = {id}"))
        .await
        .to_string()
}

#[tokio::test]
async fn every_admin_endpoint_refuses_anonymous_and_officers_and_leaves_an_audit_row() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let admin = app.signed_in("ada", Role::Admin).await;
    app.add_user("target", Role::Officer).await;
    let (to_correct, _) = report(&app, &officer, 1).await;
    let (to_void, _) = report(&app, &officer, 1).await;
    let target: i64 = app
        .scalar("SELECT id FROM users WHERE username = 'target'")
        .await;
    let promise: i64 = app.scalar("SELECT min(id) FROM promises").await;
    let activity: i64 = app.scalar("SELECT min(id) FROM activities").await;
    let (target, promise, activity) = (
        target.to_string(),
        promise.to_string(),
        activity.to_string(),
    );
    let agreement_version = version(&app, "agreements", 1).await;
    let promise_version = version(&app, "promises", promise.parse().unwrap()).await;
    let activity_version = version(&app, "activities", activity.parse().unwrap()).await;
    let slot_version = version(&app, "office_hour_slots", 1).await;
    let user_version = version(&app, "users", target.parse().unwrap()).await;
    let mut savsjo = agreement_form("", "Medborgarlöfte Sävsjö");
    savsjo.retain(|(k, _)| !["valid_from", "valid_to"].contains(k));
    savsjo.extend([("valid_from", "2018-04-10"), ("valid_to", "2020-04-09")]);
    let slot = [
        ("place", "Poliskontoret, Sävsjö"),
        ("kind", "office"),
        ("weekday", "3"),
        ("start_time", "09:00"),
        ("end_time", "11:00"),
        ("valid_from", "2026-01-01"),
    ];
    let activity_form = [
        ("text", "Minst fem möten"),
        ("owner", "joint"),
        ("measure", "collaboration_meeting"),
        ("target", "5"),
        ("cadence", "period"),
    ];

    // (path, form, the audit action a successful call writes, if it writes)
    let calls: Vec<AdminCall<'_>> = vec![
        ("/api/v1/admin/session", vec![], None),
        ("/api/v1/admin/agreements/list", vec![], None),
        (
            "/api/v1/admin/agreements/get",
            vec![("slug", "savsjo-2018-2019")],
            None,
        ),
        (
            "/api/v1/admin/agreements/create",
            agreement_form("vetlanda-2027", "Nytt"),
            Some("agreement.create"),
        ),
        (
            "/api/v1/admin/agreements/update",
            with(
                savsjo.clone(),
                &[("id", "1"), ("version", &agreement_version)],
            ),
            Some("agreement.update"),
        ),
        (
            "/api/v1/admin/agreements/copy",
            vec![
                ("id", "1"),
                ("slug", "savsjo-2020-2021"),
                ("valid_from", "2020-04-10"),
                ("valid_to", "2022-04-09"),
            ],
            Some("agreement.copy"),
        ),
        (
            "/api/v1/admin/promises/create",
            vec![("agreement_id", "1"), ("text", "Ett tredje löfte")],
            Some("promise.create"),
        ),
        (
            "/api/v1/admin/promises/update",
            vec![
                ("id", &promise),
                ("version", &promise_version),
                ("text", "Ändrat löfte"),
            ],
            Some("promise.update"),
        ),
        (
            "/api/v1/admin/definitions/move",
            vec![("item", "promise"), ("id", &promise), ("direction", "down")],
            Some("promise.move"),
        ),
        (
            "/api/v1/admin/activities/create",
            with(activity_form.to_vec(), &[("promise_id", &promise)]),
            Some("activity.create"),
        ),
        (
            "/api/v1/admin/activities/update",
            vec![
                ("id", &activity),
                ("version", &activity_version),
                ("text", "Ändrad aktivitet"),
                ("owner", "police"),
                ("measure", "none"),
                ("target", ""),
                ("cadence", "period"),
            ],
            Some("activity.update"),
        ),
        ("/api/v1/admin/office-hours/get", vec![], None),
        (
            "/api/v1/admin/office-hours/slots/create",
            slot.to_vec(),
            Some("office_hours.slot.create"),
        ),
        (
            "/api/v1/admin/office-hours/slots/update",
            with(slot.to_vec(), &[("id", "1"), ("version", &slot_version)]),
            Some("office_hours.slot.update"),
        ),
        (
            "/api/v1/admin/office-hours/cancel",
            // 2026-01-07 is a Wednesday, slot 1's weekday after the update above.
            vec![
                ("slot_id", "1"),
                ("date", "2026-01-07"),
                ("reason", "Utbildning"),
            ],
            Some("office_hours.cancel"),
        ),
        (
            "/api/v1/admin/office-hours/extras/create",
            vec![
                ("place", "Torget"),
                ("kind", "centre"),
                ("date", "2026-12-24"),
                ("start_time", "10:00"),
                ("end_time", "12:00"),
                ("note", "Julmarknad"),
            ],
            Some("office_hours.extra.create"),
        ),
        ("/api/v1/admin/users/list", vec![], None),
        (
            "/api/v1/admin/users/create",
            vec![
                ("username", "ny.polis"),
                ("password", "ett nytt långt lösenord"),
                ("role", "officer"),
            ],
            Some("user.create"),
        ),
        (
            "/api/v1/admin/users/role",
            vec![
                ("id", &target),
                ("version", &user_version),
                ("role", "admin"),
            ],
            Some("user.role"),
        ),
        (
            "/api/v1/admin/users/disable",
            vec![("id", &target), ("version", "2"), ("disabled", "true")],
            Some("user.disable"),
        ),
        (
            "/api/v1/admin/users/reset-password",
            vec![("id", &target)],
            Some("user.password_reset"),
        ),
        ("/api/v1/admin/reports/list", vec![], None),
        ("/api/v1/admin/reports/get", vec![("id", &to_correct)], None),
        (
            "/api/v1/admin/reports/correct",
            vec![
                ("id", &to_correct),
                ("version", "1"),
                ("reason", "Fel antal"),
                ("date", "2019-05-14"),
                ("start_time", "18:00"),
                ("end_time", "22:00"),
                ("place", "Resecentrum"),
                ("officers", "4"),
                ("persons_checked", "12"),
                ("persons_21_or_under", "7"),
                ("youths_identified", "3"),
                ("drug_offences_reported", "3"),
                ("notes", ""),
            ],
            Some("report.correct"),
        ),
        (
            "/api/v1/admin/reports/void",
            vec![("id", &to_void), ("reason", "Dubblett")],
            Some("report.void"),
        ),
        ("/api/v1/admin/audit/list", vec![], None),
        (
            "/api/v1/admin/agreements/publish",
            vec![("id", "1"), ("version", "2"), ("published", "false")],
            Some("agreement.unpublish"),
        ),
    ];

    for (path, form, action) in &calls {
        let audit_before = app.count("audit_log").await;
        let (anonymous, body) = app.post_form(&browser(), path, form).await;
        assert_eq!(anonymous, 401, "anonymous {path}: {body}");
        let (as_officer, body) = app.post_form(&officer, path, form).await;
        assert_eq!(as_officer, 403, "officer {path}: {body}");
        assert_eq!(
            app.count("audit_log").await,
            audit_before,
            "{path}: a refused call changes nothing"
        );
        let (as_admin, body) = app.post_form(&admin, path, form).await;
        assert!(
            (200..400).contains(&as_admin),
            "admin {path}: {as_admin} {body}"
        );
        let written: Vec<String> = db::scalars!(
            &app.pool,
            "SELECT action FROM audit_log WHERE id > $1 ORDER BY id",
            audit_before
        )
        .unwrap();
        let expected: Vec<String> = action.iter().map(|a| a.to_string()).collect();
        assert_eq!(written, expected, "{path}: its audit rows");
    }

    // The CSV export is an admin endpoint too.
    let csv = |client: reqwest::Client| {
        let url = app.url("/api/v1/admin/audit.csv?entity=report");
        async move { client.get(url).send().await.unwrap() }
    };
    assert_eq!(csv(browser()).await.status(), 401);
    assert_eq!(csv(officer.clone()).await.status(), 403);
    let res = csv(admin.clone()).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let actions: Vec<String> = reader.records().map(|r| r.unwrap()[3].to_owned()).collect();
    assert_eq!(
        actions,
        [
            "report.void",
            "report.correct",
            "report.create",
            "report.create"
        ]
    );
}

#[tokio::test]
async fn the_database_refuses_to_rewrite_the_audit_log_or_the_record() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let (id, _) = report(&app, &officer, 1).await;
    for sql in [
        "UPDATE audit_log SET actor = 'someone'".to_owned(),
        "DELETE FROM audit_log".to_owned(),
        format!("UPDATE reports SET persons_checked = 0 WHERE id = '{id}'"),
        format!("DELETE FROM reports WHERE id = '{id}'"),
        "DELETE FROM users".to_owned(),
    ] {
        let refused = db::execute!(&app.pool, &sql);
        assert!(refused.is_err(), "{sql} was allowed");
    }
    assert!(
        app.count("audit_log").await >= 3,
        "the seed, the account and the report"
    );
    assert_eq!(app.count("reports").await, 1);
}

#[tokio::test]
async fn corrections_and_voids_change_the_public_counts() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let (first, original) = report(&app, &officer, 1).await;
    let (second, _) = report(&app, &officer, 1).await;
    assert_eq!(achieved(&app, "targeted_operation").await, 2);
    assert_eq!(achieved(&app, "youths_identified").await, 2);

    let correction = |id: &str, version: &str, youths: &str| {
        vec![
            ("id", id.to_owned()),
            ("version", version.to_owned()),
            ("reason", "Fel antal identifierade".to_owned()),
            ("date", "2019-05-14".to_owned()),
            ("start_time", "18:00".to_owned()),
            ("end_time", "22:00".to_owned()),
            ("place", "Resecentrum".to_owned()),
            ("officers", "4".to_owned()),
            ("persons_checked", "12".to_owned()),
            ("persons_21_or_under", "7".to_owned()),
            ("youths_identified", youths.to_owned()),
            ("drug_offences_reported", "3".to_owned()),
            ("notes", "".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>, path: &'static str| {
        let admin = admin.clone();
        let app = &app;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&admin, path, &fields).await
        }
    };
    let (status, _) = post(
        correction(&first, "1", "5"),
        "/api/v1/admin/reports/correct",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        achieved(&app, "youths_identified").await,
        6,
        "the latest version counts"
    );
    assert_eq!(achieved(&app, "targeted_operation").await, 2);

    // A correction from the same starting version is a conflict, and a bad one changes nothing.
    let (status, body) = post(
        correction(&first, "1", "9"),
        "/api/v1/admin/reports/correct",
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("edit_conflict"))
    );
    let (status, body) = post(
        correction(&first, "2", "99"),
        "/api/v1/admin/reports/correct",
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["youths_identified"].is_string(), "{body}");
    assert_eq!(app.count("report_versions").await, 1);

    let page = app.text("/avtal/savsjo-2018-2019").await;
    assert_eq!(
        page.matches("korrigerad").count(),
        1,
        "the corrected report is marked on the public page"
    );

    let (status, _) = post(
        vec![("id", second.clone()), ("reason", "Dubblett".to_owned())],
        "/api/v1/admin/reports/void",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        achieved(&app, "targeted_operation").await,
        1,
        "a voided report is not counted"
    );
    assert_eq!(achieved(&app, "youths_identified").await, 5);
    assert_eq!(app.count("reports").await, 2, "but it is kept");
    let (status, _) = post(
        vec![("id", second), ("reason", "Igen".to_owned())],
        "/api/v1/admin/reports/void",
    )
    .await;
    assert_eq!(status, 409);

    // The device resending its original is still recognised as a duplicate, not counted again.
    let (status, results) = post_reports(&officer, &app, &json!([original])).await;
    assert_eq!(
        (status, results[0]["status"].as_str()),
        (200, Some("duplicate"))
    );
    assert_eq!(achieved(&app, "targeted_operation").await, 1);
    assert_eq!(achieved(&app, "youths_identified").await, 5);
    assert_eq!(
        app::agreements::db::tallies::check(&app.pool)
            .await
            .unwrap(),
        vec![],
        "the tallies agree with the record after corrections and voids"
    );
    let (_, detail) = app
        .post_form(&admin, "/api/v1/admin/reports/get", &[("id", &first)])
        .await;
    let reasons: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["Rapporterad", "Fel antal identifierade"]);
}

#[tokio::test]
async fn a_copy_has_the_same_structure_and_no_records() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let admin = app.signed_in("ada", Role::Admin).await;
    report(&app, &officer, 1).await;
    let copy_form = [
        ("id", "1"),
        ("slug", "savsjo-2020-2021"),
        ("valid_from", "2020-04-10"),
        ("valid_to", "2022-04-09"),
    ];
    let (status, _) = app
        .post_form(&admin, "/api/v1/admin/agreements/copy", &copy_form)
        .await;
    assert!((200..400).contains(&status));
    let structure = |slug: &'static str| {
        let pool = app.pool.clone();
        async move {
            db::all!(
                &pool,
                as (i64, String, String, String, Option<i64>, String),
                "SELECT p.position, p.text, x.text, x.measure, x.target, x.cadence
                 FROM agreements a JOIN promises p ON p.agreement_id = a.id JOIN activities x ON x.promise_id = p.id
                 WHERE a.slug = $1 ORDER BY p.position, x.position",
                slug
            )
            .unwrap()
        }
    };
    let original = structure("savsjo-2018-2019").await;
    assert_eq!(original.len(), 4);
    assert_eq!(structure("savsjo-2020-2021").await, original);
    let copy = agreement_id(&app, "savsjo-2020-2021").await;
    let records: i64 = db::scalar!(
        &app.pool,
        "SELECT count(*) FROM reports r JOIN activities x ON x.id = r.activity_id
         JOIN promises p ON p.id = x.promise_id WHERE p.agreement_id = $1",
        copy
    )
    .unwrap();
    assert_eq!(records, 0);
    let published: bool = app
        .scalar(&format!(
            "SELECT published FROM agreements WHERE id = {copy}"
        ))
        .await;
    assert!(!published, "a copy starts unpublished");
    // Its title names its own period, and it keeps the original's places.
    let (title, municipality): (String, String) = db::one!(
        &app.pool,
        "SELECT a.title, m.code FROM agreements a JOIN agreement_municipalities m ON m.agreement_id = a.id
         WHERE a.id = $1",
        copy
    )
    .unwrap();
    assert_eq!(title, "Medborgarlöfte i Sävsjö kommun 2020-2022");
    assert_eq!(municipality, "0684");
    let (status, body) = app
        .post_form(&admin, "/api/v1/admin/agreements/copy", &copy_form)
        .await;
    assert_eq!(
        (status, body["fields"]["slug"].is_string()),
        (422, true),
        "{body}"
    );
}

#[tokio::test]
async fn the_second_of_two_edits_from_the_same_version_is_refused() {
    let app = spawn_app().await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let bea = app.signed_in("bea", Role::Admin).await;
    let form =
        |title: &'static str| with(agreement_form("", title), &[("id", "1"), ("version", "1")]);
    let (status, _) = app
        .post_form(
            &ada,
            "/api/v1/admin/agreements/update",
            &form("Adas rubrik"),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = app
        .post_form(
            &bea,
            "/api/v1/admin/agreements/update",
            &form("Beas rubrik"),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("edit_conflict")),
        "{body}"
    );
    let title: String = app
        .scalar("SELECT title FROM agreements WHERE id = 1")
        .await;
    assert_eq!(title, "Adas rubrik");
    let updates: i64 = app
        .scalar("SELECT count(*) FROM audit_log WHERE action = 'agreement.update'")
        .await;
    assert_eq!(updates, 1);
}

#[tokio::test]
async fn bad_admin_input_gets_a_message_per_field_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let agreements = app.count("agreements").await;
    let mut form = agreement_form("Inte OK", " ");
    form.retain(|(k, _)| *k != "valid_to");
    form.push(("valid_to", "2026-01-01"));
    let (status, body) = app
        .post_form(&admin, "/api/v1/admin/agreements/create", &form)
        .await;
    assert_eq!(status, 422, "{body}");
    for field in ["slug", "title", "valid_to"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    assert_eq!(app.count("agreements").await, agreements);
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/office-hours/cancel",
            // 2026-01-05 is a Monday; slot 1 is on Tuesdays.
            &[("slot_id", "1"), ("date", "2026-01-05"), ("reason", "Sjuk")],
        )
        .await;
    assert_eq!(
        (status, body["fields"]["date"].is_string()),
        (422, true),
        "{body}"
    );
    assert_eq!(app.count("office_hour_cancellations").await, 0);
}

#[tokio::test]
async fn only_published_agreements_reach_the_public() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/agreements/create",
            &agreement_form("vetlanda-2027", "Vetlandalöftet"),
        )
        .await;
    assert!((200..400).contains(&status));
    let listed = |app: &TestApp| {
        let client = app.client.clone();
        let url = app.url("/api/v1/agreements");
        async move {
            let list: Value = client.get(url).send().await.unwrap().json().await.unwrap();
            list.as_array()
                .unwrap()
                .iter()
                .map(|a| a["slug"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed(&app).await, ["savsjo-2018-2019"]);
    assert_eq!(
        app.get_json("/api/v1/agreements/vetlanda-2027/progress")
            .await
            .0,
        404
    );
    let page = app
        .client
        .get(app.url("/avtal/vetlanda-2027"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);

    let id = agreement_id(&app, "vetlanda-2027").await.to_string();
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/agreements/publish",
            &[("id", &id), ("version", "1"), ("published", "true")],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        listed(&app).await,
        ["vetlanda-2027", "savsjo-2018-2019"],
        "newest first"
    );
    assert_eq!(
        app.get_json("/api/v1/agreements/vetlanda-2027/progress")
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn the_record_is_filtered_by_activity_dates_and_officer() {
    let app = spawn_app().await;
    let olle = app.signed_in("olle", Role::Officer).await;
    let pia = app.signed_in("pia", Role::Officer).await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let ops = activity_id(&app, "targeted_operation").await;
    let meetings = activity_id(&app, "collaboration_meeting").await;
    let mut early = operation(ops);
    early["date"] = "2018-06-01".into();
    let late = operation(ops); // 2019-05-14
    let meeting = json!({
        "id": Uuid::new_v4().to_string(), "kind": "collaboration_meeting", "activity_id": meetings,
        "created_at": "2019-05-14T10:00:00Z", "date": "2019-02-01",
        "organisations": ["Polisen", "Sävsjö kommun"], "summary": "Genomgång."
    });
    post_reports(&olle, &app, &json!([early, meeting])).await;
    post_reports(&pia, &app, &json!([late])).await;
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    let list = |filter: Vec<(&'static str, String)>| {
        let (admin, app) = (admin.clone(), &app);
        async move {
            let fields: Vec<(&str, &str)> = filter.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, page) = app
                .post_form(&admin, "/api/v1/admin/reports/list", &fields)
                .await;
            assert_eq!(status, 200, "{page}");
            page["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(vec![]).await,
        [id(&late), id(&meeting), id(&early)],
        "newest first"
    );
    assert_eq!(
        list(vec![("officer", "olle".into())]).await,
        [id(&meeting), id(&early)]
    );
    assert_eq!(
        list(vec![("activity", meetings.to_string())]).await,
        [id(&meeting)]
    );
    assert_eq!(
        list(vec![
            ("from", "2019-01-01".into()),
            ("to", "2019-03-01".into())
        ])
        .await,
        [id(&meeting)]
    );
    assert_eq!(
        list(vec![("officer", "pia".into()), ("to", "2019-01-01".into())]).await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn a_reset_password_is_shown_once_and_disabled_accounts_are_locked_out() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let bo = app.signed_in("bo", Role::Officer).await;
    let bo_id: i64 = app
        .scalar("SELECT id FROM users WHERE username = 'bo'")
        .await;
    let bo_id = bo_id.to_string();
    let people = || app.post_form(&admin, "/api/v1/admin/users/list", &[]);

    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/users/reset-password",
            &[("id", &bo_id)],
        )
        .await;
    assert_eq!(status, 200);
    let (_, page) = people().await;
    assert_eq!(page["new_password"][0], "bo");
    let password = page["new_password"][1].as_str().unwrap().to_owned();
    assert_eq!(password.len(), 19, "{password}");
    let (_, again) = people().await;
    assert!(again["new_password"].is_null(), "shown once");
    let stored: String = app
        .scalar("SELECT password_hash FROM users WHERE username = 'bo'")
        .await;
    assert!(!stored.contains(&password));
    let audit: String = app
        .scalar("SELECT after FROM audit_log WHERE action = 'user.password_reset'")
        .await;
    assert!(
        !audit.contains(&password),
        "the audit row never holds the password"
    );

    // The reset ended bo's session; the new password signs in and the old one no longer does.
    let me = bo.get(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(me.status(), 401);
    let sign_in = |password: String| {
        let url = app.url("/api/v1/session");
        async move {
            browser()
                .post(url)
                .json(&json!({"username": "bo", "password": password}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(sign_in(crate::common::PASSWORD.into()).await, 401);
    assert_eq!(sign_in(password.clone()).await, 200);

    let version: i64 = app
        .scalar("SELECT version FROM users WHERE username = 'bo'")
        .await;
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/users/disable",
            &[
                ("id", &bo_id),
                ("version", &version.to_string()),
                ("disabled", "true"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        sign_in(password.clone()).await,
        401,
        "a disabled account cannot sign in"
    );
    let (_, page) = people().await;
    let listed = page["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["username"] == "bo")
        .unwrap();
    assert_eq!(listed["disabled"], true, "disabled, not deleted");
}

#[tokio::test]
async fn reordering_swaps_neighbours_and_stops_at_the_ends() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let order = || {
        let (admin, app) = (admin.clone(), &app);
        async move {
            let (_, edit) = app
                .post_form(
                    &admin,
                    "/api/v1/admin/agreements/get",
                    &[("slug", "savsjo-2018-2019")],
                )
                .await;
            edit["promises"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let before = order().await;
    assert_eq!(before.len(), 2);
    let first = before[0].to_string();
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/definitions/move",
            &[("item", "promise"), ("id", &first), ("direction", "up")],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(order().await, before, "the first stays first");
    app.post_form(
        &admin,
        "/api/v1/admin/definitions/move",
        &[("item", "promise"), ("id", &first), ("direction", "down")],
    )
    .await;
    assert_eq!(order().await, [before[1], before[0]]);
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/definitions/move",
            &[
                ("item", "promise"),
                ("id", &first),
                ("direction", "sideways"),
            ],
        )
        .await;
    assert_eq!(
        (status, body["fields"]["direction"].is_string()),
        (422, true)
    );
}

#[tokio::test]
async fn the_audit_view_filters_by_what_and_who() {
    let app = spawn_app().await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let bea = app.signed_in("bea", Role::Admin).await;
    for (admin, text) in [(&ada, "Adas löfte"), (&bea, "Beas löfte")] {
        let (status, _) = app
            .post_form(
                admin,
                "/api/v1/admin/promises/create",
                &[("agreement_id", "1"), ("text", text)],
            )
            .await;
        assert_eq!(status, 200);
    }
    let (_, rows) = app
        .post_form(
            &ada,
            "/api/v1/admin/audit/list",
            &[("entity", "promise"), ("actor", "BEA")],
        )
        .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0]["actor"].as_str(), rows[0]["action"].as_str()),
        (Some("bea"), Some("promise.create"))
    );
    assert!(rows[0]["after"].as_str().unwrap().contains("Beas löfte"));
    let (_, all) = app.post_form(&ada, "/api/v1/admin/audit/list", &[]).await;
    let entities: std::collections::BTreeSet<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["entity"].as_str().unwrap())
        .collect();
    assert_eq!(
        entities.into_iter().collect::<Vec<_>>(),
        ["agreement", "office_hour_slot", "promise", "user"],
        "the seed, the example office hours, the accounts and the promises"
    );
}
