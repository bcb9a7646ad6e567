//! Probes, request ids and draining, as a load balancer, a container runtime and an operator meet them.

use crate::common::{spawn_app, spawn_app_with, test_settings};
use reqwest::header::HeaderName;
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

fn check<'a>(probe: &'a Value, name: &str) -> &'a str {
    probe["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["status"].as_str())
        .unwrap_or_else(|| panic!("a check named {name}: {probe}"))
}

#[tokio::test]
async fn a_ready_instance_says_so_check_by_check() {
    let app = spawn_app().await;
    let (status, live) = app.get_json("/livez").await;
    assert_eq!((status, live["status"].as_str()), (200, Some("ok")));
    let (status, ready) = app.get_json("/readyz").await;
    assert_eq!(status, 200, "{ready}");
    assert_eq!(ready["status"], "ok");
    for name in ["database", "migrations", "serving"] {
        assert_eq!(check(&ready, name), "ok");
    }
    assert!(
        !ready.to_string().contains(env!("CARGO_PKG_VERSION")),
        "no version"
    );
}

#[tokio::test]
async fn every_answer_has_a_request_id_which_only_a_trusted_proxy_may_choose() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/v1/agreements"))
        .send()
        .await
        .unwrap();
    let id = res.headers()[&REQUEST_ID].to_str().unwrap().to_owned();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    let other = app.client.get(app.url("/livez")).send().await.unwrap();
    assert_ne!(
        other.headers()[&REQUEST_ID],
        id.as_str(),
        "one id per request"
    );
    let chosen = app
        .client
        .get(app.url("/livez"))
        .header(&REQUEST_ID, "chosen-by-client")
        .send()
        .await
        .unwrap();
    assert_ne!(
        chosen.headers()[&REQUEST_ID],
        "chosen-by-client",
        "a client that is no trusted proxy cannot choose it"
    );

    let behind_proxy = spawn_app_with(app::web::Settings {
        trusted_proxies: app::web::TrustedProxies::parse("127.0.0.1").unwrap(),
        ..test_settings()
    })
    .await;
    let kept = behind_proxy
        .client
        .get(behind_proxy.url("/livez"))
        .header(&REQUEST_ID, "lb-4711")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()[&REQUEST_ID], "lb-4711");
}

