//! How current the kept pages are: the page cache's measure of change, a generation that moves whenever what
//! the public pages show may have changed, and beside it how many of those changes were to the record
//! (reports, their corrections and voids, office hours marked held), which some pages may let settle.
//!
//! Two ways to learn of a change, one per engine:
//! - **SQLite** (one machine, one writer at a time): triggers bump one counter row (`changes`) on every
//!   table the public pages read. This process reads it after every write it answers and otherwise at most
//!   `RECHECK` after the last read, so a write by another process (the command line) shows within that.
//! - **PostgreSQL** (several instances): a counter row would be the one row every writing transaction on
//!   every instance locks until it commits, so writers would wait on each other whatever they wrote. The
//!   same triggers send a notification instead (`pg_notify('lofte_changes')`). PostgreSQL delivers it when
//!   the transaction commits, never before, once per transaction, to every instance listening; each
//!   instance moves its generation on each one, at once, without asking the database. While the listener
//!   is not connected, notifications may be lost, so every request renders afresh until it is again.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long a generation read from the database is trusted when this process has answered no write since
/// (SQLite).
pub const RECHECK: Duration = Duration::from_secs(1);
/// The channel PostgreSQL's triggers notify on (see the migration `no_hot_row`).
pub const CHANNEL: &str = "lofte_changes";

/// The tables whose changes are changes to the record, as PostgreSQL's notifications name them.
const RECORD_TABLES: &[&str] = &[
    "reports",
    "report_versions",
    "report_voids",
    "office_hour_held",
];

/// Where the changes stand: how many there have been (`all`), and how many of those were to the record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generation {
    pub all: i64,
    pub records: i64,
}

impl Generation {
    /// Whether everything that changed between `self` and `now` was the record.
    pub fn only_records_until(self, now: Generation) -> bool {
        now.all - self.all == now.records - self.records
    }

    /// The later of two readings, counter by counter (both only grow).
    fn latest(self, other: Generation) -> Generation {
        Generation {
            all: self.all.max(other.all),
            records: self.records.max(other.records),
        }
    }
}

/// The generation as far as this process knows it.
pub struct Freshness {
    known: Mutex<Generation>,
    checked_ms: AtomicU64,
    dirty: AtomicBool,
    start: Instant,
    /// Set once this process listens for PostgreSQL's notifications: the generation then moves by them.
    notified: AtomicBool,
    /// While notified: whether the listener is connected now.
    connected: AtomicBool,
    /// The listener's task, stopped when this is dropped.
    listener: std::sync::Mutex<Option<tokio::task::AbortHandle>>,
}

impl Drop for Freshness {
    fn drop(&mut self) {
        if let Some(task) = self.listener.get_mut().ok().and_then(Option::take) {
            task.abort();
        }
    }
}

impl Default for Freshness {
    fn default() -> Self {
        Self {
            known: Mutex::new(Generation {
                all: -1,
                records: -1,
            }),
            checked_ms: AtomicU64::new(0),
            dirty: AtomicBool::new(true),
            start: Instant::now(),
            notified: AtomicBool::new(false),
            connected: AtomicBool::new(false),
            listener: std::sync::Mutex::new(None),
        }
    }
}

