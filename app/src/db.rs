//! The database, on either backend: a SQLite file (the default) or PostgreSQL, chosen by `DATABASE_URL`.
//!
//! Every store writes its SQL once, with `$1`-style parameters that both engines read, and runs it through
//! the macros below. A macro's body is compiled once per backend, so the compiler checks that every bound
//! value encodes, and every read type decodes, on both engines; the SQL text itself is checked only when a
//! test runs it (each store's tests run on both backends). A store reads like ordinary sqlx code. Where the engines need different
//! text, the store matches on [`Engine`] itself, with the reason beside it.

use chrono::{DateTime, Utc};
use sqlx::postgres::PgPool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

use crate::database_url::{Backend, DatabaseUrl};

/// One value per backend: a pool, a transaction.
#[derive(Clone, Debug)]
pub enum Engine<S, P> {
    Sqlite(S),
    Postgres(P),
}

/// The app's database: a pool on one of the two backends.
pub type Db = Engine<SqlitePool, PgPool>;

/// A transaction on the app's database. Dropped without [`Tx::commit`], it rolls back.
pub type Tx = Engine<Transaction<'static, Sqlite>, Transaction<'static, Postgres>>;

/// The SQLite schema's migrations, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Connections per pool: SQLite has one writer whatever the number; Postgres shares its connections with the
/// other instances, so each takes a modest share.
const POOL_SIZE: u32 = 8;

/// How long a request waits on the database by default before it is refused with `storage_unavailable`
/// (`LOFTE_DB_TIMEOUT`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

impl Db {
    /// Opens the database `url` names and brings its schema up to date, waiting on it for at most
    /// [`DEFAULT_TIMEOUT`].
    pub async fn connect(url: &DatabaseUrl) -> Result<Self, sqlx::Error> {
        Self::connect_with(url, DEFAULT_TIMEOUT).await
    }

    /// Opens the database `url` names and brings its schema up to date. A request waits at most `timeout`
    /// for a connection (and, on SQLite, for the writer's lock); a server that does not answer stops the
    /// start after it.
    pub async fn connect_with(url: &DatabaseUrl, timeout: Duration) -> Result<Self, sqlx::Error> {
        Ok(match url.backend() {
            Backend::Sqlite => Engine::Sqlite(open_sqlite(url.as_str(), POOL_SIZE, timeout).await?),
            Backend::Postgres => {
                Engine::Postgres(crate::postgres::connect(url.as_str(), POOL_SIZE, timeout).await?)
            }
        })
    }

