//! How agreements are stored and read back: the seed, the public list and the progress document.

pub mod demo;
pub mod edits;
pub mod tallies;

use crate::agreements::model::{
    ActivityProgress, AgreementInfo, AgreementSummary, Progress, PromiseProgress, SignatoryInfo,
};
use crate::db::{self, Db, Tx};
use crate::error::AppError;
use chrono::NaiveDate;
use domain::agreement::{
    ActivityDef, AgreementDef, Cadence, DateRange, Measure, Owner, Signatory, Target,
};
use domain::progress::{self, DailyTally};
use sqlx::FromRow;
use std::collections::HashMap;

/// Stores a definition unless an agreement with its slug exists. Returns whether it was stored.
/// Everything goes in one transaction, so a half-written agreement is never seen.
pub async fn insert_if_absent(pool: &Db, def: &AgreementDef) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let inserted: Option<i64> = db::scalar_optional!(
        &mut tx,
        "INSERT INTO agreements
             (slug, municipality, police_area, title, valid_from, valid_to, signed_on, background, follow_up)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (slug) DO NOTHING
         RETURNING id",
        def.slug.as_str(),
        def.municipality.as_str(),
        def.police_area.as_str(),
        def.title.as_str(),
        def.period.from(),
        def.period.to(),
        def.signed_on,
        def.background.as_str(),
        def.follow_up.as_str()
    )?;
    let Some(agreement_id) = inserted else {
        return Ok(false);
    };
    crate::audit::db::append(
        &mut tx,
        &crate::audit::Actor::system("seed"),
        crate::audit::Action::AgreementCreate,
        agreement_id,
        None::<&()>,
        Some(def),
    )
    .await?;

    insert_signatories(&mut tx, agreement_id, &def.signatories).await?;
    for promise in &def.promises {
        let promise_id = append_promise(&mut tx, agreement_id, promise.text.as_str()).await?;
        for activity in &promise.activities {
            append_activity(&mut tx, promise_id, activity).await?;
        }
    }
    tx.commit().await?;
    // The definition names its municipality and police area as signed: they become codes here.
    crate::places::db::adopt(pool)
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    Ok(true)
}

/// Stores an agreement's signatories in order.
pub(super) async fn insert_signatories(
    conn: &mut Tx,
    agreement_id: i64,
    signatories: &[Signatory],
) -> Result<(), sqlx::Error> {
    for (position, s) in signatories.iter().enumerate() {
        db::execute!(
            conn,
            "INSERT INTO signatories (agreement_id, position, name, title, organisation) VALUES ($1, $2, $3, $4, $5)",
            agreement_id,
            position as i64,
            s.name.as_str(),
            s.title.as_str(),
            s.organisation.as_str()
        )?;
    }
    Ok(())
}

/// Adds a promise after the agreement's last one and returns its id.
pub(super) async fn append_promise(
    conn: &mut Tx,
    agreement_id: i64,
    text: &str,
) -> Result<i64, sqlx::Error> {
    // The next position is read and written in one statement, but two writers could still read the same
    // one; they take turns per agreement.
    conn.lock(&format!("promises:{agreement_id}")).await?;
    db::scalar!(
        conn,
        "INSERT INTO promises (agreement_id, position, text)
         VALUES ($1, (SELECT coalesce(max(position), -1) + 1 FROM promises WHERE agreement_id = $1), $2)
         RETURNING id",
        agreement_id,
        text
    )
}

/// Adds an activity after the promise's last one and returns its id.
pub(super) async fn append_activity(
    conn: &mut Tx,
    promise_id: i64,
    def: &ActivityDef,
) -> Result<i64, sqlx::Error> {
    conn.lock(&format!("activities:{promise_id}")).await?;
    db::scalar!(
        conn,
        "INSERT INTO activities (promise_id, position, text, owner, measure, target, cadence, unit,
                                 unit_singular)
         VALUES ($1, (SELECT coalesce(max(position), -1) + 1 FROM activities WHERE promise_id = $1),
                 $2, $3, $4, $5, $6, $7, $8)
         RETURNING id",
        promise_id,
        def.text().as_str(),
        def.owner().as_str(),
        def.measure().as_str(),
        def.target().map(|t| i64::from(t.get())),
        def.cadence().as_str(),
        def.unit().map(|u| u.plural.as_str()),
        def.unit().map(|u| u.singular.as_str())
    )
}

/// Every published agreement, newest period first.
pub async fn list(pool: &Db) -> Result<Vec<AgreementSummary>, AppError> {
    summaries(pool, None).await
}

