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
//!
//! Beside the counters, which agreement each change to the record was made to (`record_changes` on SQLite,
//! the notification's `reports:12` on PostgreSQL): a page that shows one agreement's record and nothing
//! else that changes with the record (its page, its progress) stays current through reports to the others.
//! A change to the record that names no one agreement (held office hours, which count for every agreement
//! of their police area) touches them all.

use std::collections::HashMap;
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

/// The agreements' records changed since a reading of the counters: these agreements, or (`any`) a change
/// that names none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub agreements: Vec<i64>,
    pub any: bool,
}

impl Touched {
    /// A change to the record that names no one agreement: it touches them all.
    pub(super) fn any() -> Self {
        Self {
            agreements: Vec::new(),
            any: true,
        }
    }
}

/// What this process knows of the changes.
#[derive(Debug, Default)]
struct Known {
    generation: Generation,
    /// Per agreement, the generation (`all`) by which this process had learnt of its latest change to the
    /// record: a copy rendered at that generation or later shows it.
    touched: HashMap<i64, i64>,
    /// The same for the latest change to the record that named no one agreement.
    touched_any: i64,
}

impl Known {
    /// Takes in a reading (`generation`, and what it says was touched since the last one); only moves forward.
    fn learn(&mut self, generation: Generation, touched: &Touched) {
        self.generation = self.generation.latest(generation);
        let at = self.generation.all;
        for agreement in &touched.agreements {
            let seen = self.touched.entry(*agreement).or_default();
            *seen = (*seen).max(at);
        }
        if touched.any {
            self.touched_any = self.touched_any.max(at);
        }
    }

    /// Whether no change to the record of `agreement` has been learnt of after generation `since`.
    fn untouched(&self, agreement: i64, since: i64) -> bool {
        self.touched_any <= since && self.touched.get(&agreement).is_none_or(|&at| at <= since)
    }
}

