//! `lofte copy-to-postgres`: the whole SQLite database copied into an empty PostgreSQL one, for the move
//! from the embedded default to the national set-up, and checked after.
//!
//! SQLite is read in one transaction, so the copy is one consistent snapshot; what is written to it
//! afterwards is not copied, so stop the server before moving over. Rows are read from SQLite as text and cast to each Postgres column's type on the way in (`date`,
//! `boolean` and `timestamptz` accept SQLite's text forms), all in one Postgres transaction: a failure
//! leaves the target as empty as it was. The tallies are not copied: the Postgres triggers derive them
//! from the record as it is inserted (reports, then their versions in order, then voids), and the check
//! compares them with SQLite's, so the copy proves the triggers and the record agree.

use anyhow::{ensure, Context};
use app::database_url::{Backend, DatabaseUrl};
use sqlx::{PgConnection, PgPool, Row, SqliteConnection};
use std::fmt;

/// Every table of the record and the definitions, parents before children, with the order that replays
/// the record as it was written. Checked against SQLite's schema by `check_covers_schema`.
const COPIED: &[(&str, &str)] = &[
    ("police_areas", "id"),
    ("agreements", "id"),
    ("agreement_municipalities", "agreement_id, position"),
    ("signatories", "id"),
    ("promises", "id"),
    ("activities", "id"),
    ("users", "id"),
    ("first_admin_tokens", "token_hash"),
    ("office_hour_slots", "id"),
    ("office_hour_extras", "id"),
    ("office_hour_cancellations", "id"),
    ("office_hour_held", "id"),
    ("reports", "received_at, id"),
    ("report_versions", "version, report_id"),
    ("report_voids", "voided_at, report_id"),
    ("audit_log", "id"),
    ("feed_entries", "key"),
];

/// Kept by triggers on both sides, compared after the copy.
const DERIVED: &[(&str, &str)] = &[
    ("report_tallies", "activity_id, kind, day"),
    ("office_hour_tallies", "police_area_id, day"),
];

/// Not copied: the migrations' own bookkeeping is the target's, the change counter and which agreements'
/// records it last saw change only have to move (PostgreSQL notifies instead), and sessions are signed in
/// again.
const NOT_COPIED: &[&str] = &["_sqlx_migrations", "changes", "record_changes", "sessions"];

/// Rows per table after the copy, the same on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied(pub Vec<(&'static str, i64)>);

impl fmt::Display for Copied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (table, rows)) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{table} {rows}")?;
        }
        Ok(())
    }
}

/// Copies the SQLite database at `sqlite_url` into the empty Postgres database at `postgres_url` (its
/// schema is created first), then checks that every table holds as many rows on both sides and that the
/// tallies agree.
pub async fn copy(sqlite_url: &str, postgres_url: &str) -> anyhow::Result<Copied> {
    let source = DatabaseUrl::parse(sqlite_url)?;
    ensure!(
        source.backend() == Backend::Sqlite,
        "the database to copy from (DATABASE_URL) must be SQLite"
    );
    let target = postgres_target(postgres_url)?;
    let db = crate::open_database(source.as_str(), &app::web::Clock::default()).await?;
    let sqlite = db.sqlite().context("the database to copy from is SQLite")?;
    let mut snapshot = sqlite.begin().await?;
    check_covers_schema(&mut snapshot).await?;
    let pg = app::postgres::connect(target, 2, app::db::DEFAULT_TIMEOUT)
        .await
        .context("opening the PostgreSQL database to copy into")?;

    let mut tx = pg.begin().await?;
    for (table, _) in COPIED {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await?;
        ensure!(
            rows == 0,
            "the PostgreSQL database is not empty ({table} has {rows} rows); copy into an empty one"
        );
    }
    for (table, order) in COPIED {
        copy_table(&mut snapshot, &mut tx, table, order)
            .await
            .with_context(|| format!("copying {table}"))?;
    }
    // Identity keys go on after the highest copied id.
    let identities: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (table, column) in identities {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                           coalesce(max({column}), 0) + 1, false) FROM {table}"
        ))
        .execute(&mut *tx)
        .await
        .with_context(|| format!("moving {table}'s identity on"))?;
    }
    tx.commit().await?;

    let copied = compare(&mut snapshot, &pg).await?;
    snapshot.rollback().await?;
    sqlite.close().await;
    pg.close().await;
    Ok(copied)
}

fn postgres_target(url: &str) -> anyhow::Result<&str> {
    let is_postgres = ["postgres:", "postgresql:"].iter().any(|scheme| {
        url.len() >= scheme.len() && url[..scheme.len()].eq_ignore_ascii_case(scheme)
    });
    ensure!(
        is_postgres,
        "the database to copy into must be a `postgres:` or `postgresql:` URL"
    );
    Ok(url)
}

