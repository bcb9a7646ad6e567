//! The promise on other sites: embed pages that any site may frame (and no other page), without cookies or
//! WASM, and oEmbed answers for our published pages.

use crate::common::{period_in_force, published_copy_titled, spawn_app, TestApp};
use domain::credentials::Role;

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

/// An admin copies the seed to `utkast`, which stays unpublished.
async fn draft(app: &TestApp, admin: &reqwest::Client) {
    let (status, body) = app
        .post_form(
            admin,
            "/api/v1/admin/agreements/copy",
            &[
                ("id", "1"),
                ("slug", "utkast"),
                ("valid_from", "2030-01-01"),
                ("valid_to", "2030-12-31"),
            ],
        )
        .await;
    assert!((200..400).contains(&status), "{status} {body}");
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    res.headers().get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn embeds_may_be_framed_by_any_site_and_set_no_cookie_and_no_other_page_may_be_framed() {
    let app = spawn_app().await;
    for path in [
        "/inbaddning/avtal/savsjo-2018-2019",
        "/inbaddning/avtal/savsjo-2018-2019?lang=en",
        "/inbaddning/kommun/0684",
    ] {
        // Twice: rendered, then from the page cache.
        for _ in 0..2 {
            let res = get(&app, path).await;
            assert_eq!(res.status(), 200, "{path}");
            let csp = header(&res, "content-security-policy")
                .unwrap_or_default()
                .to_owned();
            assert!(csp.contains("frame-ancestors *"), "{path}: {csp}");
            assert!(!csp.contains("wasm"), "{path}: no WebAssembly: {csp}");
            assert_eq!(header(&res, "x-frame-options"), None, "{path}");
            assert!(
                res.headers().get("set-cookie").is_none(),
                "{path}: no cookie"
            );
            let body = res.text().await.unwrap();
            assert!(
                body.contains("/embed-frame.js"),
                "{path}: the height script"
            );
            assert!(!body.contains("/pkg/"), "{path}: no app bundle");
            assert!(
                body.contains("target=\"_blank\""),
                "{path}: links leave the frame"
            );
        }
    }
    let swedish = app.text("/inbaddning/avtal/savsjo-2018-2019").await;
    assert!(
        swedish.contains("Medborgarlöfte i Sävsjö kommun")
            && swedish.contains("Hela medborgarlöftet")
    );
    assert!(swedish.contains("av 15 riktade insatser"), "{swedish}");
    let english = app.text("/inbaddning/avtal/savsjo-2018-2019?lang=en").await;
    assert!(english.contains("The whole citizen promise") && english.contains("lang=\"en\""));
    let municipality = app.text("/inbaddning/kommun/0684").await;
    assert!(municipality.contains("Sävsjö kommun"));
    assert!(
        municipality.contains("Inget medborgarlöfte gäller nu"),
        "the seed ended in 2020"
    );

    // Not found, and then not frameable either.
    for path in [
        "/inbaddning/avtal/finns-inte",
        "/inbaddning/kommun/9999",
        "/inbaddning/kommun/Sävsjö",
    ] {
        let res = get(&app, path).await;
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(header(&res, "x-frame-options"), Some("DENY"), "{path}");
    }
    // An agreement that is not published has no embed.
    let admin = app.signed_in("nora", Role::Admin).await;
    draft(&app, &admin).await;
    assert_eq!(get(&app, "/inbaddning/avtal/utkast").await.status(), 404);

    // Every other kind of answer refuses frames: pages (kept and not), the not-found page, open data,
    // feeds, files, the API and a redirect.
    for path in [
        "/",
        "/avtal/savsjo-2018-2019",
        "/kommun/0684",
        "/oppettider",
        "/logga-in",
        "/finns-inte",
        "/api/v1/agreements",
        "/office-hours.ics",
        "/dcat.rdf",
        "/feeds/all.atom",
        "/oembed?url=x",
        "/embed.js",
        "/embed.css",
        "/admin",
    ] {
        for _ in 0..2 {
            let res = get(&app, path).await;
            assert_eq!(header(&res, "x-frame-options"), Some("DENY"), "{path}");
            if let Some(csp) = header(&res, "content-security-policy") {
                assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            }
        }
    }
    for path in [
        "/",
        "/avtal/savsjo-2018-2019",
        "/api/v1/agreements",
        "/feeds/all.atom",
    ] {
        let res = get(&app, path).await;
        assert!(
            header(&res, "content-security-policy").is_some(),
            "{path} has a policy"
        );
    }
}

#[tokio::test]
async fn oembed_answers_for_our_published_pages_and_refuses_everything_else() {
    let app = spawn_app().await;
    let origin = app.address.clone();
    let ask = |url: String, extra: &str| {
        let query: String = form_urlencoded_pair("url", &url);
        format!("/oembed?{query}{extra}")
    };
    let (status, answer) = app
        .get_json(&ask(
            format!("{origin}/avtal/savsjo-2018-2019"),
            "&format=json",
        ))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (answer["version"].as_str(), answer["type"].as_str()),
        (Some("1.0"), Some("rich"))
    );
    assert_eq!(
        (answer["width"].as_u64(), answer["height"].as_u64()),
        (Some(640), Some(480))
    );
    assert_eq!(answer["title"], "Medborgarlöfte i Sävsjö kommun 2018-2019");
    let html = answer["html"].as_str().unwrap();
    assert!(
        html.contains(&format!(
            "src=\"{origin}/inbaddning/avtal/savsjo-2018-2019\""
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("<script src=\"{origin}/embed.js\"")),
        "{html}"
    );
    assert!(
        html.contains("data-lofte-embed") && html.contains("height=\"480\""),
        "{html}"
    );

    // The host's limits are honoured; no format is JSON too.
    let (status, small) = app
        .get_json(&ask(
            format!("{origin}/kommun/0684"),
            "&maxwidth=400&maxheight=300",
        ))
        .await;
    assert_eq!(status, 200, "{small}");
    assert_eq!(
        (small["width"].as_u64(), small["height"].as_u64()),
        (Some(400), Some(300))
    );
    assert!(small["html"]
        .as_str()
        .unwrap()
        .contains("/inbaddning/kommun/0684"));
    let (_, wide) = app
        .get_json(&ask(format!("{origin}/kommun/0684"), "&maxwidth=5000"))
        .await;
    assert_eq!(
        wide["width"].as_u64(),
        Some(1000),
        "no wider than the embed is made for"
    );

    // Refused: not ours, not a page with an embed, not published, unknown; another format; bad input.
    let admin = app.signed_in("nora", Role::Admin).await;
    draft(&app, &admin).await;
    for url in [
        "http://example.org/avtal/savsjo-2018-2019".to_owned(),
        format!("{origin}/avtal/finns-inte"),
        format!("{origin}/avtal/utkast"),
        format!("{origin}/kommun/9999"),
        format!("{origin}/oppettider"),
        format!("{origin}/"),
    ] {
        let (status, body) = app.get_json(&ask(url.clone(), "")).await;
        assert_eq!(status, 404, "{url}: {body}");
    }
    let (status, body) = app
        .get_json(&ask(
            format!("{origin}/avtal/savsjo-2018-2019"),
            "&format=xml",
        ))
        .await;
    assert_eq!(status, 501, "{body}");
    assert_eq!(body["problems"]["format"]["code"], "one_of");
    let (status, body) = app.get_json("/oembed?format=json").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["problems"]["url"]["code"], "missing");
    let (status, body) = app
        .get_json(&ask(format!("{origin}/kommun/0684"), "&maxwidth=bred"))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["problems"]["maxwidth"]["code"], "not_integer");
}

