//! The open-data API, health and the hardening every response gets.

use crate::common::spawn_app;
use serde_json::Value;

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

#[tokio::test]
async fn agreements_are_listed_with_the_documented_fields() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/agreements").await;
    assert_eq!(status, 200);
    let list = body.as_array().expect("a list");
    assert_eq!(list.len(), 1);
    assert_eq!(
        keys(&list[0]),
        [
            "county",
            "municipalities",
            "municipality",
            "police_area",
            "slug",
            "title",
            "valid_from",
            "valid_to"
        ]
    );
    assert_eq!(list[0]["slug"], "savsjo-2018-2019");
    assert_eq!(list[0]["municipality"], "Sävsjö kommun");
    assert_eq!(list[0]["valid_from"], "2018-04-10");
    assert_eq!(list[0]["valid_to"], "2020-04-09");
}

#[tokio::test]
async fn progress_has_the_documented_shape_and_targets() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/v1/agreements/savsjo-2018-2019/progress")
        .await;
    assert_eq!(status, 200);
    assert_eq!(keys(&body), ["as_of", "promises", "slug", "title"]);
    assert_eq!(body["title"], "Medborgarlöfte i Sävsjö kommun 2018-2019");
    assert!(chrono::NaiveDate::parse_from_str(body["as_of"].as_str().unwrap(), "%Y-%m-%d").is_ok());

    let promises = body["promises"].as_array().unwrap();
    assert_eq!(promises.len(), 2);
    assert_eq!(keys(&promises[0]), ["activities", "id", "text"]);
    let activities: Vec<&Value> = promises
        .iter()
        .flat_map(|p| p["activities"].as_array().unwrap())
        .collect();
    assert_eq!(activities.len(), 4);
    for a in &activities {
        assert_eq!(
            keys(a),
            [
                "achieved",
                "cadence",
                "id",
                "measure",
                "owner",
                "periods",
                "target",
                "text",
                "unit",
                "unit_singular"
            ],
            "{a}"
        );
        assert!(
            a["unit"].is_null(),
            "only `count` activities name a unit: {a}"
        );
    }
    let by_measure = |m: &str| *activities.iter().find(|a| a["measure"] == m).unwrap();

    let ops = by_measure("targeted_operation");
    assert_eq!(
        (ops["target"].as_u64(), ops["achieved"].as_u64()),
        (Some(15), Some(0))
    );
    assert_eq!(ops["cadence"], "period");
    let periods = ops["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 1);
    assert_eq!(
        keys(&periods[0]),
        ["achieved", "expected", "from", "pace", "target", "to"]
    );
    // The period has ended with none of the fifteen: all were expected, and it is behind.
    assert_eq!(
        (periods[0]["expected"].as_u64(), periods[0]["pace"].as_str()),
        (Some(15), Some("behind"))
    );
    assert_eq!(
        (periods[0]["from"].as_str(), periods[0]["to"].as_str()),
        (Some("2018-04-10"), Some("2020-04-09"))
    );

    let meetings = by_measure("collaboration_meeting");
    assert_eq!(
        (meetings["target"].as_u64(), meetings["cadence"].as_str()),
        (Some(4), Some("calendar_year"))
    );
    let years: Vec<(&str, &str)> = meetings["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["from"].as_str().unwrap(), p["to"].as_str().unwrap()))
        .collect();
    assert_eq!(
        years,
        [
            ("2018-04-10", "2018-12-31"),
            ("2019-01-01", "2019-12-31"),
            ("2020-01-01", "2020-04-09")
        ]
    );

    assert!(by_measure("office_hours")["target"].is_null());
    assert!(by_measure("youths_identified")["target"].is_null());
}

#[tokio::test]
async fn an_unknown_agreement_is_a_json_404() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/agreements/no-such-thing/progress",
        "/api/v1/agreements/%00%ff/progress",
    ] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"], "not_found", "{path}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    app.pool.close().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 503);
}

