//! Public pages from memory: the same bytes for every visitor without a session, with ETags and 304s, and
//! fresh on the next request after a change or when the day turns. And the tallies behind them.

use crate::common::{
    achieved, activity_id, browser, operation, operations_today, period_in_force, published_copy,
    readable, restart, spawn_app, spawn_app_at, targeted_operation_activity, TestApp,
};
use app::db;
use chrono::NaiveDate;
use domain::credentials::Role;
use serde_json::json;

const PAGE: &str = "/avtal/savsjo-2018-2019";

/// An anonymous GET with brotli accepted: status, ETag, Cache-Control and the body as text.
async fn fetch(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
) -> (u16, Option<String>, Option<String>, String) {
    let res = client.get(app.url(path)).send().await.unwrap();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let (etag, cache_control) = (header("etag"), header("cache-control"));
    let status = res.status().as_u16();
    (status, etag, cache_control, res.text().await.unwrap())
}

async fn sync_operation(app: &TestApp, officer: &reqwest::Client, date: &str) {
    let mut item = operation(activity_id(app, "targeted_operation").await);
    item["date"] = date.into();
    crate::common::post_created(officer, app, &item).await;
}

#[tokio::test]
async fn public_pages_are_kept_with_a_strong_etag_and_answer_304() {
    let app = spawn_app().await;
    let (status, etag, cache_control, first) = fetch(&app, &app.client, PAGE).await;
    assert_eq!(status, 200);
    let etag = etag.expect("a kept page has an ETag");
    assert!(etag.starts_with('"'), "a strong ETag: {etag}");
    assert_eq!(
        cache_control.as_deref(),
        Some("public, max-age=60, must-revalidate")
    );
    let (_, again, _, second) = fetch(&app, &app.client, PAGE).await;
    assert_eq!(
        (again.as_deref(), second.as_str()),
        (Some(etag.as_str()), first.as_str())
    );

    let res = app
        .client
        .get(app.url(PAGE))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    assert_eq!(res.headers()["etag"].to_str().unwrap(), etag);
    assert!(res.bytes().await.unwrap().is_empty());

    // Brotli and gzip as asked, each its own representation with its own tag.
    for (encoding, suffix) in [("br", "-br\""), ("gzip", "-gz\"")] {
        let raw = browser();
        let res = raw
            .get(app.url(PAGE))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-encoding"], encoding);
        assert!(res.headers()["etag"].to_str().unwrap().ends_with(suffix));
        assert!(res.headers()["vary"].to_str().unwrap().contains("cookie"));
    }
    // A kept page runs no script, so its policy allows none and needs no nonce.
    let res = app.client.get(app.url(PAGE)).send().await.unwrap();
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'none'") && !csp.contains("nonce"),
        "{csp}"
    );
    assert!(
        !res.text().await.unwrap().contains("<script nonce"),
        "no script that needs a nonce"
    );
}

#[tokio::test]
async fn a_change_shows_on_the_next_request() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let (_, before, _, _) = fetch(&app, &app.client, PAGE).await;
    let (_, json_before, _, _) = fetch(
        &app,
        &app.client,
        "/api/v1/agreements/savsjo-2018-2019/progress",
    )
    .await;
    assert_eq!(achieved(&app, "targeted_operation").await, 0);

    sync_operation(&app, &officer, "2019-05-14").await;
    assert_eq!(
        achieved(&app, "targeted_operation").await,
        1,
        "the progress JSON at once"
    );
    let (_, after, _, page) = fetch(&app, &app.client, PAGE).await;
    assert_ne!(before, after, "the page was rendered again");
    assert!(
        readable(&page).contains("Resecentrum"),
        "with the new operation"
    );
    let (_, json_after, _, _) = fetch(
        &app,
        &app.client,
        "/api/v1/agreements/savsjo-2018-2019/progress",
    )
    .await;
    assert_ne!(json_before, json_after);

    // A write by another process (here: straight into the database) shows too: on SQLite this process
    // reads the change counter after a write request it answers, or within a second; on PostgreSQL the
    // write's notification reaches it when the write commits.
    db::execute!(
        &app.pool,
        "UPDATE agreements SET title = 'Ett nytt namn' WHERE slug = 'savsjo-2018-2019'"
    )
    .unwrap();
    let _ = officer
        .post(app.url("/api/v1/reports"))
        .json(&json!([]))
        .send()
        .await
        .unwrap();
    assert!(app.text(PAGE).await.contains("Ett nytt namn"));
}

