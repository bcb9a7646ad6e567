//! The public pages kept in memory, one slot per address and language, each rendered by one request at a
//! time; and the site's static files, compressed once at start.

use super::entry::{Entry, Quality};
use super::freshness::Freshness;
use super::rules::Cacheable;
use axum::http::{header, HeaderMap, HeaderValue};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Instant;

/// At most this many pages are kept; a full cache drops what is stale, then stops adding.
const MAX_ENTRIES: usize = 2_000;

/// One cached address: its entry, and a lock held by the one request that renders it.
#[derive(Default)]
pub(super) struct Slot {
    pub(super) entry: RwLock<Option<Arc<Entry>>>,
    pub(super) render: tokio::sync::Mutex<()>,
}

/// The public pages kept in memory, and the static files compressed at start.
#[derive(Default)]
pub struct PageCache {
    pub freshness: Arc<Freshness>,
    slots: RwLock<HashMap<(String, &'static str), Arc<Slot>>>,
    statics: RwLock<HashMap<String, Arc<Entry>>>,
    /// The addresses that may be kept, as the features declare them; none until the routes give them.
    kept: OnceLock<Vec<Cacheable>>,
}

impl PageCache {
    /// Sets the addresses that may be kept: what the features declare. Set once; a second call is ignored.
    pub fn keep(&self, addresses: Vec<Cacheable>) {
        let _ = self.kept.set(addresses);
    }

    /// Whether a path's public response may be kept: the same for every visitor without a session on a
    /// day, until the next change.
    pub fn may_keep(&self, path: &str) -> bool {
        self.kept
            .get()
            .is_some_and(|kept| kept.iter().any(|a| a.matches(path)))
    }

    pub(super) fn slot(
        &self,
        key: (String, &'static str),
        generation: super::freshness::Generation,
        day: NaiveDate,
    ) -> Option<Arc<Slot>> {
        if let Some(slot) = self
            .slots
            .read()
            .expect("the page cache lock is never poisoned")
            .get(&key)
        {
            return Some(slot.clone());
        }
        let mut slots = self
            .slots
            .write()
            .expect("the page cache lock is never poisoned");
        if slots.len() >= MAX_ENTRIES {
            slots.retain(|_, slot| {
                slot.entry
                    .read()
                    .expect("the page cache lock is never poisoned")
                    .as_ref()
                    .is_some_and(|e| e.fresh(generation, day))
            });
            if slots.len() >= MAX_ENTRIES {
                return None;
            }
        }
        Some(slots.entry(key).or_default().clone())
    }

    /// How many pages are kept (for tests and logs).
    pub fn len(&self) -> usize {
        self.slots
            .read()
            .expect("the page cache lock is never poisoned")
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Compresses the site's static files once, at the best brotli quality, in the background: until a
    /// file is done it is served as before (compressed per request).
    pub fn precompress_static(self: &Arc<Self>, site_root: &str, pkg_dir: &str) {
        let cache = self.clone();
        let root = std::path::PathBuf::from(site_root);
        let pkg = pkg_dir.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut files = Vec::new();
            for dir in [root.clone(), root.join(&pkg)] {
                let Ok(read) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for entry in read.flatten() {
                    let path = entry.path();
                    if path.is_file() {
                        files.push(path);
                    }
                }
            }
            // The small files first: the CSS every page needs is ready long before the WASM.
            files.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(u64::MAX));
            for path in files {
                let Some(content_type) = static_type(&path) else {
                    continue;
                };
                let Ok(relative) = path.strip_prefix(&root) else {
                    continue;
                };
                let address = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
                if address == crate::paths::SERVICE_WORKER {
                    continue; // served by its own route, with its own policy
                }
                let Ok(body) = std::fs::read(&path) else {
                    continue;
                };
                let mut headers = HeaderMap::new();
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                headers.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(crate::web::policy::API_CSP),
                );
                headers.insert(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                );
                let entry = Entry::new(
                    super::freshness::Generation::default(),
                    NaiveDate::MIN,
                    Instant::now(),
                    headers,
                    body.into(),
                    Quality::Static,
                );
                cache
                    .statics
                    .write()
                    .expect("the page cache lock is never poisoned")
                    .insert(address, Arc::new(entry));
            }
            tracing::debug!("static files compressed");
        });
    }

    pub(super) fn static_file(&self, path: &str) -> Option<Arc<Entry>> {
        self.statics
            .read()
            .expect("the page cache lock is never poisoned")
            .get(path)
            .cloned()
    }
}

/// The static files worth compressing, by extension, with their content type.
fn static_type(path: &std::path::Path) -> Option<&'static str> {
    Some(match path.extension()?.to_str()? {
        "css" => "text/css",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "webmanifest" => "application/manifest+json",
        "json" => "application/json",
        "txt" => "text/plain",
        _ => return None,
    })
}
