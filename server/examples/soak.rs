//! Soak test: a release server under many concurrent clients for a set time, killed with SIGKILL and
//! restarted at random moments. Citizens read public pages; officers sync reports as the phones do (a
//! queue, the same ids until acknowledged, retries on any error). At the end every acknowledged report
//! must be stored exactly once and counted exactly once.
//!
//! `make soak` (scripts/soak.sh) builds it and the server, makes a fresh database with the accounts, and
//! runs it. Settings by environment:
//!
//! | variable | default | |
//! |---|---|---|
//! | `LOFTE_BIN` | (required) | the `lofte` binary to run |
//! | `DATABASE_URL` | (required) | its fresh database, `sqlite://…` |
//! | `LOFTE_PASSWORD` | (required) | the password of the accounts `soak-admin` and `soak-officer-N` |
//! | `SOAK_SECONDS` | 60 | how long the clients run |
//! | `SOAK_CLIENTS` | 200 | concurrent clients, a quarter of them officers |
//! | `SOAK_OFFICERS` | 20 | officer accounts (`soak-officer-0` …) |
//! | `SOAK_PORT` | 3400 | loopback port for the server |
//! | `SOAK_KILL_EVERY` | 4–12 | seconds between kills, as `MIN-MAX` |
//! | `SOAK_LOG` | `DATABASE`.server.log | the server's log |
//! | `SOAK_FULL_DISK` | (unset) | the folder of the database, on a file system of its own: half way through, it is filled up for `SOAK_FULL_SECONDS` (5) and freed again, with the server running |
//!
//! With `SOAK_FULL_DISK`, syncs answered `503` while the disk is full are expected (the phones keep the
//! reports and send them again), and counted apart from the errors; the soak fails if any other answer
//! comes, or if no sync is stored within 10 s of the space's return.

use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// A random number in `0..n`, from the operating system's randomness through v4 UUIDs.
fn random(n: u64) -> u64 {
    (uuid::Uuid::new_v4().as_u128() % u128::from(n.max(1))) as u64
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn required(name: &str) -> Result<String, Error> {
    std::env::var(name).map_err(|_| format!("{name} must be set (scripts/soak.sh sets it)").into())
}

/// What every client shares: whether the server is up, how often it was killed, and the figures.
#[derive(Default)]
struct Shared {
    up: AtomicBool,
    /// Goes up at every kill: a request that saw it change met a kill.
    kills: AtomicU64,
    requests: AtomicU64,
    errors_while_up: AtomicU64,
    errors_around_kills: AtomicU64,
    /// What the errors while up were, by kind.
    error_kinds: Mutex<HashMap<String, u64>>,
    /// Officers whose session was gone (401) and who signed in again.
    sign_ins_again: AtomicU64,
    read_latencies: Mutex<Vec<Duration>>,
    /// Acknowledged report ids (created or duplicate), with how often each was acknowledged.
    acked: Mutex<HashMap<String, u32>>,
    /// Items the server refused (conflict, invalid): none are expected.
    refused: Mutex<Vec<Value>>,
    stopping: AtomicBool,
    /// The disk is being filled or is full (`SOAK_FULL_DISK`).
    disk_full: AtomicBool,
    /// Syncs answered `503 storage_full` or `storage_unavailable` while the disk was full.
    refused_for_storage: AtomicU64,
    /// Syncs answered anything else than 200 or a storage refusal while the disk was full.
    wrong_answers_while_full: Mutex<Vec<String>>,
    /// The longest a sync waited for its answer while the disk was full.
    slowest_while_full: Mutex<Duration>,
    /// When a sync was last stored.
    last_stored: Mutex<Option<Instant>>,
}

impl Shared {
    /// Counts a failed request as an error only if the server was up and not killed meanwhile.
    fn failed(&self, kills_before: u64, kind: String) {
        if self.up.load(Ordering::SeqCst) && self.kills.load(Ordering::SeqCst) == kills_before {
            self.errors_while_up.fetch_add(1, Ordering::Relaxed);
            *self
                .error_kinds
                .lock()
                .expect("error kinds")
                .entry(kind)
                .or_default() += 1;
        } else {
            self.errors_around_kills.fetch_add(1, Ordering::Relaxed);
        }
    }
}

struct Server {
    bin: String,
    port: u16,
    log: std::path::PathBuf,
    child: Option<Child>,
}

impl Server {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn start(&mut self) -> Result<(), Error> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let child = Command::new(&self.bin)
            .arg("serve")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", self.port))
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .spawn()?;
        self.child = Some(child);
        Ok(())
    }

    /// SIGKILL: no graceful shutdown, nothing flushed.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    async fn wait_healthy(&self, client: &reqwest::Client) -> Result<(), Error> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(res) = client.get(format!("{}/healthz", self.url())).send().await {
                if res.status().is_success() {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err("the server did not become healthy within 30 s".into())
    }
}

