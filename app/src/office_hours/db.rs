//! Office hours in SQLite: the slots and their exceptions, the example seed, and the admin's changes, each
//! with its audit row in the same transaction.

use super::domain::{Cancellation, Extra, ExtraDef, PlaceKind, Slot, SlotDef};
use crate::audit::{db::record, Actor};
use crate::error::AppError;
use chrono::{NaiveDate, NaiveTime};
use serde_json::json;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

#[derive(FromRow)]
struct SlotRow {
    id: i64,
    place: String,
    kind: String,
    weekday: i64,
    start_time: String,
    end_time: String,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    example: bool,
    version: i64,
}

fn time(text: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(AppError::internal)
}

fn hh_mm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

impl TryFrom<SlotRow> for Slot {
    type Error = AppError;
    fn try_from(r: SlotRow) -> Result<Self, AppError> {
        Ok(Slot {
            id: r.id,
            place: r.place,
            kind: r.kind.parse::<PlaceKind>().map_err(AppError::internal)?,
            weekday: u8::try_from(r.weekday).map_err(AppError::internal)?,
            start: time(&r.start_time)?,
            end: time(&r.end_time)?,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            example: r.example,
            version: r.version,
        })
    }
}

const SLOT_COLUMNS: &str =
    "id, place, kind, weekday, start_time, end_time, valid_from, valid_to, example, version";

