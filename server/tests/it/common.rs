//! Starts the real app on a free port with a fresh database, as a user would meet it over HTTP.

use app::db::Db;
use app::web::Settings;
use domain::credentials::{Password, Role, Username};
use leptos::config::LeptosOptions;
use lofte::{Application, Config};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::OnceLock;
use uuid::Uuid;

pub const PASSWORD: &str = "ett långt testlösenord";

pub struct TestApp {
    pub address: String,
    /// The server's clock: Stockholm's date unless the test fixed it (`spawn_app_at`).
    pub clock: app::web::Clock,
    pub pool: Db,
    /// The database the server uses: a SQLite file (`db_path`), or a Postgres database.
    pub database_url: String,
    /// The SQLite file the server uses, when it uses one.
    pub db_path: PathBuf,
    /// A client with its own cookie jar: one browser.
    pub client: reqwest::Client,
    /// Where the server serves its metrics, when its settings ask for them.
    pub metrics_address: Option<String>,
    /// The test's folder, removed when the app is dropped.
    pub _dir: tempfile::TempDir,
}

/// Every test's server runs on this one multi-thread runtime, as the real server does, rather than on the
/// single-threaded runtime of the `#[tokio::test]` that started it.
fn server_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the test servers")
    })
}

/// The settings every test server starts with unless a test changes them.
pub fn test_settings() -> Settings {
    Settings {
        accessibility_contact: "tillganglighet@example.org".into(),
        publisher: app::web::Publisher {
            name: "Exempelkommunen".into(),
            orgnr: "212000-0000".into(),
            email: "oppnadata@example.org".into(),
        },
        ..Settings::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(test_settings()).await
}

/// Whether the tests run on Postgres (`LOFTE_TEST_BACKEND=postgres`, with `LOFTE_TEST_POSTGRES_URL`) rather
/// than on SQLite files. `make test` runs them both ways.
pub fn on_postgres() -> bool {
    std::env::var("LOFTE_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// A fresh database for one test server: a SQLite file in `dir`, or a new database on the Postgres test
/// server. Its URL, and the SQLite file's path.
async fn fresh_database(dir: &tempfile::TempDir) -> (String, PathBuf) {
    let db_path = dir.path().join("test.db");
    if on_postgres() {
        let database = app::postgres::testing::fresh_database()
            .await
            .expect("LOFTE_TEST_BACKEND=postgres needs LOFTE_TEST_POSTGRES_URL");
        // Left for the throw-away cluster's removal: a test server may still hold connections to it.
        (database.url.clone(), db_path)
    } else {
        (format!("sqlite://{}", db_path.display()), db_path)
    }
}

/// A test server with other settings, on a fresh database.
pub async fn spawn_app_with(settings: Settings) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (url, db_path) = fresh_database(&dir).await;
    launch(dir, url, db_path, settings, app::web::Clock::default()).await
}

/// A test server on the SQLite file `db_path` (which may exist), whatever the tests' backend; `dir` lives as
/// long as the server's handle.
pub async fn spawn_app_on(dir: tempfile::TempDir, db_path: PathBuf, settings: Settings) -> TestApp {
    let url = format!("sqlite://{}", db_path.display());
    launch(dir, url, db_path, settings, app::web::Clock::default()).await
}

/// A test server on the database `url` names, which other servers may share.
pub async fn spawn_app_on_url(url: &str) -> TestApp {
    spawn_app_on_url_with(url, test_settings()).await
}

/// [`spawn_app_on_url`] with other settings.
pub async fn spawn_app_on_url_with(url: &str, settings: Settings) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    launch(
        dir,
        url.to_owned(),
        PathBuf::new(),
        settings,
        app::web::Clock::default(),
    )
    .await
}

/// A test server on SQLite whatever the tests' backend, for what only SQLite has (its file, its backups).
pub async fn spawn_sqlite_app() -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db_path = dir.path().join("test.db");
    spawn_app_on(dir, db_path, test_settings()).await
}

/// A second server on the same database as `earlier`, as after a restart; `earlier` keeps the folder.
pub async fn restart(earlier: &TestApp) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let Db::Sqlite(pool) = &earlier.pool else {
        // Postgres: the same database, which the earlier server keeps serving too.
        return launch(
            dir,
            earlier.database_url.clone(),
            PathBuf::new(),
            test_settings(),
            app::web::Clock::default(),
        )
        .await;
    };
    // A consistent copy of everything committed, whatever the write-ahead log still holds.
    let db_path = dir.path().join("test.db");
    sqlx::query("VACUUM INTO ?")
        .bind(db_path.display().to_string())
        .execute(pool)
        .await
        .expect("the database is copied");
    let url = format!("sqlite://{}", db_path.display());
    launch(
        dir,
        url,
        db_path,
        test_settings(),
        app::web::Clock::default(),
    )
    .await
}

