//! `lofte backup` and `lofte restore`: a consistent copy of the live database, and bringing one back.
//!
//! A backup is SQLite's `VACUUM INTO`, which reads one snapshot of the database (consistent under WAL while
//! the server writes) into a new, compact file. The copy is written under a temporary name, checked with
//! `PRAGMA integrity_check`, synced to disk and only then renamed to the name asked for, so a file with
//! that name is always a whole, checked backup.

use anyhow::{bail, ensure, Context};
use sqlx::sqlite::{SqliteConnectOptions, SqliteLockingMode};
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// What a database holds, as `backup` and `restore` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub reports: i64,
    pub report_versions: i64,
    pub report_voids: i64,
    pub agreements: i64,
    pub users: i64,
    pub audit_rows: i64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} reports ({} versions, {} voided), {} agreements, {} accounts, {} audit rows",
            self.reports,
            self.report_versions,
            self.report_voids,
            self.agreements,
            self.users,
            self.audit_rows
        )
    }
}

/// The database file a `sqlite://` URL names.
pub fn database_file(url: &str) -> anyhow::Result<PathBuf> {
    let parsed = app::database_url::DatabaseUrl::parse(url)?;
    ensure!(
        parsed.backend() == app::database_url::Backend::Sqlite,
        "lofte backup and restore copy a SQLite database file; DATABASE_URL names {}, whose backups are \
         made with pg_dump or the database service's own",
        parsed.backend().name()
    );
    let options = SqliteConnectOptions::from_str(url).context("reading DATABASE_URL")?;
    let path = options.get_filename();
    ensure!(
        !path.as_os_str().is_empty() && !url.contains(":memory:"),
        "DATABASE_URL names no database file: {url}"
    );
    Ok(path.to_path_buf())
}