#[tokio::test]
async fn signed_in_people_and_languages_get_their_own_pages() {
    let app = spawn_app().await;
    let (_, _, _, swedish) = fetch(&app, &app.client, PAGE).await;
    assert!(swedish.contains("lang=\"sv\""));

    let english = browser();
    let res = english
        .get(app.url("/sprak/en/avtal/savsjo-2018-2019"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, etag, _, page) = fetch(&app, &english, PAGE).await;
    assert!(
        page.contains("lang=\"en\""),
        "the English page, not the kept Swedish one"
    );
    assert!(etag.is_some());

    let officer = app.signed_in("olle", Role::Officer).await;
    let (status, etag, cache_control, page) = fetch(&app, &officer, PAGE).await;
    assert_eq!(status, 200);
    assert_eq!(
        (etag, cache_control.as_deref()),
        (None, Some("no-store")),
        "a signed-in page is never kept, here or in the browser"
    );
    assert!(page.contains("olle"), "their header names them");
    let (_, _, _, anonymous) = fetch(&app, &app.client, PAGE).await;
    assert!(!anonymous.contains("olle"), "and nobody else gets it");
}

#[tokio::test]
async fn the_turn_of_the_day_changes_the_pace() {
    let first_day = NaiveDate::from_ymd_opt(2018, 4, 10).unwrap();
    let app = spawn_app_at(first_day).await;
    let progress = "/api/v1/agreements/savsjo-2018-2019/progress";
    let pace = |body: &serde_json::Value| {
        body["promises"][1]["activities"][1]["periods"][0]["pace"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (_, body) = app.get_json(progress).await;
    assert_eq!(
        (body["as_of"].as_str(), pace(&body).as_str()),
        (Some("2018-04-10"), "on_track")
    );
    let (_, etag, _, page) = fetch(&app, &app.client, PAGE).await;
    assert!(readable(&page).contains("i fas"));

    app.clock.set(first_day.succ_opt().unwrap());
    let (_, body) = app.get_json(progress).await;
    assert_eq!(
        body["as_of"], "2018-04-11",
        "the next day's figures, not the kept ones"
    );
    app.clock.set(NaiveDate::from_ymd_opt(2019, 6, 1).unwrap());
    let (_, body) = app.get_json(progress).await;
    assert_eq!(pace(&body), "behind");
    let (_, later, _, page) = fetch(&app, &app.client, PAGE).await;
    assert_ne!(etag, later);
    assert!(readable(&page).contains("efter plan"));
}

#[tokio::test]
async fn the_tallies_agree_with_the_record_after_a_restart() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    for date in ["2019-05-14", "2019-05-14", "2019-06-01"] {
        sync_operation(&app, &officer, date).await;
    }
    let before = (
        achieved(&app, "targeted_operation").await,
        achieved(&app, "youths_identified").await,
    );
    assert_eq!(before, (3, 6));
    let again = restart(&app).await;
    assert_eq!(
        app::agreements::db::tallies::check(&again.pool)
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(
        (
            achieved(&again, "targeted_operation").await,
            achieved(&again, "youths_identified").await
        ),
        before
    );
}

#[tokio::test]
async fn the_follow_up_lists_one_month_at_a_time() {
    let app = spawn_app().await;
    let officer = app.signed_in("olle", Role::Officer).await;
    sync_operation(&app, &officer, "2019-05-14").await;
    sync_operation(&app, &officer, "2019-06-01").await;
    let page = readable(&app.text("/avtal/savsjo-2018-2019/uppfoljning").await);
    assert!(page.contains("2 insatser"), "the sums over every month");
    assert!(
        page.contains("Insatser juni 2019"),
        "the newest month by default"
    );
    assert!(page.contains("?manad=2019-05"), "a link to the other month");
    assert_eq!(page.matches("<time datetime=\"2019-06-01\"").count(), 1);
    assert_eq!(page.matches("<time datetime=\"2019-05-14\"").count(), 0);
    let may = readable(
        &app.text("/avtal/savsjo-2018-2019/uppfoljning?manad=2019-05")
            .await,
    );
    assert_eq!(may.matches("<time datetime=\"2019-05-14\"").count(), 1);
    for bad in ["?manad=maj", "?manad=2019-13", "?manad=2019-05&sida=0"] {
        let res = app
            .client
            .get(app.url(&format!("/avtal/savsjo-2018-2019/uppfoljning{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{bad}");
    }
}

/// Sävsjö's and Nässjö's agreements copied into a period in force and published (`savsjo-nu`, `nassjo-nu`);
/// the admin who did it.
async fn two_agreements_in_force(app: &TestApp) -> reqwest::Client {
    let admin = app.signed_in("nora", Role::Admin).await;
    let (from, to) = period_in_force();
    published_copy(app, &admin, "savsjo-nu", "0684", &from, &to).await;
    published_copy(app, &admin, "nassjo-nu", "0682", &from, &to).await;
    admin
}

#[tokio::test]
async fn reports_settle_on_the_overview_for_a_moment_and_any_other_change_shows_at_once() {
    let app = spawn_app().await;
    let admin = two_agreements_in_force(&app).await;
    let (from, to) = period_in_force();
    let front = app.text("/").await;
    assert!(front.contains("Sök din kommun"), "the national overview");
    assert!(!front.contains("1 har nått målet"), "{front}");

    // Fifteen operations reach Sävsjö's target: the agreement's own page shows it at once, the overview
    // within a second or so.
    let officer = app.signed_in("olle", Role::Officer).await;
    let activity = targeted_operation_activity(&app, "savsjo-nu").await;
    operations_today(&app, &officer, activity, 15).await;
    assert!(app
        .text("/avtal/savsjo-nu")
        .await
        .contains("15 av 15 riktade insatser"));
    let started = std::time::Instant::now();
    loop {
        if app.text("/").await.contains("1 har nått målet") {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(3),
            "the overview shows the reports within a second of settling"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // An admin's change shows on the overview at once, however recent its copy.
    published_copy(&app, &admin, "eksjo-nu", "0686", &from, &to).await;
    assert!(app.text("/").await.contains("href=\"/avtal/eksjo-nu\""));
    assert!(app
        .text("/kommun/0686")
        .await
        .contains("href=\"/avtal/eksjo-nu\""));
}

/// Changes an agreement's title without telling the page cache: on SQLite the trigger's bump of the change
/// counter is taken back in the same transaction, on PostgreSQL the triggers (and so the notification) are
/// off for it. A page that still shows the old title was served from memory.
async fn retitle_unseen(app: &TestApp, slug: &str, title: &str) {
    let mut tx = app.pool.begin().await.unwrap();
    if let db::Engine::Postgres(tx) = &mut tx {
        sqlx::query("SET LOCAL session_replication_role = replica")
            .execute(&mut **tx)
            .await
            .unwrap();
    }
    db::execute!(
        &mut tx,
        "UPDATE agreements SET title = $1 WHERE slug = $2",
        title,
        slug
    )
    .unwrap();
    if let db::Engine::Sqlite(tx) = &mut tx {
        sqlx::query("UPDATE changes SET generation = generation - 1 WHERE id = 1")
            .execute(&mut **tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn reports_to_one_agreement_leave_the_other_agreements_pages_current() {
    let app = spawn_app().await;
    two_agreements_in_force(&app).await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let savsjo = targeted_operation_activity(&app, "savsjo-nu").await;
    let nassjo = targeted_operation_activity(&app, "nassjo-nu").await;
    let pages = ["/avtal/nassjo-nu", "/api/v1/agreements/nassjo-nu/progress"];
    for page in pages {
        assert!(app.text(page).await.contains("Löftet nassjo-nu"), "{page}");
    }
    retitle_unseen(&app, "nassjo-nu", "Ett tyst nytt namn").await;

    // Reports to Sävsjö: its own page and progress show them at once; Nässjö's are still the kept copies,
    // though the record changed.
    operations_today(&app, &officer, savsjo, 2).await;
    assert!(app
        .text("/avtal/savsjo-nu")
        .await
        .contains("2 av 15 riktade insatser"));
    let progress: serde_json::Value =
        serde_json::from_str(&app.text("/api/v1/agreements/savsjo-nu/progress").await).unwrap();
    let operations = progress["promises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .find(|a| a["measure"] == "targeted_operation")
        .unwrap();
    assert_eq!(operations["achieved"], 2, "the progress JSON at once");
    for page in pages {
        let text = app.text(page).await;
        assert!(
            text.contains("Löftet nassjo-nu") && !text.contains("Ett tyst nytt namn"),
            "{page} kept: {text}"
        );
    }

    // A report to Nässjö shows on its pages at once (and with it, here, the title changed unseen).
    operations_today(&app, &officer, nassjo, 1).await;
    let text = app.text("/avtal/nassjo-nu").await;
    assert!(
        text.contains("1 av 15 riktade insatser") && text.contains("Ett tyst nytt namn"),
        "{text}"
    );
    assert!(app
        .text("/api/v1/agreements/nassjo-nu/progress")
        .await
        .contains("Ett tyst nytt namn"));
}
