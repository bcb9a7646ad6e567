//! `POST /api/v1/admin/agreements/import`: a pasted text becomes a draft for review (admins only, nothing
//! saved), and the reviewed draft becomes an agreement with its promises and activities in one save.

use crate::common::{readable, spawn_app, TestApp};
use app::db;
use domain::credentials::Role;
use serde_json::Value;

const SEED: &str = include_str!("../../../app/seed/medborgarlofte-savsjo-2018-2019.txt");

const WALKS: &str = "Medborgarlöfte för Exempelby kommun 2027

Exempelby kommun och Polisen har utifrån lägesbilden enats om ett medborgarlöfte. Medborgarlöftet gäller 2027.

Polisen och kommunen lovar gemensamt att arbeta för:

• **Ökad trygghet i Exempelby centrum.**

Det ska vi åstadkomma genom följande aktiviteter:

• Polisen och kommunen ska genomföra minst tio trygghetsvandringar i centrum.
• Kommunen ska genomföra skolbesök varje månad.

Lägesbild

Invånarna upplever otrygghet i centrum på kvällstid.

Uppföljning

Löftet följs upp varje kvartal i det lokala brottsförebyggande rådet.

Exempelby den 15 december 2026

Anna Andersson
Kommunstyrelsens ordförande
Exempelby kommun

Bo Berg
Lokalpolisområdeschef
Lokalpolisområde Exempelby
";

async fn snapshot(app: &TestApp) -> [i64; 5] {
    [
        app.count("agreements").await,
        app.count("promises").await,
        app.count("activities").await,
        app.count("signatories").await,
        app.count("audit_log").await,
    ]
}

#[tokio::test]
async fn import_answers_the_seed_draft_to_admins_only_and_saves_nothing() {
    let app = spawn_app().await;
    let before = snapshot(&app).await;
    let path = "/api/v1/admin/agreements/import";

    let (status, _) = app.post_form(&app.client, path, &[("text", SEED)]).await;
    assert_eq!(status, 401, "anonymous");
    let officer = app.signed_in("olle", Role::Officer).await;
    let (status, _) = app.post_form(&officer, path, &[("text", SEED)]).await;
    assert_eq!(status, 403, "officers");

    let admin = app.signed_in("ada", Role::Admin).await;
    let before = [
        before[0],
        before[1],
        before[2],
        before[3],
        app.count("audit_log").await,
    ];
    let (status, draft) = app.post_form(&admin, path, &[("text", SEED)]).await;
    assert_eq!(status, 200, "{draft}");
    for key in [
        "slug",
        "municipalities",
        "police_area",
        "title",
        "valid_from",
        "valid_to",
        "signed_on",
        "background",
        "follow_up",
        "signatories",
        "promises",
        "unsure",
    ] {
        assert!(draft.get(key).is_some(), "{key} in {draft}");
    }
    assert_eq!(draft["valid_from"], "2018-04-10");
    assert_eq!(draft["valid_to"], "2020-04-09");
    // The municipality named in the text, by its code; the police area's slug from its name.
    assert_eq!(draft["municipalities"], serde_json::json!(["0684"]));
    assert_eq!(draft["police_area"], "hoglandet");
    let signatories = draft["signatories"].as_array().unwrap();
    assert_eq!(signatories.len(), 3);
    for s in signatories {
        assert!(s["name"].is_string() && s["title"].is_string() && s["organisation"].is_string());
    }
    let promises = draft["promises"].as_array().unwrap();
    assert_eq!(promises.len(), 2);
    let activities: Vec<&Value> = promises
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .collect();
    assert_eq!(activities.len(), 4);
    let by = |m: &str| *activities.iter().find(|a| a["measure"] == m).unwrap();
    assert_eq!(by("targeted_operation")["target"], "15");
    assert_eq!(by("targeted_operation")["cadence"], "period");
    assert_eq!(by("collaboration_meeting")["target"], "4");
    assert_eq!(by("collaboration_meeting")["cadence"], "calendar_year");
    for a in &activities {
        for key in ["text", "owner", "measure", "target", "cadence", "unit"] {
            assert!(a.get(key).is_some(), "{key} in {a}");
        }
    }

    let (status, body) = app.post_form(&admin, path, &[("text", "  ")]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["problems"]["text"]["code"], "empty");
    assert_eq!(snapshot(&app).await, before, "importing saves nothing");
}

