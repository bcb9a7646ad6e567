//! No one gets in where they don't belong: typed text stays text on every page, redirects stay on the
//! site, refused forms' values never come from an address, sessions end when their account changes, and
//! signed-in answers are never kept.

use crate::common::{
    activity_id, browser, operation, post_created, post_reports, readable, spawn_app,
    spawn_app_with, test_settings, TestApp, PASSWORD,
};
use domain::credentials::Role;
use reqwest::header;
use serde_json::{json, Value};
use uuid::Uuid;

/// Text that ends a textarea, and text that ends an attribute, each followed by an element of its own.
const CLOSES_TEXTAREA: &str = "ok </textarea><b data-inj>X</b>";
const CLOSES_ATTRIBUTE: &str = "\"><b data-inj>Y</b>";

/// The page holds no element that the typed text tried to add, and shows that text as typed.
fn shows_as_text(page: &str, what: &str) {
    assert!(
        !page.contains("<b data-inj"),
        "{what}: typed markup became an element"
    );
    assert!(
        page.contains("&lt;/textarea&gt;&lt;b data-inj&gt;X&lt;/b&gt;"),
        "{what}: the typed text is shown as text"
    );
}

async fn meeting_with(app: &TestApp, officer: &reqwest::Client, summary: &str) -> String {
    let meetings = activity_id(app, "collaboration_meeting").await;
    let id = Uuid::new_v4().to_string();
    let item = json!({
        "id": id, "kind": "collaboration_meeting", "activity_id": meetings,
        "created_at": "2019-05-14T10:00:00Z", "date": "2019-05-14",
        "organisations": ["Polisen", CLOSES_ATTRIBUTE], "summary": summary
    });
    post_created(officer, app, &item).await;
    id
}

#[tokio::test]
async fn an_officer_s_typed_markup_stays_text_on_the_admin_s_correction_page() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let mut report = operation(activity_id(&app, "targeted_operation").await);
    report["notes"] = json!(CLOSES_TEXTAREA);
    post_created(&officer, &app, &report).await;
    let page = app
        .text_as(
            &admin,
            &format!("/admin/rapporter/{}", report["id"].as_str().unwrap()),
        )
        .await;
    shows_as_text(&page, "an operation's notes");

    let meeting = meeting_with(&app, &officer, CLOSES_TEXTAREA).await;
    let page = app
        .text_as(&admin, &format!("/admin/rapporter/{meeting}"))
        .await;
    shows_as_text(&page, "a meeting's summary");
    assert!(
        page.contains("&quot;&gt;&lt;b data-inj&gt;Y&lt;/b&gt;")
            || page.contains("\"&gt;&lt;b data-inj&gt;Y&lt;/b&gt;"),
        "a meeting's organisations are shown as typed"
    );
}

#[tokio::test]
async fn an_agreement_s_typed_markup_stays_text_in_its_editor_and_the_import_review() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let form = [
        ("slug", "vetlanda-2027"),
        ("municipalities", "0685"),
        ("police_area", "hoglandet"),
        ("title", "Löfte </title><b data-inj>Z</b>"),
        ("valid_from", "2027-01-01"),
        ("valid_to", "2028-12-31"),
        ("signed_on", "2026-12-15"),
        ("background", CLOSES_TEXTAREA),
        ("follow_up", CLOSES_TEXTAREA),
        (
            "signatories",
            "Anna A; Ordförande; ok </textarea><b data-inj>X</b>",
        ),
    ];
    let (status, body) = app
        .post_form(&admin, "/api/v1/admin/agreements/create", &form)
        .await;
    assert_eq!(status, 200, "{body}");
    let page = app.text_as(&admin, "/admin/avtal/vetlanda-2027").await;
    shows_as_text(&page, "the agreement editor");
    assert_eq!(
        page.matches("&lt;/textarea&gt;").count(),
        3,
        "each text area"
    );
    assert!(
        page.contains("Löfte &lt;/title&gt;&lt;b data-inj&gt;Z&lt;/b&gt;")
            && !page.contains("</title><b"),
        "the page's title holds the typed title as text"
    );

    // The import's review form, filled from a pasted text.
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/agreements/import-review",
            &[(
                "text",
                &format!("Medborgarlöfte {CLOSES_TEXTAREA}\n\nBakgrund\n{CLOSES_TEXTAREA}"),
            )],
        )
        .await;
    assert!(matches!(status, 200 | 302 | 303), "{status}");
    let page = app.text_as(&admin, "/admin/importera").await;
    assert!(
        !page.contains("<b data-inj"),
        "the review form adds no element"
    );
}

