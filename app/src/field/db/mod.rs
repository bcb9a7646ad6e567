//! How reports are stored: the batch ingest behind `POST /api/v1/reports`, and what the forms and the
//! progress figures read back.

pub mod record;

use crate::audit::{Action, Actor};
use crate::db::{self, Db, Engine, Tx};
use crate::error::AppError;
use chrono::NaiveDate;
use domain::agreement::{DateRange, Measure};
use domain::calendar::hh_mm;
use domain::places::Scope;
use domain::problem::Problems;
use domain::progress::DailyTally;
use domain::report::{
    self, ActivityRule, ItemResult, ItemStatus, Report, ReportBody, ReportForm, ReportKind,
    ReportableActivity,
};
use serde_json::Value;
use std::collections::HashMap;

/// The rules reports are checked against, by activity id, with the agreement each activity belongs to.
#[derive(Debug, Default)]
pub struct Rules(HashMap<i64, (ActivityRule, i64)>);

impl Rules {
    /// The activity's measure and agreement period: what `report::parse` looks up.
    pub fn rule(&self, activity: i64) -> Option<ActivityRule> {
        self.0.get(&activity).map(|(rule, _)| rule.clone())
    }

    /// The agreement the activity belongs to.
    pub fn agreement(&self, activity: i64) -> Option<i64> {
        self.0.get(&activity).map(|(_, agreement)| *agreement)
    }
}

/// The rules of each of these activities that belongs to a published agreement. Only the activities asked
/// about are read (a batch names one or two; the country has thousands).
pub async fn activity_rules(
    pool: &Db,
    ids: impl IntoIterator<Item = i64>,
) -> Result<Rules, AppError> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Rules::default());
    }
    const COLUMNS: &str = "SELECT x.id, x.measure, a.valid_from, a.valid_to, a.id
         FROM activities x JOIN promises p ON p.id = x.promise_id JOIN agreements a ON a.id = p.agreement_id
         WHERE a.published AND x.id";
    // SQLite reads the list as a JSON array, PostgreSQL as an array.
    let rows: Vec<(i64, String, NaiveDate, NaiveDate, i64)> = match pool {
        Engine::Sqlite(pool) => {
            sqlx::query_as(&format!("{COLUMNS} IN (SELECT value FROM json_each($1))"))
                .bind(serde_json::to_string(&ids).expect("a list of numbers serialises"))
                .fetch_all(pool)
                .await?
        }
        Engine::Postgres(pool) => {
            sqlx::query_as(&format!("{COLUMNS} = ANY($1)"))
                .bind(&ids)
                .fetch_all(pool)
                .await?
        }
    };
    rows.into_iter()
        .map(|(id, measure, from, to, agreement)| {
            let measure: Measure = measure.parse().map_err(AppError::internal)?;
            let period = DateRange::new(from, to).map_err(AppError::internal)?;
            Ok((id, (ActivityRule { measure, period }, agreement)))
        })
        .collect::<Result<_, AppError>>()
        .map(Rules)
}

/// A checked report is refused with `outside_scope` on its activity when the officer's scope does not cover
/// the activity (`reportable`: the activities it covers, `None` for all): nothing of it is stored.
fn within(
    checked: Result<Report, Problems>,
    reportable: Option<&std::collections::HashSet<i64>>,
) -> Result<Report, Problems> {
    match (checked, reportable) {
        (Ok(report), Some(ids)) if !ids.contains(&report.activity_id) => Err(Problems::from([(
            "activity_id",
            domain::problem::Problem::OutsideScope,
        )])),
        (checked, _) => checked,
    }
}

