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

#[tokio::test]
async fn on_sigterm_the_server_turns_unready_keeps_serving_for_the_drain_then_stops() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_lofte"))
        .arg("serve")
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("t.db").display()),
        )
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LOFTE_DRAIN_SECONDS", "3")
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
