//! The first run: a one-time link for creating the first admin in the browser, and `lofte demo`.

use crate::common::{readable, spawn_app, TestApp};
use app::db;
use chrono::Datelike;
use domain::credentials::Role;
use std::process::Command;

async fn users(app: &TestApp) -> i64 {
    app.count("users").await
}

#[tokio::test]
async fn the_first_admin_link_works_once_and_never_after_an_admin_exists() {
    let app = spawn_app().await;
    let token = app::auth::db::issue_first_admin_link(&app.pool)
        .await
        .unwrap()
        .expect("a link on a database with no account");
    let page = readable(&app.text(&format!("/forsta-admin?token={token}")).await);
    assert!(page.contains("Skapa den första administratören"));
    assert!(page.contains(&token), "the form carries the token");

    let path = "/api/v1/first-admin";
    let (status, body) = app
        .post_form(
            &app.client,
            path,
            &[
                ("token", "fel-token-som-inte-finns"),
                ("username", "ada"),
                ("password", "ett långt lösenord här"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["problems"]["token"]["code"], "first_admin_link");
    // A password that breaks the rules is refused before the link is used up.
    let (status, body) = app
        .post_form(
            &app.client,
            path,
            &[("token", &token), ("username", "ada"), ("password", "kort")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["problems"]["password"].is_object(), "{body}");
    assert_eq!(users(&app).await, 0);

    let (status, body) = app
        .post_form(
            &app.client,
            path,
            &[
                ("token", &token),
                ("username", "ada"),
                ("password", "ett långt lösenord här"),
            ],
        )
        .await;
    assert!(status < 400, "{status} {body}");
    let role: String = app
        .scalar("SELECT role FROM users WHERE username = 'ada'")
        .await;
    assert_eq!(role, "admin");
    let used: i64 = app
        .scalar("SELECT count(*) FROM first_admin_tokens WHERE used_at IS NOT NULL")
        .await;
    assert_eq!(used, 1);
    // The new admin can sign in.
    let signed_in = crate::common::browser();
    let res = signed_in
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"username": "ada", "password": "ett långt lösenord här"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Single use, and closed once an admin exists.
    let (status, body) = app
        .post_form(
            &app.client,
            path,
            &[
                ("token", &token),
                ("username", "bo"),
                ("password", "ett annat långt lösenord"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["problems"].is_null() || body["problems"].is_object(),
        "{body}"
    );
    assert_eq!(users(&app).await, 1);
    assert!(app::auth::db::issue_first_admin_link(&app.pool)
        .await
        .unwrap()
        .is_none());
    let page = readable(&app.text(&format!("/forsta-admin?token={token}")).await);
    assert!(page.contains("Det finns redan en administratör"));
}

#[tokio::test]
async fn an_expired_or_replaced_first_admin_link_is_refused() {
    let app = spawn_app().await;
    let old = app::auth::db::issue_first_admin_link(&app.pool)
        .await
        .unwrap()
        .unwrap();
    let expiring = app::auth::db::issue_first_admin_link(&app.pool)
        .await
        .unwrap()
        .unwrap();
    let path = "/api/v1/first-admin";
    let (status, _) = app
        .post_form(
            &app.client,
            path,
            &[
                ("token", &old),
                ("username", "ada"),
                ("password", "ett långt lösenord här"),
            ],
        )
        .await;
    assert_eq!(status, 422, "a newer link replaces the old one");
    db::execute!(
        &app.pool,
        "UPDATE first_admin_tokens SET expires_at = '2000-01-01T00:00:00Z'"
    )
    .unwrap();
    let (status, body) = app
        .post_form(
            &app.client,
            path,
            &[
                ("token", &expiring),
                ("username", "ada"),
                ("password", "ett långt lösenord här"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["problems"]["token"]["code"], "first_admin_link");
    assert_eq!(users(&app).await, 0);
    // An officer made on the command line does not close the link: only an admin does.
    app.add_user("olle", Role::Officer).await;
    assert!(app::auth::db::issue_first_admin_link(&app.pool)
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn lofte_demo_adds_a_labelled_example_once_and_only_to_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_lofte"))
            .arg("demo")
            .env("DATABASE_URL", &db)
            .output()
            .unwrap()
    };
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.contains("/avtal/exempel-savsjo-"), "{said}");
    let again = run();
    assert!(
        !again.status.success(),
        "a second run refuses: the database is no longer empty"
    );

    let pool = app::db::Db::connect(&app::database_url::DatabaseUrl::parse(&db).unwrap())
        .await
        .unwrap();
    let examples: Vec<(String, String, bool, bool, String)> = db::all!(
        &pool,
        "SELECT a.slug, a.title, a.example, a.published, m.code FROM agreements a
         JOIN agreement_municipalities m ON m.agreement_id = a.id
         WHERE a.slug LIKE 'exempel-%' ORDER BY a.id"
    )
    .unwrap();
    assert_eq!(examples.len(), 6, "six municipalities");
    let today = app::web::Clock::default().today();
    let years = format!("{}-{}", today.year(), today.year() + 1);
    for (slug, title, example, published, _) in &examples {
        assert!(title.starts_with("Exempel: Medborgarlöfte i "), "{title}");
        assert!(
            title.ends_with(&years),
            "{slug}: the title names its own period: {title}"
        );
        assert!(*example && *published, "{slug}");
    }
    let counties: std::collections::BTreeSet<&str> = examples.iter().map(|e| &e.4[..2]).collect();
    assert!(counties.len() >= 2, "in more than one county: {counties:?}");
    let slug = examples[0].0.clone();
    assert!(slug.starts_with("exempel-savsjo-"));
    let agreements: i64 = db::scalar!(&pool, "SELECT count(*) FROM agreements").unwrap();
    assert_eq!(agreements, 7, "the seed and the examples");
    let reports: i64 = db::scalar!(&pool, "SELECT count(*) FROM reports").unwrap();
    assert!(reports >= 1, "example reports");
    let marks: i64 = db::scalar!(&pool, "SELECT count(*) FROM office_hour_held").unwrap();
    assert!(marks >= 1, "example office-hour marks");
    let (from, to): (chrono::NaiveDate, chrono::NaiveDate) = db::one!(
        &pool,
        "SELECT valid_from, valid_to FROM agreements WHERE slug = $1",
        &slug
    )
    .unwrap();
    assert!(
        from <= today && today <= to,
        "the example is for the current period"
    );
    pool.close().await;
}

#[tokio::test]
async fn an_example_agreement_says_so_on_its_public_pages() {
    let app = spawn_app().await;
    let outcome = app::agreements::db::demo::add(&app.pool, app.clock.today())
        .await
        .unwrap();
    let app::agreements::db::demo::Outcome::Added { slugs, .. } = outcome else {
        panic!("a fresh database is empty");
    };
    let slug = &slugs[0];
    for path in [
        format!("/avtal/{slug}"),
        format!("/avtal/{slug}/uppfoljning"),
    ] {
        let page = readable(&app.text(&path).await);
        assert!(page.contains("Exempeldata"), "{path}");
    }
    let seed = readable(&app.text("/avtal/savsjo-2018-2019").await);
    assert!(
        !seed.contains("Exempeldata"),
        "a real agreement has no notice"
    );
    assert_eq!(
        app::agreements::db::demo::add(&app.pool, app.clock.today())
            .await
            .unwrap(),
        app::agreements::db::demo::Outcome::NotEmpty
    );
}