/// Checks and stores a batch from the sync API. Every item gets a result, in order, with its problems as
/// data; the good ones are stored in one transaction, so a batch is stored whole or (on a database failure)
/// not at all. Beside the results, the agreements whose records it changed.
pub async fn ingest(
    pool: &Db,
    officer: &Actor,
    scope: &Scope,
    items: &[Value],
    today: NaiveDate,
) -> Result<(Vec<ItemResult>, Vec<i64>), AppError> {
    let rules = activity_rules(
        pool,
        items.iter().filter_map(domain::report::named_activity),
    )
    .await?;
    let reportable = crate::places::db::activities_in(pool, scope).await?;
    let checked: Vec<(Option<String>, Result<Report, Problems>)> = items
        .iter()
        .map(|item| {
            let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
            let checked = report::parse(item, today, |id| rules.rule(id));
            (id, within(checked, reportable.as_ref()))
        })
        .collect();
    // Each report with its canonical JSON, the copy that tells a repost from a conflict and the audit row's
    // `after`.
    let reports: Vec<(&Report, String)> = checked
        .iter()
        .filter_map(|(_, c)| c.as_ref().ok())
        .map(|r| (r, r.canonical_json()))
        .collect();
    let mut tx = pool.begin().await?;
    let statuses = insert_all(&mut tx, officer, &reports).await?;
    let stored: Vec<&(&Report, String)> = reports
        .iter()
        .zip(&statuses)
        .filter(|(_, status)| **status == ItemStatus::Created)
        .map(|(report, _)| report)
        .collect();
    let created: Vec<(String, &str)> = stored
        .iter()
        .map(|(r, content)| (r.id.to_string(), content.as_str()))
        .collect();
    let mut changed: Vec<i64> = stored
        .iter()
        .filter_map(|(r, _)| rules.agreement(r.activity_id))
        .collect();
    changed.sort_unstable();
    changed.dedup();
    audit_creations(&mut tx, officer, &created).await?;
    tx.commit().await?;
    // The statuses are in the order of the checked reports; the refused ones have none.
    let mut statuses = statuses.into_iter();
    let results = checked
        .into_iter()
        .map(|(id, checked)| match checked {
            Err(problems) => ItemResult::refused(id, problems),
            Ok(_) => ItemResult::checked(
                id,
                statuses.next().expect("a status for every checked report"),
            ),
        })
        .collect();
    Ok((results, changed))
}

/// Stores a batch's reports, each `created`, `duplicate` (stored before, the same) or `conflict` (stored
/// before, different), in the batch's order. On SQLite one statement per report (in the process, each costs
/// microseconds); on PostgreSQL the batch in one statement, so a batch costs one round trip and its tallies
/// one trigger call (see the migration `no_hot_row`).
async fn insert_all(
    tx: &mut Tx,
    officer: &Actor,
    reports: &[(&Report, String)],
) -> Result<Vec<ItemStatus>, sqlx::Error> {
    match tx {
        Engine::Sqlite(_) => {
            let mut statuses = Vec::with_capacity(reports.len());
            for (report, content) in reports {
                statuses.push(insert(tx, officer, report, content).await?);
            }
            Ok(statuses)
        }
        Engine::Postgres(tx) => insert_set(tx, officer, reports).await,
    }
}

/// The batch in one `INSERT … SELECT FROM unnest(…)`, one array per column, in the order of the reports' ids:
/// two batches that share reports meet on them in the same order, so neither waits for the other in a
/// circle. A report another instance is storing at the same moment waits for it to commit and is then found:
/// one `created`, one `duplicate`. A report the batch holds twice is created once, as its first copy is:
/// the later copies are `duplicate` or `conflict` against it, as on SQLite.
async fn insert_set(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    officer: &Actor,
    batch: &[(&Report, String)],
) -> Result<Vec<ItemStatus>, sqlx::Error> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let (reports, contents): (Vec<&Report>, Vec<&str>) =
        batch.iter().map(|(r, c)| (*r, c.as_str())).unzip();
    let ids: Vec<String> = reports.iter().map(|r| r.id.to_string()).collect();
    let content_columns = Columns::arrays(reports.iter().map(|r| Columns::of(&r.body)));
    let sql = format!(
        "INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, {names}, content)
         SELECT r.id, r.kind, r.activity_id, $1, r.date, r.created_at, {names}, r.content
         FROM unnest($2::text[], $3::text[], $4::bigint[], $5::date[], $6::text[], {arrays}, ${last}::text[])
             WITH ORDINALITY AS r (id, kind, activity_id, date, created_at, {names}, content, n)
         ORDER BY r.id, r.n
         ON CONFLICT (id) DO NOTHING
         RETURNING id",
        names = Columns::names(),
        arrays = Columns::array_placeholders(7),
        last = 7 + Columns::COUNT,
    );
    let query = sqlx::query_scalar::<_, String>(&sql)
        .bind(officer.id)
        .bind(&ids)
        .bind(
            reports
                .iter()
                .map(|r| r.kind().as_str())
                .collect::<Vec<_>>(),
        )
        .bind(reports.iter().map(|r| r.activity_id).collect::<Vec<_>>())
        .bind(reports.iter().map(|r| r.date).collect::<Vec<_>>())
        .bind(
            reports
                .iter()
                .map(|r| {
                    r.created_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                })
                .collect::<Vec<_>>(),
        );
    let query = content_columns
        .into_iter()
        .fold(query, |query, column| match column {
            CellColumn::Text(values) => query.bind(values),
            CellColumn::Number(values) => query.bind(values),
        });
    let mut created: std::collections::HashSet<String> = query
        .bind(&contents)
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .collect();
    // What was stored before (or is twice in this batch) is told apart by its content.
    let stored: HashMap<String, String> = if created.len() < ids.len() {
        sqlx::query_as("SELECT id, content FROM reports WHERE id = ANY($1)")
            .bind(&ids)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect()
    } else {
        HashMap::new()
    };
    Ok(ids
        .iter()
        .zip(&contents)
        .map(|(id, content)| {
            if created.remove(id) {
                ItemStatus::Created
            } else if stored.get(id).map(String::as_str) == Some(*content) {
                ItemStatus::Duplicate
            } else {
                ItemStatus::Conflict
            }
        })
        .collect())
}

