//! The queue's home on the device: localStorage, through gloo-storage. Every change is a read, a change
//! and a write of the whole queue, so tabs that share the storage see each other's reports. The islands of a
//! page share nothing else: a write raises `CHANGED` in this tab (other tabs get the browser's `storage`
//! event), and `request_sync` asks the page's sync engine to send now.

use domain::queue::{Queue, StoreError};
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};

pub const QUEUE_KEY: &str = "lofte.queue.v1";
/// Raised on the window after every write of the queue in this tab.
pub const CHANGED: &str = "lofte-queue-changed";
/// Raised on the window to ask the sync engine to send the queue now.
pub const SYNC_REQUESTED: &str = "lofte-sync-requested";
const PLACES_KEY: &str = "lofte.places.v1";
const RECENT_PLACES: usize = 10;

/// localStorage, or `Unavailable` where the browser has none (gloo's `raw()` would panic there).
fn available() -> Result<(), StoreError> {
    match web_sys::window().map(|w| w.local_storage()) {
        Some(Ok(Some(_))) => Ok(()),
        _ => Err(StoreError::Unavailable),
    }
}

fn read<T: DeserializeOwned + Default>(key: &str) -> Result<T, StoreError> {
    available()?;
    match LocalStorage::get::<T>(key) {
        Ok(value) => Ok(value),
        Err(StorageError::KeyNotFound(_)) => Ok(T::default()),
        Err(StorageError::SerdeError(e)) => {
            // Never overwrite what cannot be read: keep it aside, then start afresh.
            let backup = format!("{key}.unreadable.{}", js_sys::Date::now() as u64);
            if let Ok(Some(storage)) = web_sys::window().map_or(Ok(None), |w| w.local_storage()) {
                if let Ok(Some(raw)) = storage.get_item(key) {
                    let _ = storage.set_item(&backup, &raw);
                }
            }
            leptos::logging::error!("stored {key} could not be read ({e}); kept as {backup}");
            Ok(T::default())
        }
        Err(e) => Err(StoreError::Other(e.to_string())),
    }
}

fn write<T: Serialize>(key: &str, value: &T) -> Result<(), StoreError> {
    available()?;
    LocalStorage::set(key, value).map_err(|e| match e {
        StorageError::JsError(js) if js.name == "QuotaExceededError" => StoreError::Full,
        other => StoreError::Other(other.to_string()),
    })
}

pub fn load() -> Result<Queue, StoreError> {
    read(QUEUE_KEY)
}

/// Reads the queue, changes it and writes it back. Nothing is written if `change` fails or the write does.
pub fn update<R, E: From<StoreError>>(
    change: impl FnOnce(&mut Queue) -> Result<R, E>,
) -> Result<(R, Queue), E> {
    let mut queue = load()?;
    let result = change(&mut queue)?;
    write(QUEUE_KEY, &queue)?;
    raise(CHANGED);
    Ok((result, queue))
}

/// Asks the page's sync engine to send the queue now.
pub fn request_sync() {
    raise(SYNC_REQUESTED);
}

fn raise(name: &str) {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(name)) {
        let _ = window.dispatch_event(&event);
    }
}

/// The places this device used last, newest first.
pub fn recent_places() -> Vec<String> {
    read(PLACES_KEY).unwrap_or_default()
}

pub fn remember_place(place: &str) {
    let place = place.trim();
    if place.is_empty() {
        return;
    }
    let mut places = recent_places();
    places.retain(|p| p != place);
    places.insert(0, place.to_owned());
    places.truncate(RECENT_PLACES);
    // Suggestions are a convenience: failing to keep one is not worth bothering the officer about.
    let _ = write(PLACES_KEY, &places);
}