/// The published agreement `slug` and the others that name one of its municipalities, newest period
/// first: its page's list of periods, read without the rest of the country.
pub async fn sharing_municipalities(
    pool: &Db,
    slug: &str,
) -> Result<Vec<AgreementSummary>, AppError> {
    summaries(pool, Some(slug)).await
}

/// The published agreements (all, or those sharing a municipality with `sharing_with`), newest first.
async fn summaries(
    pool: &Db,
    sharing_with: Option<&str>,
) -> Result<Vec<AgreementSummary>, AppError> {
    use crate::places::model::Named;
    let rows = db::all!(
        pool,
        as (i64, String, String, String, NaiveDate, NaiveDate),
        "SELECT id, slug, title, municipality, valid_from, valid_to FROM agreements WHERE published
           AND ($1 IS NULL OR slug = $1 OR id IN (
               SELECT other.agreement_id FROM agreement_municipalities own
               JOIN agreement_municipalities other ON other.code = own.code
               WHERE own.agreement_id = (SELECT id FROM agreements WHERE slug = $1)))
         ORDER BY valid_from DESC, id DESC",
        sharing_with
    )?;
    let mut places: std::collections::HashMap<i64, crate::places::model::AgreementPlaces> =
        match sharing_with {
            None => crate::places::db::all_agreement_places(pool).await?,
            Some(_) => {
                let mut few = Vec::new();
                for (id, ..) in &rows {
                    few.extend(crate::places::db::agreement_places(pool, *id).await?);
                }
                few
            }
        }
        .into_iter()
        .map(|p| (p.agreement_id, p))
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, slug, title, municipality, valid_from, valid_to)| {
            let place = places.remove(&id);
            let codes = place
                .as_ref()
                .map(|p| p.municipalities.clone())
                .unwrap_or_default();
            AgreementSummary {
                slug,
                title,
                municipality,
                valid_from,
                valid_to,
                county: codes
                    .first()
                    .map(|c| Named::county(c.municipality().county())),
                municipalities: codes.into_iter().map(Named::municipality).collect(),
                police_area: place.and_then(|p| p.police_area),
            }
        })
        .collect())
}

/// The slug of the agreement the front page shows: the one in force today, else the newest.
pub async fn current_slug(pool: &Db, today: NaiveDate) -> Result<Option<String>, AppError> {
    Ok(db::scalar_optional!(
        pool,
        "SELECT slug FROM agreements WHERE published
         ORDER BY (valid_from <= $1 AND $1 <= valid_to) DESC, valid_from DESC, id DESC
         LIMIT 1",
        today
    )?)
}

/// Whether a published agreement has this slug.
pub async fn is_published(pool: &Db, slug: &str) -> Result<bool, AppError> {
    Ok(db::scalar!(
        pool,
        as i64,
        "SELECT count(*) FROM agreements WHERE slug = $1 AND published",
        slug
    )? > 0)
}

#[derive(FromRow)]
struct AgreementRow {
    id: i64,
    slug: String,
    title: String,
    municipality: String,
    police_area: String,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    signed_on: NaiveDate,
    background: String,
    follow_up: String,
    example: bool,
    police_area_id: Option<i64>,
}

/// A promise and one of its activities (none for a promise without activities yet), as read.
#[derive(FromRow)]
struct ActivityRow {
    agreement_id: i64,
    promise_id: i64,
    promise_text: String,
    id: Option<i64>,
    text: Option<String>,
    owner: Option<String>,
    measure: Option<String>,
    target: Option<i64>,
    cadence: Option<String>,
    unit: Option<String>,
    unit_singular: Option<String>,
}

