//! Office hours in the database: the slots and their exceptions, the example seed, and the admin's changes, each
//! with its audit row in the same transaction.

use super::model::Schedule;
use crate::audit::{db::append, Action, Actor};
use crate::db::{self, Db, Tx};
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use domain::calendar::{hh_mm, parse_time};
use domain::office_hours::{
    check_mark, Cancellation, Extra, ExtraDef, Mark, Occurrence, OccurrenceKey, PlaceKind, Slot,
    SlotDef,
};
use domain::problem::Problem;
use serde_json::json;
use sqlx::FromRow;
use std::collections::HashMap;

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
    parse_time(text)
        .ok_or_else(|| AppError::internal(format!("a stored time is not HH:MM: {text:?}")))
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

/// The weekly slots of one police area (by row id), or of all with `None`.
pub async fn slots(pool: &Db, area: Option<i64>) -> Result<Vec<Slot>, AppError> {
    let rows: Vec<SlotRow> = db::all!(
        pool,
        &format!(
            "SELECT {SLOT_COLUMNS} FROM office_hour_slots WHERE $1 IS NULL OR police_area_id = $1
             ORDER BY weekday, start_time, id"
        ),
        area
    )?;
    rows.into_iter().map(Slot::try_from).collect()
}

async fn slot(conn: &mut Tx, id: i64) -> Result<Option<Slot>, AppError> {
    let row: Option<SlotRow> = db::optional!(
        conn,
        &format!("SELECT {SLOT_COLUMNS} FROM office_hour_slots WHERE id = $1"),
        id
    )?;
    row.map(Slot::try_from).transpose()
}

