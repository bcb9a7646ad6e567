//! The admin's changes to agreements, promises and activities. Each runs in one transaction with its audit
//! row, and an edit only lands on the version it started from.

use super::admin::{ActivityEdit, AdminAgreementRow, AgreementEdit, PromiseEdit};
use super::forms::{signatories_text, ActivityForm, AgreementFields, AgreementForm};
use crate::audit::{db::record, Actor};
use crate::error::AppError;
use chrono::NaiveDate;
use domain::agreement::{ActivityDef, DateRange, Slug};
use domain::problem::Problem;
use domain::types::Paragraph;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

pub async fn list(pool: &SqlitePool) -> Result<Vec<AdminAgreementRow>, AppError> {
    let rows: Vec<(String, String, String, NaiveDate, NaiveDate, bool)> = sqlx::query_as(
        "SELECT slug, title, municipality, valid_from, valid_to, published FROM agreements
         ORDER BY valid_from DESC, id DESC",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(slug, title, municipality, valid_from, valid_to, published)| AdminAgreementRow {
                slug,
                title,
                municipality,
                valid_from,
                valid_to,
                published,
            },
        )
        .collect())
}

type AgreementRow = (
    i64,
    i64,
    bool,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// An activity row as the editor reads it: id, version, text, owner, measure, target, cadence, unit,
/// unit_singular.
type ActivityColumns = (
    i64,
    i64,
    String,
    String,
    String,
    Option<i64>,
    String,
    Option<String>,
    Option<String>,
);
async fn agreement_by(
    conn: &mut SqliteConnection,
    column: &str,
    key: &str,
) -> Result<Option<AgreementEdit>, AppError> {
    let row: Option<AgreementRow> = sqlx::query_as(&format!(
        "SELECT id, version, published, slug, municipality, police_area, title, valid_from, valid_to,
                signed_on, background, follow_up
         FROM agreements WHERE {column} = ?"
    ))
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((
        id,
        version,
        published,
        slug,
        municipality,
        police_area,
        title,
        from,
        to,
        signed,
        bg,
        fu,
    )) = row
    else {
        return Ok(None);
    };
    let signatories: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT name, title, organisation FROM signatories WHERE agreement_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let promises: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, version, text FROM promises WHERE agreement_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut edits = Vec::with_capacity(promises.len());
    for (promise_id, promise_version, text) in promises {
        let activities: Vec<ActivityColumns> = sqlx::query_as(
            "SELECT id, version, text, owner, measure, target, cadence, unit, unit_singular FROM activities
             WHERE promise_id = ? ORDER BY position",
        )
        .bind(promise_id)
        .fetch_all(&mut *conn)
        .await?;
        edits.push(PromiseEdit {
            id: promise_id,
            version: promise_version,
            text,
            activities: activities
                .into_iter()
                .map(
                    |(id, version, text, owner, measure, target, cadence, unit, unit_singular)| {
                        ActivityEdit {
                            id,
                            version,
                            form: ActivityForm {
                                text,
                                owner,
                                measure,
                                target: target.map(|t| t.to_string()).unwrap_or_default(),
                                cadence,
                                unit: unit.unwrap_or_default(),
                                unit_singular: unit_singular.unwrap_or_default(),
                            },
                        }
                    },
                )
                .collect(),
        });
    }
    Ok(Some(AgreementEdit {
        id,
        version,
        published,
        form: AgreementForm {
            slug,
            municipality,
            police_area,
            title,
            valid_from: from,
            valid_to: to,
            signed_on: signed,
            background: bg,
            follow_up: fu,
            signatories: signatories_text(&signatories),
        },
        promises: edits,
    }))
}

pub async fn by_slug(pool: &SqlitePool, slug: &str) -> Result<Option<AgreementEdit>, AppError> {
    let mut conn = pool.acquire().await?;
    agreement_by(&mut conn, "slug", slug).await
}

async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<AgreementEdit, AppError> {
    agreement_by(conn, "id", &id.to_string())
        .await?
        .ok_or(AppError::NotFound)
}

async fn write_signatories(
    conn: &mut SqliteConnection,
    agreement_id: i64,
    fields: &AgreementFields,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM signatories WHERE agreement_id = ?")
        .bind(agreement_id)
        .execute(&mut *conn)
        .await?;
    super::db::insert_signatories(conn, agreement_id, &fields.signatories).await?;
    Ok(())
}

/// Creates an unpublished agreement with no promises.
pub async fn create(
    pool: &SqlitePool,
    actor: &Actor,
    slug: &Slug,
    fields: &AgreementFields,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id = insert_agreement(&mut tx, actor, slug, fields).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates an unpublished agreement with its promises and activities (an imported, reviewed text) in one
/// transaction, with an audit row for each.
pub async fn create_with_definitions(
    pool: &SqlitePool,
    actor: &Actor,
    slug: &Slug,
    fields: &AgreementFields,
    promises: &[(Paragraph, Vec<ActivityDef>)],
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id = insert_agreement(&mut tx, actor, slug, fields).await?;
    for (text, activities) in promises {
        let promise_id = super::db::append_promise(&mut tx, id, text.as_str()).await?;
        record(
            &mut tx,
            actor,
            "promise.create",
            "promise",
            promise_id,
            None::<&()>,
            Some(&json!({"agreement_id": id, "text": text.as_str()})),
        )
        .await?;
        for def in activities {
            let activity_id = super::db::append_activity(&mut tx, promise_id, def).await?;
            record(
                &mut tx,
                actor,
                "activity.create",
                "activity",
                activity_id,
                None::<&()>,
                Some(&activity_json(def)),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

async fn insert_agreement(
    tx: &mut SqliteConnection,
    actor: &Actor,
    slug: &Slug,
    fields: &AgreementFields,
) -> Result<i64, AppError> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO agreements (slug, municipality, police_area, title, valid_from, valid_to, signed_on,
             background, follow_up, published)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(slug.as_str())
    .bind(fields.municipality.as_str())
    .bind(fields.police_area.as_str())
    .bind(fields.title.as_str())
    .bind(fields.period.from())
    .bind(fields.period.to())
    .bind(fields.signed_on)
    .bind(fields.background.as_str())
    .bind(fields.follow_up.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or_else(|| AppError::problem("slug", Problem::SlugTaken))?;
    write_signatories(&mut *tx, id, fields).await?;
    let after = by_id(&mut *tx, id).await?;
    record(
        &mut *tx,
        actor,
        "agreement.create",
        "agreement",
        id,
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(id)
}

pub async fn update(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    version: i64,
    fields: &AgreementFields,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before = by_id(&mut tx, id).await?;
    let saved = sqlx::query(
        "UPDATE agreements SET municipality = ?, police_area = ?, title = ?, valid_from = ?, valid_to = ?,
             signed_on = ?, background = ?, follow_up = ?, version = version + 1
         WHERE id = ? AND version = ?",
    )
    .bind(fields.municipality.as_str())
    .bind(fields.police_area.as_str())
    .bind(fields.title.as_str())
    .bind(fields.period.from())
    .bind(fields.period.to())
    .bind(fields.signed_on)
    .bind(fields.background.as_str())
    .bind(fields.follow_up.as_str())
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    write_signatories(&mut tx, id, fields).await?;
    let after = by_id(&mut tx, id).await?;
    record(
        &mut tx,
        actor,
        "agreement.update",
        "agreement",
        id,
        Some(&before.form),
        Some(&after.form),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_published(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    version: i64,
    published: bool,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before = by_id(&mut tx, id).await?;
    let saved = sqlx::query(
        "UPDATE agreements SET published = ?, version = version + 1 WHERE id = ? AND version = ?",
    )
    .bind(published)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    let action = if published {
        "agreement.publish"
    } else {
        "agreement.unpublish"
    };
    record(
        &mut tx,
        actor,
        action,
        "agreement",
        id,
        Some(&json!({"published": before.published})),
        Some(&json!({"published": published})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_promise(
    pool: &SqlitePool,
    actor: &Actor,
    agreement_id: i64,
    text: &Paragraph,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM agreements WHERE id = ?")
        .bind(agreement_id)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(AppError::NotFound)?;
    let id = super::db::append_promise(&mut tx, agreement_id, text.as_str()).await?;
    record(
        &mut tx,
        actor,
        "promise.create",
        "promise",
        id,
        None::<&()>,
        Some(&json!({"agreement_id": agreement_id, "text": text.as_str()})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_promise(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    version: i64,
    text: &Paragraph,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before: Option<String> = sqlx::query_scalar("SELECT text FROM promises WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let before = before.ok_or(AppError::NotFound)?;
    let saved = sqlx::query(
        "UPDATE promises SET text = ?, version = version + 1 WHERE id = ? AND version = ?",
    )
    .bind(text.as_str())
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    record(
        &mut tx,
        actor,
        "promise.update",
        "promise",
        id,
        Some(&json!({"text": before})),
        Some(&json!({"text": text.as_str()})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn activity_json(def: &ActivityDef) -> serde_json::Value {
    json!(ActivityForm::from_def(def))
}

pub async fn add_activity(
    pool: &SqlitePool,
    actor: &Actor,
    promise_id: i64,
    def: &ActivityDef,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM promises WHERE id = ?")
        .bind(promise_id)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(AppError::NotFound)?;
    let id = super::db::append_activity(&mut tx, promise_id, def).await?;
    record(
        &mut tx,
        actor,
        "activity.create",
        "activity",
        id,
        None::<&()>,
        Some(&activity_json(def)),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_activity(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    version: i64,
    def: &ActivityDef,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    type Before = (
        String,
        String,
        String,
        Option<i64>,
        String,
        Option<String>,
        Option<String>,
    );
    let before: Option<Before> = sqlx::query_as(
        "SELECT text, owner, measure, target, cadence, unit, unit_singular FROM activities WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (text, owner, measure, target, cadence, unit, unit_singular) =
        before.ok_or(AppError::NotFound)?;
    let reports: i64 = sqlx::query_scalar("SELECT count(*) FROM reports WHERE activity_id = ?")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if reports > 0 && measure != def.measure().as_str() {
        return Err(AppError::problem(
            "measure",
            Problem::MeasureLocked { reports },
        ));
    }
    let saved = sqlx::query(
        "UPDATE activities SET text = ?, owner = ?, measure = ?, target = ?, cadence = ?, unit = ?,
                               unit_singular = ?, version = version + 1
         WHERE id = ? AND version = ?",
    )
    .bind(def.text().as_str())
    .bind(def.owner().as_str())
    .bind(def.measure().as_str())
    .bind(def.target().map(|t| i64::from(t.get())))
    .bind(def.cadence().as_str())
    .bind(def.unit().map(|u| u.plural.as_str()))
    .bind(def.unit().map(|u| u.singular.as_str()))
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    let before = ActivityForm {
        text,
        owner,
        measure,
        target: target.map(|t| t.to_string()).unwrap_or_default(),
        cadence,
        unit: unit.unwrap_or_default(),
        unit_singular: unit_singular.unwrap_or_default(),
    };
    record(
        &mut tx,
        actor,
        "activity.update",
        "activity",
        id,
        Some(&before),
        Some(&activity_json(def)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a promise (`table` "promises", parent "agreement_id") or an activity ("activities", "promise_id")
/// one place up or down among its siblings. At either end it stays where it is.
pub async fn move_item(
    pool: &SqlitePool,
    actor: &Actor,
    table: &'static str,
    id: i64,
    up: bool,
) -> Result<(), AppError> {
    let (parent, entity) = match table {
        "promises" => ("agreement_id", "promise"),
        _ => ("promise_id", "activity"),
    };
    let mut tx = pool.begin().await?;
    let row: Option<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT {parent}, position FROM {table} WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (parent_id, position) = row.ok_or(AppError::NotFound)?;
    let neighbour: Option<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT id, position FROM {table} WHERE {parent} = ?1 AND {}
         ORDER BY position {} LIMIT 1",
        if up { "position < ?2" } else { "position > ?2" },
        if up { "DESC" } else { "ASC" },
    ))
    .bind(parent_id)
    .bind(position)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((other_id, other_position)) = neighbour else {
        return Ok(());
    };
    // Positions are unique per parent, so the swap goes through a free one.
    for (row_id, to) in [(id, -1 - id), (other_id, position), (id, other_position)] {
        sqlx::query(&format!("UPDATE {table} SET position = ? WHERE id = ?"))
            .bind(to)
            .bind(row_id)
            .execute(&mut *tx)
            .await?;
    }
    record(
        &mut tx,
        actor,
        &format!("{entity}.move"),
        entity,
        id,
        Some(&json!({"position": position})),
        Some(&json!({"position": other_position})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Copies an agreement's structure (facts, signatories, promises, activities) to a new slug and period. The
/// copy is unpublished and has no records.
pub async fn copy(
    pool: &SqlitePool,
    actor: &Actor,
    source_id: i64,
    slug: &Slug,
    period: DateRange,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let source = by_id(&mut tx, source_id).await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO agreements (slug, municipality, police_area, title, valid_from, valid_to, signed_on,
             background, follow_up, published)
         SELECT ?, municipality, police_area, title, ?, ?, ?, background, follow_up, 0
         FROM agreements WHERE id = ?
         ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(slug.as_str())
    .bind(period.from())
    .bind(period.to())
    .bind(period.from())
    .bind(source_id)
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or_else(|| AppError::problem("slug", Problem::SlugTaken))?;
    sqlx::query(
        "INSERT INTO signatories (agreement_id, position, name, title, organisation)
         SELECT ?, position, name, title, organisation FROM signatories WHERE agreement_id = ?",
    )
    .bind(id)
    .bind(source_id)
    .execute(&mut *tx)
    .await?;
    let promises: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, position, text FROM promises WHERE agreement_id = ?")
            .bind(source_id)
            .fetch_all(&mut *tx)
            .await?;
    for (old_id, position, text) in promises {
        let new_id: i64 = sqlx::query_scalar(
            "INSERT INTO promises (agreement_id, position, text) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(id)
        .bind(position)
        .bind(text)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO activities (promise_id, position, text, owner, measure, target, cadence, unit,
                                     unit_singular)
             SELECT ?, position, text, owner, measure, target, cadence, unit, unit_singular
             FROM activities WHERE promise_id = ?",
        )
        .bind(new_id)
        .bind(old_id)
        .execute(&mut *tx)
        .await?;
    }
    let after = by_id(&mut tx, id).await?;
    record(
        &mut tx,
        actor,
        "agreement.copy",
        "agreement",
        id,
        Some(&json!({"copied_from": source.form.slug})),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
