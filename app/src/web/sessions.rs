//! Sessions, kept in the app's own database on either backend, so that every instance behind a load
//! balancer sees every session.

use crate::db::{Db, Engine};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, Result, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session table's name on both backends.
const TABLE: &str = "sessions";

#[derive(Debug, Clone)]
pub struct Sessions(Engine<SqliteStore, PostgresStore>);

impl Sessions {
    /// The store on `db`, its table created if missing.
    pub async fn open(db: &Db) -> std::result::Result<Self, sqlx::Error> {
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
        Ok(Self(store))
    }
}

#[async_trait::async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> Result<()> {
        match &self.0 {
            Engine::Sqlite(s) => s.create(record).await,
            Engine::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        match &self.0 {
            Engine::Sqlite(s) => s.save(record).await,
            Engine::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        match &self.0 {
            Engine::Sqlite(s) => s.load(id).await,
            Engine::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        match &self.0 {
            Engine::Sqlite(s) => s.delete(id).await,
            Engine::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> Result<()> {
        match &self.0 {
            Engine::Sqlite(s) => s.delete_expired().await,
            Engine::Postgres(s) => s.delete_expired().await,
        }
    }
}
