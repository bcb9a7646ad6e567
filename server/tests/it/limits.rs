//! The login limits count failures only, per account and address, per address and (slower) per account;
//! behind a trusted proxy they key on the address in X-Forwarded-For, and never on a forged one.

use crate::common::{browser, spawn_app, spawn_app_with, test_settings, TestApp, PASSWORD};
use app::web::login_limit::LoginLimits;
use app::web::{Settings, TrustedProxies};
use domain::credentials::Role;
use serde_json::json;

async fn login_from(
    app: &TestApp,
    client: &reqwest::Client,
    user: &str,
    password: &str,
    from: &str,
) -> u16 {
    client
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-for", from)
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The test server behind a proxy on loopback, with the limits given.
fn behind_proxy(limits: LoginLimits) -> Settings {
    Settings {
        trusted_proxies: TrustedProxies::parse("127.0.0.1, ::1").unwrap(),
        login_limits: limits,
        ..test_settings()
    }
}

const TIGHT: LoginLimits = LoginLimits {
    per_account_address: 3,
    per_address: 3,
    per_account: 3,
};

#[tokio::test]
async fn successes_are_not_counted() {
    let app = spawn_app_with(Settings {
        login_limits: TIGHT,
        ..test_settings()
    })
    .await;
    app.add_user("anna", Role::Officer).await;
    let client = browser();
    for i in 0..10 {
        assert_eq!(
            login_from(&app, &client, "anna", PASSWORD, "").await,
            200,
            "sign-in {i}"
        );
        let out = client
            .delete(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 204);
    }
    // Failures still count after all those successes.
    for _ in 0..3 {
        assert_eq!(login_from(&app, &client, "anna", "fel", "").await, 401);
    }
    assert_eq!(login_from(&app, &client, "anna", PASSWORD, "").await, 429);
}

#[tokio::test]
async fn wrong_guesses_from_another_address_do_not_lock_the_owner_out() {
    let app = spawn_app_with(behind_proxy(TIGHT)).await;
    app.add_user("anna", Role::Officer).await;
    let phone = "198.51.100.10";
    assert_eq!(
        login_from(&app, &browser(), "anna", PASSWORD, phone).await,
        200
    );

    // Someone at B guesses until refused.
    for _ in 0..3 {
        assert_eq!(
            login_from(&app, &browser(), "anna", "gissning", "203.0.113.66").await,
            401
        );
    }
    assert_eq!(
        login_from(&app, &browser(), "anna", PASSWORD, "203.0.113.66").await,
        429
    );
    // And from many more addresses, until the per-account limit stops them.
    let mut refused = None;
    for n in 1..=10 {
        let status = login_from(
            &app,
            &browser(),
            "anna",
            "gissning",
            &format!("203.0.113.{n}"),
        )
        .await;
        if status == 429 {
            refused = Some(n);
            break;
        }
        assert_eq!(status, 401);
    }
    assert_eq!(
        refused,
        Some(1),
        "guesses spread over addresses count against the account"
    );

    assert_eq!(
        login_from(&app, &browser(), "anna", PASSWORD, phone).await,
        200,
        "anna still signs in on her phone"
    );
}

#[tokio::test]
async fn forty_officers_behind_a_proxy_sign_in_within_a_minute() {
    let app = spawn_app_with(behind_proxy(LoginLimits::default())).await;
    for n in 0..40 {
        app.add_user(&format!("polis{n}"), Role::Officer).await;
    }
    // Each mistypes once: forty failures through one proxy, more than one address may make.
    for n in 0..40 {
        let client = browser();
        let (user, from) = (format!("polis{n}"), format!("198.51.100.{}", n + 1));
        assert_eq!(
            login_from(&app, &client, &user, "fel lösenord", &from).await,
            401,
            "{user}"
        );
        assert_eq!(
            login_from(&app, &client, &user, PASSWORD, &from).await,
            200,
            "{user}"
        );
    }
}

#[tokio::test]
async fn a_forged_forwarded_for_from_an_untrusted_peer_changes_nothing() {
    let app = spawn_app().await;
    app.add_user("anna", Role::Officer).await;
    for n in 0..5 {
        let from = format!("203.0.113.{n}");
        assert_eq!(
            login_from(&app, &browser(), "anna", "gissning", &from).await,
            401
        );
    }
    assert_eq!(
        login_from(&app, &browser(), "anna", PASSWORD, "198.51.100.99").await,
        429,
        "the limit is on the real peer, whatever the header says"
    );
}
