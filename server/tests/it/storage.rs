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
    let (integrity, stored) = crate::common::stored_report_ids(&db_path).await;
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

/// Officers syncing as phones do, each on a client of their own: a batch stays queued until it is
/// acknowledged, and is sent again after a pause.
struct Officers {
    answers: Arc<Mutex<Vec<Answer>>>,
    acked: Arc<Mutex<Vec<String>>>,
    sent: Arc<Mutex<HashSet<String>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    syncing: Vec<tokio::task::JoinHandle<()>>,
}

impl Officers {
    async fn start(app: &TestApp, n: usize) -> Self {
        let ops = activity_id(app, "targeted_operation").await;
        let officers = Self {
            answers: Arc::default(),
            acked: Arc::default(),
            sent: Arc::default(),
            stop: Arc::default(),
            syncing: Vec::new(),
        };
        let mut syncing = Vec::new();
        for i in 0..n {
            let officer = app.signed_in(&format!("officer{i}"), Role::Officer).await;
            let (app_url, answers, acked, sent, stop) = (
                app.address.clone(),
                officers.answers.clone(),
                officers.acked.clone(),
                officers.sent.clone(),
                officers.stop.clone(),
            );
            syncing.push(tokio::spawn(async move {
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
                        .await
                        .unwrap_or_else(|e| panic!("the server always answers: {e}"));
                    let waited = begun.elapsed();
                    let status = res.status().as_u16();
                    let body = res.json::<Value>().await.unwrap_or(Value::Null);
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
        Self {
            syncing,
            ..officers
        }
    }

    /// Stops them once each has sent what it holds; every answer, in order of sending.
    async fn finish(self) -> (Vec<Answer>, HashSet<String>, HashSet<String>) {
        self.stop.store(true, Ordering::SeqCst);
        for officer in self.syncing {
            officer.await.expect("an officer's sync loop ends");
        }
        let answers = self.answers.lock().unwrap().clone();
        let acked = self.acked.lock().unwrap().iter().cloned().collect();
        let sent = self.sent.lock().unwrap().clone();
        (answers, acked, sent)
    }
}

/// `/healthz`: its status, body, and how long it took.
async fn health(app: &TestApp) -> (u16, String, Duration) {
    let begun = Instant::now();
    let res = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("/healthz answers");
    let status = res.status().as_u16();
    (
        status,
        res.text().await.unwrap_or_default(),
        begun.elapsed(),
    )
}

/// `/healthz` every half second for `span`.
async fn health_for(app: &TestApp, span: Duration) -> Vec<(u16, String, Duration)> {
    let begun = Instant::now();
    let mut samples = Vec::new();
    while begun.elapsed() < span {
        samples.push(health(app).await);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    samples
}

/// How long after `since` `/healthz` answers 200 again (within 10 s).
async fn healthy_again(app: &TestApp, since: Instant) -> Duration {
    loop {
        if health(app).await.0 == 200 {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < Duration::from_secs(10),
            "healthy within seconds of the database's return"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The syncs sent within `[from, to]` and answered by `to`.
fn answered_within(answers: &[Answer], from: Instant, to: Instant) -> Vec<Answer> {
    answers
        .iter()
        .filter(|a| a.sent >= from && a.sent + a.waited <= to)
        .cloned()
        .collect()
}

/// Every sync in `answers` was refused with 503 and a storage code.
fn all_refused_for_storage(name: &str, answers: &[Answer]) {
    assert!(!answers.is_empty(), "syncs were sent while {name}");
    let wrong: Vec<_> = answers
        .iter()
        .filter(|a| {
            a.status != 503 || !["storage_unavailable", "storage_full"].contains(&a.code.as_str())
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

/// What must hold once the database is back and the officers have sent everything: each was answered in
/// time, every report sent was acknowledged and is stored once, the tallies agree. The slowest sync, and
/// how long after `back` a sync was stored again.
async fn nothing_lost(
    app: &TestApp,
    answers: &[Answer],
    acked: &HashSet<String>,
    sent: &HashSet<String>,
    bound: Duration,
    back: Instant,
) -> (Duration, Duration) {
    let slowest = answers.iter().map(|a| a.waited).max().unwrap();
    assert!(
        slowest < bound + MARGIN,
        "every sync is answered within the bound ({bound:?}) and a margin: the slowest took {slowest:?}"
    );
    let stored_again = answers
        .iter()
        .filter(|a| a.sent >= back && a.status == 200)
        .map(|a| a.sent + a.waited - back)
        .min()
        .expect("syncs are stored again after the database answers");
    assert_eq!(acked, sent, "every report sent was acknowledged in the end");
    let stored: i64 = app.scalar("SELECT count(*) FROM reports").await;
    assert_eq!(
        stored,
        sent.len() as i64,
        "every acknowledged report is stored, once"
    );
    assert_eq!(
        app::agreements::db::tallies::check(&app.pool)
            .await
            .unwrap(),
        vec![]
    );
    (slowest, stored_again)
}

/// How much longer than the bound an answer may take: the request's own way through the server.
const MARGIN: Duration = Duration::from_millis(1500);

/// The test servers' bound on waiting for the database here.
const BOUND: Duration = Duration::from_secs(2);

fn bounded_settings() -> app::web::Settings {
    app::web::Settings {
        db_timeout: DbTimeout(BOUND),
        ..test_settings()
    }
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
    let app = spawn_app_on_url_with(&via_proxy, bounded_settings()).await;
    let officers = Officers::start(&app, 4).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(health(&app).await.0, 200);

    // The server goes away for 6 seconds. The proxy looks at its mode every 20 ms: samples start once it
    // has surely acted.
    let settled = Duration::from_millis(100);
    let down_at = Instant::now();
    proxy.set(DOWN);
    tokio::time::sleep(settled).await;
    let health_while_down = health_for(&app, Duration::from_secs(6)).await;
    proxy.set(UP);
    let up_at = Instant::now();
    let recovered_after = healthy_again(&app, up_at).await;

    // Then it stops answering for 5 seconds: connections open, nothing comes back.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let hang_at = Instant::now();
    proxy.set(HANG);
    tokio::time::sleep(settled).await;
    let health_while_hanging = health_for(&app, Duration::from_secs(5)).await;
    proxy.set(UP);
    let answered_at = Instant::now();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (answers, acked, sent) = officers.finish().await;

    let outage = answered_within(&answers, down_at + settled, up_at);
    let hang = answered_within(&answers, hang_at + settled, answered_at);
    all_refused_for_storage("down", &outage);
    all_refused_for_storage("hanging", &hang);
    for (status, body, waited) in health_while_down.iter().chain(&health_while_hanging) {
        assert_eq!(*status, 503, "/healthz while the database is away: {body}");
        assert!(waited < &(BOUND + MARGIN), "/healthz took {waited:?}");
    }
    let (slowest, stored_again) =
        nothing_lost(&app, &answers, &acked, &sent, BOUND, answered_at).await;
    let slowest_health = health_while_down
        .iter()
        .chain(&health_while_hanging)
        .map(|h| h.2)
        .max()
        .unwrap();
    eprintln!(
        "database away (proxy): {} syncs answered ({} refused with 503 while down, {} while hanging), {} \
         reports acknowledged and stored; slowest sync {slowest:?}, slowest /healthz {slowest_health:?} \
         (bound {BOUND:?}); healthy {recovered_after:?} after the server returned, a sync stored \
         {stored_again:?} after it answered again",
        answers.len(),
        outage.len(),
        hang.len(),
        acked.len(),
    );
}

/// A PostgreSQL cluster of the test's own, which it can stop and start: Debian's `initdb` and `pg_ctl`,
/// run as the `postgres` user. `None` (and a note) when this process is not root or PostgreSQL's programs
/// are not installed; `make test` runs as root with them installed.
struct OwnCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl OwnCluster {
    fn start() -> Option<Self> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .into_iter()
            .flatten()
            .flatten()
            .map(|version| version.path().join("bin"))
            .filter(|bin| bin.join("initdb").exists())
            .max();
        let Some(bin) = bin else {
            // `make test` installs PostgreSQL and requires its tests to run.
            assert!(
                std::env::var("LOFTE_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "LOFTE_REQUIRE_POSTGRES=1 but PostgreSQL's initdb is not installed"
            );
            eprintln!("no initdb: the stopped-cluster test checks nothing");
            return None;
        };
        let root = Command::new("id").arg("-u").output().ok()?.stdout == b"0\n";
        if !root {
            eprintln!("not root: the stopped-cluster test needs to run PostgreSQL as its own user");
            return None;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Self { dir, bin, port };
        assert!(Command::new("chown")
            .args(["postgres"])
            .arg(cluster.dir.path())
            .status()
            .unwrap()
            .success());
        cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data(),
                "-A",
                "trust",
                "-U",
                "lofte",
                "--no-sync",
            ],
        );
        cluster.pg_ctl("start");
        Some(cluster)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://lofte@127.0.0.1:{}/postgres", self.port)
    }

    fn run(&self, program: &str, args: &[&str]) {
        let status = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join(program))
            .args(args)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{program} {args:?}");
    }

    /// `pg_ctl start` or `stop` (fast: the server ends its sessions, as at an operator's restart),
    /// waiting until it is done.
    fn pg_ctl(&self, action: &str) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                &log,
                "-o",
                &options,
                "-m",
                "fast",
                "-w",
                action,
            ],
        );
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

#[tokio::test]
async fn a_postgres_server_stopped_and_started_again_costs_no_report() {
    if !crate::common::on_postgres() {
        return;
    }
    let Some(cluster) = tokio::task::spawn_blocking(OwnCluster::start)
        .await
        .unwrap()
    else {
        return;
    };
    let app = spawn_app_on_url_with(&cluster.url(), bounded_settings()).await;
    let officers = Officers::start(&app, 4).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(health(&app).await.0, 200);

    // The server stops for 6 seconds, as an operator's restart or a failover does.
    let cluster = Arc::new(cluster);
    let stopping = cluster.clone();
    tokio::task::spawn_blocking(move || stopping.pg_ctl("stop"))
        .await
        .unwrap();
    let stopped_at = Instant::now();
    let health_while_stopped = health_for(&app, Duration::from_secs(6)).await;
    // From the moment the start is issued: the server accepts connections before pg_ctl returns.
    let started_at = Instant::now();
    let starting = cluster.clone();
    tokio::task::spawn_blocking(move || starting.pg_ctl("start"))
        .await
        .unwrap();
    let recovered_after = healthy_again(&app, started_at).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (answers, acked, sent) = officers.finish().await;

    let outage = answered_within(&answers, stopped_at, started_at);
    all_refused_for_storage("stopped", &outage);
    for (status, body, waited) in &health_while_stopped {
        assert_eq!(*status, 503, "/healthz while the server is stopped: {body}");
        assert!(waited < &(BOUND + MARGIN), "/healthz took {waited:?}");
    }
    let (slowest, stored_again) =
        nothing_lost(&app, &answers, &acked, &sent, BOUND, started_at).await;
    let slowest_health = health_while_stopped.iter().map(|h| h.2).max().unwrap();
    eprintln!(
        "database stopped (pg_ctl stop -m fast, 6 s): {} syncs answered ({} refused with 503 while \
         stopped), {} reports acknowledged and stored; slowest sync {slowest:?}, slowest /healthz \
         {slowest_health:?} (bound {BOUND:?}); healthy {recovered_after:?} after its start was issued, a sync \
         stored {stored_again:?} after",
        answers.len(),
        outage.len(),
        acked.len(),
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
