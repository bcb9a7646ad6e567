//! `lofte demo`: clearly labelled example agreements for the current period in six municipalities of three
//! counties, copied from Sävsjö's, with example reports and office-hour marks, so that every page of a new install has something to show. It
//! runs only when asked, and only on an empty database: no agreement but the seed, no report, no mark.

use crate::audit::Actor;
use crate::db::{self, Db};
use crate::error::AppError;
use chrono::{Datelike, Days, NaiveDate};
use domain::agreement::{ActivityDef, Cadence, Measure, Owner, Target, Unit};
use domain::types::{Line, Paragraph};

/// What `add` did, or why it did nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Added {
        /// The examples' slugs, Sävsjö's first.
        slugs: Vec<String>,
        reports: usize,
        marks: usize,
    },
    /// The database holds more than the seed: the example would mix with real data.
    NotEmpty,
}

/// The examples: a municipality (by code), the short name in its slug, and its police area's name. Three
/// counties, two police regions, so that the overview, the county and municipality pages and the open data
/// have something to show.
const EXAMPLES: [(&str, &str, &str); 6] = [
    ("0684", "savsjo", "Lokalpolisområde Högländet"),
    ("0682", "nassjo", "Lokalpolisområde Högländet"),
    ("0686", "eksjo", "Lokalpolisområde Högländet"),
    ("0680", "jonkoping", "Lokalpolisområde Jönköping"),
    ("1280", "malmo", "Lokalpolisområde Malmö Syd"),
    ("1281", "lund", "Lokalpolisområde Lund"),
];

/// Adds the example agreements (slugs `exempel-<municipality>-<year>`, titles "Exempel: Medborgarlöfte i …
/// <years>", marked `example`) for the two calendar years from this one, published, with reports in the
/// past, and held office hours.
pub async fn add(pool: &Db, today: NaiveDate) -> Result<Outcome, AppError> {
    let others: i64 = db::scalar!(
        pool,
        "SELECT (SELECT count(*) FROM agreements WHERE slug <> 'savsjo-2018-2019')
              + (SELECT count(*) FROM reports) + (SELECT count(*) FROM office_hour_held)"
    )?;
    if others > 0 {
        return Ok(Outcome::NotEmpty);
    }
    let year = today.year();
    let from = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists");
    let to = NaiveDate::from_ymd_opt(year + 1, 12, 31).expect("31 December exists");
    let officer = example_officer(pool).await?;
    let mut slugs = Vec::new();
    let mut reports = 0;
    for (n, (code, short, area)) in EXAMPLES.into_iter().enumerate() {
        let (slug, added) = add_one(pool, today, from, to, officer, code, short, area, n).await?;
        slugs.push(slug);
        reports += added;
    }
    let marks = held_office_hours(pool, today, officer).await?;
    Ok(Outcome::Added {
        slugs,
        reports,
        marks,
    })
}

/// A disabled example account that cannot sign in: the example reports need an officer.
async fn example_officer(pool: &Db) -> Result<i64, AppError> {
    let existing: Option<i64> = db::scalar_optional!(
        pool,
        "SELECT id FROM users WHERE lower(username) = 'exempel'"
    )?;
    Ok(match existing {
        Some(id) => id,
        None => db::scalar!(
            pool,
            "INSERT INTO users (username, password_hash, role, disabled)
             VALUES ('exempel', '!', 'officer', TRUE) RETURNING id"
        )?,
    })
}