/// A failed request's kind, for the figures.
fn kind(what: &str, e: &reqwest::Error) -> String {
    let how = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else if e.is_body() || e.is_decode() {
        "body"
    } else {
        "request"
    };
    format!("{what}: {how}")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("a reqwest client")
}

async fn sign_in(
    client: &reqwest::Client,
    url: &str,
    user: &str,
    password: &str,
) -> Result<(), String> {
    let res = client
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .map_err(|e| kind("sign-in", &e))?;
    if res.status().is_success() {
        Ok(())
    } else {
        Err(format!("sign-in: status {}", res.status().as_u16()))
    }
}

/// Copies the seed agreement to a period around today and publishes it, as an admin would; returns its
/// slug and the id of its targeted-operation activity.
async fn agreement_for_today(url: &str, password: &str) -> Result<(String, i64), Error> {
    let admin = client();
    sign_in(&admin, url, "soak-admin", password).await?;
    let today = chrono::Utc::now().date_naive();
    let slug = format!("soak-{}", today.format("%Y%m%d"));
    let from = (today - chrono::Days::new(180)).to_string();
    let to = (today + chrono::Days::new(180)).to_string();
    let res = admin
        .post(format!("{url}/api/v1/admin/agreements/copy"))
        .form(&[
            ("id", "1"),
            ("slug", &slug),
            ("valid_from", &from),
            ("valid_to", &to),
        ])
        .send()
        .await?;
    if !res.status().is_success() {
        return Err(format!(
            "copying the agreement: {} {}",
            res.status(),
            res.text().await?
        )
        .into());
    }
    let edit: Value = admin
        .post(format!("{url}/api/v1/admin/agreements/get"))
        .form(&[("slug", &slug)])
        .send()
        .await?
        .json()
        .await?;
    let (id, version) = (edit["id"].to_string(), edit["version"].to_string());
    let res = admin
        .post(format!("{url}/api/v1/admin/agreements/publish"))
        .form(&[
            ("id", id.as_str()),
            ("version", &version),
            ("published", "true"),
        ])
        .send()
        .await?;
    if !res.status().is_success() {
        return Err(format!(
            "publishing the agreement: {} {}",
            res.status(),
            res.text().await?
        )
        .into());
    }
    let activity = operations_activity(&admin, url, &slug).await?;
    Ok((slug, activity["id"].as_i64().ok_or("an activity id")?))
}

async fn operations_activity(
    client: &reqwest::Client,
    url: &str,
    slug: &str,
) -> Result<Value, Error> {
    let progress: Value = client
        .get(format!("{url}/api/v1/agreements/{slug}/progress"))
        .send()
        .await?
        .json()
        .await?;
    progress["promises"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["activities"].as_array().into_iter().flatten())
        .find(|a| a["measure"] == "targeted_operation")
        .cloned()
        .ok_or_else(|| "no targeted-operation activity".into())
}

fn report(activity: i64, date: &str) -> Value {
    let place = [
        "Resecentrum",
        "Torget",
        "Skolan",
        "Idrottsplatsen",
        "Parken",
    ][random(5) as usize];
    let checked = 1 + random(20);
    let young = random(checked + 1);
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "kind": "targeted_operation", "activity_id": activity,
        "created_at": format!("{date}T18:00:00+02:00"), "date": date, "start_time": "18:00",
        "end_time": "21:00", "place": place, "officers": 1 + random(4), "persons_checked": checked,
        "persons_21_or_under": young, "youths_identified": random(young + 1),
        "drug_offences_reported": random(3), "notes": "Soak"
    })
}

/// A citizen reading public pages until told to stop.
async fn citizen(shared: Arc<Shared>, url: String, slug: String) {
    let client = client();
    let pages = [
        "/".to_owned(),
        format!("/avtal/{slug}"),
        "/oppettider".to_owned(),
        format!("/api/v1/agreements/{slug}/progress"),
        "/api/v1/agreements".to_owned(),
    ];
    while !shared.stopping.load(Ordering::Relaxed) {
        let path = &pages[random(pages.len() as u64) as usize];
        let kills = shared.kills.load(Ordering::SeqCst);
        let started = Instant::now();
        shared.requests.fetch_add(1, Ordering::Relaxed);
        let failure = match client.get(format!("{url}{path}")).send().await {
            Ok(res) if res.status().is_success() => {
                res.bytes().await.err().map(|e| kind("read", &e))
            }
            Ok(res) => Some(format!("read: status {}", res.status().as_u16())),
            Err(e) => Some(kind("read", &e)),
        };
        if let Some(failure) = failure {
            shared.failed(kills, failure);
            tokio::time::sleep(Duration::from_millis(100 + random(400))).await;
        } else {
            shared
                .read_latencies
                .lock()
                .expect("latencies")
                .push(started.elapsed());
            tokio::time::sleep(Duration::from_millis(50 + random(200))).await;
        }
    }
}

