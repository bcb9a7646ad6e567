//! Storage faults as an operator meets them: a disk that fills up under syncing officers (SQLite), and a
//! database server that goes away and comes back (PostgreSQL). Whatever happens, a report acknowledged as
//! stored is stored, exactly once; a refusal is a `503` with a code that says why, within the configured
//! bound; and the server serves again when the storage does, without a restart.

use crate::common::{
    activity_id, operation, post_reports, spawn_app_on, spawn_app_on_url_with, test_settings,
    TestApp,
};
use app::web::storage::DbTimeout;
use domain::credentials::Role;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The ids a sync answered `created` or `duplicate` for: the reports the phone may now drop.
fn acknowledged(results: &Value) -> Vec<String> {
    results
        .as_array()
        .unwrap_or_else(|| panic!("a list of results: {results}"))
        .iter()
        .filter(|r| r["status"] == "created" || r["status"] == "duplicate")
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A batch of `n` targeted operations with notes as long as allowed, so that the disk fills quickly.
fn heavy_batch(ops: i64, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut report = operation(ops);
            report["notes"] = json!(format!("{i:04} {}", "x".repeat(480)));
            report
        })
        .collect()
}

/// A size-limited tmpfs at a folder of its own, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` when this process may not mount (not root); root must be able to.
    fn mount(megabytes: u32) -> Option<Self> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .status();
        if status.is_ok_and(|s| s.success()) {
            return Some(Self { dir });
        }
        let uid = Command::new("id").arg("-u").output().map(|o| o.stdout);
        assert!(
            !uid.is_ok_and(|uid| uid == b"0\n"),
            "running as root, but a tmpfs could not be mounted"
        );
        eprintln!("not root: the full-disk test needs a small file system and checks nothing");
        None
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Reads the stored reports' ids and the integrity check from `db_path` with a fresh connection.
async fn read_back(db_path: &Path) -> (HashSet<String>, String) {
    use sqlx::Connection;
    let url = format!("sqlite://{}", db_path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("the database opens after the fault");
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM reports")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.ok();
    (ids.into_iter().collect(), integrity)
}

#[tokio::test]
async fn a_full_disk_refuses_reports_and_loses_none_that_it_acknowledged() {
    let Some(disk) = SmallDisk::mount(4) else {
        return;
    };
    // Room that can be given back once the disk is full.
    let ballast = disk.path().join("ballast");
    std::fs::write(&ballast, vec![1u8; 1024 * 1024]).unwrap();
    let db_path: PathBuf = disk.path().join("test.db");
    let app = spawn_app_on(
        tempfile::tempdir().unwrap(),
        db_path.clone(),
        test_settings(),
    )
    .await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let ops = activity_id(&app, "targeted_operation").await;

    let mut acked: HashSet<String> = HashSet::new();
    let mut refusals = Vec::new();
    let mut batches_after_the_first_refusal = 0;
    for round in 0..200 {
        let batch = heavy_batch(ops, 50);
        let (status, body) = post_reports(&officer, &app, &json!(batch)).await;
        match status {
            200 => acked.extend(acknowledged(&body)),
            503 => refusals.push(body["error"].as_str().unwrap_or_default().to_owned()),
            other => {
                panic!("round {round}: a full disk is answered 200 or 503, not {other}: {body}")
            }
        }
        if !refusals.is_empty() {
            batches_after_the_first_refusal += 1;
            // Keep syncing well past the first refusal: that is where reports were acknowledged and lost.
            if batches_after_the_first_refusal == 30 {
                break;
            }
        }
    }
    assert!(
        !refusals.is_empty(),
        "the disk filled up ({} reports acknowledged)",
        acked.len()
    );
    assert!(
        refusals.iter().all(|code| code == "storage_full"),
        "every refusal says the storage is full: {refusals:?}"
    );
    let (status, health) = {
        let res = app.client.get(app.url("/healthz")).send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    assert_eq!((status, health.as_str()), (503, "storage_full"));
    let progress = crate::common::achieved(&app, "targeted_operation").await;
    assert_eq!(
        progress,
        acked.len() as i64,
        "the progress counts what was acknowledged, nothing more"
    );

    // Space returns: the next sync is stored, without a restart.
    std::fs::remove_file(&ballast).unwrap();
    let batch = heavy_batch(ops, 5);
    let mut recovered = false;
    for _ in 0..20 {
        let (status, body) = post_reports(&officer, &app, &json!(batch)).await;
        if status == 200 {
            let ids = acknowledged(&body);
            assert_eq!(ids.len(), 5, "{body}");
            acked.extend(ids);
            recovered = true;
            break;
        }
        assert_eq!(status, 503, "{body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(recovered, "a sync is accepted once space is freed");
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200, "healthy again after a stored write");

    // The server stops; a fresh connection reads the file.
    app.pool.close().await;
    let (stored, integrity) = read_back(&db_path).await;
    assert_eq!(integrity, "ok");
    let lost: Vec<_> = acked.difference(&stored).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged reports are missing from the file",
        lost.len(),
        acked.len()
    );
    assert_eq!(stored.len(), acked.len(), "nothing stored that was refused");
    eprintln!(
        "full disk: {} reports acknowledged, {} stored, {} batches refused with storage_full",
        acked.len(),
        stored.len(),
        refusals.len()
    );
}

/// A TCP proxy between the app and PostgreSQL that the test can take down (connections cut, new ones
/// closed at once, as a stopped server) or make hang (nothing forwarded, as a server that does not answer).
struct Proxy {
    address: std::net::SocketAddr,
    mode: Arc<AtomicU8>,
}

const UP: u8 = 0;
const DOWN: u8 = 1;
const HANG: u8 = 2;

impl Proxy {
    async fn start(target: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let mode = Arc::new(AtomicU8::new(UP));
        let shared = mode.clone();
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    return;
                };
                let mode = shared.clone();
                let target = target.clone();
                tokio::spawn(async move { forward(client, &target, mode).await });
            }
        });
        Self { address, mode }
    }

    fn set(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
    }
}