/// A free port on the loopback address.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn healthcheck(url: &str) -> bool {
    Command::new(env!("CARGO_BIN_EXE_lofte"))
        .args(["healthcheck", "--url", url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

/// The real `lofte serve` in `dir` on the database `db`, with `env` besides, once it is ready: the process
/// and its address.
fn ready_server(
    dir: &std::path::Path,
    db: &str,
    env: &[(&str, &str)],
) -> (std::process::Child, String) {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let server = Command::new(env!("CARGO_BIN_EXE_lofte"))
        .arg("serve")
        .current_dir(dir)
        .env("DATABASE_URL", db)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !healthcheck(&url) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server became ready"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, url)
}

#[tokio::test]
async fn on_sigterm_the_server_turns_unready_keeps_serving_for_the_drain_then_stops() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let (mut server, url) = ready_server(dir.path(), &db, &[("LOFTE_DRAIN_SECONDS", "3")]);
    assert!(
        !healthcheck(&format!("http://127.0.0.1:{}", free_port())),
        "nothing listens there"
    );

    let term = Instant::now();
    assert!(Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap()
        .success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let client = reqwest::Client::new();
    let ready = client.get(format!("{url}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503, "unready at once");
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(check(&ready, "serving"), "draining");
    assert!(!healthcheck(&url), "the healthcheck command says so");
    let page = client
        .get(format!("{url}/api/v1/agreements"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "still serving while draining");

    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            term.elapsed() < Duration::from_secs(15),
            "the server stops after draining"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let stopped_after = term.elapsed();
    assert!(status.success(), "{status}");
    assert!(
        stopped_after >= Duration::from_secs(3),
        "it served for the whole drain: stopped after {stopped_after:?}"
    );
}

/// One sample of the exposition format: its name, labels and value.
type Sample = (String, Vec<(String, String)>, f64);

/// The samples of a scrape.
fn samples(text: &str) -> Vec<Sample> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (series, value) = line.rsplit_once(' ').expect("a sample has a value");
            let value: f64 = value.parse().unwrap_or_else(|_| panic!("a number: {line}"));
            let (name, labels) = match series.split_once('{') {
                Some((name, rest)) => {
                    let labels = rest.trim_end_matches('}');
                    let labels = labels
                        .split("\",")
                        .filter(|l| !l.is_empty())
                        .map(|l| {
                            let (k, v) = l.split_once("=\"").expect("label=\"value\"");
                            (k.to_owned(), v.trim_end_matches('"').to_owned())
                        })
                        .collect();
                    (name.to_owned(), labels)
                }
                None => (series.to_owned(), Vec::new()),
            };
            (name, labels, value)
        })
        .collect()
}

fn value_of(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|(n, l, _)| {
            n == name
                && labels
                    .iter()
                    .all(|(k, v)| l.iter().any(|(lk, lv)| lk == k && lv == v))
        })
        .map(|(_, _, v)| v)
        .sum()
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_only_and_parse() {
    let app = spawn_app_with(app::web::Settings {
        metrics_addr: Some("127.0.0.1:0".parse().unwrap()),
        ..test_settings()
    })
    .await;
    let metrics = app.metrics_address.clone().expect("a metrics address");
    let officer = app
        .signed_in("olle", domain::credentials::Role::Officer)
        .await;
    let ops = crate::common::activity_id(&app, "targeted_operation").await;
    let report = crate::common::operation(ops);
    let batch = serde_json::json!([report, report]);
    let (status, _) = crate::common::post_reports(&officer, &app, &batch).await;
    assert_eq!(status, 200);
    let scrape = || async {
        let res = reqwest::get(format!("{metrics}/metrics")).await.unwrap();
        assert_eq!(res.status(), 200);
        samples(&res.text().await.unwrap())
    };
    // The front page, until it is served from the cache. (On PostgreSQL the write's notification reaches
    // this instance just after its answer, and the page is rendered once more then.)
    for _ in 0..50 {
        app.text("/").await;
        if value_of(
            &scrape().await,
            "lofte_page_cache_total",
            &[("outcome", "hit")],
        ) >= 1.0
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let all = scrape().await;
    let route = [
        ("route", "/api/v1/reports"),
        ("method", "POST"),
        ("status", "200"),
    ];
    assert!(value_of(&all, "http_requests_total", &route) >= 1.0);
    assert!(
        value_of(
            &all,
            "http_request_duration_seconds_bucket",
            &[("route", "/api/v1/reports"), ("le", "+Inf")]
        ) >= 1.0,
        "a histogram with buckets"
    );
    assert!(value_of(&all, "lofte_reports_total", &[("status", "created")]) >= 1.0);
    assert!(value_of(&all, "lofte_reports_total", &[("status", "duplicate")]) >= 1.0);
    assert!(value_of(&all, "lofte_page_cache_total", &[("outcome", "render")]) >= 1.0);
    assert!(value_of(&all, "lofte_page_cache_total", &[("outcome", "hit")]) >= 1.0);
    assert!(value_of(&all, "lofte_page_cache_total", &[("outcome", "miss")]) >= 1.0);
    assert_eq!(value_of(&all, "lofte_build_info", &[]), 1.0);
    assert!(all
        .iter()
        .any(|(n, l, _)| n == "lofte_db_connections" && l.iter().any(|(_, v)| v == "idle")));

    let public = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404, "never on the public port");
}

/// SIGTERM while officers sync: a batch is either stored and acknowledged, or not acknowledged; nothing
/// acknowledged is missing afterwards.
#[tokio::test]
async fn a_sync_in_flight_at_sigterm_is_stored_and_acknowledged_or_not_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("t.db");
    let db = format!("sqlite://{}", db_path.display());
    let password = crate::common::PASSWORD;
    let added = Command::new(env!("CARGO_BIN_EXE_lofte"))
        .args(["user", "add", "olle", "--role", "officer"])
        .env("DATABASE_URL", &db)
        .env("LOFTE_PASSWORD", password)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let (mut server, url) = ready_server(dir.path(), &db, &[]);
    let officer = crate::common::browser();
    let signed_in = officer
        .post(format!("{url}/api/v1/session"))
        .json(&serde_json::json!({"username": "olle", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let progress: Value =
        reqwest::get(format!("{url}/api/v1/agreements/savsjo-2018-2019/progress"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let ops = progress["promises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .find(|a| a["measure"] == "targeted_operation")
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    let mut syncing = Vec::new();
    for _ in 0..4 {
        let (officer, url) = (officer.clone(), url.clone());
        syncing.push(tokio::spawn(async move {
            let (mut sent, mut acked) = (Vec::new(), Vec::new());
            loop {
                let batch: Vec<Value> = (0..20).map(|_| crate::common::operation(ops)).collect();
                sent.extend(batch.iter().map(|r| r["id"].as_str().unwrap().to_owned()));
                let answer = officer
                    .post(format!("{url}/api/v1/reports"))
                    .json(&batch)
                    .send()
                    .await;
                let Ok(res) = answer else { break };
                if res.status() != 200 {
                    break;
                }
                let Ok(results) = res.json::<Value>().await else {
                    break;
                };
                acked.extend(
                    results
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|r| r["status"] == "created")
                        .map(|r| r["id"].as_str().unwrap().to_owned()),
                );
            }
            (sent, acked)
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap()
        .success());
    let status = server.wait().unwrap();
    assert!(status.success(), "{status}");
    let (mut sent, mut acked) = (std::collections::HashSet::new(), Vec::new());
    for officer in syncing {
        let (s, a) = officer.await.unwrap();
        sent.extend(s);
        acked.extend(a);
    }
    let (integrity, stored) = crate::common::stored_report_ids(&db_path).await;
    assert_eq!(integrity, "ok");
    assert!(
        !acked.is_empty(),
        "some batches were acknowledged before the stop"
    );
    let missing: Vec<_> = acked.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged reports are missing",
        missing.len()
    );
    assert!(
        stored.iter().all(|id| sent.contains(id)),
        "nothing stored that was not sent"
    );
    eprintln!(
        "SIGTERM during syncs: {} reports sent, {} acknowledged, {} stored (the rest never reached the server \
         or was cut off unanswered)",
        sent.len(),
        acked.len(),
        stored.len()
    );
}
