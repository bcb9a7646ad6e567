//! The queue on this device, an island: each report's state and, for a refused one, why (in the language
//! the officer reads now), to correct it or, after confirming, discard it; and the reports sent lately.

use crate::i18n::{td_string, Locale};
use crate::words::names::fill;
use crate::words::problems::{refusal, Words};
use crate::words::reports::{describe, field_label};
use domain::queue::{EntryState, Queue};
use leptos::either::Either;
use leptos::prelude::*;
use uuid::Uuid;

// Lazy: built with `cargo leptos build --split`, its code is a WASM file of its own that only the queue page
// loads, and the report forms' pages do without it. The service worker keeps that file with the others.
#[island(lazy)]
pub fn QueueList(
    /// The page's language.
    lang: String,
    /// The signed-in officer: only their reports are shown in full.
    officer: String,
) -> impl IntoView {
    let locale = crate::language::named(&lang);
    // `None` until the browser has read the device's storage (and always without JavaScript).
    let queue: RwSignal<Option<Queue>> = RwSignal::new(None);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let read = move || {
                if let Ok(q) = super::local_queue::load() {
                    queue.set(Some(q));
                }
            };
            read();
            let _ = window_event_listener_untyped(super::local_queue::CHANGED, move |_| read());
            let _ = window_event_listener_untyped("storage", move |_| read());
        }
    });
    view! {
        <button type="button" class="secondary" on:click=move |_| {
            #[cfg(feature = "hydrate")]
            super::local_queue::request_sync();
        }>{td_string!(locale, field.send_now)}</button>
        {move || match queue.get() {
            None => Either::Left(view! {
                <p data-testid="queue-unavailable">{td_string!(locale, field.queue_unavailable)}</p>
            }),
            Some(queue) => Either::Right(entries(locale, queue, &officer)),
        }}
    }
}

fn entries(locale: Locale, queue: Queue, officer: &str) -> impl IntoView {
    let confirming: RwSignal<Option<Uuid>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let unsent = queue.unsent(officer);
    // Another officer's waiting reports are counted, never shown.
    let others = queue.waiting_for_others(officer);
    let entries = queue
        .entries
        .into_iter()
        .filter(|entry| entry.belongs_to(officer))
        .map(|entry| {
            let id = entry.id;
            let description = describe(locale, &entry.item);
            let sending = entry.state == EntryState::Sending;
            let state_class = match entry.state {
                EntryState::Waiting => "waiting",
                EntryState::Sending => "sending",
                _ => "rejected",
            };
            let reason = match &entry.state {
                EntryState::Invalid { .. } => Some(
                    refusal(&entry.state, locale)
                        .iter()
                        .map(|(field, message)| format!("{}: {message}", field_label(locale, field)))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                EntryState::Conflict => Some(td_string!(locale, field.reason_conflict).to_owned()),
                _ => None,
            };
            let correct_href = matches!(entry.state, EntryState::Invalid { .. }).then(|| {
                let page = crate::paths::report(entry.kind());
                format!("{page}?ratta={id}")
            });
            view! {
                <li class=format!("entry {state_class}") data-testid="queue-entry">
                    <span class="state">{entry.state.text(locale)}</span>
                    " "
                    <span>{description}</span>
                    {reason.map(|r| view! { <p class="reason">{r}</p> })}
                    <div class="actions">
                        {correct_href.map(|href| view! { <a href=href>{td_string!(locale, field.correct)}</a> })}
                        {move || {
                            if confirming.get() == Some(id) {
                                Either::Left(view! {
                                    <button type="button" class="danger" on:click=move |_| {
                                        #[cfg(feature = "hydrate")]
                                        if let Err(e) = super::local_queue::update(|q| {
                                            q.discard(id).map(|_| ()).map_err(domain::queue::StoreError::from)
                                        }) {
                                            error.set(Some(e.text(locale)));
                                        }
                                        confirming.set(None);
                                    }>{td_string!(locale, field.confirm_discard)}</button>
                                    <button type="button" class="secondary" on:click=move |_| confirming.set(None)>
                                        {td_string!(locale, field.cancel)}
                                    </button>
                                })
                            } else {
                                Either::Right(view! {
                                    <button type="button" class="secondary" disabled=sending
                                        title=if sending { td_string!(locale, field.sending_now) } else { "" }
                                        on:click=move |_| confirming.set(Some(id))>{td_string!(locale, field.discard)}</button>
                                })
                            }
                        }}
                    </div>
                </li>
            }
        })
        .collect_view();
    let sent = queue
        .sent
        .into_iter()
        .filter(|s| s.belongs_to(officer))
        .map(|s| view! {
            <li class="entry synced" data-testid="sent-entry">
                <span class="state">{td_string!(locale, field.state_sent)}</span> " " {describe(locale, &s.item)}
            </li>
        })
        .collect_view();
    let waiting = if unsent == 0 {
        td_string!(locale, field.nothing_waiting).to_owned()
    } else {
        fill(
            td_string!(locale, field.waiting_count),
            &[("count", &unsent)],
        )
    };
    view! {
        {move || error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
        <h2>{waiting}</h2>
        {(others > 0).then(|| view! {
            <p class="notice" data-testid="waiting-for-others">
                {fill(td_string!(locale, field.waiting_for_others), &[("count", &others)])}
            </p>
        })}
        <ul class="queue">{entries}</ul>
        <h2>{td_string!(locale, field.recently_sent)}</h2>
        <ul class="queue">{sent}</ul>
    }
}
