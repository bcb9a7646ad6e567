//! What the server knows of its storage: the last fault a request met (a full disk, a database that does
//! not answer), for `/healthz`, and the answer a request gets when the session layers could not reach the
//! database.
//!
//! A fault is answered `503` with its code (`storage_full`, `storage_unavailable`) wherever it happens;
//! nothing is acknowledged that was not committed. The server needs no restart when the storage returns:
//! a connection whose transaction failed is closed rather than reused (`db`), and the next request
//! simply tries again.

use crate::error::{AppError, StorageFault};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::cell::Cell;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long `/healthz` keeps reporting a fault that a request met, unless a write succeeds first. A fault
/// that a read can see (a database that does not answer) is found by the check itself; a full disk shows
/// only when something is written, so it is reported for this long after the last write that failed,
/// and then the next write finds out again. It is not kept for ever: a balancer that took the instance
/// out would otherwise never send it the write that shows the space is back.
pub const FAULT_WINDOW: Duration = Duration::from_secs(30);

/// How long a request waits on the database before it is answered `storage_unavailable`
/// (`LOFTE_DB_TIMEOUT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbTimeout(pub Duration);

impl Default for DbTimeout {
    fn default() -> Self {
        Self(crate::db::DEFAULT_TIMEOUT)
    }
}

/// The last storage fault a request met, and when.
#[derive(Debug, Default)]
pub struct StorageWatch(Mutex<Option<(StorageFault, Instant)>>);

impl StorageWatch {
    pub fn fault(&self, fault: StorageFault) {
        *self.0.lock().expect("never poisoned") = Some((fault, Instant::now()));
    }

    /// A write succeeded: whatever failed before works again.
    pub fn recovered(&self) {
        *self.0.lock().expect("never poisoned") = None;
    }

    /// The fault met within [`FAULT_WINDOW`], if no write has succeeded since.
    pub fn current(&self) -> Option<StorageFault> {
        self.0
            .lock()
            .expect("never poisoned")
            .filter(|(_, at)| at.elapsed() < FAULT_WINDOW)
            .map(|(fault, _)| fault)
    }
}

tokio::task_local! {
    /// Set when the session store or the account lookup behind it could not reach the database during
    /// this request.
    static SESSION_STORE_FAILED: Cell<bool>;
}

/// Called by the session store and the account lookup when the database failed them, so that the request
/// is answered as a storage fault rather than with the session layers' bare `500`.
pub fn session_unavailable() {
    let _ = SESSION_STORE_FAILED.try_with(|failed| failed.set(true));
}

/// Wraps the session and sign-in layers: notes every storage fault answered for `/healthz`, turns the bare
/// `500` that those layers answer when the session store cannot reach the database into a `503` with
/// `storage_unavailable`, and counts a write that succeeded as the storage's recovery.
pub async fn watch(
    State(storage): State<Arc<StorageWatch>>,
    request: Request,
    next: Next,
) -> Response {
    let writes = request.method() == Method::POST;
    let (mut response, session_failed) = SESSION_STORE_FAILED
        .scope(Cell::new(false), async {
            let response = next.run(request).await;
            (response, SESSION_STORE_FAILED.with(Cell::get))
        })
        .await;
    if session_failed && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(
            "the session store could not reach the database: refused with 503, nothing acknowledged"
        );
        response = AppError::Storage(StorageFault::Unavailable).into_response();
    }
    if let Some(fault) = response.extensions().get::<StorageFault>() {
        storage.fault(*fault);
    } else if writes && (response.status().is_success() || response.status().is_redirection()) {
        storage.recovered();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_is_reported_until_a_write_succeeds() {
        let watch = StorageWatch::default();
        assert_eq!(watch.current(), None);
        watch.fault(StorageFault::Full);
        assert_eq!(watch.current(), Some(StorageFault::Full));
        watch.fault(StorageFault::Unavailable);
        assert_eq!(watch.current(), Some(StorageFault::Unavailable));
        watch.recovered();
        assert_eq!(watch.current(), None);
    }

    #[test]
    fn a_fault_older_than_the_window_is_no_longer_reported() {
        let watch = StorageWatch::default();
        *watch.0.lock().unwrap() = Some((
            StorageFault::Full,
            Instant::now() - FAULT_WINDOW - Duration::from_millis(1),
        ));
        assert_eq!(watch.current(), None);
    }
}
