//! The accessibility statement (tillgänglighetsredogörelse) that Swedish law (DOS-lagen, 2018:1937) asks of
//! public-sector websites, with where to report problems.

use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

/// The configured e-mail address for reporting problems, if any.
/// The public addresses of this feature whose response the page cache may keep.
#[cfg(feature = "ssr")]
pub const CACHEABLE: &[crate::web::cache::Cacheable] =
    &[crate::web::cache::Cacheable::Path(crate::paths::STATEMENT)];

#[server]
pub async fn accessibility_contact() -> Result<Option<String>, AppError> {
    let contact = crate::web::app_state()?.accessibility_contact;
    Ok((!contact.is_empty()).then(|| contact.to_string()))
}

#[component]
pub fn StatementPage() -> impl IntoView {
    let contact = Resource::new(|| (), |_| accessibility_contact());
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, statement.title).to_string()/>
        <article class="card">
            <h1>{td!(locale, statement.title)}</h1>
            <p>{td!(locale, statement.intro)}</p>
            <h2>{td!(locale, statement.how_heading)}</h2>
            <p>{td!(locale, statement.how)}</p>
            <h2>{td!(locale, statement.known_heading)}</h2>
            <ul>
                <li>{td!(locale, statement.known_language)}</li>
                <li>{td!(locale, statement.known_calendar)}</li>
            </ul>
            <h2>{td!(locale, statement.report_heading)}</h2>
            <p>{td!(locale, statement.report)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match contact.await {
                        Ok(Some(address)) => view! {
                            <p class="contact">
                                {td!(locale, statement.email)} " "
                                <a href=format!("mailto:{address}")>{address.clone()}</a>
                            </p>
                        }
                        .into_any(),
                        _ => view! { <p class="contact">{td!(locale, statement.no_contact)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <h2>{td!(locale, statement.oversight_heading)}</h2>
            <p>{td!(locale, statement.oversight)}</p>
        </article>
    }
}
