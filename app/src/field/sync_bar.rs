//! The officer pages' navigation with the queue's badge, the sync engine's status line and its spoken
//! announcements: an island on every officer page, which also runs the engine and installs the service
//! worker that keeps the pages offline. The navigation itself is rendered on the server (`OfficerNav`), as
//! the island's children; the island fills in the badge.

use super::sync::{SyncState, SyncStatus};
use super::words::locale_of;
use super::{MEETING_PATH, OPERATION_PATH, QUEUE_PATH};
use crate::i18n::{td_string, Locale};
use leptos::prelude::*;

/// The badge's element id, in the navigation the server renders.
const BADGE_ID: &str = "queue-badge";

#[island]
pub fn SyncBar(
    /// The page's language.
    lang: String,
    /// The build's asset version, which names the service worker's cache.
    asset_version: String,
    /// The signed-in officer.
    officer: String,
    /// The navigation (`OfficerNav`), rendered on the server; the island fills in its badge.
    children: Children,
) -> impl IntoView {
    let locale = locale_of(&lang);
    let sync = SyncState::new(locale, officer);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            register_service_worker(&asset_version);
            sync.start();
            warn_before_signing_out(sync, locale);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &asset_version;
    });
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(n) = sync.unsent() {
            show_badge(locale, n);
        }
    });
    view! {
        {children()}
        {move || {
            let status = sync.status.get();
            let signed_out = status == SyncStatus::SignedOut;
            status_text(locale, &status, sync.unsent()).map(|text| {
                view! {
                    <p class="sync-line" data-testid="sync-status">
                        {text}
                        {signed_out.then(|| view! {
                            " " <a href=format!("/logga-in?next={QUEUE_PATH}")>{td_string!(locale, field.sign_in)}</a>
                        })}
                    </p>
                }
            })
        }}
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
            {move || sync.announcement.get()}
        </p>
    }
}

/// The officer pages' navigation, rendered on the server: the current page's link marked, and the queue's
/// badge, empty and hidden until the browser has counted the reports on the device.
#[component]
pub fn OfficerNav(locale: Locale, current: String) -> impl IntoView {
    let here = move |href: &'static str| (current == href).then_some("page");
    let link = |href: &'static str, text: &'static str| {
        view! { <a href=href aria-current=here(href)>{text}</a> }
    };
    view! {
        <nav class="officer-nav" aria-label=td_string!(locale, field.nav_label)>
            {link(OPERATION_PATH, td_string!(locale, field.nav_operation))}
            {link(MEETING_PATH, td_string!(locale, field.nav_meeting))}
            {link(super::ACTIVITY_PATH, td_string!(locale, field.nav_activity))}
            {link(crate::office_hours::officer::MARKING_PATH, td_string!(locale, field.nav_office_hours))}
            <a href=QUEUE_PATH aria-current=here(QUEUE_PATH)>
                {td_string!(locale, field.queue)} " "
                <span class="badge empty" id=BADGE_ID data-testid="queue-badge" hidden></span>
            </a>
        </nav>
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
        &crate::labels::fill(template, &[("count", &n)]),
    );
    let _ = badge.class_list().toggle_with_force("empty", n == 0);
    let _ = badge.remove_attribute("hidden");
}

fn status_text(locale: Locale, status: &SyncStatus, unsent: Option<usize>) -> Option<String> {
    let text = match status {
        SyncStatus::Unknown => return None,
        SyncStatus::Idle if unsent.unwrap_or(0) == 0 => td_string!(locale, field.status_all_sent),
        SyncStatus::Idle => td_string!(locale, field.status_rejected_waiting),
        SyncStatus::Syncing => td_string!(locale, field.status_sending),
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
        let url = format!("/sw.js?v={version}");
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
        let question = crate::labels::fill(
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
