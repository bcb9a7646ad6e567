//! Probes for load balancers and container runtimes. `/livez`: the process answers (it touches nothing).
//! `/readyz`: the instance should get traffic: the database answers within the timeout, this build's
//! migrations are all applied, and the instance is not draining. Both answer a small JSON body naming each
//! check and its state, with no version and no authentication. `/healthz` stays as it was.

use super::AppState;
use crate::db::{self, Db};
use crate::error::StorageFault;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use std::sync::atomic::Ordering;

/// A probe's answer: `ok` or `fail` as a whole, and each check's state.
#[derive(Debug, Serialize)]
pub struct Probe {
    status: &'static str,
    checks: Vec<Check>,
}

#[derive(Debug, Serialize)]
struct Check {
    name: &'static str,
    status: &'static str,
}

fn answer(checks: Vec<Check>) -> (StatusCode, Json<Probe>) {
    let ok = checks.iter().all(|c| c.status == "ok");
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let probe = Probe {
        status: if ok { "ok" } else { "fail" },
        checks,
    };
    (status, Json(probe))
}

pub async fn livez() -> (StatusCode, Json<Probe>) {
    answer(vec![Check {
        name: "process",
        status: "ok",
    }])
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Probe>) {
    let migrations = tokio::time::timeout(state.db_timeout, pending_migrations(&state.pool)).await;
    let (database, migrations) = match migrations {
        Ok(Ok(0)) => ("ok", "ok"),
        Ok(Ok(_)) => ("ok", "pending"),
        Ok(Err(e)) => {
            tracing::error!(error = %crate::error::chain(&e), "readiness: the database did not answer");
            let fault = crate::storage_fault::of(&e).unwrap_or(StorageFault::Unavailable);
            (fault.code(), "unknown")
        }
        Err(_) => (StorageFault::Unavailable.code(), "unknown"),
    };
    let draining = if state.draining.load(Ordering::SeqCst) {
        "draining"
    } else {
        "ok"
    };
    answer(vec![
        Check {
            name: "database",
            status: database,
        },
        Check {
            name: "migrations",
            status: migrations,
        },
        Check {
            name: "serving",
            status: draining,
        },
    ])
}

/// How many of this build's migrations the database has not applied successfully.
async fn pending_migrations(pool: &Db) -> Result<usize, sqlx::Error> {
    let migrator = match pool {
        db::Engine::Sqlite(_) => &db::MIGRATOR,
        db::Engine::Postgres(_) => &crate::postgres::MIGRATOR,
    };
    let applied: Vec<i64> =
        db::scalars!(pool, "SELECT version FROM _sqlx_migrations WHERE success")?;
    Ok(migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .filter(|m| !applied.contains(&m.version))
        .count())
}
/// `200 ok` when the database answers within the timeout and no request met a storage fault lately (see
/// `storage::FAULT_WINDOW`); otherwise `503` with the fault's code, `storage_full` or `storage_unavailable`.
/// It answers within the database timeout whatever the database does.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    use crate::error::StorageFault;
    let check = tokio::time::timeout(state.db_timeout, async {
        crate::db::scalar!(&state.pool, as i32, "SELECT 1")
    });
    let fault = match check.await {
        Ok(Ok(_)) => state.storage.current(),
        Ok(Err(e)) => {
            tracing::error!(error = %crate::error::chain(&e), "health check: the database did not answer");
            Some(crate::storage_fault::of(&e).unwrap_or(StorageFault::Unavailable))
        }
        Err(_) => {
            tracing::error!(timeout = ?state.db_timeout, "health check: the database did not answer in time");
            Some(StorageFault::Unavailable)
        }
    };
    match fault {
        None => (StatusCode::OK, "ok"),
        Some(fault) => (StatusCode::SERVICE_UNAVAILABLE, fault.code()),
    }
}
