//! Fixtures for the app's own tests.

use crate::agreements::{db as agreements_db, seed};
use crate::db::{self, Db};

/// A fresh in-memory database with the Sävsjö agreement and one officer, `olle`, with id 1.
pub async fn seeded_with_officer() -> Db {
    let pool = crate::db::test_pool().await;
    agreements_db::insert_if_absent(&pool, &seed::savsjo())
        .await
        .unwrap();
    db::execute!(
        &pool,
        "INSERT INTO users (id, username, password_hash, role) VALUES (1, 'olle', 'x', 'officer')"
    )
    .unwrap();
    after_explicit_ids(&pool, "users").await;
    pool
}

/// After rows inserted with explicit ids, moves Postgres's identity past them, as SQLite's rowid does by
/// itself, so that the next insert without an id gets a free one.
pub async fn after_explicit_ids(pool: &Db, table: &str) {
    if let crate::db::Engine::Postgres(pool) = pool {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        ))
        .execute(pool)
        .await
        .unwrap();
    }
}