/// An officer with a phone's queue: reports stay queued, with their ids, until acknowledged.
async fn officer(
    shared: Arc<Shared>,
    url: String,
    user: String,
    password: String,
    activity: i64,
    date: String,
) {
    let client = client();
    let mut queue: Vec<Value> = Vec::new();
    let mut signed_in = false;
    // A shift does not sign in at one instant: spread the first sign-ins over two seconds, so that the
    // per-address login limit (every officer here comes from 127.0.0.1) is not what is measured.
    tokio::time::sleep(Duration::from_millis(random(2_000))).await;
    loop {
        let stopping = shared.stopping.load(Ordering::Relaxed);
        if stopping && queue.is_empty() {
            return;
        }
        if !stopping && queue.len() < 5 {
            let n = 1 + random(10);
            queue.extend((0..n).map(|_| report(activity, &date)));
        }
        let kills = shared.kills.load(Ordering::SeqCst);
        if !signed_in {
            shared.requests.fetch_add(1, Ordering::Relaxed);
            match sign_in(&client, &url, &user, &password).await {
                Ok(()) => signed_in = true,
                Err(e) => {
                    shared.failed(kills, e);
                    tokio::time::sleep(Duration::from_millis(200 + random(500))).await;
                    continue;
                }
            }
        }
        shared.requests.fetch_add(1, Ordering::Relaxed);
        let full_before = shared.disk_full.load(Ordering::SeqCst);
        let sent_at = Instant::now();
        let answer = client
            .post(format!("{url}/api/v1/reports"))
            .json(&queue)
            .send()
            .await;
        if full_before && shared.disk_full.load(Ordering::SeqCst) {
            let mut slowest = shared.slowest_while_full.lock().expect("slowest");
            *slowest = (*slowest).max(sent_at.elapsed());
        }
        let res = match answer {
            Ok(res) => res,
            Err(e) => {
                shared.failed(kills, kind("sync", &e));
                tokio::time::sleep(Duration::from_millis(200 + random(800))).await;
                continue;
            }
        };
        if res.status() == 401 {
            shared.sign_ins_again.fetch_add(1, Ordering::Relaxed);
            signed_in = false;
            continue;
        }
        if full_before && shared.disk_full.load(Ordering::SeqCst) && res.status() != 200 {
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap_or(Value::Null);
            let code = body["error"].as_str().unwrap_or_default();
            if status == 503 && code.starts_with("storage_") {
                shared.refused_for_storage.fetch_add(1, Ordering::Relaxed);
            } else {
                shared
                    .wrong_answers_while_full
                    .lock()
                    .expect("wrong answers")
                    .push(format!("{status} {body}"));
            }
            tokio::time::sleep(Duration::from_millis(200 + random(800))).await;
            continue;
        }
        let results: Vec<Value> = match res.status().is_success() {
            true => match res.json().await {
                Ok(r) => r,
                Err(e) => {
                    shared.failed(kills, kind("sync", &e));
                    continue;
                }
            },
            false => {
                shared.failed(kills, format!("sync: status {}", res.status().as_u16()));
                tokio::time::sleep(Duration::from_millis(200 + random(800))).await;
                continue;
            }
        };
        let mut done = HashSet::new();
        for item in results {
            let id = item["id"].as_str().unwrap_or_default().to_owned();
            match item["status"].as_str() {
                Some("created" | "duplicate") => {
                    *shared
                        .acked
                        .lock()
                        .expect("acked")
                        .entry(id.clone())
                        .or_default() += 1;
                    done.insert(id);
                }
                _ => {
                    shared.refused.lock().expect("refused").push(item);
                    done.insert(id);
                }
            }
        }
        queue.retain(|r| !done.contains(r["id"].as_str().unwrap_or_default()));
        *shared.last_stored.lock().expect("last stored") = Some(Instant::now());
        tokio::time::sleep(Duration::from_millis(100 + random(400))).await;
    }
}

/// The full-disk phase: the database's file system is filled, held full, and freed, while the server runs.
struct FullDisk {
    ballast: std::path::PathBuf,
    at: Instant,
    hold: Duration,
    /// How long after the space returned a sync was stored again.
    recovered_after: Option<Duration>,
}