/// Every SQLite table is copied, derived or deliberately left out: a table added later cannot be
/// forgotten silently.
async fn check_covers_schema(sqlite: &mut SqliteConnection) -> anyhow::Result<()> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
    )
    .fetch_all(&mut *sqlite)
    .await?;
    let known = |t: &str| {
        COPIED.iter().any(|(c, _)| *c == t)
            || DERIVED.iter().any(|(d, _)| *d == t)
            || NOT_COPIED.contains(&t)
    };
    let unknown: Vec<&String> = tables.iter().filter(|t| !known(t)).collect();
    ensure!(
        unknown.is_empty(),
        "this version of `lofte copy-to-postgres` does not know the tables {unknown:?}"
    );
    Ok(())
}

async fn copy_table(
    sqlite: &mut SqliteConnection,
    pg: &mut PgConnection,
    table: &str,
    order: &str,
) -> anyhow::Result<()> {
    // The Postgres columns and their types; SQLite has the same names (a test checks both schemas).
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, udt_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *pg)
    .await?;
    ensure!(!columns.is_empty(), "PostgreSQL has no table {table}");
    let select = columns
        .iter()
        .map(|(name, _)| format!("CAST(\"{name}\" AS TEXT)"))
        .collect::<Vec<_>>()
        .join(", ");
    let names = columns
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let values = columns
        .iter()
        .enumerate()
        .map(|(i, (_, udt))| format!("${}::{udt}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let insert = format!("INSERT INTO {table} ({names}) VALUES ({values})");
    let rows = sqlx::query(&format!("SELECT {select} FROM {table} ORDER BY {order}"))
        .fetch_all(&mut *sqlite)
        .await?;
    for row in rows {
        let mut query = sqlx::query(&insert);
        for i in 0..columns.len() {
            query = query.bind(row.try_get::<Option<String>, _>(i)?);
        }
        query.execute(&mut *pg).await?;
    }
    Ok(())
}

/// Rows per table on both sides, and the tallies row by row.
async fn compare(sqlite: &mut SqliteConnection, pg: &PgPool) -> anyhow::Result<Copied> {
    let mut counts = Vec::new();
    for (table, _) in COPIED.iter().chain(DERIVED) {
        let query = format!("SELECT count(*) FROM {table}");
        let here: i64 = sqlx::query_scalar(&query).fetch_one(&mut *sqlite).await?;
        let there: i64 = sqlx::query_scalar(&query).fetch_one(pg).await?;
        ensure!(
            here == there,
            "{table}: {here} rows in SQLite but {there} in PostgreSQL after the copy"
        );
        counts.push((*table, here));
    }
    for (table, key) in DERIVED {
        // Ordered by the table's own columns: PostgreSQL would read an unqualified name as the output
        // column of the same name, which is its text (and "11" sorts before "3").
        let order: Vec<String> = key.split(", ").map(|c| format!("t.{c}")).collect();
        let all = |columns: &str| {
            format!(
                "SELECT {columns} FROM {table} t ORDER BY {}",
                order.join(", ")
            )
        };
        let text_columns = match *table {
            "report_tallies" => {
                "CAST(activity_id AS TEXT), kind, CAST(day AS TEXT), CAST(reports AS TEXT), \
                 CAST(youths_identified AS TEXT), CAST(persons_checked AS TEXT), \
                 CAST(persons_21_or_under AS TEXT), CAST(drug_offences_reported AS TEXT), \
                 CAST(units AS TEXT)"
            }
            _ => "CAST(police_area_id AS TEXT), CAST(day AS TEXT), CAST(held AS TEXT)",
        };
        let here: Vec<Vec<String>> = sqlx::query(&all(text_columns))
            .fetch_all(&mut *sqlite)
            .await?
            .iter()
            .map(text_row)
            .collect::<Result<_, _>>()?;
        let there: Vec<Vec<String>> = sqlx::query(&all(text_columns))
            .fetch_all(pg)
            .await?
            .iter()
            .map(text_row)
            .collect::<Result<_, _>>()?;
        let first = here.iter().zip(&there).find(|(a, b)| a != b);
        ensure!(
            here == there,
            "{table} differs: the PostgreSQL triggers derived other tallies from the copied record \
             (first difference, SQLite against PostgreSQL: {first:?})"
        );
    }
    Ok(Copied(counts))
}

fn text_row<R: Row>(row: &R) -> Result<Vec<String>, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    (0..row.len())
        .map(|i| row.try_get::<String, _>(i))
        .collect()
}
