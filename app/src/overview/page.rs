//! The front page (one agreement, or the national overview with its search), and the municipality and
//! county pages.

use super::model::{
    AgreementGlance, CountyAgreements, CountyPageData, FrontPageData, MunicipalityPageData,
    Overview,
};
use super::server::{county_page, front_page, municipality_page};
use crate::i18n::{td, td_string, use_i18n};
use crate::paths;
use crate::ui::loaded;
use crate::ui::share::{AnnounceEmbed, AnnounceFeed, EmbedCode, FeedLink};
use crate::words::names::{self, short_date};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/`: the agreement in force, or the national overview when several are.
#[component]
pub fn FrontPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("kommun"), front_page);
    let locale = use_i18n().get_locale_untracked();
    view! {
        {loaded(data, td_string!(locale, agreement.loading), |page| match page {
            FrontPageData::One(page) => view! { <crate::agreements::page::Agreement page/> }.into_any(),
            FrontPageData::Overview(overview) => view! { <OverviewView overview/> }.into_any(),
        })}
    }
}

#[component]
fn OverviewView(overview: Overview) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let Overview {
        as_of,
        counties,
        search,
    } = overview;
    view! {
        <Title text=td_string!(locale, overview.title).to_string()/>
        <AnnounceFeed feed_path=paths::FEED_ALL.to_owned() title=td_string!(locale, overview.title).to_owned()/>
        <article class="overview">
            <header class="hero">
                <h1>{td!(locale, overview.title)}</h1>
                <p>{td!(locale, overview.intro)}</p>
                <form method="get" action=paths::HOME class="inline" role="search">
                    <label for="kommun">{td!(locale, overview.search_label)}</label>
                    <input id="kommun" name="kommun" type="search" autocomplete="off"
                        value=search.as_ref().map(|s| s.text.clone()).unwrap_or_default()/>
                    <button type="submit">{td!(locale, overview.search)}</button>
                </form>
                {search.map(|s| if s.found.is_empty() {
                    view! { <p role="status">{td!(locale, overview.none_found, text = s.text.clone())}</p> }.into_any()
                } else {
                    view! {
                        <div role="status">
                            <p>{td!(locale, overview.several_found)}</p>
                            <ul>{s.found.into_iter().map(|m| view! {
                                <li><a href=paths::municipality(&m.code)>{m.name}</a></li>
                            }).collect_view()}</ul>
                        </div>
                    }.into_any()
                })}
            </header>
            {counties.into_iter().map(|c| view! { <County county=c/> }).collect_view()}
            <p class="as-of">{td!(locale, overview.as_of, date = short_date(locale, as_of))}</p>
            <FeedLink feed_path=paths::FEED_ALL.to_owned()/>
        </article>
    }
}

/// A county's municipalities with their agreements, under the county's name.
#[component]
fn County(county: CountyAgreements, #[prop(optional)] heading_level_one: bool) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let id = format!("lan-{}", county.county.code);
    let name = county.county.name.clone();
    let heading = if heading_level_one {
        view! { <h1 id=id.clone()>{name}</h1> }.into_any()
    } else {
        view! { <h2 id=id.clone()><a href=paths::county(&county.county.code)>{name}</a></h2> }
            .into_any()
    };
    view! {
        <section class="card county" aria-labelledby=id>
            {heading}
            <ul class="municipalities">
                {county.municipalities.into_iter().map(|m| view! {
                    <li>
                        <a href=paths::municipality(&m.municipality.code)>{m.municipality.name.clone()}</a>
                        {if m.agreements.is_empty() {
                            view! { <span class="hint">" – " {td!(locale, overview.none_in_force)}</span> }.into_any()
                        } else {
                            view! {
                                <ul class="glances">
                                    {m.agreements.into_iter().map(|a| view! { <GlanceItem agreement=a/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One agreement: its title as a link, its period, and its activities' state written out.
#[component]
fn GlanceItem(agreement: AgreementGlance) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <li>
            <a href=paths::agreement(&agreement.slug)>{agreement.title.clone()}</a>
            " " <span class="hint">{short_date(locale, agreement.valid_from)} "–" {short_date(locale, agreement.valid_to)}</span>
            <p class="glance">{names::glance(locale, agreement.glance)}</p>
        </li>
    }
}

/// `/kommun/{code}`.
#[component]
pub fn MunicipalityPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        municipality_page,
    );
    let locale = use_i18n().get_locale_untracked();
    view! {
        {loaded(data, td_string!(locale, agreement.loading), |page| view! { <Municipality page/> })}
    }
}

#[component]
fn Municipality(page: MunicipalityPageData) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let MunicipalityPageData {
        municipality,
        county,
        agreements,
        police_areas,
    } = page;
    let (current, past): (Vec<_>, Vec<_>) = agreements.into_iter().partition(|a| a.in_force);
    view! {
        <Title text=municipality.name.clone()/>
        <AnnounceEmbed page_path=paths::municipality(&municipality.code) title=municipality.name.clone()/>
        <AnnounceFeed feed_path=paths::feed_municipality(&municipality.code) title=municipality.name.clone()/>
        <article class="place">
            <header class="hero">
                <p class="eyebrow"><a href=paths::county(&county.code)>{county.name.clone()}</a></p>
                <h1>{municipality.name.clone()}</h1>
            </header>
            <section class="card" aria-labelledby="current">
                <h2 id="current">{td!(locale, overview.in_force)}</h2>
                {if current.is_empty() {
                    view! { <p>{td!(locale, overview.none_in_force)}</p> }.into_any()
                } else {
                    view! { <ul class="glances">{current.into_iter().map(|a| view! { <GlanceItem agreement=a/> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            {(!past.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="past">
                    <h2 id="past">{td!(locale, overview.past)}</h2>
                    <ul class="glances">{past.into_iter().map(|a| view! { <GlanceItem agreement=a/> }).collect_view()}</ul>
                </section>
            })}
            {(!police_areas.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="meet">
                    <h2 id="meet">{td!(locale, overview.meet_police)}</h2>
                    <ul>{police_areas.into_iter().map(|a| view! {
                        <li><a href=paths::office_hours_area(&a.slug)>{a.name}</a></li>
                    }).collect_view()}</ul>
                </section>
            })}
            <FeedLink feed_path=paths::feed_municipality(&municipality.code)/>
            <EmbedCode embed_path=paths::embed_municipality(&municipality.code) title=municipality.name.clone()/>
        </article>
    }
}

/// `/lan/{code}`.
#[component]
pub fn CountyPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        county_page,
    );
    let locale = use_i18n().get_locale_untracked();
    view! {
        {loaded(data, td_string!(locale, agreement.loading), |page: CountyPageData| view! {
            <Title text=page.county.county.name.clone()/>
            <article class="place">
                <County county=page.county heading_level_one=true/>
            </article>
        })}
    }
}