pub async fn slots(pool: &SqlitePool) -> Result<Vec<Slot>, AppError> {
    let rows: Vec<SlotRow> = sqlx::query_as(&format!(
        "SELECT {SLOT_COLUMNS} FROM office_hour_slots ORDER BY weekday, start_time, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Slot::try_from).collect()
}

async fn slot(conn: &mut SqliteConnection, id: i64) -> Result<Option<Slot>, AppError> {
    let row: Option<SlotRow> = sqlx::query_as(&format!(
        "SELECT {SLOT_COLUMNS} FROM office_hour_slots WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(Slot::try_from).transpose()
}

pub async fn cancellations(
    pool: &SqlitePool,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Cancellation>, AppError> {
    let rows: Vec<(i64, NaiveDate, String)> = sqlx::query_as(
        "SELECT slot_id, date, reason FROM office_hour_cancellations WHERE date BETWEEN ? AND ? ORDER BY date",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slot_id, date, reason)| Cancellation {
            slot_id,
            date,
            reason,
        })
        .collect())
}

pub async fn extras(
    pool: &SqlitePool,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Extra>, AppError> {
    let rows: Vec<(i64, String, String, NaiveDate, String, String, String)> = sqlx::query_as(
        "SELECT id, place, kind, date, start_time, end_time, note FROM office_hour_extras
         WHERE date BETWEEN ? AND ? ORDER BY date, start_time",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, place, kind, date, start, end, note)| {
            Ok(Extra {
                id,
                place,
                kind: kind.parse().map_err(AppError::internal)?,
                date,
                start: time(&start)?,
                end: time(&end)?,
                note,
            })
        })
        .collect()
}

/// On a first start, a plausible weekly schedule for Sävsjö, marked as example data.
pub async fn seed_example(pool: &SqlitePool, from: NaiveDate) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM office_hour_slots")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return Ok(false);
    }
    let example = [
        ("Poliskontoret, Sävsjö", "office", 2, "10:00", "12:00"),
        ("Poliskontoret, Sävsjö", "office", 4, "16:00", "18:00"),
        ("Centrala Sävsjö", "centre", 5, "19:00", "22:00"),
    ];
    for (place, kind, weekday, start, end) in example {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO office_hour_slots (place, kind, weekday, start_time, end_time, valid_from, example)
             VALUES (?, ?, ?, ?, ?, ?, 1) RETURNING id",
        )
        .bind(place)
        .bind(kind)
        .bind(weekday)
        .bind(start)
        .bind(end)
        .bind(from)
        .fetch_one(&mut *tx)
        .await?;
        record(
            &mut tx,
            &Actor::system("system"),
            "office_hours.slot.create",
            "office_hour_slot",
            id,
            None::<&()>,
            Some(
                &json!({"place": place, "kind": kind, "weekday": weekday, "start_time": start,
                         "end_time": end, "valid_from": from, "example": true}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

fn slot_json(def: &SlotDef) -> serde_json::Value {
    json!({
        "place": def.place.as_str(), "kind": def.kind, "weekday": def.weekday,
        "start_time": hh_mm(def.start), "end_time": hh_mm(def.end),
        "valid_from": def.valid_from, "valid_to": def.valid_to, "example": false,
    })
}

pub async fn create_slot(pool: &SqlitePool, actor: &Actor, def: &SlotDef) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO office_hour_slots (place, kind, weekday, start_time, end_time, valid_from, valid_to)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(def.place.as_str())
    .bind(def.kind.as_str())
    .bind(def.weekday)
    .bind(hh_mm(def.start))
    .bind(hh_mm(def.end))
    .bind(def.valid_from)
    .bind(def.valid_to)
    .fetch_one(&mut *tx)
    .await?;
    record(
        &mut tx,
        actor,
        "office_hours.slot.create",
        "office_hour_slot",
        id,
        None::<&()>,
        Some(&slot_json(def)),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves a slot if it is still at `version`; an edit from an older page gets a conflict. Saving clears the
/// example mark: an admin has now looked at the slot.
pub async fn update_slot(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    version: i64,
    def: &SlotDef,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before = slot(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let saved = sqlx::query(
        "UPDATE office_hour_slots SET place = ?, kind = ?, weekday = ?, start_time = ?, end_time = ?,
             valid_from = ?, valid_to = ?, example = 0, version = version + 1
         WHERE id = ? AND version = ?",
    )
    .bind(def.place.as_str())
    .bind(def.kind.as_str())
    .bind(def.weekday)
    .bind(hh_mm(def.start))
    .bind(hh_mm(def.end))
    .bind(def.valid_from)
    .bind(def.valid_to)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    record(
        &mut tx,
        actor,
        "office_hours.slot.update",
        "office_hour_slot",
        id,
        Some(&before),
        Some(&slot_json(def)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels the occurrence of `slot_id` on `date`, which must be a day the slot applies on.
pub async fn cancel(
    pool: &SqlitePool,
    actor: &Actor,
    slot_id: i64,
    date: NaiveDate,
    reason: &str,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let slot = slot(&mut tx, slot_id)
        .await?
        .ok_or_else(|| AppError::invalid_field("slot_id", "välj en tid i schemat"))?;
    if super::domain::occurrences(std::slice::from_ref(&slot), &[], &[], date, date).is_empty() {
        return Err(AppError::invalid_field(
            "date",
            format!(
                "{} har ingen tid den dagen (den gäller {}ar)",
                slot.place,
                slot.weekday_name()
            ),
        ));
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO office_hour_cancellations (slot_id, date, reason) VALUES (?, ?, ?)
         ON CONFLICT (slot_id, date) DO NOTHING RETURNING id",
    )
    .bind(slot_id)
    .bind(date)
    .bind(reason)
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or_else(|| AppError::Conflict {
        message: "den tiden är redan inställd".into(),
    })?;
    record(
        &mut tx,
        actor,
        "office_hours.cancel",
        "office_hour_cancellation",
        id,
        None::<&()>,
        Some(&json!({"slot_id": slot_id, "date": date, "reason": reason})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_extra(
    pool: &SqlitePool,
    actor: &Actor,
    def: &ExtraDef,
    note: &str,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO office_hour_extras (place, kind, date, start_time, end_time, note)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(def.place.as_str())
    .bind(def.kind.as_str())
    .bind(def.date)
    .bind(hh_mm(def.start))
    .bind(hh_mm(def.end))
    .bind(note)
    .fetch_one(&mut *tx)
    .await?;
    record(
        &mut tx,
        actor,
        "office_hours.extra.create",
        "office_hour_extra",
        id,
        None::<&()>,
        Some(
            &json!({"place": def.place.as_str(), "kind": def.kind, "date": def.date,
                     "start_time": hh_mm(def.start), "end_time": hh_mm(def.end), "note": note}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
