//! The record as admins keep it: reports listed and filtered, corrected as new versions with a reason, and
//! voided with a reason. Nothing is rewritten or deleted; the database's triggers refuse it.

use super::{activity_rules, Columns};
use crate::audit::{db::append, Action, Actor};
use crate::db::{self, Db, Stamp, Tx};
use crate::error::AppError;
use crate::field::model::{
    OperationSummary, RecordFilter, RecordRow, RecordWhat, ReportDetail, VersionInfo,
};
use chrono::NaiveDate;
use domain::places::Scope;
use domain::problem::Problem;
use domain::report::{Report, ReportBody, ReportForm, ReportKind};
use domain::types::Line;
use serde_json::json;
use sqlx::FromRow;
use uuid::Uuid;

/// A report as it stands now, as read from the `current_reports` view.
#[derive(Debug, Clone, FromRow)]
struct Current {
    id: String,
    kind: String,
    activity_id: i64,
    activity: String,
    officer: String,
    created_at: String,
    #[sqlx(try_from = "Stamp")]
    received_at: String,
    version: i64,
    voided: bool,
    date: NaiveDate,
    #[sqlx(flatten)]
    content: Columns,
}

const CURRENT: &str = "SELECT r.id, r.kind, r.activity_id, x.text AS activity, u.username AS officer, r.created_at,
        r.received_at, r.version, r.voided, r.date, r.start_time, r.end_time, r.place, r.officers,
        r.persons_checked, r.persons_21_or_under, r.youths_identified, r.drug_offences_reported, r.notes,
        r.organisations, r.summary, r.count
    FROM current_reports r JOIN activities x ON x.id = r.activity_id JOIN users u ON u.id = r.officer_id";

impl Current {
    /// The report as it stands now, in the one report type.
    fn report(&self) -> Result<Report, AppError> {
        let kind: ReportKind = self.kind.parse().map_err(AppError::internal)?;
        Ok(Report {
            id: Uuid::parse_str(&self.id).map_err(AppError::internal)?,
            activity_id: self.activity_id,
            created_at: domain::calendar::parse_timestamp(&self.created_at).ok_or_else(|| {
                AppError::internal(format!("report {} has an unreadable created_at", self.id))
            })?,
            date: self.date,
            body: self.content.body(kind).ok_or_else(|| {
                AppError::internal(format!("report {} has no {kind} body", self.id))
            })?,
        })
    }

    fn row(&self) -> Result<RecordRow, AppError> {
        let what = match self.report()?.body {
            ReportBody::TargetedOperation(op) => RecordWhat::Operation {
                place: op.place,
                checked: op.persons_checked,
                young: op.persons_21_or_under,
            },
            ReportBody::Activity(a) => RecordWhat::Activity {
                place: a.place,
                count: a.count,
            },
            ReportBody::CollaborationMeeting(m) => RecordWhat::Meeting {
                organisations: m.organisations,
            },
        };
        Ok(RecordRow {
            id: self.id.clone(),
            kind: self.kind.clone(),
            activity: self.activity.clone(),
            officer: self.officer.clone(),
            date: self.date,
            what,
            version: self.version,
            voided: self.voided,
            received_at: self.received_at.clone(),
        })
    }
}

async fn current(conn: &mut Tx, id: &str) -> Result<Current, AppError> {
    db::optional!(conn, as Current, &format!("{CURRENT} WHERE r.id = $1"), id)?
        .ok_or(AppError::NotFound)
}

/// Reports, newest first, filtered; at most `limit`.
pub async fn list(
    pool: &Db,
    scope: &Scope,
    filter: &RecordFilter,
    limit: i64,
) -> Result<Vec<RecordRow>, AppError> {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let within = in_scope_list(pool, scope).await?;
    let rows: Vec<Current> = db::all!(
        pool,
        &format!(
            "{CURRENT}
             WHERE ($1 IS NULL OR r.activity_id = $1) AND ($2 IS NULL OR r.date >= $2)
               AND ($3 IS NULL OR r.date <= $3) AND ($4 IS NULL OR lower(u.username) = lower($4))
               AND ($6 IS NULL OR $6 LIKE '%,' || CAST(r.activity_id AS TEXT) || ',%')
             ORDER BY r.date DESC, r.received_at DESC LIMIT $5"
        ),
        opt(&filter.activity).and_then(|a| a.parse::<i64>().ok()),
        crate::filters::date("from", &filter.from)?,
        crate::filters::date("to", &filter.to)?,
        opt(&filter.officer),
        limit,
        within
    )?;
    rows.iter().map(Current::row).collect()
}

