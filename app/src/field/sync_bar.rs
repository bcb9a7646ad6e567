//! The officer pages' navigation with the queue's badge, the sync engine's status line and its spoken
//! announcements: an island on every officer page, which also runs the engine and installs the service
//! worker that keeps the pages offline. The navigation, the status line and the announcer are rendered on
//! the server (`OfficerNav`), as the island's children; the island fills them in.

#[cfg(feature = "hydrate")]
use super::sync::{SyncState, SyncStatus};
use crate::i18n::{td_string, Locale};
use crate::paths;
use leptos::prelude::*;

// The elements the island fills in, in what the server renders.
const BADGE_ID: &str = "queue-badge";
const STATUS_ID: &str = "sync-status";
const ANNOUNCER_ID: &str = "sync-announcer";

#[island]
pub fn SyncBar(
    /// The page's language.
    lang: String,
    /// The build's asset version, which names the service worker's cache.
    asset_version: String,
    /// The signed-in officer.
    officer: String,
    /// The navigation and the status lines (`OfficerNav`), rendered on the server; the island fills them in.
    children: Children,
) -> impl IntoView {
    // On the server the island is its children; in the browser it runs the engine and fills them in.
    #[cfg(feature = "hydrate")]
    {
        let locale = crate::language::named(&lang);
        let sync = SyncState::new(locale, officer);
        Effect::new(move |_| {
            register_service_worker(&asset_version);
            sync.start();
            warn_before_signing_out(sync, locale);
        });
        Effect::new(move |_| {
            if let Some(n) = sync.unsent() {
                show_badge(locale, n);
            }
        });
        Effect::new(move |_| {
            let status = sync.status.get();
            show_status(locale, &status, sync.unsent());
        });
        Effect::new(move |_| {
            sync.announcement.with(|text| {
                if let Some(announcer) = document().get_element_by_id(ANNOUNCER_ID) {
                    announcer.set_text_content(Some(text));
                }
            })
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (lang, asset_version, officer);
    children()
}

/// The officer pages' navigation, rendered on the server: the current page's link marked, and the queue's
/// badge, empty and hidden until the browser has counted the reports on the device. Below it the sync
/// engine's status line, empty until the engine has started (its height kept, so that its text moves
/// nothing), and its announcements for screen readers.
#[component]
pub fn OfficerNav(locale: Locale, current: String) -> impl IntoView {
    let here = move |href: &'static str| (current == href).then_some("page");
    let link = |href: &'static str, text: &'static str| {
        view! { <a href=href aria-current=here(href)>{text}</a> }
    };
    view! {
        <nav class="officer-nav" aria-label=td_string!(locale, field.nav_label)>
            {link(paths::REPORT, td_string!(locale, field.nav_operation))}
            {link(paths::MEETING, td_string!(locale, field.nav_meeting))}
            {link(paths::ACTIVITY_REPORT, td_string!(locale, field.nav_activity))}
            {link(paths::MARKING, td_string!(locale, field.nav_office_hours))}
            <a href=paths::QUEUE aria-current=here(paths::QUEUE)>
                {td_string!(locale, field.queue)} " "
                <span class="badge empty" id=BADGE_ID data-testid="queue-badge" hidden></span>
            </a>
        </nav>
        <p class="sync-line" id=STATUS_ID data-testid="sync-status"></p>
        <p class="visually-hidden" id=ANNOUNCER_ID role="status" aria-live="polite" data-testid="announcer"></p>
    }
}

/// Shows how many reports wait in the navigation's badge.
#[cfg(feature = "hydrate")]
fn show_badge(locale: Locale, n: usize) {
    let Some(badge) = document().get_element_by_id(BADGE_ID) else {
        return;
    };
    let template = if n == 1 {
        td_string!(locale, field.badge_one)
    } else {
        td_string!(locale, field.badge_many)
    };
    badge.set_text_content(Some(&n.to_string()));
    let _ = badge.set_attribute(
        "aria-label",
        &crate::words::names::fill(template, &[("count", &n)]),
    );
    let _ = badge.class_list().toggle_with_force("empty", n == 0);
    let _ = badge.remove_attribute("hidden");
}

/// Shows the engine's state in the status line, with a link to sign in when the session has expired.
#[cfg(feature = "hydrate")]
fn show_status(locale: Locale, status: &SyncStatus, unsent: Option<usize>) {
    let Some(line) = document().get_element_by_id(STATUS_ID) else {
        return;
    };
    let text = status_text(locale, status, unsent);
    line.set_text_content(text.as_deref());
    if *status == SyncStatus::SignedOut {
        if let Ok(link) = document().create_element("a") {
            let _ = link.set_attribute("href", &paths::login_then(paths::QUEUE));
            link.set_text_content(Some(td_string!(locale, field.sign_in)));
            let _ = line.append_with_str_1(" ");
            let _ = line.append_with_node_1(&link);
        }
    }
}

#[cfg(feature = "hydrate")]
fn status_text(locale: Locale, status: &SyncStatus, unsent: Option<usize>) -> Option<String> {
    let text = match status {
        SyncStatus::Unknown => return None,
        SyncStatus::Idle if unsent.unwrap_or(0) == 0 => td_string!(locale, field.status_all_sent),
        SyncStatus::Idle => td_string!(locale, field.status_rejected_waiting),
        SyncStatus::Syncing => td_string!(locale, field.status_sending),
        SyncStatus::Retrying {
            cannot_store: true, ..
        } => td_string!(locale, field.status_cannot_store),
        SyncStatus::Retrying { .. } => td_string!(locale, field.status_retrying),
        SyncStatus::OtherTab => td_string!(locale, field.status_other_tab),
        SyncStatus::SignedOut => td_string!(locale, field.status_signed_out),
        SyncStatus::Failed(message) => return Some(message.clone()),
    };
    Some(text.to_owned())
}

/// Installs the service worker that keeps the officer pages working offline. Only officer pages register
/// it; the public pages never depend on it.
#[cfg(feature = "hydrate")]
fn register_service_worker(version: &str) {
    if let Some(window) = web_sys::window() {
        let url = format!("{}?v={version}", paths::SERVICE_WORKER);
        // A browser without service workers (or a private window) just has no offline shell.
        let _ = window.navigator().service_worker().register(&url);
    }
}

/// Signing out with reports still waiting asks first. The reports stay on the phone either way, and are
/// sent when their officer signs in again.
#[cfg(feature = "hydrate")]
fn warn_before_signing_out(sync: SyncState, locale: Locale) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(form) = document()
        .query_selector("header form[action*='logout']")
        .ok()
        .flatten()
    else {
        return;
    };
    let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let waiting = sync.unsent().unwrap_or(0);
        if waiting == 0 {
            return;
        }
        let question = crate::words::names::fill(
            td_string!(locale, field.sign_out_warning),
            &[("count", &waiting)],
        );
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(true);
        if !sure {
            event.prevent_default();
        }
    });
    let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    on_submit.forget();
}
