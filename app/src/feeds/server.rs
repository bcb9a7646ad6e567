//! The feeds as Atom documents, in the reader's language (`?lang=en`, else the language cookie).

use super::db::{self, FeedAgreement};
use super::model::{Event, FeedEntry};
use crate::error::AppError;
use crate::i18n::{td_string, Locale};
use crate::language::Asked;
use crate::paths;
use crate::ui::share::in_language;
use crate::web::AppState;
use crate::words::names::{self, fill};
use atom_syndication::{Entry, Feed, Link, Person, Text};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::FEED_ALL, get(all))
        .route(
            &format!("{}{{file}}", paths::FEED_AGREEMENTS),
            get(agreement),
        )
        .route(
            &format!("{}{{file}}", paths::FEED_MUNICIPALITIES),
            get(municipality),
        )
}

/// `/feeds/all.atom`: every published agreement.
async fn all(
    State(state): State<AppState>,
    Query(language): Query<Asked>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let locale = language.locale(&headers);
    let agreements = db::published(&state.pool).await?;
    let title = td_string!(locale, embed.feed_all).to_owned();
    answer(
        &state,
        &headers,
        locale,
        Scope {
            key: "feed:all".to_owned(),
            within: None,
            title,
            page: paths::HOME.to_owned(),
            feed: paths::FEED_ALL.to_owned(),
        },
        &agreements,
    )
    .await
}

/// `/feeds/agreements/{slug}.atom`: one published agreement.
async fn agreement(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(language): Query<Asked>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let slug = file.strip_suffix(paths::ATOM).ok_or(AppError::NotFound)?;
    let locale = language.locale(&headers);
    let agreements: Vec<FeedAgreement> = db::published(&state.pool)
        .await?
        .into_iter()
        .filter(|a| a.slug == slug)
        .collect();
    let a = agreements.first().ok_or(AppError::NotFound)?;
    let scope = Scope {
        key: format!("feed:agreement:{}", a.id),
        within: None,
        title: a.title.clone(),
        page: paths::agreement(&a.slug),
        feed: paths::feed_agreement(&a.slug),
    };
    answer(&state, &headers, locale, scope, &agreements).await
}

/// `/feeds/municipalities/{code}.atom`: the published agreements that name the municipality.
async fn municipality(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(language): Query<Asked>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let code = file.strip_suffix(paths::ATOM).ok_or(AppError::NotFound)?;
    let m = domain::places::municipality(code).ok_or(AppError::NotFound)?;
    let locale = language.locale(&headers);
    let agreements: Vec<FeedAgreement> = db::published(&state.pool)
        .await?
        .into_iter()
        .filter(|a| a.municipalities.iter().any(|c| c == m.code))
        .collect();
    let scope = Scope {
        key: format!("feed:municipality:{}", m.code),
        within: Some(m.code.to_owned()),
        title: fill(
            td_string!(locale, embed.feed_municipality),
            &[("name", &m.official_name)],
        ),
        page: paths::municipality(m.code),
        feed: paths::feed_municipality(m.code),
    };
    answer(&state, &headers, locale, scope, &agreements).await
}

/// Which feed: its ledger key, title, page and own address.
struct Scope {
    key: String,
    /// The municipality whose agreements these are, if the feed is one municipality's.
    within: Option<String>,
    title: String,
    page: String,
    feed: String,
}

