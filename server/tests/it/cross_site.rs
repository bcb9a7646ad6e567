//! Cross-site requests that would change something get 403 and change nothing; same-origin ones and
//! API clients without Origin pass. HSTS is sent only when the cookie is Secure (HTTPS).

use crate::common::{
    activity_id, browser, operation, spawn_app, spawn_app_with, test_settings, TestApp,
};
use app::web::{PublicOrigin, Settings};
use domain::credentials::Role;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

const EVIL: &str = "http://evil.example";

async fn forbidden(res: reqwest::Response) {
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "forbidden", "{body}");
    assert!(body["message"].is_string());
}

async fn copy_form(
    app: &TestApp,
    client: &reqwest::Client,
    origin: Option<&str>,
    slug: &str,
) -> reqwest::Response {
    let mut req = client
        .post(app.url("/api/v1/admin/agreements/copy"))
        .form(&[
            ("id", "1"),
            ("slug", slug),
            ("valid_from", "2020-04-10"),
            ("valid_to", "2022-04-09"),
        ]);
    if let Some(origin) = origin {
        req = req.header("origin", origin);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_cross_site_sync_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let id = activity_id(&app, "targeted_operation").await;
    let post = |origin: &str| {
        officer
            .post(app.url("/api/v1/reports"))
            .header("origin", origin)
            .json(&json!([operation(id)]))
            .send()
    };
    forbidden(post(EVIL).await.unwrap()).await;
    assert_eq!(app.count("reports").await, 0);

    let fetch_cross = officer
        .post(app.url("/api/v1/reports"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!([operation(id)]))
        .send()
        .await
        .unwrap();
    forbidden(fetch_cross).await;
    assert_eq!(app.count("reports").await, 0);

    let res = post(&app.address).await.unwrap();
    assert_eq!(res.status(), 200, "same origin passes");
    assert_eq!(app.count("reports").await, 1);
}

#[tokio::test]
async fn a_cross_site_server_function_call_is_refused() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let before = app.count("agreements").await;
    let audited = app.count("audit_log").await;
    forbidden(copy_form(&app, &admin, Some(EVIL), "savsjo-2020-2021").await).await;
    forbidden(copy_form(&app, &admin, Some("null"), "savsjo-2020-2021").await).await;
    assert_eq!(app.count("agreements").await, before);
    assert_eq!(
        app.count("audit_log").await,
        audited,
        "no change was audited"
    );

    let res = copy_form(&app, &admin, Some(&app.address), "savsjo-2020-2021").await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    assert_eq!(app.count("agreements").await, before + 1);
    let res = copy_form(&app, &admin, None, "savsjo-2022-2023").await;
    assert_eq!(res.status(), 200, "an API client without Origin passes");
}

#[tokio::test]
async fn a_cross_site_sign_out_is_refused() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let res = officer
        .delete(app.url("/api/v1/session"))
        .header("origin", EVIL)
        .send()
        .await
        .unwrap();
    forbidden(res).await;
    let logout = officer
        .post(app.url(app::auth::Logout::PATH))
        .header("origin", EVIL)
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    forbidden(logout).await;
    let me = officer
        .get(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200, "still signed in");
    assert_eq!(app.count("sessions").await, 1);

    let logout = officer
        .post(app.url(app::auth::Logout::PATH))
        .header("origin", &app.address)
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert!(
        logout.status().is_success() || logout.status().is_redirection(),
        "{}",
        logout.status()
    );
    let me = officer
        .get(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401, "the same-origin sign-out worked");
}

#[tokio::test]
async fn a_configured_public_origin_is_this_servers_origin() {
    let app = spawn_app_with(Settings {
        public_origin: Some(PublicOrigin::parse("https://lofte.example.se").unwrap()),
        ..test_settings()
    })
    .await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let res = copy_form(
        &app,
        &admin,
        Some("https://lofte.example.se"),
        "savsjo-2020-2021",
    )
    .await;
    assert_eq!(res.status(), 200);
    forbidden(copy_form(&app, &admin, Some(&app.address), "savsjo-2022-2023").await).await;
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_cookie_is_secure() {
    let plain = spawn_app().await;
    let res = browser().get(plain.url("/healthz")).send().await.unwrap();
    assert!(!res.headers().contains_key("strict-transport-security"));

    let secure = spawn_app_with(Settings {
        cookie_secure: true,
        ..test_settings()
    })
    .await;
    for path in ["/healthz", "/", "/api/v1/agreements"] {
        let res = browser().get(secure.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
}
