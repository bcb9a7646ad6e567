//! The Atom feeds, read back by a real feed parser: what was recorded shows as entries whose ids last
//! across restarts and whose `updated` moves only when they change.

use crate::common::{
    operations_today, period_in_force, published_copy, published_copy_titled, restart, spawn_app,
    targeted_operation_activity, TestApp,
};
use domain::credentials::Role;

async fn feed(app: &TestApp, path: &str) -> feed_rs::model::Feed {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(
        res.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let body = res.bytes().await.unwrap();
    feed_rs::parser::parse(&body[..]).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn titled<'a>(feed: &'a feed_rs::model::Feed, start: &str) -> Vec<&'a feed_rs::model::Entry> {
    feed.entries
        .iter()
        .filter(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content.starts_with(start))
        })
        .collect()
}

fn summary(entry: &feed_rs::model::Entry) -> &str {
    entry.summary.as_ref().map_or("", |s| s.content.as_str())
}

#[tokio::test]
async fn feeds_tell_what_happened_with_lasting_ids_and_updated_that_moves_only_with_a_change() {
    let app = spawn_app().await;
    let admin = app.signed_in("nora", Role::Admin).await;
    let today = chrono::Utc::now().date_naive();
    let (from, to) = period_in_force();
    published_copy(&app, &admin, "savsjo-nu", "0684", &from, &to).await;
    let activity = targeted_operation_activity(&app, "savsjo-nu").await;
    let officer = app.signed_in("olle", Role::Officer).await;
    // The target is 15 operations: reached today.
    operations_today(&app, &officer, activity, 15).await;
    // An office hour in the agreement's police area, cancelled on its latest Tuesday.
    let slot = crate::office_hours::tuesday_slot(&app, &from, &to).await;
    let tuesday = (0..7)
        .map(|back| today - chrono::Days::new(back))
        .find(|d| chrono::Datelike::weekday(d) == chrono::Weekday::Tue)
        .unwrap();
    let (status, body) = app
        .post_form(
            &officer,
            "/api/v1/office-hours/mark",
            &[
                ("occurrence", format!("slot:{slot}:{tuesday}").as_str()),
                ("outcome", "cancelled"),
                ("reason", "Utryckning <brådskande> & oväntad"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let first = feed(&app, "/feeds/agreements/savsjo-nu.atom").await;
    assert_eq!(first.title.as_ref().unwrap().content, "Löftet savsjo-nu");
    assert!(first.id.starts_with("urn:uuid:"), "{}", first.id);
    assert!(
        first.links.iter().any(|l| l.rel.as_deref() == Some("self")
            && l.href.ends_with("/feeds/agreements/savsjo-nu.atom")),
        "{:?}",
        first.links
    );
    assert_eq!(titled(&first, "Publicerat: Löftet savsjo-nu").len(), 1);
    assert_eq!(titled(&first, "Löftet savsjo-nu gäller från").len(), 1);
    let reached = titled(&first, "Målet nått:");
    assert_eq!(reached.len(), 1, "{:?}", first.entries);
    assert!(
        summary(reached[0]).contains("15 av 15 riktade insatser"),
        "{}",
        summary(reached[0])
    );
    let day = titled(&first, "Riktade insatser");
    assert_eq!(day.len(), 1);
    let text = summary(day[0]);
    assert!(text.starts_with("15 riktade insatser."), "{text}");
    assert!(text.contains("Kontrollerade personer: 180"), "{text}");
    assert!(text.contains("varav 21 år eller yngre: 15"), "{text}");
    assert!(text.contains("Anmälda narkotikabrott: 15"), "{text}");
    let cancelled = titled(&first, "Inställt:");
    assert_eq!(cancelled.len(), 1);
    assert!(
        summary(cancelled[0]).contains("Utryckning <brådskande> & oväntad"),
        "typed text survives as text: {}",
        summary(cancelled[0])
    );
    let ids: std::collections::HashSet<&str> =
        first.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), first.entries.len(), "ids are unique");
    assert!(first
        .entries
        .iter()
        .all(|e| e.id.starts_with("urn:uuid:") && e.updated.is_some()));

    // Read again: nothing changed, nothing moves.
    let again = feed(&app, "/feeds/agreements/savsjo-nu.atom").await;
    let stamps =
        |f: &feed_rs::model::Feed| -> Vec<(String, Option<chrono::DateTime<chrono::Utc>>)> {
            let mut v: Vec<_> = f
                .entries
                .iter()
                .map(|e| (e.id.clone(), e.updated))
                .collect();
            v.sort();
            v
        };
    assert_eq!(stamps(&again), stamps(&first));
    assert_eq!(again.id, first.id);

    // One more operation today: only that day's entry changes, under the same id.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    operations_today(&app, &officer, activity, 1).await;
    let later = feed(&app, "/feeds/agreements/savsjo-nu.atom").await;
    let day_again = titled(&later, "Riktade insatser");
    assert_eq!(day_again[0].id, day[0].id);
    assert!(summary(day_again[0]).starts_with("16 riktade insatser."));
    assert!(day_again[0].updated > day[0].updated);
    for entry in &later.entries {
        if entry.id != day[0].id
            && !entry
                .title
                .as_ref()
                .unwrap()
                .content
                .starts_with("Målet nått")
        {
            let before = first.entries.iter().find(|e| e.id == entry.id).unwrap();
            assert_eq!(entry.updated, before.updated, "{:?}", entry.title);
        }
    }

    // After a restart, the same ids.
    let second = restart(&app).await;
    let restarted = feed(&second, "/feeds/agreements/savsjo-nu.atom").await;
    let ids_of = |f: &feed_rs::model::Feed| {
        let mut v: Vec<String> = f.entries.iter().map(|e| e.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids_of(&restarted), ids_of(&later));
    assert_eq!(restarted.id, first.id);

    // The municipality's and the whole instance's feeds hold the same entries under the same ids.
    let municipality = feed(&app, "/feeds/municipalities/0684.atom").await;
    assert_eq!(
        municipality.title.as_ref().unwrap().content,
        "Medborgarlöften i Sävsjö kommun"
    );
    let all = feed(&app, "/feeds/all.atom").await;
    for f in [&municipality, &all] {
        assert!(f.entries.iter().any(|e| e.id == day[0].id));
        assert!(titled(f, "Publicerat: Medborgarlöfte i Sävsjö kommun 2018-2019").len() == 1);
    }
    let english = feed(&app, "/feeds/agreements/savsjo-nu.atom?lang=en").await;
    assert_eq!(titled(&english, "Targeted operations").len(), 1);
    assert!(
        english.entries.iter().any(|e| e.id == day[0].id),
        "the same entry in both languages"
    );

    for path in [
        "/feeds/agreements/finns-inte.atom",
        "/feeds/agreements/savsjo-nu",
        "/feeds/municipalities/9999.atom",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn typed_text_in_a_feed_stays_text() {
    let app = spawn_app().await;
    let admin = app.signed_in("nora", Role::Admin).await;
    let typed = "Löftet <script>alert(\"x\")</script> & 'co' {from}";
    published_copy_titled(
        &app,
        &admin,
        "typat",
        "0684",
        "2030-01-01",
        "2030-12-31",
        typed,
    )
    .await;
    let raw = app.text("/feeds/agreements/typat.atom").await;
    assert!(!raw.contains("<script>"), "{raw}");
    let parsed = feed(&app, "/feeds/agreements/typat.atom").await;
    assert_eq!(parsed.title.as_ref().unwrap().content, typed);
    assert_eq!(
        titled(&parsed, "Publicerat: ")[0]
            .title
            .as_ref()
            .unwrap()
            .content,
        format!("Publicerat: {typed}")
    );
    // Not begun: no entry says it is in force.
    assert!(titled(&parsed, &format!("{typed} gäller från")).is_empty());
}