/// `name=value`, the value percent-encoded as a query wants it.
fn form_urlencoded_pair(name: &str, value: &str) -> String {
    let encoded: String = value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{name}={encoded}")
}

#[tokio::test]
async fn pages_announce_their_embed_and_feed_and_give_the_code_with_typed_text_escaped() {
    let app = spawn_app().await;
    let admin = app.signed_in("nora", Role::Admin).await;
    let (from, to) = period_in_force();
    let typed = "Löftet <b>\"fett\"</b> & co";
    published_copy_titled(&app, &admin, "typat", "0684", &from, &to, typed).await;

    let page = app.text("/avtal/typat").await;
    assert!(
        page.contains("type=\"application/json+oembed\""),
        "oEmbed discovery"
    );
    assert!(
        page.contains("/oembed?url=http%3A%2F%2F127.0.0.1%3A"),
        "an absolute page address"
    );
    assert!(
        page.contains("type=\"application/atom+xml\"")
            && page.contains("href=\"/feeds/agreements/typat.atom\"")
    );
    assert!(
        page.contains("Bädda in på er webbplats")
            && page.contains("src=\"/inbaddning/avtal/typat\"")
    );
    assert!(
        !page.contains("<b>\"fett\"</b>"),
        "typed text never becomes markup"
    );
    let municipality = app.text("/kommun/0684").await;
    assert!(
        municipality.contains("/feeds/municipalities/0684.atom")
            && municipality.contains("/inbaddning/kommun/0684")
    );

    let origin = app.address.clone();
    let (status, answer) = app
        .get_json(&format!(
            "/oembed?{}",
            form_urlencoded_pair("url", &format!("{origin}/avtal/typat"))
        ))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["title"], typed);
    let html = answer["html"].as_str().unwrap();
    assert!(
        html.contains("title=\"Löftet &lt;b&gt;&quot;fett&quot;&lt;/b&gt; &amp; co\""),
        "{html}"
    );
    let embed = app.text("/inbaddning/avtal/typat").await;
    assert!(
        !embed.contains("<b>\"fett\"</b>") && embed.contains("&lt;b&gt;"),
        "{embed}"
    );
}