/// The published agreement with `slug` and its progress as of `today`, or `None` if there is no such
/// published agreement.
pub async fn progress(
    pool: &Db,
    slug: &str,
    today: NaiveDate,
) -> Result<Option<(AgreementInfo, Progress)>, AppError> {
    let Some(a) = db::optional!(
        pool,
        as AgreementRow,
        "SELECT id, slug, title, municipality, police_area, valid_from, valid_to, signed_on, background, follow_up,
                example, police_area_id
         FROM agreements WHERE slug = $1 AND published",
        slug
    )?
    else {
        return Ok(None);
    };

    let signatories = db::all!(
        pool,
        as SignatoryInfo,
        "SELECT name, title, organisation FROM signatories WHERE agreement_id = $1 ORDER BY position",
        a.id
    )?;

    let rows = db::all!(
        pool,
        as ActivityRow,
        "SELECT p.agreement_id, p.id AS promise_id, p.text AS promise_text,
                x.id, x.text, x.owner, x.measure, x.target, x.cadence, x.unit, x.unit_singular
         FROM promises p LEFT JOIN activities x ON x.promise_id = p.id
         WHERE p.agreement_id = $1
         ORDER BY p.position, x.position",
        a.id
    )?;

    let period = DateRange::new(a.valid_from, a.valid_to).map_err(AppError::internal)?;
    let tallies = crate::field::db::daily_tallies(pool, a.id).await?;
    let office_hours_held = crate::office_hours::db::held_per_day(pool, a.police_area_id).await?;
    let promises = assess(period, today, rows, &tallies, &office_hours_held)?;

    let info = AgreementInfo {
        id: a.id,
        slug: a.slug.clone(),
        title: a.title.clone(),
        municipality: a.municipality,
        police_area: a.police_area,
        valid_from: a.valid_from,
        valid_to: a.valid_to,
        signed_on: a.signed_on,
        background: a.background,
        follow_up: a.follow_up,
        signatories,
        example: a.example,
    };
    Ok(Some((
        info,
        Progress {
            slug: a.slug,
            title: a.title,
            as_of: today,
            promises,
        },
    )))
}

/// The progress of every published agreement as of `today`, by slug, or only of those that name a
/// municipality whose code starts with `within` (a municipality's code, or a county's): each table read once
/// however many agreements there are, for the pages that show many at a glance.
pub async fn progress_of_published(
    pool: &Db,
    today: NaiveDate,
    within: Option<&str>,
) -> Result<HashMap<String, Vec<PromiseProgress>>, AppError> {
    // A code is digits only, so it is its own LIKE pattern's prefix.
    let like = within.map(|code| format!("{code}%"));
    let agreements = db::all!(
        pool,
        as (i64, String, NaiveDate, NaiveDate, Option<i64>),
        "SELECT id, slug, valid_from, valid_to, police_area_id FROM agreements a
         WHERE published
           AND ($1 IS NULL OR id IN (SELECT agreement_id FROM agreement_municipalities WHERE code LIKE $1))",
        like.as_deref()
    )?;
    let mut rows: HashMap<i64, Vec<ActivityRow>> = HashMap::new();
    for row in db::all!(
        pool,
        as ActivityRow,
        "SELECT p.agreement_id, p.id AS promise_id, p.text AS promise_text,
                x.id, x.text, x.owner, x.measure, x.target, x.cadence, x.unit, x.unit_singular
         FROM promises p JOIN agreements a ON a.id = p.agreement_id
              LEFT JOIN activities x ON x.promise_id = p.id
         WHERE a.published
           AND ($1 IS NULL OR a.id IN (SELECT agreement_id FROM agreement_municipalities WHERE code LIKE $1))
         ORDER BY p.agreement_id, p.position, x.position",
        like.as_deref()
    )? {
        rows.entry(row.agreement_id).or_default().push(row);
    }
    let tallies = crate::field::db::daily_tallies_of_published(pool, like.as_deref()).await?;
    let held = crate::office_hours::db::held_per_day_by_area(pool).await?;
    agreements
        .into_iter()
        .map(|(id, slug, valid_from, valid_to, police_area_id)| {
            let period = DateRange::new(valid_from, valid_to).map_err(AppError::internal)?;
            let promises = assess(
                period,
                today,
                rows.remove(&id).unwrap_or_default(),
                tallies.get(&id).map_or(&[], Vec::as_slice),
                police_area_id
                    .and_then(|area| held.get(&area))
                    .map_or(&[], Vec::as_slice),
            )?;
            Ok((slug, promises))
        })
        .collect()
}