#[tokio::test]
async fn english_is_a_choice_kept_in_a_cookie_and_swedish_the_default() {
    let app = spawn_app().await;
    let visitor = crate::common::browser();
    let page = |path: &'static str| {
        let (app, visitor) = (&app, &visitor);
        async move {
            let res = visitor
                .get(app.url(path))
                // An English-speaking browser still gets Swedish until the visitor chooses otherwise.
                .header("accept-language", "en-US,en;q=0.9")
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{path}");
            res.text().await.unwrap()
        }
    };
    let html = page("/oppettider").await;
    assert!(html.contains(r#"<html lang="sv""#), "Swedish by default");
    assert!(
        html.contains(r#"href="/sprak/en/oppettider""#),
        "the switch comes back here"
    );

    let res = visitor
        .get(app.url("/sprak/en/oppettider"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/oppettider");
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("i18n_pref_locale=en;") && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );

    let html = page("/oppettider").await;
    assert!(html.contains(r#"<html lang="en""#), "English once chosen");
    assert!(html.contains("Meet the police"));
    assert!(
        html.contains(r#"href="/sprak/sv/oppettider""#),
        "and the way back"
    );

    // Unknown languages and redirects off the site are refused.
    let status = |path: &'static str| {
        let (app, visitor) = (&app, &visitor);
        async move {
            let res = visitor.get(app.url(path)).send().await.unwrap();
            (
                res.status().as_u16(),
                res.headers().get("location").cloned(),
            )
        }
    };
    assert_eq!(status("/sprak/de/oppettider").await.0, 404);
    let (code, location) = status("/sprak/sv//evil.example").await;
    assert_eq!(
        (code, location.unwrap().to_str().unwrap()),
        (303, "/evil.example")
    );
}

#[tokio::test]
async fn the_public_page_is_rendered_on_the_server_in_swedish() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<html lang="sv""#), "lang");
    for text in [
        "Sävsjö kommun",
        "Lokalpolisområde Högländet",
        "10 april 2018",
        "9 april 2020",
        "Öka den polisiära tillgängligheten och servicen.",
        "0 av 15 riktade insatser",
        "2019 (1 jan–31 dec): 0 av 4 samverkansmöten",
    ] {
        assert!(html.contains(text), "the page lacks {text:?}");
    }
    let res = app
        .client
        .get(app.url("/avtal/savsjo-2018-2019"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .get(app.url("/avtal/finns-inte"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Sidan finns inte"));
    // A path no route has, and no file of the site: the same page, with a page's policy.
    let res = app
        .client
        .get(app.url("/finns/inte.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("'nonce-"));
    assert!(res.text().await.unwrap().contains("Sidan finns inte"));
    let res = app
        .client
        .post(app.url("/finns/inte"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "any method on an unknown path");
}

#[tokio::test]
async fn pages_carry_a_nonce_policy_and_every_response_the_security_headers() {
    let app = spawn_app().await;
    // A page rendered per request (pages kept for everyone carry no script; see cache.rs).
    let page = app.client.get(app.url("/logga-in")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = page.text().await.unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce in the policy");
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the policy's nonce"
    );
    assert!(
        csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    let second = app.client.get(app.url("/logga-in")).send().await.unwrap();
    assert_ne!(
        second.headers()["content-security-policy"]
            .to_str()
            .unwrap(),
        csp,
        "a new nonce per response"
    );

    for path in ["/", "/api/v1/agreements", "/healthz"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    for encoding in ["br", "gzip"] {
        let res = app
            .client
            .get(app.url("/"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-encoding"], encoding);
    }
}

#[tokio::test]
async fn bad_requests_get_4xx_and_never_5xx() {
    let app = spawn_app().await;
    // A body over the limit is refused from its announced length, before it is read. The answer can come
    // while a client is still uploading (and the connection then closes), so this speaks HTTP directly:
    // announce 3 MiB, send none of it, and read the answer.
    let status_line = {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let host = app.address.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
        let request = format!(
            "POST /api/v1/session HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            3 * 1024 * 1024
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = vec![0; 64];
        let n = stream.read(&mut answer).await.unwrap();
        String::from_utf8_lossy(&answer[..n])
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(status_line, "HTTP/1.1 413 Payload Too Large");

    let cases: &[(&str, &str, &str)] = &[
        ("POST", "/api/v1/session", "{"),
        ("POST", "/api/v1/session", "[]"),
        (
            "POST",
            "/api/v1/session",
            r#"{"username": 5, "password": []}"#,
        ),
        ("POST", "/api/v1/session", "\u{0}\u{1}"),
        ("POST", "/api/v1/users", "{"),
        ("GET", "/api/v1/agreements/%E2%82/progress", ""),
        ("GET", "/nonexistent/../../etc/passwd", ""),
        ("DELETE", "/api/v1/agreements", ""),
        ("POST", "/api/login", "username=&password="),
    ];
    for (method, path, body) in cases {
        let res = app
            .client
            .request(method.parse().unwrap(), app.url(path))
            .header("content-type", "application/json")
            .body(*body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let answer = res.text().await.unwrap_or_default();
        assert!(
            (400..500).contains(&status),
            "{method} {path} {body:?} gave {status}: {answer}"
        );
    }
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400, "JSON without its content type");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "malformed");
}