#[tokio::test]
async fn a_reviewed_import_is_created_whole_or_not_at_all() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let (status, draft) = app
        .post_form(
            &admin,
            "/api/v1/admin/agreements/import",
            &[("text", WALKS)],
        )
        .await;
    assert_eq!(status, 200, "{draft}");
    let activities: Vec<&Value> = draft["promises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .collect();
    assert!(
        activities.iter().any(|a| a["measure"] == "count"),
        "the walks are counted: {draft}"
    );

    // The page's flow without JavaScript: the draft goes to the session and the review page shows it.
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/agreements/import-review",
            &[("text", WALKS)],
        )
        .await;
    assert!(status == 200 || status == 302 || status == 303, "{status}");
    let page = readable(&app.text_as(&admin, "/admin/importera").await);
    assert!(
        page.contains("Granska utkastet"),
        "the review form is shown"
    );
    assert!(page.contains("trygghetsvandringar"));

    let before = [
        app.count("agreements").await,
        app.count("promises").await,
        app.count("activities").await,
    ];
    let mut fields: Vec<(String, String)> = vec![
        ("slug".into(), "exempelby-2027".into()),
        ("municipalities".into(), "0685".into()),
        ("police_area".into(), "hoglandet".into()),
        (
            "title".into(),
            "Medborgarlöfte för Exempelby kommun 2027".into(),
        ),
        ("valid_from".into(), "2027-01-01".into()),
        ("valid_to".into(), "2027-12-31".into()),
        ("signed_on".into(), "2026-12-15".into()),
        ("background".into(), "Bakgrund.".into()),
        ("follow_up".into(), "Följs upp varje kvartal.".into()),
        (
            "signatories".into(),
            "Anna Andersson; Kommunstyrelsens ordförande; Exempelby kommun".into(),
        ),
        (
            "promises[0][text]".into(),
            "Att öka tryggheten i centrum.".into(),
        ),
    ];
    let activity = |n: usize, values: [(&str, &str); 7]| -> Vec<(String, String)> {
        values
            .iter()
            .map(|(k, v)| (format!("promises[0][activities][{n}][{k}]"), v.to_string()))
            .collect()
    };
    fields.extend(activity(
        0,
        [
            ("text", "Minst tio trygghetsvandringar per år"),
            ("owner", "joint"),
            ("measure", "count"),
            ("target", "10"),
            ("cadence", "calendar_year"),
            ("unit", "trygghetsvandringar"),
            ("unit_singular", "trygghetsvandring"),
        ],
    ));
    // A bad second activity refuses the whole save.
    let mut bad = fields.clone();
    bad.extend(activity(
        1,
        [
            ("text", "Skolbesök"),
            ("owner", "police"),
            ("measure", "count"),
            ("target", "två"),
            ("cadence", "month"),
            ("unit", ""),
            ("unit_singular", ""),
        ],
    ));
    let as_refs = |f: &[(String, String)]| -> Vec<(String, String)> { f.to_vec() };
    let post = |f: Vec<(String, String)>| {
        let admin = admin.clone();
        let url = app.url("/api/v1/admin/agreements/import-create");
        async move {
            let res = admin.post(url).form(&f).send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, body) = post(as_refs(&bad)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["problems"]["promises[0][activities][1][target]"]["code"],
        "target"
    );
    assert_eq!(
        body["problems"]["promises[0][activities][1][unit]"]["code"],
        "empty"
    );
    let after_bad = [
        app.count("agreements").await,
        app.count("promises").await,
        app.count("activities").await,
    ];
    assert_eq!(after_bad, before, "nothing is saved from a refused review");

    let (status, body) = post(as_refs(&fields)).await;
    assert!(status < 400, "{status} {body}");
    let (published, unit): (bool, String) = db::one!(
        &app.pool,
        "SELECT a.published, x.unit FROM agreements a JOIN promises p ON p.agreement_id = a.id
         JOIN activities x ON x.promise_id = p.id WHERE a.slug = 'exempelby-2027'"
    )
    .unwrap();
    assert_eq!((published, unit.as_str()), (false, "trygghetsvandringar"));
    assert_eq!(app.count("agreements").await, before[0] + 1);
    assert_eq!(app.count("activities").await, before[2] + 1);
    // The review page is empty again once the agreement is created.
    let page = readable(&app.text_as(&admin, "/admin/importera").await);
    assert!(!page.contains("Granska utkastet"));
}
