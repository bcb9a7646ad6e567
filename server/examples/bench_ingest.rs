//! Sync ingest benchmark: posts targeted-operation reports in batches to running servers and reports
//! throughput and per-batch latency. `make bench` starts release servers for it.
//!
//! Usage: bench_ingest URLS USERNAME PASSWORD [REPORTS] [BATCH] [OFFICERS]
//! - URLS: one server, or several (comma-separated) on one database;
//! - OFFICERS: officers syncing at once on each server, each signed in on its own (default 1);
//! - the password may also come from LOFTE_PASSWORD; REPORTS defaults to 10,000, BATCH to 500.
//!
//! Or: bench_ingest freshness URL_A URL_B USERNAME PASSWORD: one report stored through A, then how long until
//! B's public progress document shows it.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn report(activity_id: i64, n: usize) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "kind": "targeted_operation", "activity_id": activity_id,
        "created_at": "2019-05-14T18:00:00Z", "date": "2019-05-14", "start_time": "18:00", "end_time": "22:00",
        "place": format!("Plats {}", n % 40), "officers": 3, "persons_checked": 6, "persons_21_or_under": 4,
        "youths_identified": 1, "drug_offences_reported": 2, "notes": "Rutinkontroller vid resecentrum."
    })
}

/// The seeded agreement's targeted-operation activity, from the progress document.
async fn operations(
    client: &reqwest::Client,
    url: &str,
) -> Result<Value, Box<dyn std::error::Error>> {
    let progress: Value = client
        .get(format!("{url}/api/v1/agreements/savsjo-2018-2019/progress"))
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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

/// One officer, signed in on one server.
async fn signed_in(
    url: &str,
    username: &str,
    password: &str,
) -> Result<reqwest::Client, Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let login = client
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await?;
    if !login.status().is_success() {
        return Err(format!("login failed: {}", login.status()).into());
    }
    Ok(client)
}

/// Posts `batches` one after the other; each batch's latency.
async fn sync(
    client: reqwest::Client,
    url: String,
    batches: Vec<(String, usize)>,
) -> Result<Vec<Duration>, String> {
    let mut latencies = Vec::with_capacity(batches.len());
    for (body, size) in batches {
        let sent = Instant::now();
        let res = client
            .post(format!("{url}/api/v1/reports"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status();
        let results: Value = res.json().await.map_err(|e| e.to_string())?;
        latencies.push(sent.elapsed());
        let created = results
            .as_array()
            .map_or(0, |r| r.iter().filter(|x| x["status"] == "created").count());
        if !status.is_success() || created != size {
            return Err(format!(
                "a batch was not stored whole: {status}, {created} created"
            ));
        }
    }
    Ok(latencies)
}

/// How long after a report is stored through `a` the public progress document of `b` shows it.
async fn freshness(
    a: &str,
    b: &str,
    username: &str,
    password: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let client = signed_in(a, username, password).await?;
    let reader = reqwest::Client::new();
    let achieved = |url: &str| {
        let (reader, url) = (reader.clone(), url.to_owned());
        async move {
            Ok::<u64, Box<dyn std::error::Error>>(
                operations(&reader, &url).await?["achieved"]
                    .as_u64()
                    .unwrap_or(0),
            )
        }
    };
    let activity_id = operations(&client, a).await?["id"]
        .as_i64()
        .ok_or("an activity id")?;
    let mut worst = Duration::ZERO;
    for round in 0..10 {
        // B keeps its document, then A stores a report.
        let before = achieved(b).await?;
        achieved(b).await?;
        let body = serde_json::to_string(&[report(activity_id, round)])?;
        sync(client.clone(), a.to_owned(), vec![(body, 1)]).await?;
        let stored = Instant::now();
        while achieved(b).await? <= before {
            if stored.elapsed() > Duration::from_secs(10) {
                return Err("the other instance did not show the report within 10 s".into());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        worst = worst.max(stored.elapsed());
    }
    println!(
        "freshness across instances: worst of 10, a report stored through one instance shows on the \
         other's progress JSON after {:.0} ms",
        worst.as_secs_f64() * 1000.0
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let password_at = |i: usize| {
        args.get(i)
            .cloned()
            .or_else(|| std::env::var("LOFTE_PASSWORD").ok())
            .ok_or("a password")
    };
    if args.get(1).map(String::as_str) == Some("freshness") {
        let (Some(a), Some(b), Some(user)) = (args.get(2), args.get(3), args.get(4)) else {
            return Err("usage: bench_ingest freshness URL_A URL_B USERNAME [PASSWORD]".into());
        };
        return freshness(a, b, user, &password_at(5)?).await;
    }
    let urls: Vec<String> = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:3300".into())
        .split(',')
        .map(str::to_owned)
        .collect();
    let username = args.get(2).cloned().unwrap_or_else(|| "bench".into());
    let password = password_at(3)?;
    let total: usize = args
        .get(4)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10_000);
    let batch_size: usize = args.get(5).map(|s| s.parse()).transpose()?.unwrap_or(500);
    let officers: usize = args.get(6).map(|s| s.parse()).transpose()?.unwrap_or(1);

    let mut clients = Vec::new();
    for url in &urls {
        for _ in 0..officers {
            clients.push((url.clone(), signed_in(url, &username, &password).await?));
        }
    }
    let activity_id = operations(&clients[0].1, &urls[0]).await?["id"]
        .as_i64()
        .ok_or("an activity id")?;
    let before = operations(&clients[0].1, &urls[0]).await?["achieved"]
        .as_u64()
        .unwrap_or(0);

    // Bodies are built before the clock starts: the benchmark measures the servers. Each officer sends an
    // equal share, in batches.
    let reports: Vec<Value> = (0..total).map(|n| report(activity_id, n)).collect();
    let share = total.div_ceil(clients.len());
    let mut work = Vec::new();
    for ((url, client), mine) in clients.into_iter().zip(reports.chunks(share)) {
        let batches = mine
            .chunks(batch_size)
            .map(|chunk| {
                (
                    serde_json::to_string(chunk).expect("reports serialise"),
                    chunk.len(),
                )
            })
            .collect();
        work.push((client, url, batches));
    }
    let senders = work.len();
    let started = Instant::now();
    let tasks: Vec<_> = work
        .into_iter()
        .map(|(client, url, batches)| tokio::spawn(sync(client, url, batches)))
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let achieved = operations(&reqwest::Client::new(), &urls[0]).await?["achieved"]
        .as_u64()
        .unwrap_or(0)
        - before;

    println!(
        "sync ingest: {total} reports in {} batches of {batch_size}, {senders} officer(s) at once on {} \
         server(s)",
        latencies.len(),
        urls.len()
    );
    println!("  total       {:>8.1} ms", elapsed.as_secs_f64() * 1000.0);
    println!(
        "  throughput  {:>8.0} reports/s",
        total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  batch p50   {:>8.1} ms",
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0
    );
    println!(
        "  batch p99   {:>8.1} ms",
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0
    );
    println!(
        "  batch max   {:>8.1} ms",
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
    );
    println!("  server counts {achieved} more targeted operations");
    if achieved != total as u64 {
        return Err(format!("{total} reports sent, {achieved} counted").into());
    }
    Ok(())
}