pub async fn cancellations(
    pool: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Cancellation>, AppError> {
    let rows: Vec<(i64, NaiveDate, String)> = db::all!(
        pool,
        "SELECT slot_id, date, reason FROM office_hour_cancellations WHERE date BETWEEN $1 AND $2 ORDER BY date",
        from,
        to
    )?;
    Ok(rows
        .into_iter()
        .map(|(slot_id, date, reason)| Cancellation {
            slot_id,
            date,
            reason,
        })
        .collect())
}

/// The extra office hours from `from` to `to` of one police area (by row id), or of all with `None`.
pub async fn extras(
    pool: &Db,
    from: NaiveDate,
    to: NaiveDate,
    area: Option<i64>,
) -> Result<Vec<Extra>, AppError> {
    let rows: Vec<ExtraRow> = db::all!(
        pool,
        &format!(
            "SELECT {EXTRA_COLUMNS} FROM office_hour_extras
             WHERE date BETWEEN $1 AND $2 AND ($3 IS NULL OR police_area_id = $3)
             ORDER BY date, start_time"
        ),
        from,
        to,
        area
    )?;
    rows.into_iter().map(extra_from).collect()
}

const EXTRA_COLUMNS: &str = "id, place, kind, date, start_time, end_time, note, cancelled_reason";
type ExtraRow = (
    i64,
    String,
    String,
    NaiveDate,
    String,
    String,
    String,
    Option<String>,
);

fn extra_from(row: ExtraRow) -> Result<Extra, AppError> {
    let (id, place, kind, date, start, end, note, cancelled) = row;
    Ok(Extra {
        id,
        place,
        kind: kind.parse().map_err(AppError::internal)?,
        date,
        start: time(&start)?,
        end: time(&end)?,
        note,
        cancelled,
    })
}

type HeldRow = (Option<i64>, Option<i64>, NaiveDate);

fn key_from((slot_id, extra_id, date): HeldRow) -> OccurrenceKey {
    match extra_id {
        Some(extra_id) => OccurrenceKey::Extra { extra_id },
        None => OccurrenceKey::Slot {
            slot_id: slot_id.unwrap_or_default(),
            date,
        },
    }
}

/// The occurrences from `from` to `to` that officers have marked as held.
pub async fn held(
    pool: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<OccurrenceKey>, AppError> {
    let rows: Vec<HeldRow> = db::all!(
        pool,
        "SELECT slot_id, extra_id, date FROM office_hour_held WHERE date BETWEEN $1 AND $2",
        from,
        to
    )?;
    Ok(rows.into_iter().map(key_from).collect())
}

/// The held office hours per police area (0: none) and day, from the record: what the tallies must say.
pub const HELD_PER_AREA_AND_DAY: &str =
    "SELECT coalesce(s.police_area_id, e.police_area_id, 0), h.date, count(*)
     FROM office_hour_held h
     LEFT JOIN office_hour_slots s ON s.id = h.slot_id
     LEFT JOIN office_hour_extras e ON e.id = h.extra_id
     GROUP BY coalesce(s.police_area_id, e.police_area_id, 0), h.date";

/// How many occurrences of one police area's office hours were held on each day: what the office-hours
/// activity of that area's agreements counts. Read from the tallies a trigger keeps with every mark (see
/// `agreements::db::tallies`). An agreement without a police area counts none.
pub async fn held_per_day(
    pool: &Db,
    police_area_id: Option<i64>,
) -> Result<Vec<(NaiveDate, u32)>, AppError> {
    let Some(area) = police_area_id else {
        return Ok(Vec::new());
    };
    let rows: Vec<(NaiveDate, i64)> = db::all!(
        pool,
        "SELECT day, held FROM office_hour_tallies WHERE police_area_id = $1 AND held > 0 ORDER BY day",
        area
    )?;
    Ok(rows
        .into_iter()
        .map(|(day, n)| (day, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}

/// Held office hours per day for every police area: one read for the pages that show many agreements.
pub async fn held_per_day_by_area(
    pool: &Db,
) -> Result<HashMap<i64, Vec<(NaiveDate, u32)>>, AppError> {
    let rows: Vec<(i64, NaiveDate, i64)> = db::all!(
        pool,
        "SELECT police_area_id, day, held FROM office_hour_tallies WHERE police_area_id > 0 AND held > 0
         ORDER BY police_area_id, day"
    )?;
    let mut by_area: HashMap<i64, Vec<(NaiveDate, u32)>> = HashMap::new();
    for (area, day, n) in rows {
        by_area
            .entry(area)
            .or_default()
            .push((day, u32::try_from(n).unwrap_or(u32::MAX)));
    }
    Ok(by_area)
}

/// On a first start, a plausible weekly schedule for Sävsjö, marked as example data.
pub async fn seed_example(pool: &Db, from: NaiveDate) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let existing: i64 = db::scalar!(&mut tx, "SELECT count(*) FROM office_hour_slots")?;
    if existing > 0 {
        return Ok(false);
    }
    let example = [
        ("Poliskontoret, Sävsjö", "office", 2_i64, "10:00", "12:00"),
        ("Poliskontoret, Sävsjö", "office", 4, "16:00", "18:00"),
        ("Centrala Sävsjö", "centre", 5, "19:00", "22:00"),
    ];
    for (place, kind, weekday, start, end) in example {
        let id: i64 = db::scalar!(
            &mut tx,
            "INSERT INTO office_hour_slots (place, kind, weekday, start_time, end_time, valid_from, example)
             VALUES ($1, $2, $3, $4, $5, $6, TRUE) RETURNING id",
            place,
            kind,
            weekday,
            start,
            end,
            from
        )?;
        append(
            &mut tx,
            &Actor::system("system"),
            Action::SlotCreate,
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

pub async fn create_slot(
    pool: &Db,
    actor: &Actor,
    def: &SlotDef,
    police_area_id: i64,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = db::scalar!(
        &mut tx,
        "INSERT INTO office_hour_slots (place, kind, weekday, start_time, end_time, valid_from, valid_to,
                                        police_area_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        def.place.as_str(),
        def.kind.as_str(),
        i64::from(def.weekday),
        hh_mm(def.start),
        hh_mm(def.end),
        def.valid_from,
        def.valid_to,
        police_area_id
    )?;
    append(
        &mut tx,
        actor,
        Action::SlotCreate,
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
    pool: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    def: &SlotDef,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before = slot(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let saved = db::execute!(
        &mut tx,
        "UPDATE office_hour_slots SET place = $1, kind = $2, weekday = $3, start_time = $4, end_time = $5,
             valid_from = $6, valid_to = $7, example = FALSE, version = version + 1
         WHERE id = $8 AND version = $9",
        def.place.as_str(),
        def.kind.as_str(),
        i64::from(def.weekday),
        hh_mm(def.start),
        hh_mm(def.end),
        def.valid_from,
        def.valid_to,
        id,
        version
    )?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    append(
        &mut tx,
        actor,
        Action::SlotUpdate,
        id,
        Some(&before),
        Some(&slot_json(def)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One occurrence as it stands now, with its cancellation and held mark; a clear error, naming the field,
/// for a slot that does not exist or has no occurrence that day, or an unknown extra.
async fn occurrence(conn: &mut Tx, key: OccurrenceKey) -> Result<Occurrence, AppError> {
    let (slots, date, extras) = match key {
        OccurrenceKey::Slot { slot_id, date } => {
            let slot = slot(conn, slot_id)
                .await?
                .ok_or_else(|| AppError::problem("slot_id", Problem::NoSuchSlot))?;
            if !slot.applies_on(date) {
                return Err(AppError::problem(
                    "date",
                    Problem::NotOnThatDay {
                        place: slot.place.to_string(),
                        weekday: slot.weekday,
                    },
                ));
            }
            (vec![slot], date, Vec::new())
        }
        OccurrenceKey::Extra { extra_id } => {
            let row: Option<ExtraRow> = db::optional!(
                conn,
                &format!("SELECT {EXTRA_COLUMNS} FROM office_hour_extras WHERE id = $1"),
                extra_id
            )?;
            let extra = row
                .map(extra_from)
                .transpose()?
                .ok_or_else(|| AppError::problem("extra_id", Problem::NoSuchExtra))?;
            (Vec::new(), extra.date, vec![extra])
        }
    };
    let cancellations: Vec<(i64, String)> = db::all!(
        conn,
        "SELECT slot_id, reason FROM office_hour_cancellations WHERE date = $1",
        date
    )?;
    let cancellations: Vec<Cancellation> = cancellations
        .into_iter()
        .map(|(slot_id, reason)| Cancellation {
            slot_id,
            date,
            reason,
        })
        .collect();
    let held: Vec<HeldRow> = db::all!(
        conn,
        "SELECT slot_id, extra_id, date FROM office_hour_held WHERE date = $1",
        date
    )?;
    let held: Vec<OccurrenceKey> = held.into_iter().map(key_from).collect();
    domain::office_hours::occurrences(&slots, &cancellations, &extras, &held, date, date)
        .into_iter()
        .find(|o| o.key() == key)
        .ok_or_else(|| AppError::internal("an occurrence that applies on its day was not expanded"))
}

/// A mark refused by the database after the check above passed: another officer marked the same occurrence
/// in between (a unique key, a "never both" trigger, or SQLite's busy snapshot). A conflict, not a 500.
fn changed_meanwhile(e: sqlx::Error) -> AppError {
    match e {
        sqlx::Error::Database(_) => AppError::conflict(Problem::MarkedMeanwhile),
        other => other.into(),
    }
}

/// Marks an occurrence as held or cancelled, with its audit row. `Ok(false)` when it already was: a repeated
/// mark changes nothing and is not counted again. Refusals (held before it began, held and cancelled) are
/// conflicts; the database's triggers keep "never both" even against a concurrent writer.
pub async fn mark(
    pool: &Db,
    actor: &Actor,
    key: OccurrenceKey,
    mark: &Mark,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    let current = occurrence(&mut tx, key).await?;
    let changes = check_mark(&current, mark, now).map_err(AppError::conflict)?;
    if !changes {
        return Ok(false);
    }
    let (slot_id, extra_id) = match key {
        OccurrenceKey::Slot { slot_id, .. } => (Some(slot_id), None),
        OccurrenceKey::Extra { extra_id } => (None, Some(extra_id)),
    };
    let (action, id, after) = match mark {
        Mark::Held => {
            let by = actor
                .id
                .ok_or_else(|| AppError::internal("held marked by no user"))?;
            let id: i64 = db::scalar!(
                &mut tx,
                "INSERT INTO office_hour_held (slot_id, extra_id, date, recorded_by) VALUES ($1, $2, $3, $4)
                 RETURNING id",
                slot_id,
                extra_id,
                current.date,
                by
            )
            .map_err(changed_meanwhile)?;
            let after = json!({"slot_id": slot_id, "extra_id": extra_id, "date": current.date});
            (Action::Held, id, after)
        }
        Mark::Cancelled(reason) => {
            let after = json!({"slot_id": slot_id, "extra_id": extra_id, "date": current.date,
                               "reason": reason.as_str()});
            match key {
                OccurrenceKey::Slot { slot_id, date } => {
                    let id: i64 = db::scalar!(
                        &mut tx,
                        "INSERT INTO office_hour_cancellations (slot_id, date, reason) VALUES ($1, $2, $3)
                         RETURNING id",
                        slot_id,
                        date,
                        reason.as_str()
                    )
                    .map_err(changed_meanwhile)?;
                    (Action::SlotCancel, id, after)
                }
                OccurrenceKey::Extra { extra_id } => {
                    db::execute!(
                        &mut tx,
                        "UPDATE office_hour_extras SET cancelled_reason = $1 WHERE id = $2",
                        reason.as_str(),
                        extra_id
                    )
                    .map_err(changed_meanwhile)?;
                    (Action::ExtraCancel, extra_id, after)
                }
            }
        }
    };
    append(&mut tx, actor, action, id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn add_extra(
    pool: &Db,
    actor: &Actor,
    def: &ExtraDef,
    note: &str,
    police_area_id: i64,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = db::scalar!(
        &mut tx,
        "INSERT INTO office_hour_extras (place, kind, date, start_time, end_time, note, police_area_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        def.place.as_str(),
        def.kind.as_str(),
        def.date,
        hh_mm(def.start),
        hh_mm(def.end),
        note,
        police_area_id
    )?;
    append(
        &mut tx,
        actor,
        Action::ExtraCreate,
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
// ------------------------------------------------------------------------------ the schedule --

/// A local time in Stockholm as an instant; in the hour a change to summer time skips, the instant after
/// it, and in the hour that repeats, the first.
pub fn stockholm_instant(local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let zone = chrono_tz::Europe::Stockholm;
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&chrono::Utc))
}

/// Places office hours written before organisations: with one police area, they are its, and their held
/// occurrences are counted for it from then on (the tallies derived again). With several, they stay
/// unplaced and `lofte check` lists them. Runs at every start after `places::db::adopt`.
pub async fn adopt(pool: &Db) -> Result<(), AppError> {
    let areas: Vec<i64> = db::scalars!(pool, "SELECT id FROM police_areas")?;
    if let [only] = areas.as_slice() {
        let mut tx = pool.begin().await?;
        let placed = db::execute!(
            &mut tx,
            "UPDATE office_hour_slots SET police_area_id = $1 WHERE police_area_id IS NULL",
            *only
        )? + db::execute!(
            &mut tx,
            "UPDATE office_hour_extras SET police_area_id = $1 WHERE police_area_id IS NULL",
            *only
        )?;
        if placed > 0 {
            // Their held occurrences now count for the area: the tallies are derived again.
            db::execute!(&mut tx, "DELETE FROM office_hour_tallies")?;
            db::execute!(
                &mut tx,
                &format!(
                    "INSERT INTO office_hour_tallies (police_area_id, day, held) {}",
                    HELD_PER_AREA_AND_DAY
                )
            )?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// The police areas a visitor chooses between, by name, each with the municipalities of its published
/// agreements.
pub async fn area_choices(pool: &Db) -> Result<Vec<super::model::AreaChoice>, AppError> {
    use crate::places::model::Named;
    let published: std::collections::HashSet<i64> =
        db::scalars!(pool, "SELECT id FROM agreements WHERE published")?
            .into_iter()
            .collect();
    let places = crate::places::db::all_agreement_places(pool).await?;
    Ok(crate::places::db::police_areas(pool)
        .await?
        .into_iter()
        .map(|area| {
            let mut codes: Vec<_> = places
                .iter()
                .filter(|p| published.contains(&p.agreement_id))
                .filter(|p| p.police_area.as_ref().is_some_and(|a| a.slug == area.slug))
                .flat_map(|p| p.municipalities.iter().copied())
                .collect();
            codes.sort();
            codes.dedup();
            super::model::AreaChoice {
                area,
                municipalities: codes.into_iter().map(Named::municipality).collect(),
            }
        })
        .collect())
}

/// The local time in Stockholm now.
pub fn stockholm_now() -> chrono::NaiveDateTime {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .naive_local()
}

/// Reads the slots and the occurrences from `days_back` days before today to `days` days from today, of one
/// police area (by row id) or of all with `None`.
pub async fn schedule(
    pool: &crate::db::Db,
    days_back: i64,
    days: i64,
    area: Option<i64>,
) -> Result<Schedule, crate::error::AppError> {
    let now = stockholm_now();
    let from = now.date() - chrono::Duration::days(days_back);
    let to = now.date() + chrono::Duration::days(days - 1);
    let slots = slots(pool, area).await?;
    let occurrences = domain::office_hours::occurrences(
        &slots,
        &cancellations(pool, from, to).await?,
        &extras(pool, from, to, area).await?,
        &held(pool, from, to).await?,
        from,
        to,
    );
    Ok(Schedule {
        now,
        subscribe: None,
        slots,
        occurrences,
    })
}