#[tokio::test]
async fn a_refused_form_s_values_come_back_once_from_the_session_never_from_the_address() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    // A crafted link that carries values for the people page's form: nothing of it is shown.
    let crafted =
        "/admin/personer?__path=%2Fapi%2Fv1%2Fadmin%2Fusers%2Fcreate&__input=username%3Dplanted-name";
    let page = app.text_as(&admin, crafted).await;
    assert!(
        !page.contains("planted-name"),
        "values are never read from the address"
    );

    // The same form posted without JavaScript and refused: its values come back on the page, once.
    let res = admin
        .post(app.url("/api/v1/admin/users/create"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url("/admin/personer"))
        .form(&[
            ("username", "Ogiltigt Namn!"),
            ("password", "kort"),
            ("role", "officer"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        !location.contains("Ogiltigt"),
        "the values stay out of the address: {location}"
    );
    let back = location
        .split_once("://")
        .map_or(location.as_str(), |(_, rest)| {
            &rest[rest.find('/').unwrap_or(rest.len())..]
        });
    let page = app.text_as(&admin, back).await;
    assert!(page.contains("Ogiltigt Namn!"), "the typed name comes back");
    assert!(!page.contains("kort"), "a password never comes back");
    let again = app.text_as(&admin, back).await;
    assert!(!again.contains("Ogiltigt Namn!"), "shown once");
}

#[tokio::test]
async fn every_redirect_stays_on_the_site_and_no_input_makes_the_server_fail() {
    let app = spawn_app().await;
    for hostile in [
        "%09/evil.example",
        "%0a/evil.example",
        "%5C/evil.example",
        "%2F%2Fevil.example",
    ] {
        let res = app
            .client
            .get(app.url(&format!("/sprak/en/{hostile}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{hostile}");
        assert_eq!(res.headers()[header::LOCATION], "/", "{hostile}");
    }
    app.add_user("olle", Role::Officer).await;
    for next in [
        "/%09/evil.example",
        "/\t/evil.example",
        "/\r\nSet-Cookie: a=b",
        "//evil.example",
        "/\\evil.example",
    ] {
        let res = browser()
            .post(app.url("/api/login"))
            .header(header::ACCEPT, "text/html")
            .form(&[("username", "olle"), ("password", PASSWORD), ("next", next)])
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert!(status < 500, "{next:?}: {status}");
        if let Some(location) = res.headers().get(header::LOCATION) {
            assert_eq!(location, "/", "{next:?}");
        }
    }
}

/// Signs `client` in as `name`; the session cookie's value afterwards.
async fn sign_in(app: &TestApp, client: &reqwest::Client, name: &str) -> String {
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": name, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "signing in as {name}");
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("lofte_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("a session cookie")
}

#[tokio::test]
async fn signing_in_over_another_account_s_session_gives_a_new_session() {
    let app = spawn_app().await;
    app.add_user("olle", Role::Officer).await;
    app.add_user("ada", Role::Admin).await;
    let client = browser();
    let first = sign_in(&app, &client, "olle").await;
    let second = sign_in(&app, &client, "ada").await;
    assert_ne!(
        first, second,
        "a planted or earlier session id is never carried over"
    );
    let old = browser()
        .get(app.url("/api/v1/session"))
        .header(header::COOKIE, format!("lofte_session={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 401, "the earlier session id is not ada's");
}

async fn change(
    app: &TestApp,
    admin: &reqwest::Client,
    endpoint: &str,
    id: i64,
    field: (&str, &str),
) {
    let version: i64 = app
        .scalar(&format!("SELECT version FROM users WHERE id = {id}"))
        .await;
    let (status, body) = app
        .post_form(
            admin,
            &format!("/api/v1/admin/users/{endpoint}"),
            &[
                ("id", &id.to_string()),
                ("version", &version.to_string()),
                field,
            ],
        )
        .await;
    assert_eq!(status, 200, "{endpoint}: {body}");
}

#[tokio::test]
async fn disabling_an_account_or_changing_its_role_ends_its_sessions_for_good() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let bo = app.signed_in("bo", Role::Officer).await;
    let bo_id: i64 = app
        .scalar("SELECT id FROM users WHERE username = 'bo'")
        .await;
    let me = |client: &reqwest::Client| {
        let request = client.get(app.url("/api/v1/session"));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(me(&bo).await, 200);
    change(&app, &admin, "disable", bo_id, ("disabled", "true")).await;
    assert_eq!(me(&bo).await, 401, "disabled: signed out");
    change(&app, &admin, "disable", bo_id, ("disabled", "false")).await;
    assert_eq!(
        me(&bo).await,
        401,
        "enabled again: the old session stays ended"
    );

    let bo = browser();
    sign_in(&app, &bo, "bo").await;
    assert_eq!(me(&bo).await, 200);
    change(&app, &admin, "role", bo_id, ("role", "admin")).await;
    assert_eq!(me(&bo).await, 401, "a new role: signed out");
}

#[tokio::test]
async fn a_reset_password_never_reaches_the_sessions_table() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    app.add_user("bo", Role::Officer).await;
    let bo_id: i64 = app
        .scalar("SELECT id FROM users WHERE username = 'bo'")
        .await;
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/users/reset-password",
            &[("id", &bo_id.to_string())],
        )
        .await;
    assert_eq!(status, 200);
    let sessions: Vec<Vec<u8>> = app::db::scalars!(&app.pool, "SELECT data FROM sessions").unwrap();
    let (_, page) = app.post_form(&admin, "/api/v1/admin/users/list", &[]).await;
    let password = page["new_password"][1]
        .as_str()
        .expect("shown once")
        .to_owned();
    assert!(
        sessions.iter().all(|data| !data
            .windows(password.len())
            .any(|w| w == password.as_bytes())),
        "the new password is in no session"
    );
}

#[tokio::test]
async fn nothing_answered_to_a_signed_in_request_is_kept() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    for path in ["/admin/personer", "/api/v1/session", "/", "/rapportera"] {
        let res = admin.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
    }
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_ne!(
        res.headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "a public page without a session keeps its caching"
    );
}

#[tokio::test]
async fn over_https_the_cookie_is_host_only_and_every_answer_has_hsts() {
    let app = spawn_app_with(app::web::Settings {
        cookie_secure: true,
        ..test_settings()
    })
    .await;
    app.add_user("olle", Role::Officer).await;
    let res = browser()
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "olle", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-lofte_session="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    // The front page twice: rendered, then from the page cache; a file; a path that is nothing.
    for path in [
        "/",
        "/",
        "/api/v1/agreements",
        "/api/v1/agreements",
        "/finns-inte",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .map(|v| v.to_str().unwrap()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_language_cookie_is_read_the_same_way_for_the_page_and_its_cache() {
    let app = spawn_app().await;
    let spaced = app
        .client
        .get(app.url("/"))
        .header(header::COOKIE, "i18n_pref_locale= en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(spaced.contains("<html lang=\"en\""), "rendered in English");
    let plain = readable(
        &browser()
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert!(
        plain.contains("<html lang=\"sv\""),
        "a visitor without a cookie gets the Swedish page, not the English one kept under its key"
    );
}

/// A meeting's organisations are checked like notes: a personal identity number is refused.
#[tokio::test]
async fn a_meeting_naming_a_person_by_number_is_refused() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let meetings = activity_id(&app, "collaboration_meeting").await;
    let item = json!({
        "id": Uuid::new_v4().to_string(), "kind": "collaboration_meeting", "activity_id": meetings,
        "created_at": "2019-05-14T10:00:00Z", "date": "2019-05-14",
        "organisations": ["Polisen", "Möte med 811228-9874"], "summary": "Genomgång."
    });
    let (status, results): (u16, Value) = post_reports(&officer, &app, &json!([item])).await;
    assert_eq!(status, 200);
    assert_eq!(results[0]["status"], "invalid", "{results}");
    assert_eq!(app.count("reports").await, 0);
}

/// The service worker forgets kept officer pages by this header: an officer page names its officer, and a
/// page that names none is not an officer's.
#[tokio::test]
async fn an_officer_page_names_its_officer_for_the_service_worker() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let res = officer.get(app.url("/rapportera")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-lofte-officer"], "olle");
    let anonymous = app.client.get(app.url("/rapportera")).send().await.unwrap();
    assert!(anonymous.headers().get("x-lofte-officer").is_none());
}
