//! The SQLite pool: opened once at start with the settings the app relies on, then shared through state.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// The schema's migrations, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if missing) the database at `url`, with WAL, foreign keys and a busy timeout, and brings
/// its schema up to date. A relative file path gets its parent folder created.
///
/// Every commit is durable before it returns (`synchronous = FULL`: the WAL is synced to disk at each
/// commit), so a report acknowledged to a phone survives a power cut, not only a crash of the process.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    open(url, 8).await
}

async fn open(url: &str, max_connections: u32) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
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
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Ends an optimistic save (`UPDATE … WHERE id = ? AND version = ?`): when no row matched, the item was
/// saved by someone else after this edit began, and the caller's transaction is dropped with nothing changed.
pub fn at_version(result: sqlx::sqlite::SqliteQueryResult) -> Result<(), crate::error::AppError> {
    if result.rows_affected() == 0 {
        Err(crate::error::AppError::EditConflict)
    } else {
        Ok(())
    }
}

#[cfg(test)]
pub(crate) async fn test_pool() -> SqlitePool {
    // One connection: every connection to `:memory:` would be a database of its own.
    open("sqlite::memory:", 1)
        .await
        .expect("an in-memory database opens and migrates")
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn commits_are_synced_to_disk() {
        let dir = std::env::temp_dir().join(format!("lofte-sync-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}", dir.join("t.db").display());
        let pool = super::connect(&url).await.unwrap();
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
}
