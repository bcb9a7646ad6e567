//! Public-page benchmark helpers for `make bench` (scripts/bench.sh):
//!
//! - `seed DB N`: adds N targeted operations straight into the database (as many officers' syncs would
//!   leave them, spread over the Sävsjö period), in transactions of 10,000; the tallies' triggers run.
//! - `times URL USER PASSWORD`: the median time of the agreement page, the front page and the progress
//!   JSON: kept (100 requests in a row), after a report (20 rounds of one synced report, then the page) and
//!   rendered again (5 rounds of a report, a wait past the page cache's settling, then the page).
//! - `national DB REPORTS`: a national data set straight into the database: 290 municipalities with about
//!   90 police areas, two agreement periods each (copied from Sävsjö's: one ended, one in force), 3,000
//!   officers, and REPORTS targeted operations spread over the agreements in force.
//! - `paths URL USER PASSWORD SLUG PATH…`: like `times`, for the given paths; the change is a report to the
//!   targeted operations of the agreement SLUG.
//! - `officers URL PASSWORD SECONDS N`: N officers (`bench-officer-1` …) each syncing a batch of 5 reports,
//!   then pausing 100 ms, for SECONDS; prints how many were stored and how many requests failed.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The seeded agreement, which the reports of `times` and `officers` go to.
const SEED: &str = "savsjo-2018-2019";

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