/// The activities a scope covers as `,1,5,9,` for a `LIKE` both engines read, or `None` for all.
async fn in_scope_list(pool: &Db, scope: &Scope) -> Result<Option<String>, AppError> {
    Ok(crate::places::db::activities_in(pool, scope)
        .await?
        .map(|ids| {
            let mut list = String::from(",");
            for id in ids {
                list.push_str(&id.to_string());
                list.push(',');
            }
            list
        }))
}

/// `404` unless the report exists and the scope covers its activity's agreement: an admin cannot tell a
/// report outside their scope from one that does not exist.
pub async fn require_in(pool: &Db, scope: &Scope, report_id: &str) -> Result<(), AppError> {
    let activity: Option<i64> = db::scalar_optional!(
        pool,
        "SELECT activity_id FROM reports WHERE id = $1",
        report_id
    )?;
    let Some(activity) = activity else {
        return Err(AppError::NotFound);
    };
    let agreement = crate::places::db::agreement_of_activity(pool, activity).await?;
    crate::places::db::require_some_agreement(pool, scope, agreement).await
}

/// One report with its history, for the admin's report page.
pub async fn detail(pool: &Db, id: &str) -> Result<ReportDetail, AppError> {
    // One transaction, so that the history and the report are read as of one moment.
    let mut tx = pool.begin().await?;
    let now = current(&mut tx, id).await?;
    let versions: Vec<(i64, String, String, Stamp)> = db::all!(
        &mut tx,
        "SELECT v.version, v.reason, u.username, v.corrected_at FROM report_versions v
         JOIN users u ON u.id = v.corrected_by WHERE v.report_id = $1 ORDER BY v.version",
        id
    )?;
    let void: Option<(String, String, Stamp)> = db::optional!(
        &mut tx,
        "SELECT x.reason, u.username, x.voided_at FROM report_voids x JOIN users u ON u.id = x.voided_by
         WHERE x.report_id = $1",
        id
    )?;
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
                at: at.text(),
            }),
    );
    let void = void.map(|(reason, by, at)| (reason, by, at.text()));
    Ok(ReportDetail {
        row: now.row()?,
        form: ReportForm::from_report(&now.report()?),
        history,
        void,
    })
}