impl Freshness {
    /// Marks the generation as unknown: the next request reads it from the database (SQLite), or it moves
    /// at once (PostgreSQL).
    pub fn touch(&self) {
        if self.notified.load(Ordering::SeqCst) {
            self.bump();
        } else {
            self.dirty.store(true, Ordering::SeqCst);
        }
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Generation> {
        self.known
            .lock()
            .expect("the generation's lock is never poisoned")
    }

    /// One more change; `to_record`: a change to the record.
    fn bump_by(&self, to_record: bool) -> Generation {
        let mut known = self.known();
        known.all += 1;
        if to_record {
            known.records += 1;
        }
        *known
    }

    fn bump(&self) -> Generation {
        self.bump_by(false)
    }

    fn learn(&self, read: Generation) {
        let mut known = self.known();
        *known = known.latest(read);
    }

    /// Called after a write this process answered, before the response leaves, so that a request sent
    /// after the answer arrived sees the write: the counter is read again (SQLite), or the generation moves
    /// at once rather than when the write's notification arrives (PostgreSQL; `to_record` says whether the
    /// write changed only the record). If the read fails, the next request reads it instead.
    pub async fn after_write(&self, pool: &crate::db::Db, to_record: bool) {
        if self.notified.load(Ordering::SeqCst) {
            self.bump_by(to_record);
            return;
        }
        match read_generation(pool).await {
            Ok(generation) => self.learn(generation),
            Err(e) => {
                tracing::warn!(error = %e, "page cache: could not read the change counter");
                self.touch();
            }
        }
    }

    /// The current generation: from memory, or (SQLite) read when a write was answered or `RECHECK` has
    /// passed.
    pub async fn current(&self, pool: &crate::db::Db) -> Result<Generation, sqlx::Error> {
        if self.notified.load(Ordering::SeqCst) {
            return Ok(self.notified_generation());
        }
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
                    self.learn(generation);
                    self.checked_ms.store(now, Ordering::Relaxed);
                }
                Err(e) => {
                    self.touch();
                    return Err(e);
                }
            }
        }
        Ok(*self.known())
    }

    /// The generation a render about to start is at least as current as: read from the database
    /// (SQLite), or what the notifications have brought (PostgreSQL).
    pub async fn before_render(&self, pool: &crate::db::Db) -> Result<Generation, sqlx::Error> {
        if self.notified.load(Ordering::SeqCst) {
            return Ok(self.notified_generation());
        }
        read_generation(pool).await
    }

    /// While the listener is connected, the generation the notifications brought; while it is not, a new
    /// one on every call, so that nothing kept is served.
    fn notified_generation(&self) -> Generation {
        if self.connected.load(Ordering::SeqCst) {
            *self.known()
        } else {
            self.bump()
        }
    }

    /// On PostgreSQL, starts listening for change notifications, on a connection of its own, and returns
    /// once listening. The listener runs until this is dropped. On SQLite it does nothing.
    pub async fn listen(this: &Arc<Self>, pool: &crate::db::Db) -> Result<(), sqlx::Error> {
        let crate::db::Engine::Postgres(pool) = pool else {
            return Ok(());
        };
        // A pool of one for the listener, so that it never takes a connection from the requests.
        let own = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with((*pool.connect_options()).clone());
        let mut listener = sqlx::postgres::PgListener::connect_with(&own).await?;
        listener.listen(CHANNEL).await?;
        this.notified.store(true, Ordering::SeqCst);
        this.connected.store(true, Ordering::SeqCst);
        this.bump();
        let task = tokio::spawn(run(Arc::downgrade(this), listener));
        *this
            .listener
            .lock()
            .expect("the listener's lock is never poisoned") = Some(task.abort_handle());
        Ok(())
    }
}

/// Moves the generation on every notification. A lost connection may have lost notifications: until it is
/// back, every request renders afresh, and once it is back the generation moves once more.
async fn run(freshness: Weak<Freshness>, mut listener: sqlx::postgres::PgListener) {
    loop {
        let received = listener.try_recv().await;
        let Some(freshness) = freshness.upgrade() else {
            return;
        };
        match received {
            Ok(Some(notification)) => {
                freshness.bump_by(RECORD_TABLES.contains(&notification.payload()));
                freshness.connected.store(true, Ordering::SeqCst);
            }
            // Lost and connected again (sqlx reconnects before it answers `None`).
            Ok(None) => {
                tracing::warn!("page cache: the change listener reconnected");
                freshness.bump();
                freshness.connected.store(true, Ordering::SeqCst);
            }
            Err(e) => {
                if freshness.connected.swap(false, Ordering::SeqCst) {
                    tracing::warn!(error = %e, "page cache: the change listener is not connected; pages render afresh");
                }
                drop(freshness);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// The change counters as the database has them now (SQLite).
pub async fn read_generation(pool: &crate::db::Db) -> Result<Generation, sqlx::Error> {
    let (all, records): (i64, i64) =
        crate::db::one!(pool, "SELECT generation, records FROM changes WHERE id = 1")?;
    Ok(Generation { all, records })
}