/// The national data set (see the module): everything in one transaction but the reports.
async fn national(url: &str, reports: u64) -> Result<(), Box<dyn std::error::Error>> {
    use chrono::Datelike;
    use sqlx::sqlite::SqliteConnectOptions;
    use std::str::FromStr;
    let options = SqliteConnectOptions::from_str(url)?
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(30));
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let start = Instant::now();
    let year = chrono::Utc::now().year();
    let periods = [
        (
            "old",
            format!("{}-01-01", year - 3),
            format!("{}-12-31", year - 2),
        ),
        (
            "now",
            format!("{}-01-01", year - 1),
            format!("{}-12-31", year + 1),
        ),
    ];
    let seed: i64 = sqlx::query_scalar("SELECT id FROM agreements WHERE slug = 'savsjo-2018-2019'")
        .fetch_one(&pool)
        .await?;
    let mut tx = pool.begin().await?;
    let all = domain::places::municipalities();
    for (n, m) in all.iter().enumerate() {
        // About 90 police areas: consecutive municipalities (in code order, so within a county) share one.
        let area = n * 90 / all.len();
        let area_slug = format!("omrade-{area}");
        sqlx::query(
            "INSERT INTO police_areas (slug, name, region) VALUES (?1, ?2, ?3) ON CONFLICT (slug) DO NOTHING",
        )
        .bind(&area_slug)
        .bind(format!("Lokalpolisområde {}", m.name))
        .bind(m.region().as_str())
        .execute(&mut *tx)
        .await?;
        for (label, from, to) in &periods {
            let slug = format!("{}-{label}", m.code);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO agreements (slug, municipality, police_area, police_area_id, title, valid_from,
                     valid_to, signed_on, background, follow_up, published)
                 SELECT ?1, ?2, p.name, p.id, ?3, ?4, ?5, ?4, a.background, a.follow_up, 1
                 FROM agreements a, police_areas p WHERE a.id = ?6 AND p.slug = ?7
                 RETURNING id",
            )
            .bind(&slug)
            .bind(m.official_name)
            .bind(format!("Medborgarlöfte i {} {}", m.official_name, &from[..4]))
            .bind(from)
            .bind(to)
            .bind(seed)
            .bind(&area_slug)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO agreement_municipalities (agreement_id, position, code) VALUES (?1, 0, ?2)")
                .bind(id)
                .bind(m.code)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO promises (agreement_id, position, text)
                 SELECT ?1, position, text FROM promises WHERE agreement_id = ?2",
            )
            .bind(id)
            .bind(seed)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO activities (promise_id, position, text, owner, measure, target, cadence, unit,
                                         unit_singular)
                 SELECT n.id, x.position, x.text, x.owner, x.measure, x.target, x.cadence, x.unit, x.unit_singular
                 FROM activities x JOIN promises o ON o.id = x.promise_id
                 JOIN promises n ON n.agreement_id = ?1 AND n.position = o.position
                 WHERE o.agreement_id = ?2",
            )
            .bind(id)
            .bind(seed)
            .execute(&mut *tx)
            .await?;
        }
    }
    sqlx::query(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 3000)
         INSERT INTO users (username, password_hash, role) SELECT 'national-officer-' || i, '!', 'officer' FROM k",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "CREATE TEMP TABLE bench_activities AS
         SELECT row_number() OVER (ORDER BY x.id) - 1 AS n, x.id, a.valid_from
         FROM activities x JOIN promises p ON p.id = x.promise_id JOIN agreements a ON a.id = p.agreement_id
         WHERE x.measure = 'targeted_operation' AND a.slug LIKE '%-now'",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let (activities, first_officer): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM bench_activities),
                (SELECT min(id) FROM users WHERE username LIKE 'national-officer-%')",
    )
    .fetch_one(&pool)
    .await?;
    println!(
        "national: {} municipalities, {} police areas, {} agreements, 3000 officers in {:.1} s",
        all.len(),
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM police_areas")
            .fetch_one(&pool)
            .await?,
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM agreements")
            .fetch_one(&pool)
            .await?,
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let mut done = 0u64;
    while done < reports {
        let batch = (reports - done).min(10_000);
        let mut tx = pool.begin().await?;
        // Each report to the next agreement in force's targeted operations, on a day of its period so far.
        sqlx::query(
            "WITH RECURSIVE k(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1 + ?2 - 1)
             INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, start_time, end_time,
                 place, officers, persons_checked, persons_21_or_under, youths_identified,
                 drug_offences_reported, notes, content)
             SELECT 'national-' || i, 'targeted_operation', b.id, ?4 + (i % 3000),
                    date(b.valid_from, '+' || (i % 330) || ' days'), '2019-05-14T18:00:00Z', '18:00', '22:00',
                    'Plats ' || (i % 40), 3, 6, 4, 1, 2, '', 'national-' || i
             FROM k JOIN bench_activities b ON b.n = i % ?3",
        )
        .bind(done as i64)
        .bind(batch as i64)
        .bind(activities)
        .bind(first_officer)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        done += batch;
    }
    println!(
        "national: {reports} reports in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The median times of `paths`, kept and after a change (a report to `slug`'s targeted operations, dated
/// today for an agreement in force).
async fn path_times(
    url: &str,
    user: &str,
    password: &str,
    slug: &str,
    paths: &[String],
) -> Result<(), Box<dyn std::error::Error>> {
    let labelled: Vec<(&str, &str)> = paths.iter().map(|p| (p.as_str(), p.as_str())).collect();
    times_of(url, user, password, slug, &labelled).await
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

/// The targeted-operations activity of the agreement `slug`.
async fn activity(
    client: &reqwest::Client,
    url: &str,
    slug: &str,
) -> Result<i64, Box<dyn std::error::Error>> {
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
    times_of(url, user, password, SEED, &PATHS).await
}

/// The median of 100 requests for each `(label, path)`, the paths in turn; of 20 rounds of one synced report to
/// `slug`'s targeted operations (dated today for an agreement in force) followed by the page; and of 5
/// rounds of a report, a wait past the page cache's settling and the page (its render).
async fn times_of(
    url: &str,
    user: &str,
    password: &str,
    slug: &str,
    paths: &[(&str, &str)],
) -> Result<(), Box<dyn std::error::Error>> {
    let reader = reqwest::Client::new();
    let officer = reqwest::Client::builder().cookie_store(true).build()?;
    sign_in(&officer, url, user, password).await?;
    let activity_id = activity(&reader, url, slug).await?;
    let in_force = slug.ends_with("-now");
    let today = chrono::Utc::now().date_naive();
    // Kept: the paths in turn, 100 rounds, so that each is timed under the same conditions (timed one
    // path after another, the first, `/`, came out at half the time of the others at one agreement).
    let mut kept = vec![Vec::new(); paths.len()];
    for _ in 0..100 {
        for (times, (_, path)) in kept.iter_mut().zip(paths) {
            times.push(get(&reader, &format!("{url}{path}")).await?);
        }
    }
    for ((label, path), kept) in paths.iter().zip(kept) {
        let address = format!("{url}{path}");
        // After a report, and after a report and more than a second (past the page cache's `SETTLE`, so
        // that a page which lets the record settle is rendered again too: its time to render).
        let mut changed = Vec::new();
        let mut rendered = Vec::new();
        for n in 0..25 {
            let mut item = report(activity_id, n);
            if in_force {
                item["date"] = today.to_string().into();
            }
            let res = officer
                .post(format!("{url}/api/v1/reports"))
                .json(&json!([item]))
                .send()
                .await?;
            if !res.status().is_success() {
                return Err(format!("sync: {}", res.status()).into());
            }
            if n < 20 {
                changed.push(get(&reader, &address).await?);
            } else {
                tokio::time::sleep(Duration::from_millis(1_100)).await;
                rendered.push(get(&reader, &address).await?);
            }
        }
        println!(
            "{label:<28} kept {:>7.2} ms   after a report {:>7.2} ms   rendered again {:>7.2} ms",
            median(kept),
            median(changed),
            median(rendered)
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
    let activity_id = activity(&probe, url, SEED).await?;
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
        Some("national") => national(&arg(2)?, arg(3)?.parse()?).await,
        Some("paths") => path_times(&arg(2)?, &arg(3)?, &arg(4)?, &arg(5)?, &args[6..]).await,
        _ => Err("usage: bench_pages seed DB N | times URL USER PASSWORD | officers URL PASSWORD SECONDS N | \
                  national DB REPORTS | paths URL USER PASSWORD SLUG PATH…"
            .into()),
    }
}
