//! The frame of the admin pages, with the signed-in admin's check (for the user's sake: every admin server
//! function checks the role itself), and the start page.

use super::server::admin_session;
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_location;

#[component]
pub fn AdminLayout() -> impl IntoView {
    let session = Resource::new(|| (), |_| admin_session());
    let location = use_location();
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Title text=td_string!(locale, admin.title)/>
        <Suspense fallback=move || view! { <p class="loading">{td!(locale, admin.loading)}</p> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(session) => {
                        let scope = crate::words::names::scope(locale, &session.scope, |slug| {
                            session.area(slug).map(|a| a.name.clone())
                        });
                        provide_context(session);
                        view! {
                        <p class="hint" data-testid="admin-scope">{td!(locale, admin.scope, scope = scope)}</p>
                        <nav class="admin-nav" aria-label=td_string!(locale, admin.title)>
                            <A href=paths::ADMIN exact=true>{td!(locale, admin.nav_agreements)}</A>
                            <A href=paths::ADMIN_OFFICE_HOURS>{td!(locale, admin.nav_hours)}</A>
                            <A href=paths::ADMIN_PEOPLE>{td!(locale, admin.nav_people)}</A>
                            <A href=paths::ADMIN_REPORTS>{td!(locale, admin.nav_reports)}</A>
                            <A href=paths::ADMIN_LOG>{td!(locale, admin.nav_log)}</A>
                        </nav>
                        <Outlet/>
                    }
                    .into_any()
                    }
                    Err(AppError::Unauthenticated) => {
                        let next = location.pathname.get_untracked();
                        view! {
                            <section class="card narrow">
                                <h1>{td!(locale, admin.sign_in_heading)}</h1>
                                <p><a href=paths::login_then(&next)>{td!(locale, admin.sign_in)}</a></p>
                            </section>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.text(locale)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The admin start page: the agreements, and the police areas they belong to.
#[component]
pub fn AdminHome() -> impl IntoView {
    view! {
        <crate::agreements::admin::AgreementsAdmin/>
        <super::police_areas::PoliceAreasAdmin/>
    }
}