/// Forwards one connection while the proxy is up; cut when it goes down; held without a byte forwarded
/// while it hangs, then cut.
async fn forward(mut client: tokio::net::TcpStream, target: &str, mode: Arc<AtomicU8>) {
    let started_in = mode.load(Ordering::SeqCst);
    if started_in == DOWN {
        return;
    }
    if started_in == HANG {
        while mode.load(Ordering::SeqCst) == HANG {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        return;
    }
    let Ok(mut server) = tokio::net::TcpStream::connect(target).await else {
        return;
    };
    {
        // Forwards until the proxy is no longer up; the copy (and its borrows) ends there.
        let copy = tokio::io::copy_bidirectional(&mut client, &mut server);
        let leaves_up = async {
            while mode.load(Ordering::SeqCst) == UP {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        tokio::select! {
            _ = copy => return,
            () = leaves_up => {}
        }
    }
    // Hanging: both connections stay open and silent until the proxy is up or down again; then cut.
    while mode.load(Ordering::SeqCst) == HANG {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop((client, server));
}

/// What one request met: when it was sent, how long it waited, and its status.
#[derive(Debug, Clone)]
struct Answer {
    sent: Instant,
    waited: Duration,
    status: u16,
    code: String,
}

#[tokio::test]
async fn a_database_that_goes_away_is_answered_503_in_time_and_served_again_when_back() {
    if !crate::common::on_postgres() {
        return;
    }
    let database = app::postgres::testing::fresh_database()
        .await
        .expect("LOFTE_TEST_BACKEND=postgres needs LOFTE_TEST_POSTGRES_URL");
    let direct: url_parts::Parts = url_parts::parse(&database.url);
    let proxy = Proxy::start(format!("{}:{}", direct.host, direct.port)).await;
    let via_proxy = direct.with_address(&proxy.address.to_string());
    let bound = Duration::from_secs(2);
    let app = spawn_app_on_url_with(
        &via_proxy,
        app::web::Settings {
            db_timeout: DbTimeout(bound),
            ..test_settings()
        },
    )
    .await;
    let ops = activity_id(&app, "targeted_operation").await;
    let mut officers = Vec::new();
    for i in 0..4 {
        officers.push(app.signed_in(&format!("officer{i}"), Role::Officer).await);
    }

    let answers: Arc<Mutex<Vec<Answer>>> = Arc::default();
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let sent: Arc<Mutex<HashSet<String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut syncing = Vec::new();
    for officer in officers {
        let (app_url, answers, acked, sent, stop) = (
            app.address.clone(),
            answers.clone(),
            acked.clone(),
            sent.clone(),
            stop.clone(),
        );
        syncing.push(tokio::spawn(async move {
            // Like a phone: a batch stays queued until it is acknowledged, and is sent again after a pause.
            let mut queued: Vec<Value> = Vec::new();
            while !stop.load(Ordering::SeqCst) || !queued.is_empty() {
                if queued.is_empty() {
                    queued = (0..5).map(|_| operation(ops)).collect();
                    let mut sent = sent.lock().unwrap();
                    sent.extend(queued.iter().map(|r| r["id"].as_str().unwrap().to_owned()));
                }
                let begun = Instant::now();
                let res = officer
                    .post(format!("{app_url}/api/v1/reports"))
                    .json(&queued)
                    .timeout(Duration::from_secs(30))
                    .send()
                    .await;
                let waited = begun.elapsed();
                let (status, body) = match res {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        (status, res.json::<Value>().await.unwrap_or(Value::Null))
                    }
                    Err(e) => panic!("the server always answers: {e}"),
                };
                answers.lock().unwrap().push(Answer {
                    sent: begun,
                    waited,
                    status,
                    code: body["error"].as_str().unwrap_or_default().to_owned(),
                });
                if status == 200 {
                    let ids = acknowledged(&body);
                    assert_eq!(ids.len(), queued.len(), "{body}");
                    acked.lock().unwrap().extend(ids);
                    queued.clear();
                } else {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }));
    }
    let health = |app: &TestApp| {
        let url = app.url("/healthz");
        let client = app.client.clone();
        async move {
            let begun = Instant::now();
            let res = client.get(url).send().await.expect("/healthz answers");
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            (status, body, begun.elapsed())
        }
    };

    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(health(&app).await.0, 200);

    // The server goes away for 6 seconds.
    // The proxy looks at its mode every 20 ms: samples start once it has surely acted.
    let settled = Duration::from_millis(100);
    let down_at = Instant::now();
    proxy.set(DOWN);
    tokio::time::sleep(settled).await;
    let mut health_while_down = Vec::new();
    while down_at.elapsed() < Duration::from_secs(6) {
        health_while_down.push(health(&app).await);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    proxy.set(UP);
    let up_at = Instant::now();
    let recovered_after = loop {
        let (status, _, _) = health(&app).await;
        if status == 200 {
            break up_at.elapsed();
        }
        assert!(
            up_at.elapsed() < Duration::from_secs(10),
            "healthy within seconds of the database's return"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    // Then it stops answering for 5 seconds: connections open, nothing comes back.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let hang_at = Instant::now();
    proxy.set(HANG);
    tokio::time::sleep(settled).await;
    let mut health_while_hanging = Vec::new();
    while hang_at.elapsed() < Duration::from_secs(5) {
        health_while_hanging.push(health(&app).await);
    }
    proxy.set(UP);
    let answered_at = Instant::now();
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::SeqCst);
    for officer in syncing {
        officer.await.expect("an officer's sync loop ends");
    }

    let answers = answers.lock().unwrap().clone();
    let during = |from: Instant, to: Instant| {
        answers
            .iter()
            .filter(move |a| a.sent >= from && a.sent + a.waited <= to)
            .collect::<Vec<_>>()
    };
    let outage = during(down_at + settled, up_at);
    let hang = during(hang_at + settled, answered_at);
    for (name, answers) in [("down", &outage), ("hanging", &hang)] {
        assert!(!answers.is_empty(), "syncs were sent while {name}");
        let wrong: Vec<_> = answers
            .iter()
            .filter(|a| {
                a.status != 503
                    || !["storage_unavailable", "storage_full"].contains(&a.code.as_str())
            })
            .collect();
        assert!(
            wrong.is_empty(),
            "while {name} every sync is refused with 503 and a storage code: {} of {} were not, as {:?}",
            wrong.len(),
            answers.len(),
            &wrong[..wrong.len().min(3)]
        );
    }
    let slowest = answers.iter().map(|a| a.waited).max().unwrap();
    let margin = Duration::from_millis(1500);
    assert!(
        slowest < bound + margin,
        "every sync is answered within the bound ({bound:?}) and a margin: the slowest took {slowest:?}"
    );
    for (status, body, waited) in health_while_down.iter().chain(&health_while_hanging) {
        assert_eq!(*status, 503, "/healthz while the database is away: {body}");
        assert!(waited < &(bound + margin), "/healthz took {waited:?}");
    }
    let first_stored_after = answers
        .iter()
        .filter(|a| a.sent >= answered_at && a.status == 200)
        .map(|a| a.sent + a.waited - answered_at)
        .min()
        .expect("syncs are stored again after the database answers");

    let acked = acked.lock().unwrap().clone();
    let sent = sent.lock().unwrap().clone();
    let stored: i64 = app.scalar("SELECT count(*) FROM reports").await;
    let distinct_acked: HashSet<&String> = acked.iter().collect();
    assert_eq!(
        distinct_acked.len(),
        sent.len(),
        "every report sent was acknowledged in the end"
    );
    assert_eq!(
        stored,
        sent.len() as i64,
        "every acknowledged report is stored, once"
    );
    assert_eq!(
        app::agreements::tallies::check(&app.pool).await.unwrap(),
        vec![]
    );
    let slowest_health = health_while_down
        .iter()
        .chain(&health_while_hanging)
        .map(|h| h.2)
        .max()
        .unwrap();
    eprintln!(
        "database away: {} syncs answered ({} refused with 503 while down, {} while hanging), {} reports \
         acknowledged, {stored} stored; slowest sync {slowest:?}, slowest /healthz {slowest_health:?} \
         (bound {bound:?}); healthy {recovered_after:?} after the server returned, a sync stored \
         {first_stored_after:?} after it answered again",
        answers.len(),
        outage.len(),
        hang.len(),
        distinct_acked.len(),
    );
}

/// The host and port of a Postgres URL, to put a proxy in between.
mod url_parts {
    pub struct Parts {
        pub host: String,
        pub port: u16,
        url: String,
    }

    pub fn parse(url: &str) -> Parts {
        let parsed = reqwest::Url::parse(url).expect("a Postgres URL");
        Parts {
            host: parsed.host_str().expect("a host").to_owned(),
            port: parsed.port().unwrap_or(5432),
            url: url.to_owned(),
        }
    }

    impl Parts {
        /// The same URL through `address` (`host:port`).
        pub fn with_address(&self, address: &str) -> String {
            let mut parsed = reqwest::Url::parse(&self.url).unwrap();
            let (host, port) = address.rsplit_once(':').unwrap();
            parsed.set_host(Some(host)).unwrap();
            parsed.set_port(Some(port.parse().unwrap())).unwrap();
            parsed.to_string()
        }
    }
}