/// Stores a corrected version of a report, checked by the same rules as a new report. `expected` is the
/// version the correction started from: a report corrected meanwhile gets a conflict.
pub async fn correct(
    pool: &Db,
    actor: &Actor,
    id: &str,
    expected: i64,
    reason: &Line,
    form: &ReportForm,
    today: NaiveDate,
) -> Result<i64, AppError> {
    // A report's activity never changes, so its rule is read before the transaction.
    let activity: Option<i64> =
        db::scalar_optional!(pool, "SELECT activity_id FROM reports WHERE id = $1", id)?;
    let rules = activity_rules(pool, activity).await?;
    let mut tx = pool.begin().await?;
    // Two corrections of one report at once would both read version n and both write n + 1.
    tx.lock(&format!("report:{id}")).await?;
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
        .parse(today, |a| rules.rule(a))
        .map_err(|problems| AppError::problems(Problem::FixCorrection, problems))?;
    let version = before.version + 1;
    let sql = format!(
        "INSERT INTO report_versions (report_id, version, date, {}, reason, corrected_by)
         VALUES ($1, $2, $3, {}, ${}, ${})",
        Columns::names(),
        Columns::placeholders(4),
        4 + Columns::COUNT,
        5 + Columns::COUNT
    );
    db::on!(&mut tx, c => Columns::of(&corrected.body)
        .bind(sqlx::query(&sql).bind(id).bind(version).bind(corrected.date))
        .bind(reason.as_str())
        .bind(actor.id)
        .execute(c)
        .await
        .map(drop))?;
    append(
        &mut tx,
        actor,
        Action::ReportCorrect,
        id,
        Some(&json!(before.report()?)),
        Some(&json!({"version": version, "reason": reason.as_str(), "report": corrected})),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Voids a report: it is kept, and no longer counted.
pub async fn void(pool: &Db, actor: &Actor, id: &str, reason: &Line) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    tx.lock(&format!("report:{id}")).await?;
    let before = current(&mut tx, id).await?;
    if before.voided {
        return Err(AppError::conflict(Problem::AlreadyVoided));
    }
    db::execute!(
        &mut tx,
        "INSERT INTO report_voids (report_id, reason, voided_by) VALUES ($1, $2, $3)",
        id,
        reason.as_str(),
        actor.id
    )?;
    append(
        &mut tx,
        actor,
        Action::ReportVoid,
        id,
        Some(&json!(before.report()?)),
        Some(&json!({"voided": true, "reason": reason.as_str()})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Later than any report's date, as ISO text compares.
const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");

/// The latest targeted operations of an agreement, as the public sees them: aggregates only, small counts
/// suppressed, corrected ones marked. The tallies tell from which day on the latest `limit` lie, so only the
/// reports of those days are read, however long the record.
pub async fn recent_operations(
    pool: &Db,
    slug: &str,
    activity: Option<i64>,
    limit: i64,
) -> Result<Vec<OperationSummary>, AppError> {
    let from: Option<NaiveDate> = db::scalar_optional!(
        pool,
        "SELECT day FROM (
             SELECT t.day, sum(sum(t.reports)) OVER (ORDER BY t.day DESC) AS running
             FROM report_tallies t JOIN activities x ON x.id = t.activity_id
             JOIN promises p ON p.id = x.promise_id JOIN agreements a ON a.id = p.agreement_id
             WHERE a.slug = $1 AND t.kind = 'targeted_operation' AND t.reports > 0
               AND ($2 IS NULL OR t.activity_id = $2)
             GROUP BY t.day) AS days
         WHERE running >= $3 OR day = (SELECT min(t.day) FROM report_tallies t
             JOIN activities x ON x.id = t.activity_id JOIN promises p ON p.id = x.promise_id
             JOIN agreements a ON a.id = p.agreement_id
             WHERE a.slug = $1 AND t.kind = 'targeted_operation' AND t.reports > 0
               AND ($2 IS NULL OR t.activity_id = $2))
         ORDER BY day DESC LIMIT 1",
        slug,
        activity,
        limit
    )?;
    let Some(from) = from else {
        return Ok(Vec::new()); // nothing counts yet
    };
    operations_between(pool, slug, activity, from, LAST_DAY, limit, 0).await
}

/// The targeted operations of an agreement dated `from` to `to` (as they stand now), newest first, at most
/// `limit` after skipping `offset`, as the public sees them. Reads only the reports first dated or corrected
/// to a day in the range (by index), so its cost follows the range, not the record.
///
/// A report never corrected stands as it was first stored, so the first `offset + limit` of those, ordered
/// by the stored row alone, are the only ones of them that can make the page; every corrected report in
/// the range is a candidate too. Only those candidates are read through `current_reports`, rather than
/// every report of the range (a busy day has thousands).
pub async fn operations_between(
    pool: &Db,
    slug: &str,
    activity: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
    offset: i64,
) -> Result<Vec<OperationSummary>, AppError> {
    let rows: Vec<(NaiveDate, String, i64, i64, i64, i64)> = db::all!(
        pool,
        "SELECT r.date, r.place, r.persons_checked, r.persons_21_or_under, r.drug_offences_reported, r.version
         FROM current_reports r JOIN activities x ON x.id = r.activity_id JOIN promises p ON p.id = x.promise_id
         JOIN agreements a ON a.id = p.agreement_id
         WHERE r.id IN (
                 SELECT id FROM (
                     SELECT id FROM reports
                     WHERE activity_id IN (SELECT x.id FROM activities x JOIN promises p ON p.id = x.promise_id
                                           JOIN agreements a ON a.id = p.agreement_id WHERE a.slug = $1)
                       AND ($2 IS NULL OR activity_id = $2) AND kind = 'targeted_operation'
                       AND date BETWEEN $3 AND $4
                       AND id NOT IN (SELECT report_id FROM report_versions)
                       AND id NOT IN (SELECT report_id FROM report_voids)
                     ORDER BY date DESC, start_time DESC, id LIMIT $5 + $6) AS uncorrected
                 UNION SELECT report_id FROM report_versions WHERE date BETWEEN $3 AND $4)
           AND a.slug = $1 AND r.kind = 'targeted_operation' AND NOT r.voided
           AND ($2 IS NULL OR r.activity_id = $2) AND r.date BETWEEN $3 AND $4
         ORDER BY r.date DESC, r.start_time DESC, r.id LIMIT $5 OFFSET $6",
        slug,
        activity,
        from,
        to,
        limit,
        offset
    )?;
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
    pool: &Db,
    scope: &Scope,
) -> Result<(Vec<(String, String)>, Vec<String>), AppError> {
    let covered = crate::places::db::activities_in(pool, scope).await?;
    let within = in_scope_list(pool, scope).await?;
    let activities: Vec<(i64, String, String)> = db::all!(
        pool,
        "SELECT x.id, a.title, x.text FROM activities x JOIN promises p ON p.id = x.promise_id
         JOIN agreements a ON a.id = p.agreement_id
         WHERE x.measure IN ('targeted_operation', 'collaboration_meeting')
         ORDER BY a.valid_from DESC, p.position, x.position"
    )?;
    let officers: Vec<String> = db::scalars!(
        pool,
        "SELECT u.username FROM reports r JOIN users u ON u.id = r.officer_id
         WHERE $1 IS NULL OR $1 LIKE '%,' || CAST(r.activity_id AS TEXT) || ',%'
         GROUP BY u.username ORDER BY lower(u.username)",
        within
    )?;
    Ok((
        activities
            .into_iter()
            .filter(|(id, _, _)| covered.as_ref().is_none_or(|c| c.contains(id)))
            .map(|(id, title, text)| {
                let short: String = text.chars().take(60).collect();
                (id.to_string(), format!("{title}: {short}"))
            })
            .collect(),
        officers,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seeded_with_officer;

    /// Operations on the seed's targeted-operations activity (3), on a few days and at a few times, some
    /// corrected to another day or time and some voided.
    async fn record_with_corrections() -> Db {
        let pool = seeded_with_officer().await;
        for n in 0..40 {
            db::execute!(
                &pool,
                "INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, start_time, end_time,
                     place, officers, persons_checked, persons_21_or_under, youths_identified,
                     drug_offences_reported, notes, content)
                 VALUES ($1, 'targeted_operation', 3, 1, $2, '2019-05-01T00:00:00Z', $3, '23:00', $4, 2, 10, 5,
                         1, 1, '', '')",
                format!("r{n:02}"),
                NaiveDate::from_ymd_opt(2019, 5, 10 + n % 4).unwrap(),
                format!("{:02}:00", 8 + n % 7),
                format!("Plats {n}")
            )
            .unwrap();
        }
        // Moved later (to the top), moved earlier, moved out of the range, corrected twice, and voided.
        for (id, version, date, start) in [
            ("r03", 2, "2019-05-20", "07:00"),
            ("r05", 2, "2019-05-01", "09:00"),
            ("r07", 2, "2019-04-01", "09:00"),
            ("r09", 2, "2019-05-13", "22:00"),
            ("r09", 3, "2019-05-12", "06:00"),
        ] {
            db::execute!(
                &pool,
                "INSERT INTO report_versions (report_id, version, date, start_time, end_time, place, officers,
                     persons_checked, persons_21_or_under, youths_identified, drug_offences_reported, notes,
                     reason, corrected_by)
                 VALUES ($1, $2, $3, $4, '23:00', 'Rättad', 2, 8, 5, 1, 0, '', 'fel', 1)",
                id,
                version,
                date.parse::<NaiveDate>().unwrap(),
                start
            )
            .unwrap();
        }
        for id in ["r01", "r12", "r13"] {
            db::execute!(
                &pool,
                "INSERT INTO report_voids (report_id, reason, voided_by) VALUES ($1, 'fel', 1)",
                id
            )
            .unwrap();
        }
        pool
    }

    /// Every operation in the range as it stands, in page order, read through the view without narrowing.
    async fn all_between(pool: &Db, from: &str, to: &str) -> Vec<(NaiveDate, String)> {
        db::all!(
            pool,
            "SELECT date, place FROM current_reports
             WHERE kind = 'targeted_operation' AND NOT voided AND date BETWEEN $1 AND $2
             ORDER BY date DESC, start_time DESC, id",
            from.parse::<NaiveDate>().unwrap(),
            to.parse::<NaiveDate>().unwrap()
        )
        .unwrap()
    }

    #[tokio::test]
    async fn pages_of_operations_match_the_whole_record_read_in_order() {
        let pool = record_with_corrections().await;
        let slug = "savsjo-2018-2019";
        for (from, to) in [
            ("2019-05-01", "2019-05-31"),
            ("2019-05-11", "2019-05-12"),
            ("2019-01-01", "2019-12-31"),
        ] {
            let all = all_between(&pool, from, to).await;
            assert!(all.len() > 10, "{from}–{to}: a range worth paging");
            for limit in [1, 5, 10] {
                let mut paged = Vec::new();
                for page in 0.. {
                    let rows = operations_between(
                        &pool,
                        slug,
                        None,
                        from.parse().unwrap(),
                        to.parse().unwrap(),
                        limit,
                        page * limit,
                    )
                    .await
                    .unwrap();
                    if rows.is_empty() {
                        break;
                    }
                    paged.extend(rows.into_iter().map(|o| (o.date, o.place)));
                }
                assert_eq!(paged, all, "{from}–{to} in pages of {limit}");
            }
        }
        let first = operations_between(
            &pool,
            slug,
            None,
            "2019-05-01".parse().unwrap(),
            LAST_DAY,
            1,
            0,
        )
        .await
        .unwrap();
        assert_eq!(
            first[0].place, "Rättad",
            "the report corrected to a later day comes first"
        );
        assert!(first[0].corrected);
    }
}
