//! The record as admins keep it: reports listed and filtered, corrected as new versions with a reason, and
//! voided with a reason. Nothing is rewritten or deleted; the database's triggers refuse it.

use super::admin::{RecordFilter, RecordRow, RecordWhat, ReportDetail, VersionInfo};
use super::db::{activity_rules, Columns, CONTENT_COLUMNS};
use crate::agreements::view::OperationSummary;
use crate::audit::{db::record, Actor};
use crate::error::AppError;
use chrono::NaiveDate;
use domain::problem::Problem;
use domain::report::{Report, ReportForm, ReportKind};
use domain::types::Line;
use serde_json::{json, Map, Value};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

/// A report as it stands now, as read from the `current_reports` view.
#[derive(Debug, Clone, FromRow)]
struct Current {
    id: String,
    kind: String,
    activity_id: i64,
    activity: String,
    officer: String,
    created_at: String,
    received_at: String,
    version: i64,
    voided: bool,
    date: NaiveDate,
    start_time: Option<String>,
    end_time: Option<String>,
    place: Option<String>,
    officers: Option<i64>,
    persons_checked: Option<i64>,
    persons_21_or_under: Option<i64>,
    youths_identified: Option<i64>,
    drug_offences_reported: Option<i64>,
    notes: Option<String>,
    organisations: Option<String>,
    summary: Option<String>,
    count: Option<i64>,
}

const CURRENT: &str = "SELECT r.id, r.kind, r.activity_id, x.text AS activity, u.username AS officer, r.created_at,
        r.received_at, r.version, r.voided, r.date, r.start_time, r.end_time, r.place, r.officers,
        r.persons_checked, r.persons_21_or_under, r.youths_identified, r.drug_offences_reported, r.notes,
        r.organisations, r.summary, r.count
    FROM current_reports r JOIN activities x ON x.id = r.activity_id JOIN users u ON u.id = r.officer_id";

impl Current {
    /// The report in the sync's wire format, as the forms read it.
    fn wire(&self) -> Value {
        let mut item = Map::new();
        item.insert("id".into(), self.id.clone().into());
        item.insert("kind".into(), self.kind.clone().into());
        item.insert("activity_id".into(), self.activity_id.into());
        item.insert("created_at".into(), self.created_at.clone().into());
        item.insert("date".into(), self.date.to_string().into());
        let text = |v: &Option<String>| v.clone().map(Value::from).unwrap_or(Value::Null);
        let number = |v: Option<i64>| v.map(Value::from).unwrap_or(Value::Null);
        if self.kind == ReportKind::CollaborationMeeting.as_str() {
            let names: Value = self
                .organisations
                .as_deref()
                .and_then(|o| serde_json::from_str(o).ok())
                .unwrap_or(Value::Array(Vec::new()));
            item.insert("organisations".into(), names);
            item.insert("summary".into(), text(&self.summary));
        } else if self.kind == ReportKind::Activity.as_str() {
            // Times are optional for an activity: left out when not given.
            if self.start_time.is_some() {
                item.insert("start_time".into(), text(&self.start_time));
            }
            if self.end_time.is_some() {
                item.insert("end_time".into(), text(&self.end_time));
            }
            item.insert("place".into(), text(&self.place));
            item.insert("officers".into(), number(self.officers));
            item.insert("count".into(), number(self.count));
            item.insert("notes".into(), text(&self.notes));
        } else {
            item.insert("start_time".into(), text(&self.start_time));
            item.insert("end_time".into(), text(&self.end_time));
            item.insert("place".into(), text(&self.place));
            item.insert("officers".into(), number(self.officers));
            item.insert("persons_checked".into(), number(self.persons_checked));
            item.insert(
                "persons_21_or_under".into(),
                number(self.persons_21_or_under),
            );
            item.insert("youths_identified".into(), number(self.youths_identified));
            item.insert(
                "drug_offences_reported".into(),
                number(self.drug_offences_reported),
            );
            item.insert("notes".into(), text(&self.notes));
        }
        Value::Object(item)
    }

