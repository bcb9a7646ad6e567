//! Public-page benchmark helpers for `make bench` (scripts/bench.sh):
//!
//! - `seed DB N`: adds N targeted operations straight into the database (as many officers' syncs would
//!   leave them, spread over the Sävsjö period), in transactions of 10,000; the tallies' triggers run.
//! - `times URL USER PASSWORD`: the median time of the agreement page, the front page and the progress
//!   JSON: kept (100 requests in a row) and after a change (20 rounds of one synced report, then the page).
//! - `officers URL PASSWORD SECONDS N`: N officers (`bench-officer-1` …) each syncing a batch of 5 reports,
//!   then pausing 100 ms, for SECONDS; prints how many were stored and how many requests failed.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

const PATHS: [(&str, &str); 3] = [
    ("agreement page", "/avtal/savsjo-2018-2019"),
    ("front page", "/"),
    (
        "progress JSON",
        "/api/v1/agreements/savsjo-2018-2019/progress",
    ),
];

fn report(activity_id: i64, n: u64) -> Value {
    let day = chrono::NaiveDate::from_ymd_opt(2018, 4, 10).unwrap() + chrono::Days::new(n % 700);
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "kind": "targeted_operation", "activity_id": activity_id,
        "created_at": "2019-05-14T18:00:00Z", "date": day.to_string(), "start_time": "18:00",
        "end_time": "22:00", "place": format!("Plats {}", n % 40), "officers": 3, "persons_checked": 6,
        "persons_21_or_under": 4, "youths_identified": 1, "drug_offences_reported": 2, "notes": ""
    })
}

async fn seed(url: &str, n: u64) -> Result<(), Box<dyn std::error::Error>> {
    use sqlx::sqlite::SqliteConnectOptions;
    use std::str::FromStr;
    let options = SqliteConnectOptions::from_str(url)?
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(30));
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let (activity, officer): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT x.id FROM activities x JOIN promises p ON p.id = x.promise_id JOIN agreements a
                 ON a.id = p.agreement_id WHERE a.slug = 'savsjo-2018-2019' AND x.measure = 'targeted_operation'),
                (SELECT min(id) FROM users)",
    )
    .fetch_one(&pool)
    .await?;
    let start = Instant::now();
    let first: i64 = sqlx::query_scalar("SELECT count(*) FROM reports")
        .fetch_one(&pool)
        .await?;
    let mut done = 0u64;
    while done < n {
        let batch = (n - done).min(10_000);
        let mut tx = pool.begin().await?;
        // One statement per batch: rows from a recursive counter, dates spread over 700 days.
        sqlx::query(
            "WITH RECURSIVE k(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1 + ?2 - 1)
             INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, start_time, end_time,
                 place, officers, persons_checked, persons_21_or_under, youths_identified,
                 drug_offences_reported, notes, content)
             SELECT 'bench-' || i, 'targeted_operation', ?3, ?4, date('2018-04-10', '+' || (i % 700) || ' days'),
                    '2019-05-14T18:00:00Z', '18:00', '22:00', 'Plats ' || (i % 40), 3, 6, 4, 1, 2, '', 'bench-' || i
             FROM k",
        )
        .bind(first + done as i64)
        .bind(batch as i64)
        .bind(activity)
        .bind(officer)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        done += batch;
    }
    println!(
        "seeded {n} reports in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn sign_in(
    client: &reqwest::Client,
    url: &str,
    user: &str,
    password: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let res = client
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await?;
    if !res.status().is_success() {
        return Err(format!("signing in as {user}: {}", res.status()).into());
    }
    Ok(())
}

async fn activity(client: &reqwest::Client, url: &str) -> Result<i64, Box<dyn std::error::Error>> {
    let progress: Value = client
        .get(format!("{url}{}", PATHS[2].1))
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
        .and_then(|a| a["id"].as_i64())
        .ok_or_else(|| "no targeted-operation activity".into())
}

async fn get(client: &reqwest::Client, url: &str) -> Result<Duration, Box<dyn std::error::Error>> {
    let start = Instant::now();
    let res = client
        .get(url)
        .header("accept-encoding", "br")
        .send()
        .await?;
    if res.status() != 200 {
        return Err(format!("{url}: {}", res.status()).into());
    }
    res.bytes().await?;
    Ok(start.elapsed())
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

async fn times(url: &str, user: &str, password: &str) -> Result<(), Box<dyn std::error::Error>> {
    let reader = reqwest::Client::new();
    let officer = reqwest::Client::builder().cookie_store(true).build()?;
    sign_in(&officer, url, user, password).await?;
    let activity_id = activity(&reader, url).await?;
    for (name, path) in PATHS {
        let address = format!("{url}{path}");
        let mut kept = Vec::new();
        for _ in 0..100 {
            kept.push(get(&reader, &address).await?);
        }
        let mut changed = Vec::new();
        for n in 0..20 {
            let res = officer
                .post(format!("{url}/api/v1/reports"))
                .json(&json!([report(activity_id, n)]))
                .send()
                .await?;
            if !res.status().is_success() {
                return Err(format!("sync: {}", res.status()).into());
            }
            changed.push(get(&reader, &address).await?);
        }
        println!(
            "{name:<15} kept {:>7.2} ms   after a change {:>7.2} ms",
            median(kept),
            median(changed)
        );
    }
    Ok(())
}

async fn officers(
    url: &str,
    password: &str,
    seconds: u64,
    n: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let until = Instant::now() + Duration::from_secs(seconds);
    let probe = reqwest::Client::new();
    let activity_id = activity(&probe, url).await?;
    let mut tasks = Vec::new();
    for i in 1..=n {
        let url = url.to_owned();
        let password = password.to_owned();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap();
            let (mut stored, mut errors) = (0u64, 0u64);
            if sign_in(&client, &url, &format!("bench-officer-{i}"), &password)
                .await
                .is_err()
            {
                return (0, 1);
            }
            let mut k = i as u64 * 1_000_000;
            while Instant::now() < until {
                let batch: Vec<Value> = (0..5)
                    .map(|_| {
                        k += 1;
                        report(activity_id, k)
                    })
                    .collect();
                match client
                    .post(format!("{url}/api/v1/reports"))
                    .json(&batch)
                    .send()
                    .await
                {
                    Ok(res) if res.status().is_success() => stored += 5,
                    _ => errors += 1,
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            (stored, errors)
        }));
    }
    let (mut stored, mut errors) = (0, 0);
    for task in tasks {
        let (s, e) = task.await?;
        stored += s;
        errors += e;
    }
    println!(
        "officers: {n} syncing for {seconds} s stored {stored} reports, {errors} failed requests"
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).cloned().ok_or(format!("argument {i} missing"));
    match args.get(1).map(String::as_str) {
        Some("seed") => seed(&arg(2)?, arg(3)?.parse()?).await,
        Some("times") => times(&arg(2)?, &arg(3)?, &arg(4)?).await,
        Some("officers") => officers(&arg(2)?, &arg(3)?, arg(4)?.parse()?, arg(5)?.parse()?).await,
        _ => Err("usage: bench_pages seed DB N | times URL USER PASSWORD | officers URL PASSWORD SECONDS N".into()),
    }
}