/// Writes a checked copy of the database at `database_url` to `target`, which must not exist yet.
pub async fn backup(database_url: &str, target: &Path) -> anyhow::Result<Summary> {
    let source = database_file(database_url)?;
    ensure!(source.is_file(), "no database at {}", source.display());
    ensure!(
        !target.exists(),
        "{} exists already; choose a new name (a backup never overwrites)",
        target.display()
    );
    let partial = sibling(target, "partial")?;
    let result = async {
        let mut live = SqliteConnectOptions::new()
            .filename(&source)
            .busy_timeout(Duration::from_secs(30))
            .connect()
            .await
            .with_context(|| format!("opening {}", source.display()))?;
        sqlx::query("VACUUM INTO ?")
            .bind(partial.to_string_lossy().into_owned())
            .execute(&mut live)
            .await
            .context("copying the database")?;
        live.close().await.ok();
        private(&partial)?;
        let summary = check(&partial).await?;
        sync_file(&partial)?;
        ensure!(
            !target.exists(),
            "{} appeared while the backup was written",
            target.display()
        );
        std::fs::rename(&partial, target)
            .with_context(|| format!("renaming the copy to {}", target.display()))?;
        sync_parent(target)?;
        Ok::<_, anyhow::Error>(summary)
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Replaces the database at `database_url` with the backup at `backup`, after checking it. The server
/// must be stopped: a database in use is refused.
pub async fn restore(database_url: &str, backup: &Path) -> anyhow::Result<Summary> {
    let target = database_file(database_url)?;
    ensure!(backup.is_file(), "no backup at {}", backup.display());
    check(backup).await.with_context(|| {
        format!(
            "{} is not a usable backup; nothing was changed",
            backup.display()
        )
    })?;
    if target.exists() {
        refuse_if_in_use(&target).await?;
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let partial = sibling(&target, "restoring")?;
    let result = async {
        std::fs::copy(backup, &partial)
            .with_context(|| format!("copying {} next to the database", backup.display()))?;
        private(&partial)?;
        sync_file(&partial)?;
        let summary = check(&partial).await?;
        // A log left by the replaced database would be replayed into the restored one.
        for suffix in ["-wal", "-shm", "-journal"] {
            let stale = PathBuf::from(format!("{}{suffix}", target.display()));
            match std::fs::remove_file(&stale) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("removing {}", stale.display())),
            }
        }
        std::fs::rename(&partial, &target)
            .with_context(|| format!("renaming the copy to {}", target.display()))?;
        sync_parent(&target)?;
        Ok::<_, anyhow::Error>(summary)
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Refuses when another process has the database open: SQLite will not give an exclusive lock then.
async fn refuse_if_in_use(target: &Path) -> anyhow::Result<()> {
    let opened = SqliteConnectOptions::new()
        .filename(target)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::from_millis(200))
        .connect()
        .await;
    let mut conn = match opened {
        Ok(conn) => conn,
        Err(e) if is_busy(&e) => bail!(in_use(target)),
        // A database that cannot even be opened is what a restore is for.
        Err(e) => {
            tracing::warn!(error = %e, "the database to replace cannot be opened; replacing it anyway");
            return Ok(());
        }
    };
    match sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await {
        Ok(_) => {
            sqlx::query("ROLLBACK").execute(&mut conn).await.ok();
            // Closing the last connection checkpoints and removes the database's own log.
            conn.close().await.ok();
            Ok(())
        }
        Err(e) if is_busy(&e) => bail!(in_use(target)),
        Err(e) => {
            tracing::warn!(error = %e, "the database to replace cannot be read; replacing it anyway");
            Ok(())
        }
    }
}

fn in_use(target: &Path) -> String {
    format!(
        "{} is in use: stop the server (and any other `lofte` command) before restoring; nothing was changed",
        target.display()
    )
}

fn is_busy(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|code| {
            // SQLITE_BUSY and SQLITE_LOCKED, with their extended codes.
            let primary = code.parse::<i32>().map(|c| c & 0xff).unwrap_or(0);
            primary == 5 || primary == 6
        })
}

/// Checks a database file: `PRAGMA integrity_check` passes and it is this app's (it has the tables, and
/// no migration this build does not know). Returns what it holds.
pub async fn check(path: &Path) -> anyhow::Result<Summary> {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .with_context(|| format!("checking {}", path.display()))?;
    ensure!(
        problems == ["ok"],
        "{} fails SQLite's integrity check: {}",
        path.display(),
        problems.join("; ")
    );
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut conn)
            .await
            .with_context(|| format!("{} is not a Medborgarlöfte database", path.display()))?;
    let known: Vec<i64> = app::db::MIGRATOR.iter().map(|m| m.version).collect();
    if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
        bail!(
            "{} has migration {newer}, which this build of lofte does not know: it is from a newer version",
            path.display()
        );
    }
    Ok(Summary {
        reports: count(&mut conn, path, "reports").await?,
        report_versions: count(&mut conn, path, "report_versions").await?,
        report_voids: count(&mut conn, path, "report_voids").await?,
        agreements: count(&mut conn, path, "agreements").await?,
        users: count(&mut conn, path, "users").await?,
        audit_rows: count(&mut conn, path, "audit_log").await?,
    })
}

async fn count(conn: &mut SqliteConnection, path: &Path, table: &str) -> anyhow::Result<i64> {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(conn)
        .await
        .with_context(|| format!("{} lacks the table {table}", path.display()))
}

/// A temporary name in the same folder as `path` (so that the final rename is atomic).
fn sibling(path: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = path
        .file_name()
        .with_context(|| format!("{} names no file", path.display()))?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    ensure!(folder.is_dir(), "no folder {}", folder.display());
    Ok(folder.join(format!(
        ".{}.{what}-{}",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// Backups hold password hashes: only the owner may read them.
fn private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("making {} private", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn sync_file(path: &Path) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("syncing {} to disk", path.display()))
}

/// Makes a rename in `path`'s folder durable.
fn sync_parent(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        std::fs::File::open(parent)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("syncing {}", parent.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