/// Checks and stores one report from a form posted without JavaScript: the same checks, insert and audit
/// row as an item of a synced batch.
pub async fn ingest_one(
    pool: &Db,
    officer: &Actor,
    scope: &Scope,
    form: &ReportForm,
    today: NaiveDate,
) -> Result<Result<ItemStatus, Problems>, AppError> {
    let rules = activity_rules(pool, form.named_activity()).await?;
    let reportable = crate::places::db::activities_in(pool, scope).await?;
    let checked = form.parse(today, |id| rules.rule(id));
    let report = match within(checked, reportable.as_ref()) {
        Ok(report) => report,
        Err(problems) => return Ok(Err(problems)),
    };
    let mut tx = pool.begin().await?;
    let content = report.canonical_json();
    let status = insert(&mut tx, officer, &report, &content).await?;
    if status == ItemStatus::Created {
        audit_creations(&mut tx, officer, &[(report.id.to_string(), &content)]).await?;
    }
    tx.commit().await?;
    Ok(Ok(status))
}

/// One audit row per stored report (its id and canonical JSON), written for the whole batch in one
/// statement (a statement per report cost a third of the sync's throughput). `after` is the report's
/// canonical JSON as stored.
async fn audit_creations(
    tx: &mut Tx,
    officer: &Actor,
    created: &[(String, &str)],
) -> Result<(), sqlx::Error> {
    if created.is_empty() {
        return Ok(());
    }
    let (ids, contents): (Vec<&str>, Vec<&str>) =
        created.iter().map(|(id, c)| (id.as_str(), *c)).unzip();
    // In the batch's order. SQLite reads the ids as one JSON array with `json_each` and takes the contents
    // from the rows just written (in the process, that costs nothing); PostgreSQL takes both as arrays, with
    // `unnest`, sparing a lookup per report.
    match tx {
        Engine::Sqlite(tx) => sqlx::query(
            "INSERT INTO audit_log (actor_id, actor, action, entity, entity_id, after)
             SELECT $1, $2, $4, $5, r.id, r.content
             FROM json_each($3) AS j JOIN reports r ON r.id = j.value
             ORDER BY j.key",
        )
        .bind(officer.id)
        .bind(&officer.name)
        .bind(serde_json::to_string(&ids).expect("a list of strings serialises"))
        .bind(Action::ReportCreate.name())
        .bind(Action::ReportCreate.entity().as_str())
        .execute(&mut **tx)
        .await
        .map(drop),
        Engine::Postgres(tx) => sqlx::query(
            "INSERT INTO audit_log (actor_id, actor, action, entity, entity_id, after)
             SELECT $1, $2, $4, $5, j.id, j.content
             FROM unnest($3::text[], $6::text[]) WITH ORDINALITY AS j (id, content, n)
             ORDER BY j.n",
        )
        .bind(officer.id)
        .bind(&officer.name)
        .bind(&ids)
        .bind(Action::ReportCreate.name())
        .bind(Action::ReportCreate.entity().as_str())
        .bind(&contents)
        .execute(&mut **tx)
        .await
        .map(drop),
    }
}