/// One municipality's example agreement, copied from Sävsjö's, with its own title, period, places and (but
/// for Sävsjö's) no signatories; and its example reports. Its slug and how many reports were stored.
#[allow(clippy::too_many_arguments)]
async fn add_one(
    pool: &Db,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    officer: i64,
    code: &str,
    short: &str,
    area: &str,
    n: usize,
) -> Result<(String, usize), AppError> {
    let seed = crate::agreements::seed::savsjo();
    let municipality = domain::places::municipality(code).ok_or(AppError::Internal)?;
    let line = |text: &str| Line::parse(text).map_err(AppError::internal);
    let mut def = seed.clone();
    def.slug =
        domain::agreement::Slug::parse(&format!("exempel-{short}-{year}", year = from.year()))
            .map_err(AppError::internal)?;
    def.period = domain::agreement::DateRange::new(from, to).map_err(AppError::internal)?;
    def.title = line(&format!(
        "Exempel: {}",
        domain::agreement::retitle(
            &format!("Medborgarlöfte i {}", municipality.official_name),
            def.period
        )
    ))?;
    def.municipality = line(municipality.official_name)?;
    def.police_area = line(area)?;
    if n > 0 {
        def.signatories.clear();
        def.background = Paragraph::parse(&format!(
            "Exempeldata: ett påhittat medborgarlöfte för {}, för att visa hur sidorna ser ut.",
            municipality.official_name
        ))
        .map_err(AppError::internal)?;
    }
    let walks = ActivityDef::new(
        Paragraph::parse(
            "Exempel: Polisen och kommunen genomför minst tio trygghetsvandringar per år.",
        )
        .map_err(AppError::internal)?,
        Owner::Joint,
        Measure::Count,
        Target::new(10).ok(),
        Cadence::CalendarYear,
    )
    .and_then(|d| {
        d.counting(Some(Unit {
            plural: Line::parse("trygghetsvandringar").expect("a short line"),
            singular: Line::parse("trygghetsvandring").expect("a short line"),
        }))
    })
    .map_err(AppError::internal)?;
    if let Some(first) = def.promises.first_mut() {
        first.activities.push(walks);
    }
    super::insert_if_absent(pool, &def).await?;
    let agreement: i64 = db::scalar!(
        pool,
        "SELECT id FROM agreements WHERE slug = $1",
        def.slug.as_str()
    )?;
    db::execute!(
        pool,
        "UPDATE agreements SET example = TRUE, published = TRUE WHERE id = $1",
        agreement
    )?;

    let activity = |measure: &'static str| async move {
        db::scalar!(
            pool,
            as i64,
            "SELECT x.id FROM activities x JOIN promises p ON p.id = x.promise_id
             WHERE p.agreement_id = $1 AND x.measure = $2 ORDER BY x.id LIMIT 1",
            agreement,
            measure
        )
    };
    let ops = activity("targeted_operation").await?;
    let meetings = activity("collaboration_meeting").await?;
    let counted = activity("count").await?;
    let actor = Actor::user(officer, "exempel");
    let days_back = |n: u64| today.checked_sub_days(Days::new(n)).filter(|d| *d >= from);
    let mut items = Vec::new();
    for (n, back) in [3u64, 17, 40].into_iter().enumerate() {
        if let Some(day) = days_back(back) {
            let place = ["Resecentrum", "Centrala Sävsjö", "Skolområdet"][n];
            items.push(serde_json::json!({
                "id": uuid::Uuid::new_v4().to_string(), "kind": "targeted_operation", "activity_id": ops,
                "created_at": format!("{day}T21:00:00Z"), "date": day.to_string(), "start_time": "18:00",
                "end_time": "22:00", "place": place,
                "officers": 4, "persons_checked": 10 + n, "persons_21_or_under": 5, "youths_identified": 1,
                "drug_offences_reported": 1, "notes": "Exempeldata."
            }));
        }
    }
    if let Some(day) = days_back(10) {
        items.push(serde_json::json!({
            "id": uuid::Uuid::new_v4().to_string(), "kind": "collaboration_meeting", "activity_id": meetings,
            "created_at": format!("{day}T12:00:00Z"), "date": day.to_string(),
            "organisations": ["Polisen", "Sävsjö kommun"], "summary": "Exempeldata: lägesbild och planering."
        }));
    }
    if let Some(day) = days_back(5) {
        items.push(serde_json::json!({
            "id": uuid::Uuid::new_v4().to_string(), "kind": "activity", "activity_id": counted,
            "created_at": format!("{day}T20:00:00Z"), "date": day.to_string(), "place": "Centrum",
            "officers": 2, "count": 2, "notes": "Exempeldata."
        }));
    }
    let (results, _) = crate::field::db::ingest(
        pool,
        &actor,
        &domain::places::Scope::National,
        &items,
        today,
    )
    .await?;
    let reports = results
        .iter()
        .filter(|r| r.status == domain::report::ItemStatus::Created)
        .count();
    Ok((def.slug.to_string(), reports))
}

/// Held office hours: the example slots' occurrences of the last two weeks.
async fn held_office_hours(pool: &Db, today: NaiveDate, officer: i64) -> Result<usize, AppError> {
    let slots: Vec<(i64, i64)> = db::all!(
        pool,
        "SELECT id, weekday FROM office_hour_slots WHERE example"
    )?;
    let mut marks = 0;
    for back in 1..=14u64 {
        let Some(day) = today.checked_sub_days(Days::new(back)) else {
            continue;
        };
        for (slot, weekday) in &slots {
            if i64::from(day.weekday().number_from_monday()) == *weekday {
                db::execute!(
                    pool,
                    "INSERT INTO office_hour_held (slot_id, date, recorded_by) VALUES ($1, $2, $3)
                     ON CONFLICT DO NOTHING",
                    slot,
                    day,
                    officer
                )?;
                marks += 1;
            }
        }
    }
    Ok(marks)
}