/// The generation as far as this process knows it.
pub struct Freshness {
    known: Mutex<Known>,
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
            known: Mutex::new(Known {
                generation: Generation {
                    all: -1,
                    records: -1,
                },
                ..Known::default()
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

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        self.known
            .lock()
            .expect("the generation's lock is never poisoned")
    }

    /// One more change; `to_record`: a change to the record, of these agreements.
    pub(super) fn bump_by(&self, to_record: Option<&Touched>) -> Generation {
        let mut known = self.known();
        let mut next = known.generation;
        next.all += 1;
        if to_record.is_some() {
            next.records += 1;
        }
        known.learn(next, to_record.unwrap_or(&Touched::default()));
        known.generation
    }

    pub(super) fn bump(&self) -> Generation {
        self.bump_by(None)
    }

    fn learn(&self, generation: Generation, touched: &Touched) {
        self.known().learn(generation, touched);
    }

    /// Whether no change to the record of `agreement` has been learnt of after generation `since` (its
    /// `all`).
    pub fn untouched(&self, agreement: i64, since: i64) -> bool {
        self.known().untouched(agreement, since)
    }

    /// Reads the counters (SQLite) with the agreements touched since what this process knows, takes them
    /// in, and gives the generation read.
    async fn refresh(&self, pool: &crate::db::Db) -> Result<Generation, sqlx::Error> {
        let since = self.known().generation.records;
        let (generation, touched) = read_changes(pool, since).await?;
        self.learn(generation, &touched);
        Ok(generation)
    }

    /// Called after a write this process answered, before the response leaves, so that a request sent
    /// after the answer arrived sees the write: the counter is read again (SQLite), or the generation moves
    /// at once rather than when the write's notification arrives (PostgreSQL; `to_record` says whether the
    /// write changed only the record, and of which agreements). If the read fails, the next request reads it
    /// instead.
    pub async fn after_write(&self, pool: &crate::db::Db, to_record: Option<&Touched>) {
        if self.notified.load(Ordering::SeqCst) {
            self.bump_by(to_record);
            return;
        }
        if let Err(e) = self.refresh(pool).await {
            tracing::warn!(error = %e, "page cache: could not read the change counter");
            self.touch();
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
            match self.refresh(pool).await {
                Ok(_) => self.checked_ms.store(now, Ordering::Relaxed),
                Err(e) => {
                    self.touch();
                    return Err(e);
                }
            }
        }
        Ok(self.known().generation)
    }

    /// The generation a render about to start is at least as current as: read from the database
    /// (SQLite), or what the notifications have brought (PostgreSQL).
    pub async fn before_render(&self, pool: &crate::db::Db) -> Result<Generation, sqlx::Error> {
        if self.notified.load(Ordering::SeqCst) {
            return Ok(self.notified_generation());
        }
        self.refresh(pool).await
    }

    /// While the listener is connected, the generation the notifications brought; while it is not, a new
    /// one on every call, so that nothing kept is served.
    fn notified_generation(&self) -> Generation {
        if self.connected.load(Ordering::SeqCst) {
            self.known().generation
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
                freshness.bump_by(to_record(notification.payload()).as_ref());
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

/// What a notification's payload (`table` or `table:agreement`) says of the record: `None` for a change to
/// something else, else the agreement changed, or any.
fn to_record(payload: &str) -> Option<Touched> {
    let (table, agreement) = match payload.split_once(':') {
        Some((table, agreement)) => (table, agreement.parse::<i64>().ok()),
        None => (payload, None),
    };
    RECORD_TABLES.contains(&table).then(|| match agreement {
        Some(agreement) => Touched {
            agreements: vec![agreement],
            any: false,
        },
        None => Touched::any(),
    })
}

/// The change counters as the database has them now, and the agreements whose records changed after the
/// counter of changes to the record stood at `since` (SQLite), in one statement so in one snapshot.
async fn read_changes(
    pool: &crate::db::Db,
    since: i64,
) -> Result<(Generation, Touched), sqlx::Error> {
    let (all, records, touched): (i64, i64, String) = crate::db::one!(
        pool,
        "SELECT generation, records,
                (SELECT json_group_array(agreement_id) FROM record_changes WHERE at > $1)
         FROM changes WHERE id = 1",
        since
    )?;
    let ids: Vec<i64> =
        serde_json::from_str(&touched).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    // Agreement 0 stands for a change that names none (see the migration `record_changes_by_agreement`).
    let any = ids.contains(&0);
    Ok((
        Generation { all, records },
        Touched {
            agreements: ids.into_iter().filter(|&id| id != 0).collect(),
            any,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(all: i64, records: i64) -> Generation {
        Generation { all, records }
    }

    fn of(agreements: &[i64]) -> Touched {
        Touched {
            agreements: agreements.to_vec(),
            any: false,
        }
    }

    #[test]
    fn a_change_to_one_agreements_record_leaves_the_others_untouched() {
        let mut known = Known::default();
        known.learn(at(10, 4), &of(&[3]));
        assert!(
            !known.untouched(3, 9),
            "rendered before the change was learnt of"
        );
        assert!(
            known.untouched(3, 10),
            "rendered at the generation that showed it"
        );
        assert!(known.untouched(7, 9), "another agreement");
        known.learn(at(12, 6), &of(&[7, 8]));
        assert!(known.untouched(3, 10));
        assert!(!known.untouched(7, 10) && !known.untouched(8, 11));
        // A reading that arrives late never moves anything back.
        known.learn(at(11, 5), &of(&[3]));
        assert_eq!(known.generation, at(12, 6));
        assert!(
            !known.untouched(3, 11),
            "learnt of again at the later generation"
        );
        assert!(known.untouched(3, 12));
    }

    #[test]
    fn a_change_to_the_record_that_names_no_agreement_touches_them_all() {
        let mut known = Known::default();
        known.learn(at(5, 2), &of(&[1]));
        known.learn(at(6, 3), &Touched::any());
        assert!(!known.untouched(1, 5) && !known.untouched(99, 5));
        assert!(known.untouched(99, 6));
    }

    #[test]
    fn a_notification_names_its_table_and_agreement() {
        assert_eq!(to_record("agreements"), None);
        assert_eq!(to_record("office_hour_slots"), None);
        assert_eq!(to_record("reports:12"), Some(of(&[12])));
        assert_eq!(to_record("report_voids:3"), Some(of(&[3])));
        assert_eq!(to_record("office_hour_held"), Some(Touched::any()));
        assert_eq!(to_record("reports:x"), Some(Touched::any()));
        assert_eq!(to_record(""), None, "from before the record was told apart");
    }

    #[test]
    fn a_write_in_this_process_moves_the_generation_and_what_it_touched() {
        let freshness = Freshness::default();
        let before = freshness.bump();
        assert!(freshness.untouched(4, before.all));
        let after = freshness.bump_by(Some(&of(&[4])));
        assert_eq!(after.records, before.records + 1);
        assert!(!freshness.untouched(4, before.all));
        assert!(freshness.untouched(4, after.all));
        assert!(freshness.untouched(5, before.all));
        let other = freshness.bump();
        assert_eq!(other.records, after.records, "not a change to the record");
    }
}