/// The feed of `agreements` as an Atom document: the latest `ENTRIES` by `updated`, each with its lasting
/// id.
async fn answer(
    state: &AppState,
    headers: &HeaderMap,
    locale: Locale,
    scope: Scope,
    agreements: &[FeedAgreement],
) -> Result<Response, AppError> {
    let origin = crate::web::site_origin(state.public_origin.as_deref(), headers)
        .ok_or(AppError::NotFound)?;
    let today = state.today();
    let candidates = db::entries(&state.pool, agreements, today, scope.within.as_deref()).await?;
    // Newest first by when they happened; a few more than are shown, as a changed older one may move up.
    let mut settled = Vec::new();
    for entry in candidates.into_iter().take(super::ENTRIES * 2) {
        let ledger = db::settle(&state.pool, &entry.key, &entry.content(), entry.at).await?;
        settled.push((ledger, entry));
    }
    settled.sort_by(|(a, _), (b, _)| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    settled.truncate(super::ENTRIES);
    let me = db::settle(&state.pool, &scope.key, "", chrono::Utc::now()).await?;
    let updated = settled
        .iter()
        .map(|(s, _)| s.updated)
        .max()
        .unwrap_or(me.updated);

    let link = |href: String, rel: &str, mime: &str| {
        let mut link = Link::default();
        link.set_href(href);
        link.set_rel(rel);
        link.set_mime_type(Some(mime.to_owned()));
        link
    };
    let self_href = format!("{origin}{}", in_language(&scope.feed, locale));
    let mut author = Person::default();
    author.set_name(state.publisher.name.clone());
    let mut feed = Feed::default();
    feed.set_id(format!("urn:uuid:{}", me.id));
    feed.set_title(Text::plain(scope.title));
    feed.set_updated(updated.fixed_offset());
    feed.set_lang(Some(leptos_i18n::Locale::as_str(locale).to_owned()));
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(self_href, "self", "application/atom+xml"),
        link(format!("{origin}{}", scope.page), "alternate", "text/html"),
    ]);
    feed.set_entries(
        settled
            .into_iter()
            .map(|(ledger, entry)| {
                let (title, text) = words(locale, &entry);
                let mut e = Entry::default();
                e.set_id(format!("urn:uuid:{}", ledger.id));
                e.set_title(Text::plain(title));
                e.set_updated(ledger.updated.fixed_offset());
                e.set_published(Some(entry.at.fixed_offset()));
                e.set_summary(Some(Text::plain(text)));
                e.set_links(vec![link(
                    format!("{origin}{}", paths::agreement(&entry.slug)),
                    "alternate",
                    "text/html",
                )]);
                e
            })
            .collect::<Vec<_>>(),
    );
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response())
}

/// An entry's title and text in `locale`.
fn words(locale: Locale, entry: &FeedEntry) -> (String, String) {
    let date = |d: &chrono::NaiveDate| names::short_date(locale, *d);
    let title = &entry.title;
    match &entry.event {
        Event::Published { from, to } => (
            fill(
                td_string!(locale, embed.published_title),
                &[("title", title)],
            ),
            fill(
                td_string!(locale, embed.published_text),
                &[("from", &date(from)), ("to", &date(to))],
            ),
        ),
        Event::InForce { from, to } => (
            fill(
                td_string!(locale, embed.in_force_title),
                &[("title", title), ("from", &date(from))],
            ),
            fill(
                td_string!(locale, embed.in_force_text),
                &[("from", &date(from)), ("to", &date(to))],
            ),
        ),
        Event::Reached {
            activity,
            measure,
            unit,
            achieved,
            target,
            from,
            to,
            day,
        } => (
            fill(
                td_string!(locale, embed.reached_title),
                &[("activity", activity)],
            ),
            fill(
                td_string!(locale, embed.reached_text),
                &[
                    (
                        "figure",
                        &names::of_target(locale, *achieved, *target, *measure, unit.as_deref()),
                    ),
                    ("from", &date(from)),
                    ("to", &date(to)),
                    ("day", &date(day)),
                ],
            ),
        ),
        Event::Cancelled {
            place,
            day,
            start,
            end,
            reason,
        } => (
            fill(
                td_string!(locale, embed.cancelled_title),
                &[("place", place), ("day", &date(day))],
            ),
            fill(
                td_string!(locale, embed.cancelled_text),
                &[
                    ("place", place),
                    ("day", &date(day)),
                    ("start", start),
                    ("end", end),
                    ("reason", reason),
                ],
            ),
        ),
        Event::Operations {
            day,
            operations,
            checked,
            under_21,
            offences,
        } => (
            fill(
                td_string!(locale, embed.operations_title),
                &[("day", &date(day))],
            ),
            fill(
                td_string!(locale, embed.operations_text),
                &[
                    ("operations", operations),
                    ("checked", checked),
                    ("under_21", &names::count(locale, *under_21)),
                    ("offences", offences),
                ],
            ),
        ),
    }
}
