//! Sync ingest benchmark: posts 10,000 targeted-operation reports in batches of 500 to a running server
//! and reports throughput and per-batch latency. `make bench` starts a release server for it.
//!
//! Usage: bench_ingest URL USERNAME PASSWORD [REPORTS] [BATCH]   (the password may also come from
//! LOFTE_PASSWORD)

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

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:3300".into());
    let username = args.get(2).cloned().unwrap_or_else(|| "bench".into());
    let password = args
        .get(3)
        .cloned()
        .or_else(|| std::env::var("LOFTE_PASSWORD").ok())
        .ok_or("a password")?;
    let total: usize = args
        .get(4)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10_000);
    let batch_size: usize = args.get(5).map(|s| s.parse()).transpose()?.unwrap_or(500);

    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let login = client
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await?;
    if !login.status().is_success() {
        return Err(format!("login failed: {}", login.status()).into());
    }
    let activity_id = operations(&client, &url).await?["id"]
        .as_i64()
        .ok_or("an activity id")?;

    // Bodies are built before the clock starts: the benchmark measures the server.
    let batches: Vec<String> = (0..total)
        .map(|n| report(activity_id, n))
        .collect::<Vec<_>>()
        .chunks(batch_size)
        .map(|chunk| serde_json::to_string(chunk).expect("reports serialise"))
        .collect();

    let mut latencies = Vec::with_capacity(batches.len());
    let started = Instant::now();
    for body in batches {
        let sent = Instant::now();
        let res = client
            .post(format!("{url}/api/v1/reports"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await?;
        let status = res.status();
        let results: Value = res.json().await?;
        latencies.push(sent.elapsed());
        let created = results
            .as_array()
            .map_or(0, |r| r.iter().filter(|x| x["status"] == "created").count());
        if !status.is_success() || created != batch_size.min(total) {
            return Err(
                format!("a batch was not stored whole: {status}, {created} created").into(),
            );
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let achieved = operations(&client, &url).await?["achieved"]
        .as_u64()
        .unwrap_or(0);

    println!(
        "sync ingest: {total} reports in {} batches of {batch_size}",
        latencies.len()
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
    println!("  server counts {achieved} targeted operations");
    Ok(())
}