/// A report's content columns, as stored in `reports` and in `report_versions`: the one place where a
/// report's body becomes a row and a row becomes a body again.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub(super) struct Columns {
    start_time: Option<String>,
    end_time: Option<String>,
    place: Option<String>,
    officers: Option<i64>,
    persons_checked: Option<i64>,
    persons_21_or_under: Option<i64>,
    youths_identified: Option<i64>,
    drug_offences_reported: Option<i64>,
    notes: Option<String>,
    /// A JSON list of names.
    organisations: Option<String>,
    summary: Option<String>,
    count: Option<i64>,
}

impl Columns {
    pub(super) fn of(body: &ReportBody) -> Self {
        match body {
            ReportBody::TargetedOperation(op) => Self {
                start_time: Some(hh_mm(op.start_time)),
                end_time: Some(hh_mm(op.end_time)),
                place: Some(op.place.clone()),
                officers: Some(op.officers.into()),
                persons_checked: Some(op.persons_checked.into()),
                persons_21_or_under: Some(op.persons_21_or_under.into()),
                youths_identified: Some(op.youths_identified.into()),
                drug_offences_reported: Some(op.drug_offences_reported.into()),
                notes: Some(op.notes.clone()),
                ..Self::default()
            },
            ReportBody::CollaborationMeeting(m) => Self {
                organisations: Some(
                    serde_json::to_string(&m.organisations).expect("a list of strings serialises"),
                ),
                summary: Some(m.summary.clone()),
                ..Self::default()
            },
            ReportBody::Activity(a) => Self {
                start_time: a.start_time.map(hh_mm),
                end_time: a.end_time.map(hh_mm),
                place: Some(a.place.clone()),
                officers: Some(a.officers.into()),
                notes: Some(a.notes.clone()),
                count: Some(a.count.into()),
                ..Self::default()
            },
        }
    }

    /// The body of a stored report of `kind`; `None` if the row does not hold one (which the table's checks
    /// do not allow).
    pub(super) fn body(&self, kind: ReportKind) -> Option<ReportBody> {
        let time = |t: &Option<String>| t.as_deref().and_then(domain::calendar::parse_time);
        let n = |n: Option<i64>| n.and_then(|n| u32::try_from(n).ok());
        Some(match kind {
            ReportKind::TargetedOperation => {
                ReportBody::TargetedOperation(domain::report::TargetedOperation {
                    start_time: time(&self.start_time)?,
                    end_time: time(&self.end_time)?,
                    place: self.place.clone()?,
                    officers: n(self.officers)?,
                    persons_checked: n(self.persons_checked)?,
                    persons_21_or_under: n(self.persons_21_or_under)?,
                    youths_identified: n(self.youths_identified)?,
                    drug_offences_reported: n(self.drug_offences_reported)?,
                    notes: self.notes.clone().unwrap_or_default(),
                })
            }
            ReportKind::CollaborationMeeting => {
                ReportBody::CollaborationMeeting(domain::report::CollaborationMeeting {
                    organisations: serde_json::from_str(self.organisations.as_deref()?).ok()?,
                    summary: self.summary.clone()?,
                })
            }
            ReportKind::Activity => ReportBody::Activity(domain::report::ActivityReport {
                start_time: time(&self.start_time),
                end_time: time(&self.end_time),
                place: self.place.clone()?,
                officers: n(self.officers)?,
                count: n(self.count)?,
                notes: self.notes.clone().unwrap_or_default(),
            }),
        })
    }