/// A server whose today is `day` until the test moves its clock.
pub async fn spawn_app_at(day: chrono::NaiveDate) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (url, db_path) = fresh_database(&dir).await;
    launch(
        dir,
        url,
        db_path,
        test_settings(),
        app::web::Clock::fixed(day),
    )
    .await
}

async fn launch(
    dir: tempfile::TempDir,
    database_url: String,
    db_path: PathBuf,
    settings: Settings,
    clock: app::web::Clock,
) -> TestApp {
    static LOG: std::sync::Once = std::sync::Once::new();
    // TEST_LOG=<filter> writes the servers' logs to target/test-server.log.
    LOG.call_once(|| {
        let Ok(filter) = std::env::var("TEST_LOG") else {
            return;
        };
        let file = std::fs::File::create("../target/test-server.log").expect("a log file");
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(file))
            .try_init();
    });
    let leptos_options = LeptosOptions::builder()
        .output_name("lofte")
        .site_root("target/site")
        .site_addr(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .build();
    let (ready, started) = tokio::sync::oneshot::channel();
    let server_clock = clock.clone();
    let server_url = database_url.clone();
    server_runtime().spawn(async move {
        let app = Application::build(Config {
            database_url: server_url,
            leptos_options,
            settings,
            clock: server_clock,
            drain: std::time::Duration::ZERO,
            finish: std::time::Duration::from_secs(30),
        })
        .await
        .expect("the app builds");
        let address = format!("http://{}", app.local_addr().expect("a bound address"));
        let metrics = app.metrics_addr().map(|a| format!("http://{a}"));
        let _ = ready.send((address, metrics, app.pool().clone()));
        app.run_until_stopped().await
    });
    let (address, metrics_address, pool) = started.await.expect("the server started");
    TestApp {
        address,
        clock,
        pool,
        database_url,
        db_path,
        client: browser(),
        metrics_address,
        _dir: dir,
    }
}

/// A test's server keeps serving on the shared runtime after its test; its pool closes with the test, so
/// that finished tests hold no Postgres connections.
impl Drop for TestApp {
    fn drop(&mut self) {
        let pool = self.pool.clone();
        server_runtime().spawn(async move { pool.close().await });
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
        self.sign_in(name).await
    }

    /// A new client signed in as a new user with `role` and `scope` (`region:ost`, …).
    pub async fn signed_in_with_scope(
        &self,
        name: &str,
        role: Role,
        scope: &str,
    ) -> reqwest::Client {
        app::auth::db::create_user_as(
            &self.pool,
            &app::audit::Actor::system("test"),
            &Username::parse(name).unwrap(),
            Password::new_secret(PASSWORD.into()).unwrap(),
            role,
            &domain::places::Scope::parse(scope).unwrap(),
        )
        .await
        .expect("the user is created");
        self.sign_in(name).await
    }