impl FullDisk {
    async fn run(&mut self, shared: &Shared) -> Result<(), Error> {
        use std::io::Write;
        shared.disk_full.store(true, Ordering::SeqCst);
        // Fill the file system to its last byte.
        let mut file = std::fs::File::create(&self.ballast)?;
        let chunk = vec![0u8; 1 << 20];
        let mut filled = 0u64;
        loop {
            match file.write(&chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => filled += n as u64,
            }
        }
        for size in [4096usize, 1] {
            while file.write(&chunk[..size]).is_ok_and(|n| n > 0) {
                filled += size as u64;
            }
        }
        drop(file);
        println!(
            "full disk: {:.1} MB written, held full for {:?}",
            filled as f64 / 1e6,
            self.hold
        );
        tokio::time::sleep(self.hold).await;
        std::fs::remove_file(&self.ballast)?;
        let freed = Instant::now();
        shared.disk_full.store(false, Ordering::SeqCst);
        // A sync is stored again, without a restart.
        loop {
            let stored = *shared.last_stored.lock().expect("last stored");
            if stored.is_some_and(|at| at > freed) {
                self.recovered_after = Some(freed.elapsed());
                return Ok(());
            }
            if freed.elapsed() > Duration::from_secs(10) {
                return Err("no sync was stored within 10 s of the space's return".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let bin = required("LOFTE_BIN")?;
    let database_url = required("DATABASE_URL")?;
    let password = required("LOFTE_PASSWORD")?;
    let seconds: u64 = env_or("SOAK_SECONDS", 60);
    let clients: usize = env_or("SOAK_CLIENTS", 200);
    let officers: usize = env_or("SOAK_OFFICERS", 20).max(1);
    let port: u16 = env_or("SOAK_PORT", 3400);
    let (kill_min, kill_max) = std::env::var("SOAK_KILL_EVERY")
        .ok()
        .and_then(|v| {
            let (a, b) = v.split_once('-')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .unwrap_or((4u64, 12u64));
    let db_file = database_url
        .strip_prefix("sqlite://")
        .ok_or("DATABASE_URL must be sqlite://PATH")?
        .to_owned();
    let log = std::path::PathBuf::from(
        std::env::var("SOAK_LOG").unwrap_or_else(|_| format!("{db_file}.server.log")),
    );

    let mut server = Server {
        bin,
        port,
        log: log.clone(),
        child: None,
    };
    let probe = client();
    server.start()?;
    server.wait_healthy(&probe).await?;
    let url = server.url();
    let (slug, activity) = agreement_for_today(&url, &password).await?;
    let date = (chrono::Utc::now().date_naive() - chrono::Days::new(1)).to_string();
    println!(
        "soak: {clients} clients ({} officers on {officers} accounts) for {seconds} s against {url}, \
         SIGKILL every {kill_min}–{kill_max} s; agreement {slug}",
        clients / 4
    );

    let shared = Arc::new(Shared::default());
    shared.up.store(true, Ordering::SeqCst);
    let mut tasks = Vec::new();
    for n in 0..clients {
        let shared = shared.clone();
        if n % 4 == 0 {
            let user = format!("soak-officer-{}", (n / 4) % officers);
            tasks.push(tokio::spawn(officer(
                shared,
                url.clone(),
                user,
                password.clone(),
                activity,
                date.clone(),
            )));
        } else {
            tasks.push(tokio::spawn(citizen(shared, url.clone(), slug.clone())));
        }
    }

    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut downtime = Duration::ZERO;
    let mut full_disk = std::env::var("SOAK_FULL_DISK").ok().map(|dir| FullDisk {
        ballast: std::path::Path::new(&dir).join("ballast"),
        at: started + Duration::from_secs(seconds / 2),
        hold: Duration::from_secs(env_or("SOAK_FULL_SECONDS", 5)),
        recovered_after: None,
    });
    loop {
        if let Some(phase) = full_disk.as_mut().filter(|p| p.recovered_after.is_none()) {
            if Instant::now() >= phase.at {
                phase.run(&shared).await?;
            }
        }
        let wait = Duration::from_millis(
            1000 * kill_min + random(1000 * (kill_max - kill_min.min(kill_max)) + 1),
        );
        if Instant::now() + wait >= deadline {
            tokio::time::sleep_until(deadline.into()).await;
            break;
        }
        tokio::time::sleep(wait).await;
        shared.up.store(false, Ordering::SeqCst);
        shared.kills.fetch_add(1, Ordering::SeqCst);
        server.kill();
        let down = Instant::now();
        tokio::time::sleep(Duration::from_millis(random(1000))).await;
        server.start()?;
        server.wait_healthy(&probe).await?;
        downtime += down.elapsed();
        shared.up.store(true, Ordering::SeqCst);
    }

    // Stop: citizens stop, officers send what is still queued.
    shared.stopping.store(true, Ordering::SeqCst);
    let drained = tokio::time::timeout(Duration::from_secs(60), async {
        for task in tasks {
            let _ = task.await;
        }
    })
    .await;
    let elapsed = started.elapsed();

    // Counted once: the progress API.
    let counted = operations_activity(&probe, &url, &slug).await?["achieved"]
        .as_i64()
        .unwrap_or(-1);
    server.kill();

    // Stored once: the rows, read from the database with the server stopped.
    let mut conn = {
        use sqlx::ConnectOptions;
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db_file)
            .connect()
            .await?
    };
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM reports WHERE activity_id = ?")
        .bind(activity)
        .fetch_all(&mut conn)
        .await?;
    let stored_set: HashSet<&String> = stored.iter().collect();
    let acked = shared.acked.lock().expect("acked").clone();
    let missing = acked.keys().filter(|id| !stored_set.contains(id)).count();
    let unacked_rows = stored.iter().filter(|id| !acked.contains_key(*id)).count();
    let duplicates_acked: u32 = acked.values().map(|n| n - 1).sum();

    let mut latencies = shared.read_latencies.lock().expect("latencies").clone();
    latencies.sort();
    let refused = shared.refused.lock().expect("refused").len();
    let kills = shared.kills.load(Ordering::SeqCst);
    println!(
        "duration                {:.1} s (server down {:.1} s in all)",
        elapsed.as_secs_f64(),
        downtime.as_secs_f64()
    );
    println!("kills (SIGKILL)         {kills}");
    println!(
        "requests                {}",
        shared.requests.load(Ordering::Relaxed)
    );
    let kinds = shared.error_kinds.lock().expect("error kinds").clone();
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort();
    println!(
        "errors while up         {} {:?}",
        shared.errors_while_up.load(Ordering::Relaxed),
        kinds
    );
    println!(
        "errors around kills     {}",
        shared.errors_around_kills.load(Ordering::Relaxed)
    );
    println!(
        "reads                   {} ok, p50 {:.1} ms, p99 {:.1} ms",
        latencies.len(),
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0
    );
    println!(
        "reports acknowledged    {} ({} acknowledged again as duplicates)",
        acked.len(),
        duplicates_acked
    );
    println!("reports stored          {}", stored.len());
    println!("reports counted         {counted}");
    println!("refused items           {refused}");
    println!(
        "sessions lost (401)     {}",
        shared.sign_ins_again.load(Ordering::Relaxed)
    );
    let wrong_while_full = shared
        .wrong_answers_while_full
        .lock()
        .expect("wrong answers")
        .clone();
    if let Some(phase) = &full_disk {
        println!(
            "full disk               {} syncs refused with 503, {} other answers, slowest {:.0} ms; \
             a sync stored {:.0} ms after the space returned",
            shared.refused_for_storage.load(Ordering::Relaxed),
            wrong_while_full.len(),
            shared.slowest_while_full.lock().expect("slowest").as_secs_f64() * 1000.0,
            phase.recovered_after.unwrap_or_default().as_secs_f64() * 1000.0,
        );
    }

    let mut failures = Vec::new();
    if drained.is_err() {
        failures.push("officers could not send their queues within 60 s of the end".to_owned());
    }
    if missing > 0 {
        failures.push(format!("{missing} acknowledged reports are not stored"));
    }
    if unacked_rows > 0 {
        failures.push(format!(
            "{unacked_rows} stored reports were never acknowledged"
        ));
    }
    if counted != acked.len() as i64 {
        failures.push(format!("{counted} counted, {} acknowledged", acked.len()));
    }
    if refused > 0 {
        failures.push(format!("{refused} items refused"));
    }
    if let Some(phase) = &full_disk {
        if phase.recovered_after.is_none() {
            failures.push("the full-disk phase did not run".to_owned());
        }
        if !wrong_while_full.is_empty() {
            failures.push(format!(
                "while the disk was full, syncs got other answers than 503: {:?}",
                &wrong_while_full[..wrong_while_full.len().min(5)]
            ));
        }
    }
    if failures.is_empty() {
        println!("OK: every acknowledged report is stored once and counted once");
        Ok(())
    } else {
        println!("server log: {}", log.display());
        Err(failures.join("; ").into())
    }
}
