//! The sync engine: sends the queue to `POST /api/v1/reports` and applies the answers.
//!
//! It runs when an officer page loads, when the device comes online, when the page becomes visible and
//! after each new report. Only one sync runs at a time, across tabs too (the Web Locks API; every tab shares
//! the same localStorage queue). Network errors and 5xx answers are retried with exponential backoff and
//! jitter; an expired session pauses the queue until the officer signs in again. Nothing is dropped.
//!
//! The code that sends is split off into a WASM file of its own, loaded when there is something to send.
//!
//! The engine lives in the `SyncBar` island that every officer page carries; the other islands reach it
//! through the stored queue and its events (`local_queue::CHANGED`, `local_queue::SYNC_REQUESTED`).

use crate::i18n::Locale;
use domain::queue::Queue;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum SyncStatus {
    /// Not started (and always, on the server).
    Unknown,
    Idle,
    Syncing,
    /// Waiting to retry after a failure, until `at` (ms since the epoch). `cannot_store`: the server
    /// answered that it cannot store reports right now (`503`), rather than not answering.
    Retrying {
        at: f64,
        cannot_store: bool,
    },
    /// Another tab is sending the queue.
    OtherTab,
    /// The session has expired; the queue waits for the officer to sign in.
    SignedOut,
    Failed(String),
}

#[derive(Clone, Copy)]
// The engine's bookkeeping is only read in the browser.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct SyncState {
    /// The queue as last read from storage; `None` until the browser has read it.
    pub queue: RwSignal<Option<Queue>>,
    pub status: RwSignal<SyncStatus>,
    /// The latest change of state, in words, for the aria-live region.
    pub announcement: RwSignal<String>,
    /// The language of the engine's messages: the page's, which changes only with a reload.
    locale: Locale,
    /// The signed-in officer: only their reports are sent, counted and shown.
    officer: StoredValue<String>,
    started: StoredValue<bool>,
    busy: StoredValue<bool>,
    again: StoredValue<bool>,
    failures: StoredValue<u32>,
    retry_generation: StoredValue<u64>,
}

impl SyncState {
    /// The page's engine for `officer`, with its messages in `locale`.
    pub fn new(locale: Locale, officer: String) -> Self {
        Self {
            officer: StoredValue::new(officer),
            queue: RwSignal::new(None),
            status: RwSignal::new(SyncStatus::Unknown),
            announcement: RwSignal::new(String::new()),
            locale,
            started: StoredValue::new(false),
            busy: StoredValue::new(false),
            again: StoredValue::new(false),
            failures: StoredValue::new(0),
            retry_generation: StoredValue::new(0),
        }
    }

    /// Reports on the device not yet on the server, once known.
    pub fn unsent(&self) -> Option<usize> {
        let officer = self.officer.get_value();
        self.queue.with(|q| q.as_ref().map(|q| q.unsent(&officer)))
    }

    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }
}

