//! Starts the real app on a free port with a fresh database, as a user would meet it over HTTP.

#![allow(dead_code)] // each test binary uses its own part of the helper

use app::auth::domain::{Password, Role, Username};
use leptos::config::LeptosOptions;
use lofte::{Application, Config};
use serde_json::{json, Value};
use sqlx::SqlitePool;

pub const PASSWORD: &str = "ett långt testlösenord";

pub struct TestApp {
    pub address: String,
    pub pool: SqlitePool,
    /// A client with its own cookie jar: one browser.
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database_url = format!("sqlite://{}", dir.path().join("test.db").display());
    let leptos_options = LeptosOptions::builder()
        .output_name("lofte")
        .site_root("target/site")
        .site_addr(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .build();
    let app = Application::build(Config {
        database_url,
        leptos_options,
        cookie_secure: false,
    })
    .await
    .expect("the app builds");
    let address = format!("http://{}", app.local_addr().expect("a bound address"));
    let pool = app.pool().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        pool,
        client: browser(),
        _dir: dir,
    }
}

/// A fresh client with an empty cookie jar that does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn add_user(&self, name: &str, role: Role) {
        app::auth::db::create_user(
            &self.pool,
            &Username::parse(name).unwrap(),
            Password::new_secret(PASSWORD.into()).unwrap(),
            role,
        )
        .await
        .expect("the user is created");
    }

    /// A new client signed in as a new user with `role`.
    pub async fn signed_in(&self, name: &str, role: Role) -> reqwest::Client {
        self.add_user(name, role).await;
        let client = browser();
        let res = client
            .post(self.url("/api/v1/session"))
            .json(&json!({"username": name, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "signing in as {name}");
        client
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let res = self.client.get(self.url(path)).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}
