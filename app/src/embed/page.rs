//! The embed's content. (The code to paste for it, shown on the agreement's and municipality's pages, is
//! `ui::share`'s.)

use super::model::{Embedded, EmbeddedAgreement};
use crate::i18n::{td_string, Locale};
use crate::paths;
use crate::words::names;
use leptos::prelude::*;

/// What an embed page shows, in `locale`. Every link opens the full page outside the frame.
#[component]
pub fn EmbedBody(embedded: Embedded, locale: Locale) -> impl IntoView {
    match embedded {
        Embedded::Agreement(agreement) => view! {
            <main><AgreementBlock agreement locale nested=false/></main>
        }
        .into_any(),
        Embedded::Municipality {
            municipality,
            agreements,
        } => view! {
            <main>
                <h1>
                    <a href=paths::municipality(&municipality.code) target="_blank" rel="noopener">
                        {municipality.name.clone()}
                    </a>
                </h1>
                {if agreements.is_empty() {
                    view! { <p>{td_string!(locale, embed.none_in_force)}</p> }.into_any()
                } else {
                    agreements
                        .into_iter()
                        .map(|agreement| view! { <section><AgreementBlock agreement locale nested=true/></section> })
                        .collect_view()
                        .into_any()
                }}
            </main>
        }
        .into_any(),
    }
}

/// One agreement: its title (a link), period, state at a glance, and each activity with a target by its
/// current span.
#[component]
fn AgreementBlock(agreement: EmbeddedAgreement, locale: Locale, nested: bool) -> impl IntoView {
    let href = paths::agreement(&agreement.slug);
    let title =
        view! { <a href=href.clone() target="_blank" rel="noopener">{agreement.title.clone()}</a> };
    let heading = if nested {
        view! { <h2>{title}</h2> }.into_any()
    } else {
        view! { <h1>{title}</h1> }.into_any()
    };
    view! {
        {heading}
        <p class="hint">
            {names::short_date(locale, agreement.valid_from)} "–" {names::short_date(locale, agreement.valid_to)}
            {agreement.example.then(|| view! { " " <span class="badge">{td_string!(locale, embed.example)}</span> })}
        </p>
        <p>{names::glance(locale, agreement.glance)}</p>
        <ul>
            {agreement.activities.into_iter().map(|a| {
                let target = a.span.target.unwrap_or(0);
                let figure = names::of_target(locale, a.span.achieved, target, a.measure, a.unit.as_deref());
                let pace = a.span.pace;
                view! {
                    <li>
                        <div class="activity">
                            <span>{a.text}</span>
                            <span class=format!("figure pace-{}", pace.map_or("none", |p| p.as_str()))>{figure.clone()}</span>
                        </div>
                        <progress max=target value=a.span.achieved.min(target) aria-label=figure></progress>
                        {pace.map(|p| view! { <span class="hint">{names::pace(locale, p)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <p class="more">
            <a href=href target="_blank" rel="noopener">{td_string!(locale, embed.full_page)}</a>
            " · " {td_string!(locale, embed.as_of)} " " {names::short_date(locale, agreement.as_of)}
        </p>
    }
}
