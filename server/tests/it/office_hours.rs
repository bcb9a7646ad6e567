//! Officers mark office-hour occurrences as held or cancelled: held ones count towards the office-hours
//! activity, once each; an occurrence is never both; bad input changes nothing.

use crate::common::{achieved, spawn_app, TestApp};
use app::db;
use domain::credentials::Role;
use serde_json::Value;

/// A mark's form, the status it must get, and where the answer says why: a field (422) or a key (409).
type MarkCase = (Vec<(&'static str, String)>, u16, &'static str);

const MARK: &str = "/api/v1/office-hours/mark";

/// An admin adds a Tuesday slot (10–12 at the police office) valid from `from` to `to`; its id.
pub async fn tuesday_slot(app: &TestApp, from: &str, to: &str) -> i64 {
    let admin = app.signed_in(&format!("admin-{from}"), Role::Admin).await;
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/office-hours/slots/create",
            &[
                ("place", "Poliskontoret, Sävsjö"),
                ("kind", "office"),
                ("weekday", "2"),
                ("start_time", "10:00"),
                ("end_time", "12:00"),
                ("valid_from", from),
                ("valid_to", to),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    app.scalar("SELECT max(id) FROM office_hour_slots").await
}

async fn mark(app: &TestApp, who: &reqwest::Client, fields: &[(&str, &str)]) -> (u16, Value) {
    app.post_form(who, MARK, fields).await
}

#[tokio::test]
async fn held_occurrences_count_once_and_never_alongside_a_cancellation() {
    let app = spawn_app().await;
    // Within the seeded 2018–2019 agreement, so what is held counts in its office-hours activity.
    let slot = tuesday_slot(&app, "2019-01-01", "2019-12-31").await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let may7 = format!("slot:{slot}:2019-05-07");
    let may14 = format!("slot:{slot}:2019-05-14");
    assert_eq!(achieved(&app, "office_hours").await, 0);

    let held = [("occurrence", may7.as_str()), ("outcome", "held")];
    assert_eq!(mark(&app, &officer, &held).await, (200, Value::Bool(true)));
    assert_eq!(achieved(&app, "office_hours").await, 1);

    // The same mark again (a double tap, a resent form) changes nothing and is not counted again.
    assert_eq!(mark(&app, &officer, &held).await, (200, Value::Bool(false)));
    assert_eq!(achieved(&app, "office_hours").await, 1);
    assert_eq!(app.count("office_hour_held").await, 1);

    // What was held cannot be cancelled afterwards.
    let cancel_held = [
        ("occurrence", may7.as_str()),
        ("outcome", "cancelled"),
        ("reason", "Sjukdom"),
    ];
    let (status, body) = mark(&app, &officer, &cancel_held).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("hållet"),
        "{body}"
    );

    // A cancelled one cannot be held, and does not count.
    let cancel = [
        ("occurrence", may14.as_str()),
        ("outcome", "cancelled"),
        ("reason", "Sjukdom"),
    ];
    assert_eq!(
        mark(&app, &officer, &cancel).await,
        (200, Value::Bool(true))
    );
    let (status, _) = mark(
        &app,
        &officer,
        &[("occurrence", may14.as_str()), ("outcome", "held")],
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(achieved(&app, "office_hours").await, 1);
    assert_eq!(app.count("office_hour_cancellations").await, 1);

    let audited: Vec<String> = db::scalars!(
        &app.pool,
        "SELECT action || ' by ' || actor FROM audit_log WHERE action IN ('office_hours.held', 'office_hours.cancel') ORDER BY id"
    )
    .unwrap();
    assert_eq!(
        audited,
        ["office_hours.held by olle", "office_hours.cancel by olle"]
    );

    // The database keeps the rule too, whoever writes to it.
    let both = db::execute!(
        &app.pool,
        "INSERT INTO office_hour_held (slot_id, date, recorded_by) VALUES ($1, '2019-05-14', 1)",
        slot
    );
    assert!(both.is_err(), "a cancelled occurrence was stored as held");
    let erased = db::execute!(&app.pool, "DELETE FROM office_hour_held");
    assert!(erased.is_err(), "what was held was deleted");
    assert_eq!(
        app::agreements::db::tallies::check(&app.pool)
            .await
            .unwrap(),
        vec![],
        "the tallies agree with the marks"
    );
}

#[tokio::test]
async fn marks_are_refused_with_a_reason_and_change_nothing() {
    let app = spawn_app().await;
    let past = tuesday_slot(&app, "2019-01-01", "2019-12-31").await;
    let future = tuesday_slot(&app, "2099-01-01", "2099-12-31").await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let before = app.count("audit_log").await;

    let cases: Vec<MarkCase> = vec![
        // 2099-01-06 is a Tuesday, but it has not happened.
        (
            vec![
                ("occurrence", format!("slot:{future}:2099-01-06")),
                ("outcome", "held".into()),
            ],
            409,
            "message",
        ),
        // 2019-05-08 is a Wednesday: the slot has no occurrence that day.
        (
            vec![
                ("occurrence", format!("slot:{past}:2019-05-08")),
                ("outcome", "held".into()),
            ],
            422,
            "date",
        ),
        (
            vec![
                ("occurrence", "slot:999:2019-05-07".into()),
                ("outcome", "held".into()),
            ],
            422,
            "slot_id",
        ),
        (
            vec![
                ("occurrence", "extra:999".into()),
                ("outcome", "held".into()),
            ],
            422,
            "extra_id",
        ),
        (
            vec![("occurrence", "tisdag".into()), ("outcome", "held".into())],
            422,
            "occurrence",
        ),
        (
            vec![
                ("occurrence", format!("slot:{past}:2019-05-07")),
                ("outcome", "kanske".into()),
            ],
            422,
            "outcome",
        ),
        (
            vec![
                ("occurrence", format!("slot:{past}:2019-05-07")),
                ("outcome", "cancelled".into()),
                ("reason", "  ".into()),
            ],
            422,
            "reason",
        ),
    ];
    for (fields, expected, field) in cases {
        let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = mark(&app, &officer, &form).await;
        assert_eq!(status, expected, "{form:?}: {body}");
        if expected == 422 {
            assert!(body["fields"][field].is_string(), "{form:?}: {body}");
        } else {
            assert!(body[field].is_string(), "{form:?}: {body}");
        }
    }

    // Only signed-in staff may mark.
    let held = [
        ("occurrence", format!("slot:{past}:2019-05-07")),
        ("outcome", "held".into()),
    ];
    let form: Vec<(&str, &str)> = held.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _) = mark(&app, &app.client, &form).await;
    assert_eq!(status, 401);

    assert_eq!(app.count("office_hour_held").await, 0);
    assert_eq!(app.count("office_hour_cancellations").await, 0);
    assert_eq!(app.count("audit_log").await, before);
}

#[tokio::test]
async fn an_officer_can_cancel_a_coming_extra_and_the_public_sees_it() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let (status, body) = app
        .post_form(
            &admin,
            "/api/v1/admin/office-hours/extras/create",
            &[
                ("place", "Torget, Sävsjö"),
                ("kind", "centre"),
                ("date", "2099-06-01"),
                ("start_time", "18:00"),
                ("end_time", "20:00"),
                ("note", "Marknad"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let extra: i64 = app.scalar("SELECT max(id) FROM office_hour_extras").await;
    let officer = app.signed_in("olle", Role::Officer).await;
    let key = format!("extra:{extra}");
    let (status, body) = mark(
        &app,
        &officer,
        &[
            ("occurrence", &key),
            ("outcome", "cancelled"),
            ("reason", "Oväder"),
        ],
    )
    .await;
    assert_eq!((status, body), (200, Value::Bool(true)));
    let feed = app.text("/office-hours.ics").await;
    let calendar: icalendar::Calendar = feed.parse().expect("the feed parses");
    use icalendar::Component;
    let event = calendar
        .events()
        .find(|e| e.get_uid() == Some(&format!("extra-{extra}@medborgarlofte")))
        .expect("the extra is in the feed");
    assert_eq!(event.property_value("STATUS"), Some("CANCELLED"));
    // And it can no longer be held.
    let (status, _) = mark(&app, &officer, &[("occurrence", &key), ("outcome", "held")]).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn the_schedule_stops_being_called_example_data_once_an_admin_saves_a_slot() {
    let app = spawn_app().await;
    let note = "Exempeldata: tiderna är inte fastställda ännu.";
    let page = crate::common::readable(&app.text("/oppettider").await);
    assert!(page.contains(note), "the seeded schedule is example data");
    tuesday_slot(&app, "2026-01-01", "").await;
    let examples: i64 = app
        .scalar("SELECT count(*) FROM office_hour_slots WHERE example")
        .await;
    assert!(
        examples > 0,
        "the seeded slots are still marked for the admin"
    );
    let page = crate::common::readable(&app.text("/oppettider").await);
    assert!(
        !page.contains(note),
        "an admin's slot makes the schedule theirs"
    );
}
