//! The embed pages and the oEmbed answers.

use super::model::{Embedded, EmbeddedAgreement};
use super::page::EmbedBody;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::language::Asked;
use crate::paths;
use crate::places::model::Named;
use crate::ui::share::{in_language, snippet, EMBED_HEIGHT as HEIGHT, EMBED_WIDTH as WIDTH};
use crate::web::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::problem::{Problem, Problems};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &format!("{}{{slug}}", paths::EMBED_AGREEMENTS),
            get(agreement),
        )
        .route(
            &format!("{}{{code}}", paths::EMBED_MUNICIPALITIES),
            get(municipality),
        )
        .route(paths::OEMBED, get(oembed))
}

/// `/inbaddning/avtal/{slug}`: a published agreement's embed.
async fn agreement(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(language): Query<Asked>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (info, progress) = crate::agreements::db::progress(&state.pool, &slug, state.today())
        .await?
        .ok_or(AppError::NotFound)?;
    let embedded = Embedded::Agreement(EmbeddedAgreement::of(&info, &progress));
    Ok(document(
        embedded,
        language.locale(&headers),
        &state.asset_version,
    ))
}

/// `/inbaddning/kommun/{code}`: a municipality's agreements in force.
async fn municipality(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(language): Query<Asked>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let m = domain::places::municipality(&code).ok_or(AppError::NotFound)?;
    let today = state.today();
    let mut agreements = Vec::new();
    for summary in crate::agreements::db::list(&state.pool).await? {
        let in_force = summary.valid_from <= today && today <= summary.valid_to;
        if !in_force || !summary.municipalities.iter().any(|n| n.code == m.code) {
            continue;
        }
        if let Some((info, progress)) =
            crate::agreements::db::progress(&state.pool, &summary.slug, today).await?
        {
            agreements.push(EmbeddedAgreement::of(&info, &progress));
        }
    }
    let embedded = Embedded::Municipality {
        municipality: Named {
            code: m.code.to_owned(),
            name: m.official_name.to_owned(),
        },
        agreements,
    };
    Ok(document(
        embedded,
        language.locale(&headers),
        &state.asset_version,
    ))
}

/// The embed as a whole HTML document: its own small style sheet and the script that reports its height,
/// no app shell, no WASM, no cookie; any site may frame it.
fn document(embedded: Embedded, locale: Locale, asset_version: &str) -> Response {
    let title = match &embedded {
        Embedded::Agreement(a) => a.title.clone(),
        Embedded::Municipality { municipality, .. } => municipality.name.clone(),
    };
    let style = format!("{}?v={asset_version}", paths::EMBED_STYLE);
    let script = format!("{}?v={asset_version}", paths::EMBED_FRAME_SCRIPT);
    let lang = leptos_i18n::Locale::as_str(locale);
    let html = Owner::new().with(move || {
        view! {
            <html lang=lang>
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <meta name="robots" content="noindex"/>
                    <title>{title}</title>
                    <link rel="stylesheet" href=style/>
                    <script src=script defer></script>
                </head>
                <body>
                    <EmbedBody embedded locale/>
                </body>
            </html>
        }
        .to_html()
    });
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(crate::web::policy::EMBED_CSP),
            ),
        ],
        format!("<!DOCTYPE html>{html}"),
    )
        .into_response()
}

/// The widest an embed is made for.
const MAX_WIDTH: u32 = 1000;

/// `GET /oembed?url=…&format=json[&maxwidth=…&maxheight=…]`.
#[derive(Deserialize)]
struct OembedQuery {
    url: Option<String>,
    format: Option<String>,
    maxwidth: Option<String>,
    maxheight: Option<String>,
}

/// An oEmbed 1.0 answer of type `rich`.
#[derive(Debug, Serialize)]
struct OembedAnswer {
    version: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    provider_name: String,
    provider_url: String,
    html: String,
    width: u32,
    height: u32,
}

/// The embed for one of our agreement or municipality pages: `404` for an address that is not ours or not
/// a published page, `501` for a format other than JSON, `422` for a missing address or a size that is not
/// a whole number.
async fn oembed(
    State(state): State<AppState>,
    Query(query): Query<OembedQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(format) = query.format.as_deref().filter(|f| *f != "json") {
        let mut problems = Problems::default();
        problems.add(
            "format",
            Problem::OneOf {
                options: vec!["json".to_owned()],
            },
        );
        tracing::debug!(format, "oEmbed: format not offered");
        let mut response = AppError::problems(Problem::FixFields, problems).into_response();
        *response.status_mut() = StatusCode::NOT_IMPLEMENTED;
        return Ok(response);
    }
    let mut problems = Problems::default();
    let size = |value: &Option<String>, field: &str, problems: &mut Problems| match value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => None,
        Some(v) => match v.parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                problems.add(field, Problem::NotInteger);
                None
            }
        },
    };
    let max_width = size(&query.maxwidth, "maxwidth", &mut problems);
    let max_height = size(&query.maxheight, "maxheight", &mut problems);
    let url = query.url.as_deref().map(str::trim).unwrap_or("");
    if url.is_empty() {
        problems.add("url", Problem::Missing);
    }
    if !problems.is_empty() {
        return Err(AppError::problems(Problem::FixFields, problems));
    }
    let origin = crate::web::site_origin(state.public_origin.as_deref(), &headers)
        .ok_or(AppError::NotFound)?;
    let path = url
        .strip_prefix(origin.as_str())
        .filter(|p| p.starts_with('/'))
        .and_then(|p| p.split(['?', '#']).next())
        .ok_or(AppError::NotFound)?;
    let (embed_path, title) = if let Some(slug) = path.strip_prefix(paths::AGREEMENTS) {
        let summary = crate::agreements::db::list(&state.pool)
            .await?
            .into_iter()
            .find(|a| a.slug == slug)
            .ok_or(AppError::NotFound)?;
        (paths::embed_agreement(slug), summary.title)
    } else if let Some(code) = path.strip_prefix(paths::MUNICIPALITIES) {
        let m = domain::places::municipality(code).ok_or(AppError::NotFound)?;
        (
            paths::embed_municipality(m.code),
            m.official_name.to_owned(),
        )
    } else {
        return Err(AppError::NotFound);
    };
    // As wide as the host allows, up to what the embed is made for; 640 px when it names no limit.
    let width = max_width.map_or(WIDTH, |max| max.min(MAX_WIDTH));
    let height = max_height.map_or(HEIGHT, |max| max.min(HEIGHT));
    let locale = crate::language::locale_of(&headers);
    let html = snippet(
        &origin,
        &in_language(&embed_path, locale),
        &title,
        width,
        height,
    );
    Ok(Json(OembedAnswer {
        version: "1.0",
        kind: "rich",
        title,
        provider_name: state.publisher.name.clone(),
        provider_url: format!("{origin}/"),
        html,
        width,
        height,
    })
    .into_response())
}