    fn row(&self) -> RecordRow {
        let what = match &self.place {
            Some(place) if self.kind == ReportKind::Activity.as_str() => RecordWhat::Activity {
                place: place.clone(),
                count: self.count.unwrap_or(1),
            },
            Some(place) => RecordWhat::Operation {
                place: place.clone(),
                checked: self.persons_checked.unwrap_or(0),
                young: self.persons_21_or_under.unwrap_or(0),
            },
            None => RecordWhat::Meeting {
                organisations: self
                    .organisations
                    .as_deref()
                    .and_then(|o| serde_json::from_str::<Vec<String>>(o).ok())
                    .unwrap_or_default(),
            },
        };
        RecordRow {
            id: self.id.clone(),
            kind: self.kind.clone(),
            activity: self.activity.clone(),
            officer: self.officer.clone(),
            date: self.date,
            what,
            version: self.version,
            voided: self.voided,
            received_at: self.received_at.clone(),
        }
    }
}

async fn current(conn: &mut SqliteConnection, id: &str) -> Result<Current, AppError> {
    sqlx::query_as::<_, Current>(&format!("{CURRENT} WHERE r.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Reports, newest first, filtered; at most `limit`.
pub async fn list(
    pool: &SqlitePool,
    filter: &RecordFilter,
    limit: i64,
) -> Result<Vec<RecordRow>, AppError> {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let rows: Vec<Current> = sqlx::query_as(&format!(
        "{CURRENT}
         WHERE (?1 IS NULL OR r.activity_id = ?1) AND (?2 IS NULL OR r.date >= ?2)
           AND (?3 IS NULL OR r.date <= ?3) AND (?4 IS NULL OR u.username = ?4)
         ORDER BY r.date DESC, r.received_at DESC LIMIT ?5"
    ))
    .bind(opt(&filter.activity).and_then(|a| a.parse::<i64>().ok()))
    .bind(opt(&filter.from))
    .bind(opt(&filter.to))
    .bind(opt(&filter.officer))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(Current::row).collect())
}

/// One report with its history, for the admin's report page.
pub async fn detail(pool: &SqlitePool, id: &str) -> Result<ReportDetail, AppError> {
    let mut conn = pool.acquire().await?;
    let now = current(&mut conn, id).await?;
    let versions: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT v.version, v.reason, u.username, v.corrected_at FROM report_versions v
         JOIN users u ON u.id = v.corrected_by WHERE v.report_id = ? ORDER BY v.version",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let void: Option<(String, String, String)> = sqlx::query_as(
        "SELECT x.reason, u.username, x.voided_at FROM report_voids x JOIN users u ON u.id = x.voided_by
         WHERE x.report_id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let mut history = vec![VersionInfo {
        version: 1,
        reason: None,
        by: now.officer.clone(),
        at: now.received_at.clone(),
    }];
    history.extend(
        versions
            .into_iter()
            .map(|(version, reason, by, at)| VersionInfo {
                version,
                reason: Some(reason),
                by,
                at,
            }),
    );
    Ok(ReportDetail {
        row: now.row(),
        form: serde_json::from_value::<Report>(now.wire())
            .map(|report| ReportForm::from_report(&report))
            .map_err(AppError::internal)?,
        history,
        void,
    })
}

/// Stores a corrected version of a report, checked by the same rules as a new report. `expected` is the
/// version the correction started from: a report corrected meanwhile gets a conflict.
pub async fn correct(
    pool: &SqlitePool,
    actor: &Actor,
    id: &str,
    expected: i64,
    reason: &Line,
    form: &ReportForm,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let rules = activity_rules(pool).await?;
    let mut tx = pool.begin().await?;
    let before = current(&mut tx, id).await?;
    if before.voided {
        let voided = Problem::VoidedCannotBeCorrected;
        return Err(AppError::problems(
            voided.clone(),
            domain::problem::Problems::from([("item", voided)]),
        ));
    }
    if before.version != expected {
        return Err(AppError::EditConflict);
    }
    // The kind, activity, id and creation time are the report's identity and stay as they were.
    let form = ReportForm {
        id: id.to_owned(),
        created_at: before.created_at.clone(),
        kind: before.kind.clone(),
        activity_id: before.activity_id.to_string(),
        ..form.clone()
    };
    let corrected = form
        .parse(today, |a| rules.get(&a).cloned())
        .map_err(|problems| AppError::problems(Problem::FixCorrection, problems))?;
    let version = before.version + 1;
    let sql = format!(
        "INSERT INTO report_versions (report_id, version, date, {CONTENT_COLUMNS}, reason, corrected_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    );
    let query = sqlx::query(&sql)
        .bind(id)
        .bind(version)
        .bind(corrected.date);
    Columns::of(&corrected.body)
        .bind(query)
        .bind(reason.as_str())
        .bind(actor.id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        actor,
        "report.correct",
        "report",
        id,
        Some(&before.wire()),
        Some(&json!({"version": version, "reason": reason.as_str(), "report": corrected})),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Voids a report: it is kept, and no longer counted.
pub async fn void(
    pool: &SqlitePool,
    actor: &Actor,
    id: &str,
    reason: &Line,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before = current(&mut tx, id).await?;
    if before.voided {
        return Err(AppError::conflict(Problem::AlreadyVoided));
    }
    sqlx::query("INSERT INTO report_voids (report_id, reason, voided_by) VALUES (?, ?, ?)")
        .bind(id)
        .bind(reason.as_str())
        .bind(actor.id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        actor,
        "report.void",
        "report",
        id,
        Some(&before.wire()),
        Some(&json!({"voided": true, "reason": reason.as_str()})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The latest targeted operations of an agreement, as the public sees them: aggregates only, small counts
/// suppressed, corrected ones marked.
pub async fn recent_operations(
    pool: &SqlitePool,
    slug: &str,
    activity: Option<i64>,
    limit: i64,
) -> Result<Vec<OperationSummary>, AppError> {
    let rows: Vec<(NaiveDate, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT r.date, r.place, r.persons_checked, r.persons_21_or_under, r.drug_offences_reported, r.version
         FROM current_reports r JOIN activities x ON x.id = r.activity_id JOIN promises p ON p.id = x.promise_id
         JOIN agreements a ON a.id = p.agreement_id
         WHERE a.slug = ?1 AND r.kind = 'targeted_operation' AND NOT r.voided
           AND (?2 IS NULL OR r.activity_id = ?2)
         ORDER BY r.date DESC, r.start_time DESC LIMIT ?3",
    )
    .bind(slug)
    .bind(activity)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|(date, place, checked, youths, offences, version)| {
            OperationSummary::new(
                date,
                place,
                count(checked),
                count(youths),
                count(offences),
                version > 1,
            )
        })
        .collect())
}

/// The activities and officers the record can be filtered by.
pub async fn filter_options(
    pool: &SqlitePool,
) -> Result<(Vec<(String, String)>, Vec<String>), AppError> {
    let activities: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT x.id, a.title, x.text FROM activities x JOIN promises p ON p.id = x.promise_id
         JOIN agreements a ON a.id = p.agreement_id
         WHERE x.measure IN ('targeted_operation', 'collaboration_meeting')
         ORDER BY a.valid_from DESC, p.position, x.position",
    )
    .fetch_all(pool)
    .await?;
    let officers: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT u.username FROM reports r JOIN users u ON u.id = r.officer_id ORDER BY u.username",
    )
    .fetch_all(pool)
    .await?;
    Ok((
        activities
            .into_iter()
            .map(|(id, title, text)| {
                let short: String = text.chars().take(60).collect();
                (id.to_string(), format!("{title}: {short}"))
            })
            .collect(),
        officers,
    ))
}
