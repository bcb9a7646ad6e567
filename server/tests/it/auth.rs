//! Signing in and out, the role matrix on every write, and the login rate limits.

use crate::common::{browser, spawn_app, TestApp, PASSWORD};
use domain::credentials::Role;
use serde_json::{json, Value};

async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_in_sets_a_safe_session_cookie_and_signing_out_ends_it() {
    let app = spawn_app().await;
    app.add_user("anna", Role::Officer).await;
    let client = browser();

    let res = login(&app, &client, "Anna", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lofte_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({"username": "anna", "role": "officer"}));
    assert_eq!(
        app.count("sessions").await,
        1,
        "the session is kept in SQLite"
    );

    let me = client.get(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(me.status(), 200);

    let out = client
        .delete(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let me = client.get(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(me.status(), 401);
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn wrong_credentials_get_a_json_401() {
    let app = spawn_app().await;
    app.add_user("anna", Role::Officer).await;
    for (user, password) in [
        ("anna", "fel lösenord"),
        ("okand", PASSWORD),
        ("", ""),
        ("anna", ""),
    ] {
        let res = login(&app, &browser(), user, password).await;
        assert_eq!(res.status(), 401, "{user}/{password}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "bad_credentials");
        assert_eq!(body["message"], "Fel användarnamn eller lösenord.");
    }
    assert_eq!(app.count("sessions").await, 0);
}

/// Every JSON-API write and the role it needs. The admin server functions have their own matrix in
/// `admin.rs`.
fn writes() -> Vec<(&'static str, &'static str, Value, Role)> {
    vec![(
        "POST",
        "/api/v1/users",
        json!({"username": "ny.polis", "password": "ett nytt långt lösenord", "role": "officer"}),
        Role::Admin,
    )]
}

#[tokio::test]
async fn every_write_checks_the_role_on_the_server() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let admin = app.signed_in("ada", Role::Admin).await;
    for (method, path, body, required) in writes() {
        let send = |client: reqwest::Client| {
            let (method, url, body) = (
                method.parse::<reqwest::Method>().unwrap(),
                app.url(path),
                body.clone(),
            );
            async move {
                client
                    .request(method, url)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        let users_before = app.count("users").await;
        assert_eq!(send(browser()).await, 401, "anonymous {method} {path}");
        let officer_status = send(officer.clone()).await;
        if required == Role::Admin {
            assert_eq!(officer_status, 403, "officer {method} {path}");
            assert_eq!(
                app.count("users").await,
                users_before,
                "a refused write stores nothing"
            );
        } else {
            assert!(
                (200..300).contains(&officer_status),
                "officer {method} {path}: {officer_status}"
            );
        }
        let admin_status = send(admin.clone()).await;
        assert!(
            (200..300).contains(&admin_status),
            "admin {method} {path}: {admin_status}"
        );
    }
}

#[tokio::test]
async fn admins_create_accounts_with_checked_input() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let post = |body: Value| {
        let (admin, url) = (admin.clone(), app.url("/api/v1/users"));
        async move {
            let res = admin.post(url).json(&body).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let (status, body) =
        post(json!({"username": "Bo", "password": "ett långt lösenord", "role": "officer"})).await;
    assert_eq!(status, 201);
    assert_eq!(
        (body["username"].as_str(), body["role"].as_str()),
        (Some("bo"), Some("officer"))
    );
    assert!(body.get("password_hash").is_none());

    let (status, body) =
        post(json!({"username": "BO", "password": "ett långt lösenord", "role": "officer"})).await;
    assert_eq!((status, body["error"].as_str()), (409, Some("conflict")));
    let (status, body) =
        post(json!({"username": "cy", "password": "kort", "role": "officer"})).await;
    assert_eq!(
        (status, body["fields"]["password"].is_string()),
        (422, true)
    );
    let (status, body) =
        post(json!({"username": "cy", "password": "ett långt lösenord", "role": "chef"})).await;
    assert_eq!((status, body["fields"]["role"].is_string()), (422, true));
    assert_eq!(app.count("users").await, 2);
}

#[tokio::test]
async fn repeated_failures_on_one_account_get_429_with_retry_after() {
    let app = spawn_app().await;
    app.add_user("anna", Role::Officer).await;
    for _ in 0..5 {
        assert_eq!(
            login(&app, &browser(), "anna", "fel lösenord")
                .await
                .status(),
            401
        );
    }
    let res = login(&app, &browser(), "ANNA", PASSWORD).await;
    assert_eq!(res.status(), 429, "even the right password waits");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "too_many_attempts");

    app.add_user("bo", Role::Officer).await;
    assert_eq!(
        login(&app, &browser(), "bo", PASSWORD).await.status(),
        200,
        "other accounts still sign in"
    );
}

#[tokio::test]
async fn one_address_trying_many_accounts_gets_429() {
    let app = spawn_app().await;
    // Thirty guesses pass at once; the limit refills one every ten seconds, so a slow machine may get a
    // guess or two more in before the refusal.
    let mut refused = None;
    for i in 0..40 {
        let res = login(&app, &browser(), &format!("user{i}"), "gissning").await;
        if res.status() == 429 {
            assert!(res.headers().contains_key("retry-after"));
            refused = Some(i);
            break;
        }
        assert_eq!(res.status(), 401);
    }
    let refused = refused.expect("the address was limited");
    assert!(
        (30..=33).contains(&refused),
        "refused after {refused} guesses"
    );
}
