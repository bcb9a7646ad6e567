//! Faults of the storage, as opposed to faults of a request: a full disk, a database that does not answer.
//! They are answered `503` with their code, and phones send again later.

/// Why the database cannot serve a request: a fault of the storage, not of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFault {
    /// The disk the database writes to (or the database server's) is full.
    Full,
    /// The database does not answer in time, is read-only, or failed to read or write.
    Unavailable,
}

impl StorageFault {
    pub fn code(self) -> &'static str {
        match self {
            Self::Full => "storage_full",
            Self::Unavailable => "storage_unavailable",
        }
    }
}

#[cfg(feature = "ssr")]
pub use classify::of;

#[cfg(feature = "ssr")]
mod classify {
    use super::StorageFault;

    /// Whether `e` is a fault of the storage rather than of the request, and which: what is answered `503`
    /// (`storage_full`, `storage_unavailable`) and retried by phones, instead of a `500`.
    pub fn of(e: &sqlx::Error) -> Option<StorageFault> {
        match e {
            sqlx::Error::Database(db) => {
                let code = db.code()?;
                if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                    sqlite_fault(code.parse().ok()?)
                } else {
                    postgres_fault(&code)
                }
            }
            // The connection broke, none could be had in time, or the pool or its worker is gone.
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Some(StorageFault::Unavailable),
            _ => None,
        }
    }

    /// SQLite's result codes (the primary code is the low byte of an extended one).
    pub(super) fn sqlite_fault(code: i32) -> Option<StorageFault> {
        use libsqlite3_sys as c;
        match code & 0xff {
            c::SQLITE_FULL => Some(StorageFault::Full),
            // Locked past the busy timeout, read-only, an I/O error, a file that cannot be opened, out of
            // memory: nothing about the request, and a later try may succeed.
            c::SQLITE_BUSY
            | c::SQLITE_LOCKED
            | c::SQLITE_READONLY
            | c::SQLITE_IOERR
            | c::SQLITE_CANTOPEN
            | c::SQLITE_NOMEM
            | c::SQLITE_PROTOCOL => Some(StorageFault::Unavailable),
            _ => None,
        }
    }

    /// PostgreSQL's SQLSTATE codes.
    pub(super) fn postgres_fault(sqlstate: &str) -> Option<StorageFault> {
        match sqlstate {
            // disk_full
            "53100" => Some(StorageFault::Full),
            // the other insufficient resources (out of memory, too many connections), a connection that
            // failed, a server shutting down or starting up, an I/O error, a read-only (standby) server
            s if s.starts_with("53") || s.starts_with("08") || s.starts_with("57P") => {
                Some(StorageFault::Unavailable)
            }
            "58030" | "25006" => Some(StorageFault::Unavailable),
            _ => None,
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::classify::postgres_fault;
    use super::*;

    #[test]
    fn connections_that_break_or_cannot_be_had_are_the_storage_s_fault() {
        assert_eq!(
            of(&sqlx::Error::PoolTimedOut),
            Some(StorageFault::Unavailable)
        );
        assert_eq!(
            of(&sqlx::Error::PoolClosed),
            Some(StorageFault::Unavailable)
        );
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert_eq!(of(&sqlx::Error::Io(reset)), Some(StorageFault::Unavailable));
        assert_eq!(of(&sqlx::Error::RowNotFound), None);
        assert_eq!(of(&sqlx::Error::ColumnNotFound("x".into())), None);
    }

    #[tokio::test]
    async fn sqlite_faults_are_read_from_its_result_codes() {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        // A constraint broken is the request's fault, not the storage's.
        sqlx::query("CREATE TABLE t (x INTEGER NOT NULL)")
            .execute(&mut conn)
            .await
            .unwrap();
        let broken = sqlx::query("INSERT INTO t VALUES (NULL)")
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert_eq!(of(&broken), None);
        // A database that may only be read: the storage's.
        sqlx::query("PRAGMA query_only = ON")
            .execute(&mut conn)
            .await
            .unwrap();
        let read_only = sqlx::query("INSERT INTO t VALUES (1)")
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert_eq!(
            of(&read_only),
            Some(StorageFault::Unavailable),
            "{read_only}"
        );
        // A database that has reached its size limit: full.
        sqlx::query("PRAGMA query_only = OFF")
            .execute(&mut conn)
            .await
            .unwrap();
        let page_count: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        sqlx::query(&format!("PRAGMA max_page_count = {page_count}"))
            .execute(&mut conn)
            .await
            .unwrap();
        let full = sqlx::query("INSERT INTO t VALUES (zeroblob(100000))")
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert_eq!(of(&full), Some(StorageFault::Full), "{full}");
    }

    #[test]
    fn postgres_faults_are_read_from_their_sqlstate() {
        assert_eq!(postgres_fault("53100"), Some(StorageFault::Full));
        assert_eq!(postgres_fault("57P01"), Some(StorageFault::Unavailable));
        assert_eq!(postgres_fault("08006"), Some(StorageFault::Unavailable));
        assert_eq!(postgres_fault("25006"), Some(StorageFault::Unavailable));
        assert_eq!(
            postgres_fault("23505"),
            None,
            "a unique violation is the request's"
        );
        assert_eq!(postgres_fault("40001"), None);
    }
}