    /// A new client signed in as `name`, whose account exists.
    pub async fn sign_in(&self, name: &str) -> reqwest::Client {
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

    /// A page or file as `client` gets it, which must be there (200).
    pub async fn text_as(&self, client: &reqwest::Client, path: &str) -> String {
        let res = client.get(self.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.text().await.unwrap()
    }

    /// A page or file as an anonymous visitor gets it, which must be there (200).
    pub async fn text(&self, path: &str) -> String {
        self.text_as(&self.client, path).await
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let res = self.client.get(self.url(path)).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Posts a form (as a browser's form or an API client would) to a server function; the status and
    /// the JSON answer.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (u16, Value) {
        let res = client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// One value from the database, on either backend.
    pub async fn scalar<T>(&self, sql: &str) -> T
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
        T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
        T: Send + Unpin,
    {
        app::db::scalar!(&self.pool, sql).unwrap()
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.scalar(&format!("SELECT count(*) FROM {table}")).await
    }
}

/// A server-rendered page's text as a reader sees it: without the empty comments (`<!>`) that Leptos puts
/// between the pieces of a translated sentence for hydration.
pub fn readable(html: &str) -> String {
    html.replace("<!>", "")
}

/// The seeded Sävsjö agreement's activity with `measure`, as the public progress API shows it.
async fn seeded_activity(app: &TestApp, measure: &str) -> Value {
    let (_, body) = app
        .get_json("/api/v1/agreements/savsjo-2018-2019/progress")
        .await;
    body["promises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .find(|a| a["measure"] == measure)
        .cloned()
        .expect("the seed has this measure")
}

/// What the seeded Sävsjö agreement's activity with `measure` has achieved.
pub async fn achieved(app: &TestApp, measure: &str) -> i64 {
    seeded_activity(app, measure).await["achieved"]
        .as_i64()
        .unwrap()
}

/// The id of the seeded Sävsjö agreement's activity with `measure`.
pub async fn activity_id(app: &TestApp, measure: &str) -> i64 {
    seeded_activity(app, measure).await["id"].as_i64().unwrap()
}

/// A valid targeted operation in the Sävsjö period, with a fresh id.
pub fn operation(activity_id: i64) -> Value {
    json!({
        "id": Uuid::new_v4().to_string(), "kind": "targeted_operation", "activity_id": activity_id,
        "created_at": "2019-05-14T20:15:00+02:00", "date": "2019-05-14", "start_time": "18:00",
        "end_time": "22:00", "place": "Resecentrum", "officers": 4, "persons_checked": 12,
        "persons_21_or_under": 7, "youths_identified": 2, "drug_offences_reported": 3, "notes": ""
    })
}

/// Syncs one report as `officer`, which must be stored (`created`).
pub async fn post_created(officer: &reqwest::Client, app: &TestApp, item: &Value) {
    let (status, results) = post_reports(officer, app, &json!([item])).await;
    assert_eq!(
        (status, results[0]["status"].as_str()),
        (200, Some("created")),
        "{results}"
    );
}

/// What a SQLite file holds, read with a connection of its own (read-only): its integrity check and the
/// ids of its reports.
pub async fn stored_report_ids(
    file: &std::path::Path,
) -> (String, std::collections::HashSet<String>) {
    use sqlx::ConnectOptions;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM reports")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    sqlx::Connection::close(conn).await.unwrap();
    (check, ids.into_iter().collect())
}

/// Posts a batch to the sync API as `client`: the status and the JSON answer.
pub async fn post_reports(client: &reqwest::Client, app: &TestApp, body: &Value) -> (u16, Value) {
    let res = client
        .post(app.url("/api/v1/reports"))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A national admin copies the seeded agreement to `slug` for `municipality` and period, and publishes it.
pub async fn published_copy(
    app: &TestApp,
    admin: &reqwest::Client,
    slug: &str,
    municipality: &str,
    from: &str,
    to: &str,
) {
    let title = format!("Löftet {slug}");
    published_copy_titled(app, admin, slug, municipality, from, to, &title).await;
}

/// As `published_copy`, with the title `title`.
pub async fn published_copy_titled(
    app: &TestApp,
    admin: &reqwest::Client,
    slug: &str,
    municipality: &str,
    from: &str,
    to: &str,
    title: &str,
) {
    let ok =
        |(status, body): (u16, Value)| assert!((200..400).contains(&status), "{status} {body}");
    ok(app
        .post_form(
            admin,
            "/api/v1/admin/agreements/copy",
            &[
                ("id", "1"),
                ("slug", slug),
                ("valid_from", from),
                ("valid_to", to),
            ],
        )
        .await);
    let id: i64 = app
        .scalar(&format!("SELECT id FROM agreements WHERE slug = '{slug}'"))
        .await;
    let id = id.to_string();
    ok(app
        .post_form(
            admin,
            "/api/v1/admin/agreements/update",
            &[
                ("id", id.as_str()),
                ("version", "1"),
                ("municipalities", municipality),
                ("police_area", "hoglandet"),
                ("title", title),
                ("valid_from", from),
                ("valid_to", to),
                ("signed_on", from),
                ("background", "Bakgrund."),
                ("follow_up", "Uppföljning."),
                ("signatories", ""),
            ],
        )
        .await);
    ok(app
        .post_form(
            admin,
            "/api/v1/admin/agreements/publish",
            &[("id", id.as_str()), ("version", "2"), ("published", "true")],
        )
        .await);
}

/// `n` targeted operations today in `activity`, synced by `officer`.
pub async fn operations_today(app: &TestApp, officer: &reqwest::Client, activity: i64, n: usize) {
    let today = chrono::Utc::now().date_naive().to_string();
    let batch: Vec<Value> = (0..n)
        .map(|_| {
            json!({
                "id": Uuid::new_v4().to_string(), "kind": "targeted_operation", "activity_id": activity,
                "created_at": chrono::Utc::now().to_rfc3339(), "date": today, "start_time": "00:00",
                "end_time": "00:30", "place": "Torget", "officers": 2, "persons_checked": 12,
                "persons_21_or_under": 1, "youths_identified": 0, "drug_offences_reported": 1, "notes": ""
            })
        })
        .collect();
    let (status, results) = post_reports(officer, app, &json!(batch)).await;
    assert_eq!(status, 200, "{results}");
    assert!(
        results
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "created"),
        "{results}"
    );
}

/// The id of the published agreement `slug`'s targeted-operations activity.
pub async fn targeted_operation_activity(app: &TestApp, slug: &str) -> i64 {
    let (_, progress) = app
        .get_json(&format!("/api/v1/agreements/{slug}/progress"))
        .await;
    progress["promises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .find(|a| a["measure"] == "targeted_operation")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// A period in force today (from 20 days ago to 300 days ahead), as form values.
pub fn period_in_force() -> (String, String) {
    let today = chrono::Utc::now().date_naive();
    (
        (today - chrono::Days::new(20)).to_string(),
        (today + chrono::Days::new(300)).to_string(),
    )
}
