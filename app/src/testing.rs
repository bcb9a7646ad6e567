//! Fixtures for the app's own tests.

use crate::agreements::{db as agreements_db, seed};
use sqlx::SqlitePool;

/// A fresh in-memory database with the Sävsjö agreement and one officer, `olle`, with id 1.
pub async fn seeded_with_officer() -> SqlitePool {
    let pool = crate::db::test_pool().await;
    agreements_db::insert_if_absent(&pool, &seed::savsjo())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, role) VALUES (1, 'olle', 'x', 'officer')",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool
}