    /// The one list of the content columns, in order: each column's name beside its value. The column list,
    /// the placeholders and the binds of every statement that writes them come from here.
    fn cells(self) -> [(&'static str, Cell); Self::COUNT] {
        [
            ("start_time", Cell::Text(self.start_time)),
            ("end_time", Cell::Text(self.end_time)),
            ("place", Cell::Text(self.place)),
            ("officers", Cell::Number(self.officers)),
            ("persons_checked", Cell::Number(self.persons_checked)),
            (
                "persons_21_or_under",
                Cell::Number(self.persons_21_or_under),
            ),
            ("youths_identified", Cell::Number(self.youths_identified)),
            (
                "drug_offences_reported",
                Cell::Number(self.drug_offences_reported),
            ),
            ("notes", Cell::Text(self.notes)),
            ("organisations", Cell::Text(self.organisations)),
            ("summary", Cell::Text(self.summary)),
            ("count", Cell::Number(self.count)),
        ]
    }

    /// How many content columns there are.
    pub(super) const COUNT: usize = 12;

    /// The content columns' names, comma-separated, for a statement's column list.
    pub(super) fn names() -> String {
        Self::default().cells().map(|(name, _)| name).join(", ")
    }

    /// `$first, …`: one placeholder per content column, numbered from `first`, for the statement whose
    /// column list holds [`Columns::names`] at that position.
    pub(super) fn placeholders(first: usize) -> String {
        (first..first + Self::COUNT)
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `$first::text[], …`: one typed array placeholder per content column, for PostgreSQL's `unnest`.
    pub(super) fn array_placeholders(first: usize) -> String {
        Self::default()
            .cells()
            .iter()
            .enumerate()
            .map(|(i, (_, cell))| match cell {
                Cell::Text(_) => format!("${}::text[]", first + i),
                Cell::Number(_) => format!("${}::bigint[]", first + i),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Many reports' content columns as one array per column, in the order of [`Columns::names`].
    pub(super) fn arrays(rows: impl Iterator<Item = Columns>) -> Vec<CellColumn> {
        let mut columns: Vec<CellColumn> = Self::default()
            .cells()
            .into_iter()
            .map(|(_, cell)| match cell {
                Cell::Text(_) => CellColumn::Text(Vec::new()),
                Cell::Number(_) => CellColumn::Number(Vec::new()),
            })
            .collect();
        for row in rows {
            for (column, (_, cell)) in columns.iter_mut().zip(row.cells()) {
                match (column, cell) {
                    (CellColumn::Text(values), Cell::Text(value)) => values.push(value),
                    (CellColumn::Number(values), Cell::Number(value)) => values.push(value),
                    _ => unreachable!("a column keeps its type"),
                }
            }
        }
        columns
    }

    /// Binds the columns in the order of [`Columns::names`], on either backend.
    pub(super) fn bind<'q, DB: sqlx::Database>(
        self,
        query: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    ) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
    where
        Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        self.cells()
            .into_iter()
            .fold(query, |query, (_, cell)| match cell {
                Cell::Text(text) => query.bind(text),
                Cell::Number(number) => query.bind(number),
            })
    }
}

/// A content column's value, in the one of the two SQL types it has.
enum Cell {
    Text(Option<String>),
    Number(Option<i64>),
}

/// A content column's values for many reports.
pub(super) enum CellColumn {
    Text(Vec<Option<String>>),
    Number(Vec<Option<i64>>),
}

async fn insert(
    tx: &mut Tx,
    officer: &Actor,
    r: &Report,
    content: &str,
) -> Result<ItemStatus, sqlx::Error> {
    // On Postgres a second instance storing the same report at the same moment waits here for the first to
    // commit, and then finds the row: one `created`, one `duplicate`.
    let sql = format!(
        "INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, {}, content)
         VALUES ($1, $2, $3, $4, $5, $6, {}, ${})
         ON CONFLICT (id) DO NOTHING",
        Columns::names(),
        Columns::placeholders(7),
        7 + Columns::COUNT
    );
    let inserted = db::on!(tx, c => Columns::of(&r.body)
        .bind(
            sqlx::query(&sql)
                .bind(r.id.to_string())
                .bind(r.kind().as_str())
                .bind(r.activity_id)
                .bind(officer.id)
                .bind(r.date)
                .bind(r.created_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        )
        .bind(content)
        .execute(c)
        .await
        .map(|done| done.rows_affected()))?;
    if inserted == 1 {
        return Ok(ItemStatus::Created);
    }
    let existing: String = db::scalar!(
        tx,
        "SELECT content FROM reports WHERE id = $1",
        r.id.to_string()
    )?;
    Ok(if existing == content {
        ItemStatus::Duplicate
    } else {
        ItemStatus::Conflict
    })
}

/// Reports per activity, kind and day in one agreement: what its progress figures count. Read from the
/// tallies the database keeps with every write (see `agreements::db::tallies`), so the cost follows the number of
/// days with reports, not the number of reports.
pub async fn daily_tallies(pool: &Db, agreement_id: i64) -> Result<Vec<DailyTally>, AppError> {
    let rows: Vec<TallyRow> = db::all!(
        pool,
        "SELECT p.agreement_id, t.activity_id, t.kind, t.day, t.reports, t.youths_identified, t.units
         FROM report_tallies t JOIN activities x ON x.id = t.activity_id JOIN promises p ON p.id = x.promise_id
         WHERE p.agreement_id = $1 AND t.reports > 0",
        agreement_id
    )?;
    rows.into_iter()
        .map(|row| daily_tally(row).map(|(_, t)| t))
        .collect()
}

/// The daily tallies of every published agreement (or of those naming a municipality whose code is `like`,
/// a LIKE pattern), by agreement: one read for the pages that show many agreements at a glance.
pub async fn daily_tallies_of_published(
    pool: &Db,
    like: Option<&str>,
) -> Result<HashMap<i64, Vec<DailyTally>>, AppError> {
    let rows: Vec<TallyRow> = db::all!(
        pool,
        "SELECT p.agreement_id, t.activity_id, t.kind, t.day, t.reports, t.youths_identified, t.units
         FROM report_tallies t JOIN activities x ON x.id = t.activity_id JOIN promises p ON p.id = x.promise_id
              JOIN agreements a ON a.id = p.agreement_id
         WHERE a.published AND t.reports > 0
           AND ($1 IS NULL OR a.id IN (SELECT agreement_id FROM agreement_municipalities WHERE code LIKE $1))",
        like
    )?;
    let mut by_agreement: HashMap<i64, Vec<DailyTally>> = HashMap::new();
    for row in rows {
        let (agreement_id, tally) = daily_tally(row)?;
        by_agreement.entry(agreement_id).or_default().push(tally);
    }
    Ok(by_agreement)
}

/// A tally as read: agreement, activity, kind, day, reports, youths identified, units counted.
type TallyRow = (i64, i64, String, NaiveDate, i64, i64, i64);

fn daily_tally(
    (agreement_id, activity_id, kind, day, reports, youths, counted): TallyRow,
) -> Result<(i64, DailyTally), AppError> {
    Ok((
        agreement_id,
        DailyTally {
            activity_id,
            kind: kind.parse::<ReportKind>().map_err(AppError::internal)?,
            day,
            reports: u32::try_from(reports).unwrap_or(u32::MAX),
            youths_identified: u32::try_from(youths).unwrap_or(u32::MAX),
            counted: u32::try_from(counted).unwrap_or(u32::MAX),
        },
    ))
}

/// The activities that take reports, the agreements in force today first, then newest first. The form
/// offers only those whose agreement covers the chosen date; the rest stay here for a page kept offline.
pub async fn reportable_activities(
    pool: &Db,
    scope: &Scope,
    today: NaiveDate,
) -> Result<Vec<ReportableActivity>, AppError> {
    let covered = crate::places::db::activities_in(pool, scope).await?;
    let rows: Vec<(i64, String, String, String, String, NaiveDate, NaiveDate)> = db::all!(
        pool,
        "SELECT x.id, x.measure, x.text, a.title, a.municipality, a.valid_from, a.valid_to
         FROM activities x JOIN promises p ON p.id = x.promise_id JOIN agreements a ON a.id = p.agreement_id
         WHERE x.measure IN ('targeted_operation', 'collaboration_meeting', 'count') AND a.published
         ORDER BY (a.valid_from <= $1 AND $1 <= a.valid_to) DESC, a.valid_from DESC, a.id, p.position,
                  x.position",
        today
    )?;
    rows.into_iter()
        .filter(|row| covered.as_ref().is_none_or(|c| c.contains(&row.0)))
        .map(
            |(id, measure, text, agreement_title, municipality, from, to)| {
                let measure: Measure = measure.parse().map_err(AppError::internal)?;
                let kind = ReportKind::ALL
                    .iter()
                    .copied()
                    .find(|k| k.measure() == measure)
                    .ok_or(AppError::Internal)?;
                let period = DateRange::new(from, to).map_err(AppError::internal)?;
                Ok(ReportableActivity {
                    id,
                    kind,
                    text,
                    agreement_title,
                    municipality,
                    rule: ActivityRule { measure, period },
                })
            },
        )
        .collect()
}

/// The places an officer used most recently, newest first, for the place field's suggestions.
pub async fn recent_places(
    pool: &Db,
    officer_id: i64,
    limit: i64,
) -> Result<Vec<String>, AppError> {
    Ok(db::scalars!(
        pool,
        "SELECT place FROM reports WHERE officer_id = $1 AND place IS NOT NULL
         GROUP BY place ORDER BY max(received_at) DESC LIMIT $2",
        officer_id,
        limit
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seeded_with_officer;
    use proptest::prelude::*;
    use serde_json::json;

    const IDS: [&str; 3] = [
        "00000000-0000-4000-8000-000000000001",
        "00000000-0000-4000-8000-000000000002",
        "00000000-0000-4000-8000-000000000003",
    ];

    /// Report `n` in one of two versions that differ in content but not in id.
    fn item(n: usize, version: u8) -> Value {
        json!({
            "id": IDS[n], "kind": "targeted_operation", "activity_id": 3,
            "created_at": "2019-05-14T18:00:00Z", "date": "2019-05-14", "start_time": "18:00",
            "end_time": "22:00", "place": "Torget", "officers": 2 + u32::from(version), "persons_checked": 5,
            "persons_21_or_under": 2, "youths_identified": 1, "drug_offences_reported": 0, "notes": ""
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever is reposted, in whatever batches and order, each id ends up as exactly one row holding
        /// the version first sent, and every answer says what happened.
        #[test]
        fn any_sequence_of_reposts_leaves_one_row_per_id(
            batches in prop::collection::vec(prop::collection::vec((0..3usize, 0..2u8), 1..6), 1..6)
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let pool = seeded_with_officer().await;
                let today = NaiveDate::from_ymd_opt(2019, 6, 1).unwrap();
                let mut first_version: HashMap<usize, u8> = HashMap::new();
                for batch in &batches {
                    let items: Vec<Value> = batch.iter().map(|(n, v)| item(*n, *v)).collect();
                    let (results, changed) = ingest(&pool, &Actor::user(1, "olle"), &Scope::National, &items, today).await.unwrap();
                    prop_assert_eq!(results.len(), batch.len());
                    // The agreements changed: activity 3's, when the batch stored anything.
                    let stored = results.iter().any(|r| r.status == ItemStatus::Created);
                    let agreement: i64 = db::scalar!(&pool, "SELECT promise_id FROM activities WHERE id = 3").unwrap();
                    let agreement: i64 = db::scalar!(&pool, "SELECT agreement_id FROM promises WHERE id = $1", agreement).unwrap();
                    prop_assert_eq!(changed, if stored { vec![agreement] } else { vec![] });
                    for ((n, version), result) in batch.iter().zip(&results) {
                        let expected = match first_version.get(n) {
                            None => {
                                first_version.insert(*n, *version);
                                ItemStatus::Created
                            }
                            Some(first) if first == version => ItemStatus::Duplicate,
                            Some(_) => ItemStatus::Conflict,
                        };
                        prop_assert_eq!(result.status, expected);
                    }
                }
                for (n, version) in &first_version {
                    let rows: Vec<i64> = db::scalars!(
                        &pool,
                        "SELECT officers FROM reports WHERE id = $1",
                        IDS[*n]
                    )
                        .unwrap();
                    prop_assert_eq!(rows, vec![2 + i64::from(*version)]);
                }
                let total: i64 = db::scalar!(&pool, "SELECT count(*) FROM reports").unwrap();
                prop_assert_eq!(total, first_version.len() as i64);
                Ok(())
            })?;
        }
    }
}