#[cfg(feature = "hydrate")]
mod engine {
    use super::{SyncState, SyncStatus};
    use crate::field::local_queue;
    use crate::i18n::{td_string, Locale};
    use crate::words::names::fill;
    use crate::words::problems::Words;
    use domain::queue::{backoff_ms, Queue, StoreError};
    use domain::report::{ItemResult, ItemStatus, Report, MAX_BATCH};
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};
    use std::future::Future;
    use std::pin::Pin;
    use std::time::Duration;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    /// How long a tab that found another tab syncing waits before looking again.
    const OTHER_TAB_RETRY: Duration = Duration::from_secs(3);

    fn now() -> f64 {
        js_sys::Date::now()
    }

    enum PostError {
        Network,
        /// The server answered that it cannot store reports right now (`503`: a full disk, a database that
        /// does not answer).
        CannotStore,
        SignedOut,
        /// Another officer is signed in on this device.
        OtherOfficer,
        Server,
        Refused(String),
    }

    async fn post(
        batch: &[Report],
        officer: &str,
        locale: Locale,
    ) -> Result<Vec<ItemResult>, PostError> {
        let request = gloo_net::http::Request::post(crate::paths::API_REPORTS)
            .header("accept", "application/json")
            .header(crate::field::model::SAVED_BY, officer)
            .json(batch)
            .map_err(|e| PostError::Refused(e.to_string()))?;
        let response = request.send().await.map_err(|_| PostError::Network)?;
        match response.status() {
            200 => response.json().await.map_err(|_| PostError::Server),
            401 => Err(PostError::SignedOut),
            409 => Err(PostError::OtherOfficer),
            503 => Err(PostError::CannotStore),
            s if s >= 500 || s == 408 || s == 429 => Err(PostError::Server),
            s => Err(PostError::Refused(fill(
                td_string!(locale, field.server_answered),
                &[("status", &s)],
            ))),
        }
    }

    /// A sync under way, as the split-off sending code returns it.
    type Sending = Pin<Box<dyn Future<Output = ()>>>;

    /// The sending itself: the requests, the server's answers and their words. It is split off into a WASM
    /// file of its own (`cargo leptos build --split`), loaded the first time the queue holds something to
    /// send, so that a page with nothing to send works without it. The service worker keeps that file with
    /// the others. A file that cannot be fetched is an `Err`, not a panic: the sync is tried again later,
    /// like a request that failed.
    #[wasm_split(lofte_sync_sending, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn sending(state: SyncState) -> Result<Sending, SplitLoaderError> {
        Ok(Box::pin(state.sync_all()))
    }

    /// Runs `work` holding the tab-spanning lock `name`, if no other tab holds it. Returns whether it ran.
    /// Without the Web Locks API the work simply runs: the server's idempotency still keeps every report
    /// counted once.
    async fn with_lock(name: &str, work: impl std::future::Future<Output = ()> + 'static) -> bool {
        let locks = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok())
            .filter(|l| !l.is_undefined() && !l.is_null());
        let request = locks.as_ref().and_then(|l| {
            js_sys::Reflect::get(l, &JsValue::from_str("request"))
                .ok()?
                .dyn_into::<js_sys::Function>()
                .ok()
        });
        let (Some(locks), Some(request)) = (locks, request) else {
            work.await;
            return true;
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
        let callback = Closure::once(move |lock: JsValue| -> js_sys::Promise {
            if lock.is_null() {
                js_sys::Promise::resolve(&JsValue::FALSE)
            } else {
                wasm_bindgen_futures::future_to_promise(async move {
                    work.await;
                    Ok(JsValue::TRUE)
                })
            }
        });
        let promise = request.call3(
            &locks,
            &JsValue::from_str(name),
            &options,
            callback.as_ref().unchecked_ref(),
        );
        let ran = match promise.and_then(|p| p.dyn_into::<js_sys::Promise>().map_err(JsValue::from))
        {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
                .await
                .map(|v| v.is_truthy())
                .unwrap_or(false),
            Err(_) => false,
        };
        drop(callback);
        ran
    }

    impl SyncState {
        /// Starts the engine once per tab: reads the queue, listens for the moments to sync, syncs.
        pub fn start(self) {
            if self.started.get_value() {
                self.trigger();
                return;
            }
            self.started.set_value(true);
            self.refresh();
            let _ = window_event_listener_untyped("online", move |_| {
                self.failures.set_value(0);
                self.trigger();
            });
            let _ = window_event_listener_untyped(local_queue::CHANGED, move |_| self.refresh());
            let _ =
                window_event_listener_untyped(local_queue::SYNC_REQUESTED, move |_| self.trigger());
            let _ = window_event_listener_untyped("storage", move |event| {
                let key = event
                    .dyn_ref::<web_sys::StorageEvent>()
                    .and_then(|e| e.key());
                if key.as_deref() == Some(local_queue::QUEUE_KEY) {
                    self.refresh();
                }
            });
            let on_visible = Closure::<dyn Fn()>::new(move || {
                if document().visibility_state() == web_sys::VisibilityState::Visible {
                    self.trigger();
                }
            });
            let _ = document().add_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
            // The listener lives as long as the tab, like the engine.
            on_visible.forget();
            self.trigger();
        }

        /// Re-reads the queue from storage into the signal.
        pub fn refresh(self) {
            match local_queue::load() {
                Ok(queue) => self.queue.set(Some(queue)),
                Err(e) => self.status.set(SyncStatus::Failed(e.text(self.locale))),
            }
        }

        /// Changes the stored queue and shows the result.
        fn change<R>(
            self,
            f: impl FnOnce(&mut Queue) -> Result<R, StoreError>,
        ) -> Result<R, StoreError> {
            let (result, queue) = local_queue::update(f)?;
            self.queue.set(Some(queue));
            Ok(result)
        }

        /// Syncs now, or right after the sync under way.
        pub fn trigger(self) {
            if self.busy.get_value() {
                self.again.set_value(true);
                return;
            }
            self.busy.set_value(true);
            leptos::task::spawn_local(async move {
                loop {
                    self.again.set_value(false);
                    if !with_lock("lofte-sync", self.send()).await {
                        self.status.set(SyncStatus::OtherTab);
                        self.retry_after(OTHER_TAB_RETRY);
                    }
                    if !self.again.get_value() {
                        break;
                    }
                }
                self.busy.set_value(false);
            });
        }

        fn retry_after(self, delay: Duration) {
            let generation = self.retry_generation.get_value() + 1;
            self.retry_generation.set_value(generation);
            set_timeout(
                move || {
                    if self.retry_generation.get_value() == generation {
                        self.trigger();
                    }
                },
                delay,
            );
        }

        /// Sends what waits, if anything does.
        async fn send(self) {
            let officer = self.officer.get_value();
            match local_queue::load().map(|q| q.to_send(&officer)) {
                Ok(0) => {
                    self.failures.set_value(0);
                    self.status.set(SyncStatus::Idle);
                }
                Ok(_) => match sending(self).await {
                    Ok(sync) => sync.await,
                    // Offline before the sending code was ever fetched, or the fetch failed.
                    Err(_) => self.retry_later(false),
                },
                Err(e) => self.status.set(SyncStatus::Failed(e.text(self.locale))),
            }
        }

        /// After a failure to reach the server, or an answer that it cannot store reports now: waits
        /// longer each time, then tries again. The reports stay in the queue meanwhile.
        fn retry_later(self, cannot_store: bool) {
            let failures = self.failures.get_value().saturating_add(1);
            self.failures.set_value(failures);
            let delay = backoff_ms(failures, js_sys::Math::random());
            self.status.set(SyncStatus::Retrying {
                at: now() + delay as f64,
                cannot_store,
            });
            let template = if cannot_store {
                td_string!(self.locale, field.announce_cannot_store)
            } else {
                td_string!(self.locale, field.announce_retry)
            };
            self.announce(fill(template, &[("seconds", &delay.div_ceil(1000))]));
            self.retry_after(Duration::from_millis(delay));
        }

        async fn sync_all(self) {
            // Only the lock holder sends, so anything still marked as sending was left by a tab that closed
            // mid-send. Sending it again is safe: the server answers "duplicate" for what it already has.
            if let Err(e) = self.change(|q| {
                q.release_sending();
                Ok(())
            }) {
                self.status.set(SyncStatus::Failed(e.text(self.locale)));
                return;
            }
            let mut sent = 0;
            loop {
                let officer = self.officer.get_value();
                let batch = match self.change(|q| Ok(q.take_batch(MAX_BATCH, &officer))) {
                    Ok(batch) => batch,
                    Err(e) => {
                        self.status.set(SyncStatus::Failed(e.text(self.locale)));
                        return;
                    }
                };
                if batch.is_empty() {
                    self.failures.set_value(0);
                    self.status.set(SyncStatus::Idle);
                    if sent > 0 {
                        self.announce(if sent == 1 {
                            td_string!(self.locale, field.announce_sent_one).to_owned()
                        } else {
                            fill(
                                td_string!(self.locale, field.announce_sent_many),
                                &[("count", &sent)],
                            )
                        });
                    }
                    return;
                }
                self.status.set(SyncStatus::Syncing);
                match post(&batch, &officer, self.locale).await {
                    Ok(results) => {
                        let refused = results.iter().filter(|r| !r.status.is_stored()).count();
                        match self.change(|q| Ok(q.settle(&results, now()))) {
                            Ok(stored) => sent += stored,
                            Err(e) => {
                                self.status.set(SyncStatus::Failed(e.text(self.locale)));
                                return;
                            }
                        }
                        self.failures.set_value(0);
                        if refused > 0 {
                            let conflicts = results
                                .iter()
                                .filter(|r| r.status == ItemStatus::Conflict)
                                .count();
                            let template = if refused == 1 {
                                td_string!(self.locale, field.announce_rejected_one)
                            } else {
                                td_string!(self.locale, field.announce_rejected_many)
                            };
                            let detail = if conflicts > 0 {
                                td_string!(self.locale, field.announce_rejected_conflict)
                            } else {
                                ""
                            };
                            self.announce(fill(
                                template,
                                &[("count", &refused), ("detail", &detail)],
                            ));
                        }
                    }
                    Err(error) => {
                        let _ = self.change(|q| {
                            q.release_sending();
                            Ok(())
                        });
                        match error {
                            PostError::SignedOut => {
                                self.status.set(SyncStatus::SignedOut);
                                self.announce(td_string!(self.locale, field.announce_signed_out));
                            }
                            PostError::OtherOfficer => {
                                self.status.set(SyncStatus::Failed(
                                    td_string!(self.locale, field.status_other_officer).to_owned(),
                                ));
                            }
                            PostError::Network | PostError::Server => self.retry_later(false),
                            PostError::CannotStore => self.retry_later(true),
                            PostError::Refused(message) => {
                                self.status.set(SyncStatus::Failed(message));
                            }
                        }
                        return;
                    }
                }
            }
        }
    }
}
