//! The admin's changes to agreements, promises and activities. Each runs in one transaction with its audit
//! row, and an edit only lands on the version it started from.

use crate::agreements::forms::{
    signatories_text, ActivityEdit, ActivityForm, AdminAgreementRow, AgreementEdit,
    AgreementFields, AgreementForm, PromiseEdit,
};
use crate::audit::{db::append, Action, Actor};
use crate::db::{self, Db, Tx};
use crate::error::AppError;
use crate::places::db as places;
use crate::places::model::{AgreementPlaces, PoliceArea};
use chrono::NaiveDate;
use domain::agreement::{ActivityDef, DateRange, Slug};
use domain::places::Scope;
use domain::problem::Problem;
use domain::types::Paragraph;
use serde_json::json;
use std::collections::HashSet;

/// The agreements a scope covers, newest period first.
pub async fn list(pool: &Db, scope: &Scope) -> Result<Vec<AdminAgreementRow>, AppError> {
    let covered: HashSet<i64> = places::agreements_in(pool, scope)
        .await?
        .into_iter()
        .collect();
    let rows: Vec<(i64, String, String, String, NaiveDate, NaiveDate, bool)> = db::all!(
        pool,
        "SELECT id, slug, title, municipality, valid_from, valid_to, published FROM agreements
         ORDER BY valid_from DESC, id DESC"
    )?;
    Ok(rows
        .into_iter()
        .filter(|row| covered.contains(&row.0))
        .map(
            |(_, slug, title, municipality, valid_from, valid_to, published)| AdminAgreementRow {
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
    NaiveDate,
    NaiveDate,
    NaiveDate,
    String,
    String,
);

/// How an agreement is looked up.
enum Key<'a> {
    Slug(&'a str),
    Id(i64),
}

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
async fn agreement_by(conn: &mut Tx, key: Key<'_>) -> Result<Option<AgreementEdit>, AppError> {
    let (slug, id) = match key {
        Key::Slug(slug) => (Some(slug), None),
        Key::Id(id) => (None, Some(id)),
    };
    let row: Option<AgreementRow> = db::optional!(
        conn,
        "SELECT a.id, a.version, a.published, a.slug, coalesce(p.slug, ''), a.title, a.valid_from,
                a.valid_to, a.signed_on, a.background, a.follow_up
         FROM agreements a LEFT JOIN police_areas p ON p.id = a.police_area_id
         WHERE ($1 IS NULL OR a.slug = $1) AND ($2 IS NULL OR a.id = $2)",
        slug,
        id
    )?;
    let Some((id, version, published, slug, police_area, title, from, to, signed, bg, fu)) = row
    else {
        return Ok(None);
    };
    let municipalities: Vec<String> = db::scalars!(
        &mut *conn,
        "SELECT code FROM agreement_municipalities WHERE agreement_id = $1 ORDER BY position",
        id
    )?;
    let signatories: Vec<(String, String, String)> = db::all!(
        conn,
        "SELECT name, title, organisation FROM signatories WHERE agreement_id = $1 ORDER BY position",
        id
    )?;
    let promises: Vec<(i64, i64, String)> = db::all!(
        conn,
        "SELECT id, version, text FROM promises WHERE agreement_id = $1 ORDER BY position",
        id
    )?;
    let mut edits = Vec::with_capacity(promises.len());
    for (promise_id, promise_version, text) in promises {
        let activities: Vec<ActivityColumns> = db::all!(
            conn,
            "SELECT id, version, text, owner, measure, target, cadence, unit, unit_singular FROM activities
             WHERE promise_id = $1 ORDER BY position",
            promise_id
        )?;
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
            municipalities,
            police_area,
            title,
            valid_from: from.to_string(),
            valid_to: to.to_string(),
            signed_on: signed.to_string(),
            background: bg,
            follow_up: fu,
            signatories: signatories_text(&signatories),
        },
        promises: edits,
    }))
}

