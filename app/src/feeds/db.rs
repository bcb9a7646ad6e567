//! A feed's entries read from the record, and the ledger that gives each its lasting id and `updated`.

use super::model::{Event, FeedEntry};
use crate::db::{self, Db, Stamp};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::progress::PublicCount;
use std::collections::HashMap;

/// A published agreement as the feeds need it.
#[derive(Debug, Clone)]
pub struct FeedAgreement {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub police_area_id: Option<i64>,
    pub municipalities: Vec<String>,
}

/// Every published agreement, with its municipalities' codes.
pub async fn published(pool: &Db) -> Result<Vec<FeedAgreement>, AppError> {
    let rows = db::all!(
        pool,
        as (i64, String, String, NaiveDate, NaiveDate, Option<i64>),
        "SELECT id, slug, title, valid_from, valid_to, police_area_id FROM agreements WHERE published
         ORDER BY id"
    )?;
    let mut places: HashMap<i64, Vec<String>> = crate::places::db::all_agreement_places(pool)
        .await?
        .into_iter()
        .map(|p| {
            let codes = p
                .municipalities
                .iter()
                .map(|c| c.municipality().code.to_owned())
                .collect();
            (p.agreement_id, codes)
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(id, slug, title, valid_from, valid_to, police_area_id)| FeedAgreement {
                municipalities: places.remove(&id).unwrap_or_default(),
                id,
                slug,
                title,
                valid_from,
                valid_to,
                police_area_id,
            },
        )
        .collect())
}

/// The start of a day in Sweden, as an instant.
fn day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    chrono_tz::Europe::Stockholm
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// An office hour cancelled: its police area, place, day, times, reason and when it was cancelled.
type CancelRow = (
    String,
    Option<i64>,
    String,
    NaiveDate,
    String,
    String,
    String,
    Stamp,
);