/// An agreement's promises assessed as of `today`: from its promise and activity rows (in their order), the
/// tallies of its reports and the office hours held in its police area.
fn assess(
    period: DateRange,
    today: NaiveDate,
    rows: Vec<ActivityRow>,
    tallies: &[DailyTally],
    office_hours_held: &[(NaiveDate, u32)],
) -> Result<Vec<PromiseProgress>, AppError> {
    let mut promises: Vec<PromiseProgress> = Vec::new();
    for row in rows {
        if promises.last().map(|p| p.id) != Some(row.promise_id) {
            promises.push(PromiseProgress {
                id: row.promise_id,
                text: row.promise_text,
                activities: Vec::new(),
            });
        }
        let (Some(id), Some(text), Some(owner), Some(measure), Some(cadence)) =
            (row.id, row.text, row.owner, row.measure, row.cadence)
        else {
            continue; // a promise with no activities yet
        };
        let owner: Owner = owner.parse().map_err(AppError::internal)?;
        let measure: Measure = measure.parse().map_err(AppError::internal)?;
        let cadence: Cadence = cadence.parse().map_err(AppError::internal)?;
        let target = row
            .target
            .map(|t| {
                u32::try_from(t)
                    .map_err(AppError::internal)
                    .and_then(|t| Target::new(t).map_err(AppError::internal))
            })
            .transpose()?;
        let events = progress::events_for(id, measure, tallies, office_hours_held);
        let (achieved, mut periods) = progress::tally(cadence, period, target, &events);
        for p in &mut periods {
            p.assess(today);
        }
        let promise = promises
            .last_mut()
            .expect("a promise was pushed for this row above");
        promise.activities.push(ActivityProgress {
            id,
            text,
            owner,
            measure,
            target: target.map(Target::get),
            cadence,
            unit: row.unit,
            unit_singular: row.unit_singular,
            achieved,
            periods,
        });
    }

    Ok(promises)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreements::seed;
    use crate::db::test_pool;

    #[tokio::test]
    async fn seeding_is_idempotent() {
        let pool = test_pool().await;
        assert!(insert_if_absent(&pool, &seed::savsjo()).await.unwrap());
        assert!(!insert_if_absent(&pool, &seed::savsjo()).await.unwrap());
        let counts: (i64, i64, i64, i64) = db::one!(
            &pool,
            "SELECT (SELECT count(*) FROM agreements), (SELECT count(*) FROM promises),
                    (SELECT count(*) FROM activities), (SELECT count(*) FROM signatories)"
        )
        .unwrap();
        assert_eq!(counts, (1, 2, 4, 3));
    }

    #[tokio::test]
    async fn progress_reads_back_the_seed_in_order() {
        let pool = test_pool().await;
        insert_if_absent(&pool, &seed::savsjo()).await.unwrap();
        let today = NaiveDate::from_ymd_opt(2019, 6, 1).unwrap();
        let (info, doc) = progress(&pool, "savsjo-2018-2019", today)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(info.municipality, "Sävsjö kommun");
        assert_eq!(info.signatories[2].name, "Jonas Lindell");
        assert_eq!(doc.as_of, today);
        let def = seed::savsjo();
        assert_eq!(
            doc.promises
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>(),
            def.promises
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
        );
        let ops = &doc.promises[1].activities[1];
        assert_eq!(
            (ops.measure, ops.target, ops.achieved),
            (Measure::TargetedOperation, Some(15), 0)
        );
        let meetings = &doc.promises[1].activities[2];
        assert_eq!(meetings.periods.len(), 3);
        assert!(progress(&pool, "no-such-agreement", today)
            .await
            .unwrap()
            .is_none());
    }

    #[tokio::test]
    async fn progress_read_in_one_go_matches_each_agreements_own() {
        let pool = crate::testing::seeded_with_officer().await;
        let mut later = seed::savsjo();
        later.slug = domain::agreement::Slug::parse("savsjo-2020-2021").unwrap();
        later.period = DateRange::new(
            NaiveDate::from_ymd_opt(2020, 4, 10).unwrap(),
            NaiveDate::from_ymd_opt(2022, 4, 9).unwrap(),
        )
        .unwrap();
        insert_if_absent(&pool, &later).await.unwrap();
        let mut hidden = seed::savsjo();
        hidden.slug = domain::agreement::Slug::parse("savsjo-draft").unwrap();
        insert_if_absent(&pool, &hidden).await.unwrap();
        db::execute!(
            &pool,
            "UPDATE agreements SET published = FALSE WHERE slug = 'savsjo-draft'"
        )
        .unwrap();
        // Targeted operations in both published agreements (activity 3 is the seed's, 7 the later one's),
        // and office hours held in their police area.
        for (id, activity, date, youths) in [
            ("a", 3_i64, "2019-05-01", 2_i64),
            ("b", 3, "2019-05-01", 1),
            ("c", 7, "2021-02-03", 4),
        ] {
            db::execute!(
                &pool,
                "INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, start_time, end_time,
                     place, officers, persons_checked, persons_21_or_under, youths_identified,
                     drug_offences_reported, notes, content)
                 VALUES ($1, 'targeted_operation', $2, 1, $3, '2019-05-01T00:00:00Z', '18:00', '20:00', 'Torget',
                         2, 10, 5, $4, 1, '', $1)",
                id,
                activity,
                date.parse::<NaiveDate>().unwrap(),
                youths
            )
            .unwrap();
        }
        db::execute!(
            &pool,
            "INSERT INTO office_hour_tallies (police_area_id, day, held)
             SELECT police_area_id, '2021-03-01', 2 FROM agreements WHERE slug = 'savsjo-2020-2021'"
        )
        .unwrap();
        for today in ["2019-06-01", "2021-06-01"] {
            let today: NaiveDate = today.parse().unwrap();
            let all = progress_of_published(&pool, today, None).await.unwrap();
            assert_eq!(
                progress_of_published(&pool, today, Some("06"))
                    .await
                    .unwrap(),
                all,
                "Sävsjö is in Jönköpings län"
            );
            assert!(progress_of_published(&pool, today, Some("0682"))
                .await
                .unwrap()
                .is_empty());
            let mut slugs: Vec<&str> = all.keys().map(String::as_str).collect();
            slugs.sort();
            assert_eq!(slugs, ["savsjo-2018-2019", "savsjo-2020-2021"]);
            for (slug, promises) in &all {
                let (_, own) = progress(&pool, slug, today).await.unwrap().unwrap();
                assert_eq!(promises, &own.promises, "{slug} on {today}");
            }
        }
        let later_ops = &progress_of_published(&pool, "2021-06-01".parse().unwrap(), None)
            .await
            .unwrap()["savsjo-2020-2021"][1]
            .activities[1];
        assert_eq!(later_ops.achieved, 1);
    }

    #[tokio::test]
    async fn an_agreement_s_periods_are_those_that_share_a_municipality_with_it() {
        let pool = test_pool().await;
        insert_if_absent(&pool, &seed::savsjo()).await.unwrap();
        let mut later = seed::savsjo();
        later.slug = domain::agreement::Slug::parse("savsjo-2020-2021").unwrap();
        insert_if_absent(&pool, &later).await.unwrap();
        let mut elsewhere = seed::savsjo();
        elsewhere.slug = domain::agreement::Slug::parse("nassjo-2018-2019").unwrap();
        elsewhere.municipality = domain::types::Line::parse("Nässjö kommun").unwrap();
        insert_if_absent(&pool, &elsewhere).await.unwrap();
        let slugs = |list: Vec<AgreementSummary>| {
            let mut s: Vec<String> = list.into_iter().map(|a| a.slug).collect();
            s.sort();
            s
        };
        assert_eq!(
            slugs(
                sharing_municipalities(&pool, "savsjo-2018-2019")
                    .await
                    .unwrap()
            ),
            ["savsjo-2018-2019", "savsjo-2020-2021"]
        );
        assert_eq!(
            slugs(
                sharing_municipalities(&pool, "nassjo-2018-2019")
                    .await
                    .unwrap()
            ),
            ["nassjo-2018-2019"]
        );
        assert_eq!(list(&pool).await.unwrap().len(), 3);
        let one = sharing_municipalities(&pool, "savsjo-2020-2021")
            .await
            .unwrap();
        let all = list(&pool).await.unwrap();
        assert!(
            one.iter().all(|a| all.contains(a)),
            "the same summaries as the whole list"
        );
    }

    #[tokio::test]
    async fn the_front_page_prefers_the_agreement_in_force() {
        let pool = test_pool().await;
        insert_if_absent(&pool, &seed::savsjo()).await.unwrap();
        let mut later = seed::savsjo();
        later.slug = domain::agreement::Slug::parse("savsjo-2020-2021").unwrap();
        later.period = DateRange::new(
            NaiveDate::from_ymd_opt(2020, 4, 10).unwrap(),
            NaiveDate::from_ymd_opt(2022, 4, 9).unwrap(),
        )
        .unwrap();
        insert_if_absent(&pool, &later).await.unwrap();
        let in_2019 = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
        assert_eq!(
            current_slug(&pool, in_2019).await.unwrap().as_deref(),
            Some("savsjo-2018-2019")
        );
        let in_2030 = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        assert_eq!(
            current_slug(&pool, in_2030).await.unwrap().as_deref(),
            Some("savsjo-2020-2021")
        );
        let listed: Vec<_> = list(&pool)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.slug)
            .collect();
        assert_eq!(listed, vec!["savsjo-2020-2021", "savsjo-2018-2019"]);
    }
}