    pub fn backend(&self) -> Backend {
        match self {
            Engine::Sqlite(_) => Backend::Sqlite,
            Engine::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Engine::Sqlite(pool) => Engine::Sqlite(pool.begin().await?),
            Engine::Postgres(pool) => Engine::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        match self {
            Engine::Sqlite(pool) => pool.close().await,
            Engine::Postgres(pool) => pool.close().await,
        }
    }

    /// The SQLite pool, for what only exists on SQLite (the online backup); `None` on Postgres.
    pub fn sqlite(&self) -> Option<&SqlitePool> {
        match self {
            Engine::Sqlite(pool) => Some(pool),
            Engine::Postgres(_) => None,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Engine::Sqlite(tx) => tx.commit().await,
            Engine::Postgres(tx) => tx.commit().await,
        }
    }

    /// Makes the transactions that check a rule and then write (the last enabled admin, the next position
    /// in a list, the next version of a report) run one after the other for the same `key`.
    ///
    /// On Postgres two such transactions could each read before the other commits and both write; a
    /// transaction-scoped advisory lock on `key` makes the second wait until the first has committed, and
    /// read committed then shows it the first one's rows. On SQLite there is nothing to do: it has one
    /// writer, and a transaction whose reads went stale fails at its first write instead of writing.
    pub async fn lock(&mut self, key: &str) -> Result<(), sqlx::Error> {
        if let Engine::Postgres(tx) = self {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// What a macro's body runs its query on: the pool itself, or a transaction's connection.
pub trait Executor {
    type On;
    fn on(self) -> Self::On;
}

impl<'a, DB: sqlx::Database> Executor for &'a sqlx::Pool<DB> {
    type On = &'a sqlx::Pool<DB>;
    fn on(self) -> Self::On {
        self
    }
}

impl<'a, 't, DB: sqlx::Database> Executor for &'a mut Transaction<'t, DB> {
    type On = &'a mut DB::Connection;
    fn on(self) -> Self::On {
        &mut **self
    }
}

/// Runs `$body` with `$c` bound to the executor of whichever backend `$on` (a `&Db` or a `&mut Tx`) holds.
/// The body is compiled for both.
#[macro_export]
macro_rules! on_db {
    ($on:expr, $c:ident => $body:expr) => {
        match $on {
            $crate::db::Engine::Sqlite(on) => {
                let $c = $crate::db::Executor::on(on);
                $body
            }
            $crate::db::Engine::Postgres(on) => {
                let $c = $crate::db::Executor::on(on);
                $body
            }
        }
    };
}

/// The statement behind the macros below: `$ctor` (`query_as`, `query_scalar`) with its binds, run by `$fetch`.
/// `as T` names the row type where the caller's binding does not.
#[doc(hidden)]
#[macro_export]
macro_rules! __db_fetch {
    ($fetch:ident, $ctor:ident, $on:expr, as $t:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::on_db!($on, c => sqlx::$ctor::<_, $t>($sql)$(.bind($arg))*.$fetch(c).await)
    };
    ($fetch:ident, $ctor:ident, $on:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::on_db!($on, c => sqlx::$ctor($sql)$(.bind($arg))*.$fetch(c).await)
    };
}

/// `execute!(on, SQL, binds…)`: the number of rows the statement changed.
#[macro_export]
macro_rules! db_execute {
    ($on:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::on_db!($on, c => sqlx::query($sql)$(.bind($arg))*.execute(c).await.map(|r| r.rows_affected()))
    };
}

/// `all!(on, [as T,] SQL, binds…)`: every row, as a `FromRow` type or a tuple.
#[macro_export]
macro_rules! db_all {
    ($($t:tt)*) => { $crate::__db_fetch!(fetch_all, query_as, $($t)*) };
}

/// `one!(on, [as T,] SQL, binds…)`: exactly one row; `sqlx::Error::RowNotFound` if there is none.
#[macro_export]
macro_rules! db_one {
    ($($t:tt)*) => { $crate::__db_fetch!(fetch_one, query_as, $($t)*) };
}

/// `optional!(on, [as T,] SQL, binds…)`: the first row, if any.
#[macro_export]
macro_rules! db_optional {
    ($($t:tt)*) => { $crate::__db_fetch!(fetch_optional, query_as, $($t)*) };
}

/// `scalar!(on, [as T,] SQL, binds…)`: the first column of exactly one row.
#[macro_export]
macro_rules! db_scalar {
    ($($t:tt)*) => { $crate::__db_fetch!(fetch_one, query_scalar, $($t)*) };
}

/// `scalar_optional!(on, [as T,] SQL, binds…)`: the first column of the first row, if any.
#[macro_export]
macro_rules! db_scalar_optional {
    ($($t:tt)*) => { $crate::__db_fetch!(fetch_optional, query_scalar, $($t)*) };
}

/// `scalars!(on, [as T,] SQL, binds…)`: the first column of every row.
#[macro_export]
macro_rules! db_scalars {
    ($($t:tt)*) => { $crate::__db_fetch!(fetch_all, query_scalar, $($t)*) };
}

pub use crate::{
    db_all as all, db_execute as execute, db_one as one, db_optional as optional,
    db_scalar as scalar, db_scalar_optional as scalar_optional, db_scalars as scalars, on_db as on,
};

/// An instant as each backend keeps it: on SQLite RFC 3339 text in UTC with milliseconds
/// (`2026-11-26T09:00:00.123Z`, which sorts as time does), on Postgres a `timestamptz`. Bind one to compare
/// with a timestamp column; read a timestamp column as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(pub DateTime<Utc>);

impl Stamp {
    pub fn now() -> Self {
        Self(Utc::now())
    }

    /// As SQLite keeps it and the pages show it.
    pub fn text(self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    }
}

impl From<Stamp> for String {
    fn from(stamp: Stamp) -> Self {
        stamp.text()
    }
}

mod stamp_types {
    use super::Stamp;
    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
    use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
    use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

    type Instant = chrono::DateTime<chrono::Utc>;

    impl Type<Sqlite> for Stamp {
        fn type_info() -> SqliteTypeInfo {
            <String as Type<Sqlite>>::type_info()
        }
        fn compatible(ty: &SqliteTypeInfo) -> bool {
            <String as Type<Sqlite>>::compatible(ty)
        }
    }

    impl<'q> Encode<'q, Sqlite> for Stamp {
        fn encode_by_ref(
            &self,
            buf: &mut Vec<SqliteArgumentValue<'q>>,
        ) -> Result<IsNull, BoxDynError> {
            <String as Encode<'q, Sqlite>>::encode(self.text(), buf)
        }
    }

    impl<'r> Decode<'r, Sqlite> for Stamp {
        fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
            let text = <&str as Decode<Sqlite>>::decode(value)?;
            domain::calendar::parse_timestamp(text)
                .map(Stamp)
                .ok_or_else(|| format!("not an RFC 3339 instant: {text:?}").into())
        }
    }

    impl Type<Postgres> for Stamp {
        fn type_info() -> PgTypeInfo {
            <Instant as Type<Postgres>>::type_info()
        }
        fn compatible(ty: &PgTypeInfo) -> bool {
            <Instant as Type<Postgres>>::compatible(ty)
        }
    }

    impl Encode<'_, Postgres> for Stamp {
        fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            <Instant as Encode<Postgres>>::encode_by_ref(&self.0, buf)
        }
    }

    impl<'r> Decode<'r, Postgres> for Stamp {
        fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            <Instant as Decode<Postgres>>::decode(value).map(Stamp)
        }
    }
}