/// Everything the feeds of `agreements` tell, as of `today`, newest first. `within`, a municipality's or a
/// county's code, narrows what is read to the agreements that name such a municipality.
pub async fn entries(
    pool: &Db,
    agreements: &[FeedAgreement],
    today: NaiveDate,
    within: Option<&str>,
) -> Result<Vec<FeedEntry>, AppError> {
    if agreements.is_empty() {
        return Ok(Vec::new());
    }
    // When each agreement was first published (created published, as the seed is, or published later).
    let published: HashMap<String, Stamp> = db::all!(
        pool,
        as (String, Stamp),
        "SELECT entity_id, min(at) FROM audit_log
         WHERE entity = 'agreement' AND action IN ('agreement.create', 'agreement.publish')
         GROUP BY entity_id"
    )?
    .into_iter()
    .collect();
    let mut progress = crate::agreements::db::progress_of_published(pool, today, within).await?;
    let cancelled: Vec<CancelRow> = db::all!(
        pool,
        "SELECT 'slot:' || CAST(c.id AS TEXT), s.police_area_id, s.place, c.date, s.start_time, s.end_time,
                c.reason, c.created_at
         FROM office_hour_cancellations c JOIN office_hour_slots s ON s.id = c.slot_id
         UNION ALL
         SELECT 'extra:' || CAST(e.id AS TEXT), e.police_area_id, e.place, e.date, e.start_time, e.end_time,
                e.cancelled_reason,
                coalesce((SELECT max(l.at) FROM audit_log l
                          WHERE l.entity = 'office_hour_extra' AND l.entity_id = CAST(e.id AS TEXT)
                            AND l.action = 'office_hours.cancel'), e.created_at)
         FROM office_hour_extras e WHERE e.cancelled_reason IS NOT NULL"
    )?;
    let days = db::all!(
        pool,
        as (i64, NaiveDate, i64, i64, i64, i64),
        "SELECT p.agreement_id, t.day, CAST(sum(t.reports) AS BIGINT), CAST(sum(t.persons_checked) AS BIGINT),
                CAST(sum(t.persons_21_or_under) AS BIGINT), CAST(sum(t.drug_offences_reported) AS BIGINT)
         FROM report_tallies t JOIN activities x ON x.id = t.activity_id JOIN promises p ON p.id = x.promise_id
              JOIN agreements a ON a.id = p.agreement_id
         WHERE a.published AND t.kind = 'targeted_operation' AND t.reports > 0
         GROUP BY p.agreement_id, t.day"
    )?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);

    let mut out = Vec::new();
    for a in agreements {
        let entry = |key: String, at: DateTime<Utc>, event: Event| FeedEntry {
            key,
            slug: a.slug.clone(),
            title: a.title.clone(),
            at,
            event,
        };
        let period = (a.valid_from, a.valid_to);
        let first_published = published
            .get(&a.id.to_string())
            .map_or_else(|| day_start(a.valid_from), |s| s.0);
        out.push(entry(
            format!("agreement:{}:published", a.id),
            first_published,
            Event::Published {
                from: period.0,
                to: period.1,
            },
        ));
        if a.valid_from <= today {
            out.push(entry(
                format!("agreement:{}:in_force", a.id),
                day_start(a.valid_from),
                Event::InForce {
                    from: period.0,
                    to: period.1,
                },
            ));
        }
        for activity in progress
            .remove(&a.slug)
            .unwrap_or_default()
            .into_iter()
            .flat_map(|p| p.activities)
        {
            for span in &activity.periods {
                let (Some(day), Some(target)) = (span.reached_on, span.target) else {
                    continue;
                };
                out.push(entry(
                    format!("activity:{}:reached:{}", activity.id, span.from),
                    day_start(day),
                    Event::Reached {
                        activity: activity.text.clone(),
                        measure: activity.measure,
                        unit: activity.unit.clone(),
                        achieved: span.achieved,
                        target,
                        from: span.from,
                        to: span.to,
                        day,
                    },
                ));
            }
        }
        for (key, area, place, day, start, end, reason, at) in &cancelled {
            if a.police_area_id.is_none() || *area != a.police_area_id {
                continue;
            }
            if *day < a.valid_from || *day > a.valid_to {
                continue;
            }
            out.push(entry(
                format!("agreement:{}:cancelled:{key}", a.id),
                at.0,
                Event::Cancelled {
                    place: place.clone(),
                    day: *day,
                    start: start.clone(),
                    end: end.clone(),
                    reason: reason.clone(),
                },
            ));
        }
        for (_, day, operations, checked, under_21, offences) in
            days.iter().filter(|(id, ..)| *id == a.id)
        {
            out.push(entry(
                format!("agreement:{}:day:{day}", a.id),
                day_start(*day),
                Event::Operations {
                    day: *day,
                    operations: count(*operations),
                    checked: count(*checked),
                    under_21: PublicCount::of(count(*under_21)),
                    offences: count(*offences),
                },
            ));
        }
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.key.cmp(&b.key)));
    Ok(out)
}

/// An entry's lasting id and when its content last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub id: String,
    pub updated: DateTime<Utc>,
}

/// Gives `key` its lasting id, noting `content`: a key seen for the first time gets a new id and `updated`
/// = `at`; one whose content differs from what was noted gets `updated` = now; otherwise nothing changes.
pub async fn settle(
    pool: &Db,
    key: &str,
    content: &str,
    at: DateTime<Utc>,
) -> Result<Settled, AppError> {
    let noted = match noted(pool, key).await? {
        Some(noted) => noted,
        None => {
            // Two renders may meet here; the first insert wins and both read it back.
            db::execute!(
                pool,
                "INSERT INTO feed_entries (key, id, content, updated) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (key) DO NOTHING",
                key,
                uuid::Uuid::new_v4().to_string(),
                content,
                Stamp(at)
            )?;
            noted(pool, key).await?.ok_or(AppError::Internal)?
        }
    };
    let (id, noted_content, updated) = noted;
    if noted_content == content {
        return Ok(Settled {
            id,
            updated: updated.0,
        });
    }
    let now = Stamp::now();
    db::execute!(
        pool,
        "UPDATE feed_entries SET content = $1, updated = $2 WHERE key = $3",
        content,
        now,
        key
    )?;
    Ok(Settled {
        id,
        updated: now.0.max(updated.0),
    })
}

/// What the ledger holds for `key`: its id, content and `updated`.
async fn noted(pool: &Db, key: &str) -> Result<Option<(String, String, Stamp)>, AppError> {
    Ok(db::optional!(
        pool,
        as (String, String, Stamp),
        "SELECT id, content, updated FROM feed_entries WHERE key = $1",
        key
    )?)
}
