//! Sessions, kept in the app's own database on either backend, so that every instance behind a load
//! balancer sees every session.

use crate::db::{Db, Engine};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, Result, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session table's name on both backends.
const TABLE: &str = "sessions";

/// The session store on the app's database. Every call waits at most `timeout` for it: sessions are read
/// before any handler runs, so a database that does not answer would otherwise hold every signed-in
/// request for as long as it is away.
#[derive(Debug, Clone)]
pub struct Sessions {
    store: Engine<SqliteStore, PostgresStore>,
    timeout: std::time::Duration,
}

impl Sessions {
    /// The store on `db`, its table created if missing.
    pub async fn open(
        db: &Db,
        timeout: std::time::Duration,
    ) -> std::result::Result<Self, sqlx::Error> {
        let config = |e: String| sqlx::Error::Configuration(e.into());
        let store = match db {
            Engine::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone())
                    .with_table_name(TABLE)
                    .map_err(config)?;
                store.migrate().await?;
                Engine::Sqlite(store)
            }
            Engine::Postgres(pool) => {
                // In the app's own schema rather than the store's default one, which the app's database
                // account may have no right to create.
                let store = PostgresStore::new(pool.clone())
                    .with_schema_name("public")
                    .and_then(|s| s.with_table_name(TABLE))
                    .map_err(config)?;
                store.migrate().await?;
                Engine::Postgres(store)
            }
        };
        Ok(Self { store, timeout })
    }

    /// Runs one call to the store within the timeout; a failure marks the request as one the storage
    /// failed (`storage::session_unavailable`).
    async fn bounded<T>(&self, call: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        let result = match tokio::time::timeout(self.timeout, call).await {
            Ok(result) => result,
            Err(_) => Err(tower_sessions::session_store::Error::Backend(format!(
                "the session store did not answer within {:?}",
                self.timeout
            ))),
        };
        if result.is_err() {
            super::storage::session_unavailable();
        }
        result
    }
}

#[async_trait::async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> Result<()> {
        match &self.store {
            Engine::Sqlite(s) => self.bounded(s.create(record)).await,
            Engine::Postgres(s) => self.bounded(s.create(record)).await,
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        match &self.store {
            Engine::Sqlite(s) => self.bounded(s.save(record)).await,
            Engine::Postgres(s) => self.bounded(s.save(record)).await,
        }
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        match &self.store {
            Engine::Sqlite(s) => self.bounded(s.load(id)).await,
            Engine::Postgres(s) => self.bounded(s.load(id)).await,
        }
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        match &self.store {
            Engine::Sqlite(s) => self.bounded(s.delete(id)).await,
            Engine::Postgres(s) => self.bounded(s.delete(id)).await,
        }
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> Result<()> {
        match &self.store {
            Engine::Sqlite(s) => s.delete_expired().await,
            Engine::Postgres(s) => s.delete_expired().await,
        }
    }
}
