//! The database's change counter as this process knows it: the page cache's measure of what is current.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a generation read from the database is trusted when this process has answered no write since.
pub const RECHECK: Duration = Duration::from_secs(1);

/// The database's change counter, as far as this process knows it.
pub struct Freshness {
    known: AtomicI64,
    checked_ms: AtomicU64,
    dirty: AtomicBool,
    start: Instant,
}

impl Default for Freshness {
    fn default() -> Self {
        Self {
            known: AtomicI64::new(-1),
            checked_ms: AtomicU64::new(0),
            dirty: AtomicBool::new(true),
            start: Instant::now(),
        }
    }
}

impl Freshness {
    /// Marks the generation as unknown: the next request reads it from the database.
    pub fn touch(&self) {
        self.dirty.store(true, Ordering::SeqCst);
    }

    /// Reads the generation after a write this process answered, before the response leaves, so that
    /// readers need not: a request sent after the answer arrived sees the write. If the read fails, the
    /// next request reads it instead.
    pub async fn after_write(&self, pool: &crate::db::Db) {
        match read_generation(pool).await {
            Ok(generation) => {
                self.known.fetch_max(generation, Ordering::SeqCst);
            }
            Err(e) => {
                tracing::warn!(error = %e, "page cache: could not read the change counter");
                self.touch();
            }
        }
    }

    /// The current generation: from memory, or read when a write was answered or `RECHECK` has passed.
    pub async fn current(&self, pool: &crate::db::Db) -> Result<i64, sqlx::Error> {
        let now = self.start.elapsed().as_millis() as u64;
        let checked = self.checked_ms.load(Ordering::Relaxed);
        // One request claims a due check and reads; the others meanwhile go on with what is known, instead
        // of all queueing for a connection at once.
        let due = now.saturating_sub(checked) >= RECHECK.as_millis() as u64
            && self
                .checked_ms
                .compare_exchange(checked, now, Ordering::SeqCst, Ordering::Relaxed)
                .is_ok();
        // Cleared before reading, so a write answered meanwhile leaves it set for the next request.
        if self.dirty.swap(false, Ordering::SeqCst) || due {
            match read_generation(pool).await {
                Ok(generation) => {
                    self.known.fetch_max(generation, Ordering::SeqCst);
                    self.checked_ms.store(now, Ordering::Relaxed);
                }
                Err(e) => {
                    self.touch();
                    return Err(e);
                }
            }
        }
        Ok(self.known.load(Ordering::SeqCst))
    }
}

/// The change counter as the database has it now.
pub async fn read_generation(pool: &crate::db::Db) -> Result<i64, sqlx::Error> {
    crate::db::scalar!(pool, "SELECT generation FROM changes WHERE id = 1")
}