pub async fn by_slug(pool: &Db, slug: &str) -> Result<Option<AgreementEdit>, AppError> {
    let mut tx = pool.begin().await?;
    agreement_by(&mut tx, Key::Slug(slug)).await
}

async fn by_id(conn: &mut Tx, id: i64) -> Result<AgreementEdit, AppError> {
    agreement_by(conn, Key::Id(id))
        .await?
        .ok_or(AppError::NotFound)
}

async fn write_signatories(
    conn: &mut Tx,
    agreement_id: i64,
    fields: &AgreementFields,
) -> Result<(), sqlx::Error> {
    db::execute!(
        conn,
        "DELETE FROM signatories WHERE agreement_id = $1",
        agreement_id
    )?;
    super::insert_signatories(conn, agreement_id, &fields.signatories).await?;
    Ok(())
}

/// Creates an unpublished agreement with no promises.
pub async fn create(
    pool: &Db,
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
    pool: &Db,
    actor: &Actor,
    slug: &Slug,
    fields: &AgreementFields,
    promises: &[(Paragraph, Vec<ActivityDef>)],
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id = insert_agreement(&mut tx, actor, slug, fields).await?;
    for (text, activities) in promises {
        let promise_id = super::append_promise(&mut tx, id, text.as_str()).await?;
        append(
            &mut tx,
            actor,
            Action::PromiseCreate,
            promise_id,
            None::<&()>,
            Some(&json!({"agreement_id": id, "text": text.as_str()})),
        )
        .await?;
        for def in activities {
            let activity_id = super::append_activity(&mut tx, promise_id, def).await?;
            append(
                &mut tx,
                actor,
                Action::ActivityCreate,
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

/// The police area a form names, with its row id; `422` on `police_area` if there is none by that slug.
async fn police_area(tx: &mut Tx, fields: &AgreementFields) -> Result<(i64, PoliceArea), AppError> {
    places::police_area(tx, fields.police_area.as_str())
        .await?
        .ok_or_else(|| {
            AppError::problem(
                "police_area",
                Problem::UnknownValue {
                    set: "police_area".to_owned(),
                    value: fields.police_area.to_string(),
                },
            )
        })
}

async fn insert_agreement(
    tx: &mut Tx,
    actor: &Actor,
    slug: &Slug,
    fields: &AgreementFields,
) -> Result<i64, AppError> {
    let (area_id, area) = police_area(&mut *tx, fields).await?;
    let id: Option<i64> = db::scalar_optional!(
        tx,
        "INSERT INTO agreements (slug, municipality, police_area, title, valid_from, valid_to, signed_on,
             background, follow_up, published)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, FALSE)
         ON CONFLICT (slug) DO NOTHING RETURNING id",
        slug.as_str(),
        AgreementPlaces::municipality_names(&fields.municipalities),
        area.name.as_str(),
        fields.title.as_str(),
        fields.period.from(),
        fields.period.to(),
        fields.signed_on,
        fields.background.as_str(),
        fields.follow_up.as_str()
    )?;
    let id = id.ok_or_else(|| AppError::problem("slug", Problem::SlugTaken))?;
    places::set_agreement_places(&mut *tx, id, &fields.municipalities, area_id).await?;
    write_signatories(&mut *tx, id, fields).await?;
    let after = by_id(&mut *tx, id).await?;
    append(
        &mut *tx,
        actor,
        Action::AgreementCreate,
        id,
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(id)
}

pub async fn update(
    pool: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    fields: &AgreementFields,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before = by_id(&mut tx, id).await?;
    let (area_id, _) = police_area(&mut tx, fields).await?;
    let saved = db::execute!(
        &mut tx,
        "UPDATE agreements SET title = $1, valid_from = $2, valid_to = $3,
             signed_on = $4, background = $5, follow_up = $6, version = version + 1
         WHERE id = $7 AND version = $8",
        fields.title.as_str(),
        fields.period.from(),
        fields.period.to(),
        fields.signed_on,
        fields.background.as_str(),
        fields.follow_up.as_str(),
        id,
        version
    )?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    places::set_agreement_places(&mut tx, id, &fields.municipalities, area_id).await?;
    write_signatories(&mut tx, id, fields).await?;
    let after = by_id(&mut tx, id).await?;
    append(
        &mut tx,
        actor,
        Action::AgreementUpdate,
        id,
        Some(&before.form),
        Some(&after.form),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_published(
    pool: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    published: bool,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before = by_id(&mut tx, id).await?;
    let saved = db::execute!(
        &mut tx,
        "UPDATE agreements SET published = $1, version = version + 1 WHERE id = $2 AND version = $3",
        published,
        id,
        version
    )?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    let action = if published {
        Action::AgreementPublish
    } else {
        Action::AgreementUnpublish
    };
    append(
        &mut tx,
        actor,
        action,
        id,
        Some(&json!({"published": before.published})),
        Some(&json!({"published": published})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_promise(
    pool: &Db,
    actor: &Actor,
    agreement_id: i64,
    text: &Paragraph,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> = db::scalar_optional!(
        &mut tx,
        "SELECT id FROM agreements WHERE id = $1",
        agreement_id
    )?;
    exists.ok_or(AppError::NotFound)?;
    let id = super::append_promise(&mut tx, agreement_id, text.as_str()).await?;
    append(
        &mut tx,
        actor,
        Action::PromiseCreate,
        id,
        None::<&()>,
        Some(&json!({"agreement_id": agreement_id, "text": text.as_str()})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_promise(
    pool: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    text: &Paragraph,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let before: Option<String> =
        db::scalar_optional!(&mut tx, "SELECT text FROM promises WHERE id = $1", id)?;
    let before = before.ok_or(AppError::NotFound)?;
    let saved = db::execute!(
        &mut tx,
        "UPDATE promises SET text = $1, version = version + 1 WHERE id = $2 AND version = $3",
        text.as_str(),
        id,
        version
    )?;
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    append(
        &mut tx,
        actor,
        Action::PromiseUpdate,
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
    pool: &Db,
    actor: &Actor,
    promise_id: i64,
    def: &ActivityDef,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> =
        db::scalar_optional!(&mut tx, "SELECT id FROM promises WHERE id = $1", promise_id)?;
    exists.ok_or(AppError::NotFound)?;
    let id = super::append_activity(&mut tx, promise_id, def).await?;
    append(
        &mut tx,
        actor,
        Action::ActivityCreate,
        id,
        None::<&()>,
        Some(&activity_json(def)),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_activity(
    pool: &Db,
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
    let before: Option<Before> = db::optional!(
        &mut tx,
        "SELECT text, owner, measure, target, cadence, unit, unit_singular FROM activities WHERE id = $1",
        id
    )?;
    let (text, owner, measure, target, cadence, unit, unit_singular) =
        before.ok_or(AppError::NotFound)?;
    let reports: i64 = db::scalar!(
        &mut tx,
        "SELECT count(*) FROM reports WHERE activity_id = $1",
        id
    )?;
    if reports > 0 && measure != def.measure().as_str() {
        return Err(AppError::problem(
            "measure",
            Problem::MeasureLocked { reports },
        ));
    }
    let saved = db::execute!(
        &mut tx,
        "UPDATE activities SET text = $1, owner = $2, measure = $3, target = $4, cadence = $5, unit = $6,
                               unit_singular = $7, version = version + 1
         WHERE id = $8 AND version = $9",
        def.text().as_str(),
        def.owner().as_str(),
        def.measure().as_str(),
        def.target().map(|t| i64::from(t.get())),
        def.cadence().as_str(),
        def.unit().map(|u| u.plural.as_str()),
        def.unit().map(|u| u.singular.as_str()),
        id,
        version
    )?;
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
    append(
        &mut tx,
        actor,
        Action::ActivityUpdate,
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
    pool: &Db,
    actor: &Actor,
    table: &'static str,
    id: i64,
    up: bool,
) -> Result<(), AppError> {
    let (parent, action) = match table {
        "promises" => ("agreement_id", Action::PromiseMove),
        _ => ("promise_id", Action::ActivityMove),
    };
    let mut tx = pool.begin().await?;
    let row: Option<(i64, i64)> = db::optional!(
        &mut tx,
        &format!("SELECT {parent}, position FROM {table} WHERE id = $1"),
        id
    )?;
    let (parent_id, position) = row.ok_or(AppError::NotFound)?;
    // Two moves among the same siblings at once would each swap with a neighbour the other moved.
    tx.lock(&format!("{table}:{parent_id}")).await?;
    let neighbour: Option<(i64, i64)> = db::optional!(
        &mut tx,
        &format!(
            "SELECT id, position FROM {table} WHERE {parent} = $1 AND {}
         ORDER BY position {} LIMIT 1",
            if up { "position < $2" } else { "position > $2" },
            if up { "DESC" } else { "ASC" },
        ),
        parent_id,
        position
    )?;
    let Some((other_id, other_position)) = neighbour else {
        return Ok(());
    };
    // Positions are unique per parent, so the swap goes through a free one.
    for (row_id, to) in [(id, -1 - id), (other_id, position), (id, other_position)] {
        db::execute!(
            &mut tx,
            &format!("UPDATE {table} SET position = $1 WHERE id = $2"),
            to,
            row_id
        )?;
    }
    append(
        &mut tx,
        actor,
        action,
        id,
        Some(&json!({"position": position})),
        Some(&json!({"position": other_position})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Copies an agreement's structure (facts, signatories, promises, activities) to a new slug and period. The
/// copy is unpublished and has no records; its title names the new period's years (`retitle`).
pub async fn copy(
    pool: &Db,
    actor: &Actor,
    source_id: i64,
    slug: &Slug,
    period: DateRange,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let source = by_id(&mut tx, source_id).await?;
    let id: Option<i64> = db::scalar_optional!(
        &mut tx,
        "INSERT INTO agreements (slug, municipality, police_area, police_area_id, title, valid_from,
             valid_to, signed_on, background, follow_up, published)
         SELECT $1, municipality, police_area, police_area_id, $6, $2, $3, $4, background, follow_up,
                FALSE
         FROM agreements WHERE id = $5
         ON CONFLICT (slug) DO NOTHING RETURNING id",
        slug.as_str(),
        period.from(),
        period.to(),
        period.from(),
        source_id,
        // The copy's title names its own period; the admin may change it.
        domain::agreement::retitle(&source.form.title, period)
    )?;
    let id = id.ok_or_else(|| AppError::problem("slug", Problem::SlugTaken))?;
    db::execute!(
        &mut tx,
        "INSERT INTO agreement_municipalities (agreement_id, position, code)
         SELECT $1, position, code FROM agreement_municipalities WHERE agreement_id = $2",
        id,
        source_id
    )?;
    db::execute!(
        &mut tx,
        "INSERT INTO signatories (agreement_id, position, name, title, organisation)
         SELECT $1, position, name, title, organisation FROM signatories WHERE agreement_id = $2",
        id,
        source_id
    )?;
    let promises: Vec<(i64, i64, String)> = db::all!(
        &mut tx,
        "SELECT id, position, text FROM promises WHERE agreement_id = $1",
        source_id
    )?;
    for (old_id, position, text) in promises {
        let new_id: i64 = db::scalar!(
            &mut tx,
            "INSERT INTO promises (agreement_id, position, text) VALUES ($1, $2, $3) RETURNING id",
            id,
            position,
            text
        )?;
        db::execute!(
            &mut tx,
            "INSERT INTO activities (promise_id, position, text, owner, measure, target, cadence, unit,
                                     unit_singular)
             SELECT $1, position, text, owner, measure, target, cadence, unit, unit_singular
             FROM activities WHERE promise_id = $2",
            new_id,
            old_id
        )?;
    }
    let after = by_id(&mut tx, id).await?;
    append(
        &mut tx,
        actor,
        Action::AgreementCopy,
        id,
        Some(&json!({"copied_from": source.form.slug})),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