/// Opens (creating if missing) the SQLite database at `url`, with WAL, foreign keys and a busy timeout, and
/// brings its schema up to date. A relative file path gets its parent folder created.
///
/// Every commit is durable before it returns (`synchronous = FULL`: the WAL is synced to disk at each
/// commit), so a report acknowledged to a phone survives a power cut, not only a crash of the process.
async fn open_sqlite(
    url: &str,
    max_connections: u32,
    timeout: Duration,
) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(timeout)
        // Reports are keyed by random UUIDs, so each insert lands on its own page of the table, its indexes
        // and the audit log: with SQLite's default 2 MB page cache the sync slowed as the record grew.
        // 32 MB per connection keeps the working set of a large record in memory.
        .pragma("cache_size", "-32768");
    if let Some(parent) = options.get_filename().parent() {
        if !parent.as_os_str().is_empty() && !parent.exists() {
            std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(timeout)
        .after_release(|conn, _| Box::pin(async move { Ok(sqlite_is_clean(conn).await) }))
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Whether a SQLite connection handed back to the pool is outside any transaction, both as sqlx counts and
/// as SQLite knows it; one that is not is closed instead of reused.
///
/// This is what keeps a failed commit from costing later reports. When SQLite cannot write (a full disk,
/// an I/O error) it may roll the transaction back itself. sqlx then still counts the transaction as open,
/// its rollback fails, and the next transaction on that connection becomes a savepoint inside a
/// transaction that nothing will ever commit: its "commit" only releases the savepoint, the request is
/// answered as stored, and the rows are gone when the connection closes. The opposite can happen too: a
/// transaction left open holds SQLite's write lock, and every other writer waits for it, then fails with
/// "database is locked", until the process restarts.
async fn sqlite_is_clean(conn: &mut sqlx::SqliteConnection) -> bool {
    use sqlx::Connection;
    // Waits for the worker to run what is queued before it (the rollback of a dropped transaction).
    let autocommit = match conn.lock_handle().await {
        // SAFETY: the handle is a live connection, locked for this call; sqlite3_get_autocommit only reads
        // its state.
        Ok(mut handle) => unsafe {
            libsqlite3_sys::sqlite3_get_autocommit(handle.as_raw_handle().as_ptr()) != 0
        },
        Err(_) => false,
    };
    let clean = autocommit && !conn.is_in_transaction();
    if !clean {
        tracing::warn!(
            sqlite_autocommit = autocommit,
            sqlx_in_transaction = conn.is_in_transaction(),
            "a database connection came back inside a transaction (after a failed commit?): closed, not reused"
        );
    }
    clean
}

/// Ends an optimistic save (`UPDATE … WHERE id = $1 AND version = $2`), given the rows it changed: when none
/// matched, the item was saved by someone else after this edit began, and the caller's transaction is
/// dropped with nothing changed.
pub fn at_version(rows_affected: u64) -> Result<(), crate::error::AppError> {
    if rows_affected == 0 {
        Err(crate::error::AppError::EditConflict)
    } else {
        Ok(())
    }
}

/// A fresh, migrated database for one test: in memory on SQLite, or, when `LOFTE_TEST_BACKEND=postgres`, a
/// new database on the test server (`LOFTE_TEST_POSTGRES_URL`), so that the same tests run on both.
#[cfg(test)]
pub(crate) async fn test_pool() -> Db {
    if std::env::var("LOFTE_TEST_BACKEND").as_deref() == Ok("postgres") {
        let database = crate::postgres::testing::fresh_database()
            .await
            .expect("LOFTE_TEST_BACKEND=postgres needs LOFTE_TEST_POSTGRES_URL");
        return Engine::Postgres(
            crate::postgres::connect(&database.url, 4, DEFAULT_TIMEOUT)
                .await
                .expect("the test database migrates"),
        );
    }
    Engine::Sqlite(memory_sqlite().await)
}

/// A fresh, migrated SQLite database in memory.
#[cfg(test)]
pub(crate) async fn memory_sqlite() -> SqlitePool {
    // One connection: every connection to `:memory:` would be a database of its own.
    open_sqlite("sqlite::memory:", 1, DEFAULT_TIMEOUT)
        .await
        .expect("an in-memory database opens and migrates")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sqlite_commits_are_synced_to_disk() {
        let dir = std::env::temp_dir().join(format!("lofte-sync-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}", dir.join("t.db").display());
        let pool = open_sqlite(&url, 2, DEFAULT_TIMEOUT).await.unwrap();
        let level: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(level, 2, "FULL");
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        pool.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_stamp_reads_back_as_written_and_compares_as_time_does() {
        let db = test_pool().await;
        let early = Stamp(DateTime::from_timestamp_millis(1_764_147_600_123).unwrap());
        let late = Stamp(DateTime::from_timestamp_millis(1_764_147_601_000).unwrap());
        let read: Stamp = scalar!(&db, "SELECT $1", early).unwrap();
        assert_eq!(read, early);
        assert_eq!(early.text(), "2025-11-26T09:00:00.123Z");
        let earlier: bool = scalar!(&db, "SELECT $1 < $2", early, late).unwrap();
        assert!(earlier);
    }
}
