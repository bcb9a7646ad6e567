//! The frame around every page: the document shell, the header and the not-found page.

use crate::accessibility::StatementPage;
use crate::admin::AuditLogPage;
use crate::admin::{AdminHome, AdminLayout};
use crate::agreements::admin::AgreementEditor;
use crate::agreements::{ActivityPage, AgreementPage, FollowUpPage};
use crate::auth::admin::PeopleAdmin;
use crate::auth::{LoginPage, UserMenu};
use crate::field::admin::{RecordAdmin, ReportAdmin};
use crate::field::{ActivityReportPage, MeetingPage, OfficerLayout, OperationPage, QueuePage};
use crate::i18n::{t, td_string, use_i18n, I18nContextProvider, Locale};
use crate::office_hours::admin::OfficeHoursAdmin;
use crate::office_hours::officer::MarkingPage;
use crate::office_hours::OfficeHoursPage;
use crate::ui::NotFound;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{provide_meta_context, Link, Meta, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

/// The HTML document rendered on the server, with this response's Content-Security-Policy.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::MetaTags;
    if let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        if let Ok(value) =
            axum::http::HeaderValue::from_str(&crate::web::page_csp(&nonce.to_string()))
        {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    let interactive = use_context::<axum::http::request::Parts>()
        .is_some_and(|request| has_islands(request.uri.path()));
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                {interactive
                    .then(|| {
                        view! {
                            <AutoReload options=options.clone()/>
                            <HydrationScripts options islands=true/>
                        }
                    })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Whether a page has islands, the only pages that load WASM: the officer's pages (the report form, the
/// queue, the sync engine). Every page is a document, complete as the server renders it, with plain links
/// and forms; the public and admin pages load no WASM at all, and navigation is ordinary page loads.
#[cfg(any(feature = "ssr", test))]
pub fn has_islands(path: &str) -> bool {
    crate::paths::is_officer_page(path)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/lofte.css"/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Link rel="manifest" href="/manifest.webmanifest"/>
        <Link rel="apple-touch-icon" href="/icon-192.png"/>
        <Meta name="theme-color" content="#18325a"/>
        // Swedish unless the visitor chose English. The choice is the app's own cookie (`language`), handed to
        // leptos_i18n as the one language the visitor accepts; the browser's Accept-Language is not consulted.
        // leptos_i18n's own cookie is off: the app sets the cookie itself, and leptos_i18n's effect that wrote
        // it could run on the server after the request's reactive owner was gone, and panic inside a request.
        <I18nContextProvider enable_cookie=false ssr_lang_header_getter=leptos_use::UseLocalesOptions::default()
            .ssr_lang_header_getter(crate::language::chosen)>
            <Router>
                <Frame/>
            </Router>
        </I18nContextProvider>
    }
}

/// Everything inside the router.
#[component]
fn Frame() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let other = move || match i18n.get_locale() {
        Locale::sv => Locale::en,
        Locale::en => Locale::sv,
    };
    let brand = td_string!(i18n.get_locale_untracked(), layout.brand);
    view! {
            // leptos_meta writes the title into the page as it is, and titles hold typed text (an agreement's
            // title is an admin's): escaped here, which every page's title passes through. Titles are only
            // ever rendered on the server, so the browser never sets the escaped text itself.
            <Title formatter=move |text: String| format!("{} · {brand}", html_escape::encode_text(&text))/>
            <a class="skip" href="#main">{t!(i18n, layout.skip)}</a>
            <header class="site">
                <A href=crate::paths::HOME attr:class="brand">{t!(i18n, layout.brand)}</A>
                <A href=crate::paths::OFFICE_HOURS>{t!(i18n, layout.meet_police)}</A>
                // A plain link the router leaves alone: the server sets the cookie and sends the page back.
                <a
                    class="language"
                    rel="external"
                    href=move || crate::language::switch_href(other(), &location.pathname.get())
                    lang=move || other().as_str()
                    hreflang=move || other().as_str()
                >
                    {t!(i18n, layout.other_language)}
                </a>
                <nav aria-label=move || crate::i18n::t_string!(i18n, layout.account).to_string()>
                    <UserMenu/>
                </nav>
            </header>
            <main id="main">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=crate::overview::FrontPage ssr=SsrMode::Async/>
                    <Route path=path!("/kommun/:code") view=crate::overview::MunicipalityPage ssr=SsrMode::Async/>
                    <Route path=path!("/lan/:code") view=crate::overview::CountyPage ssr=SsrMode::Async/>
                    <Route path=path!("/avtal/:slug") view=AgreementPage ssr=SsrMode::Async/>
                    <Route path=path!("/avtal/:slug/uppfoljning") view=FollowUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/avtal/:slug/aktivitet/:id") view=ActivityPage ssr=SsrMode::Async/>
                    <Route path=path!("/logga-in") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/forsta-admin") view=crate::auth::first_admin::FirstAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/oppettider") view=OfficeHoursPage ssr=SsrMode::Async/>
                    <Route path=path!("/oppettider/:area") view=crate::office_hours::AreaOfficeHoursPage ssr=SsrMode::Async/>
                    <Route path=path!("/tillganglighet") view=StatementPage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/admin") view=AdminLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=AdminHome/>
                        <Route path=path!("avtal/:slug") view=AgreementEditor/>
                        <Route path=path!("importera") view=crate::agreements::import::ImportPage/>
                        <Route path=path!("oppettider") view=OfficeHoursAdmin/>
                        <Route path=path!("personer") view=PeopleAdmin/>
                        <Route path=path!("rapporter") view=RecordAdmin/>
                        <Route path=path!("rapporter/:id") view=ReportAdmin/>
                        <Route path=path!("logg") view=AuditLogPage/>
                    </ParentRoute>
                    <ParentRoute path=path!("/rapportera") view=OfficerLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=OperationPage/>
                        <Route path=path!("mote") view=MeetingPage/>
                        <Route path=path!("aktivitet") view=ActivityReportPage/>
                        <Route path=path!("ko") view=QueuePage/>
                        <Route path=path!("oppettider") view=MarkingPage/>
                    </ParentRoute>
                </Routes>
            </main>
            <footer class="site">
                <A href=crate::paths::STATEMENT>{t!(i18n, layout.statement)}</A>
                " · "
                <A href=crate::paths::OFFICE_HOURS>{t!(i18n, layout.meet_police)}</A>
            </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::has_islands;

    #[test]
    fn only_the_officer_pages_load_wasm() {
        for path in [
            "/rapportera",
            "/rapportera/",
            "/rapportera/ko",
            "/rapportera/mote",
        ] {
            assert!(has_islands(path), "{path}");
        }
        for path in [
            "/",
            "/admin",
            "/admin/avtal/savsjo",
            "/oppettider",
            "/avtal/savsjo-2018-2019",
            "/logga-in",
            "/tillganglighet",
            "/rapporterade",
            "/finns-inte",
        ] {
            assert!(!has_islands(path), "{path}");
        }
    }
}
