//! The tallies behind the progress figures: reports per activity, kind and day, and held office hours per
//! police area and day. SQLite triggers keep them in the same transaction as every report, correction,
//! void and office-hour mark (see the migration `tallies_and_changes`); `check` derives them from the record
//! again and lists every difference (`lofte check`).

use crate::db::{self, Db};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt;

/// What one tally holds: reports and the sums of their counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sums {
    pub reports: i64,
    pub youths_identified: i64,
    pub persons_checked: i64,
    pub persons_21_or_under: i64,
    pub drug_offences_reported: i64,
    /// What `activity` reports count, summed.
    pub units: i64,
}

/// Which tally: a report tally by activity, kind and day, or the held office hours of a day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Reports {
        activity_id: i64,
        kind: String,
        day: NaiveDate,
    },
    /// Held office hours of one police area (0: office hours without one) on a day.
    OfficeHoursHeld { area: i64, day: NaiveDate },
}

/// A tally that differs from what the record says. A missing tally reads as all zeros.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub key: Key,
    pub kept: Sums,
    pub recorded: Sums,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Key::Reports {
                activity_id,
                kind,
                day,
            } => write!(
                f,
                "activity {activity_id} {kind} {day}: tallies say {}, the record says {}",
                self.kept.describe(),
                self.recorded.describe()
            ),
            Key::OfficeHoursHeld { area, day } => write!(
                f,
                "office hours held {day} in police area {area}: tallies say {}, the record says {}",
                self.kept.reports, self.recorded.reports
            ),
        }
    }
}

impl Sums {
    fn describe(&self) -> String {
        format!(
            "{} reports (youths {}, checked {}, 21 or under {}, offences {}, counted {})",
            self.reports,
            self.youths_identified,
            self.persons_checked,
            self.persons_21_or_under,
            self.drug_offences_reported,
            self.units
        )
    }
}

type Row = (i64, String, NaiveDate, i64, i64, i64, i64, i64, i64);

fn report_rows(rows: Vec<Row>) -> BTreeMap<Key, Sums> {
    rows.into_iter()
        .map(|(activity_id, kind, day, reports, y, c, u, o, units)| {
            (
                Key::Reports {
                    activity_id,
                    kind,
                    day,
                },
                Sums {
                    reports,
                    youths_identified: y,
                    persons_checked: c,
                    persons_21_or_under: u,
                    drug_offences_reported: o,
                    units,
                },
            )
        })
        .collect()
}

fn held_rows(rows: Vec<(i64, NaiveDate, i64)>) -> BTreeMap<Key, Sums> {
    rows.into_iter()
        .map(|(area, day, held)| {
            (
                Key::OfficeHoursHeld { area, day },
                Sums {
                    reports: held,
                    ..Sums::default()
                },
            )
        })
        .collect()
}

/// Derives every tally from the record (each report's current version, voided ones left out; every held
/// office hour) and compares with the tallies kept. Empty when they agree. Reads in one transaction, so a
/// write meanwhile cannot show as a difference.
pub async fn check(pool: &Db) -> Result<Vec<Difference>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let kept_reports: Vec<Row> = db::all!(
        &mut tx,
        "SELECT activity_id, kind, day, reports, youths_identified, persons_checked, persons_21_or_under,
                drug_offences_reported, units
         FROM report_tallies"
    )?;
    // Postgres sums bigints as numeric; the cast brings them back to bigint on both engines.
    let recorded_reports: Vec<Row> = db::all!(
        &mut tx,
        "SELECT activity_id, kind, date, count(*),
                CAST(coalesce(sum(youths_identified), 0) AS BIGINT),
                CAST(coalesce(sum(persons_checked), 0) AS BIGINT),
                CAST(coalesce(sum(persons_21_or_under), 0) AS BIGINT),
                CAST(coalesce(sum(drug_offences_reported), 0) AS BIGINT),
                CAST(coalesce(sum(count), 0) AS BIGINT)
         FROM current_reports WHERE NOT voided
         GROUP BY activity_id, kind, date"
    )?;
    let kept_held: Vec<(i64, NaiveDate, i64)> = db::all!(
        &mut tx,
        "SELECT police_area_id, day, held FROM office_hour_tallies"
    )?;
    let recorded_held: Vec<(i64, NaiveDate, i64)> =
        db::all!(&mut tx, crate::office_hours::db::HELD_PER_AREA_AND_DAY)?;
    tx.commit().await?;

    let mut kept = report_rows(kept_reports);
    kept.extend(held_rows(kept_held));
    let mut recorded = report_rows(recorded_reports);
    recorded.extend(held_rows(recorded_held));
    Ok(compare(&kept, &recorded))
}

/// Every key whose sums differ, where a missing or all-zero tally counts as nothing.
fn compare(kept: &BTreeMap<Key, Sums>, recorded: &BTreeMap<Key, Sums>) -> Vec<Difference> {
    let mut keys: Vec<&Key> = kept.keys().chain(recorded.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let kept = kept.get(key).copied().unwrap_or_default();
            let recorded = recorded.get(key).copied().unwrap_or_default();
            (kept != recorded).then(|| Difference {
                key: key.clone(),
                kept,
                recorded,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seeded_with_officer as seeded;

    async fn operation(pool: &Db, id: &str, date: &str, youths: i64) {
        db::execute!(
            pool,
            "INSERT INTO reports (id, kind, activity_id, officer_id, date, created_at, start_time, end_time,
                 place, officers, persons_checked, persons_21_or_under, youths_identified,
                 drug_offences_reported, notes, content)
             VALUES ($1, 'targeted_operation', 3, 1, $2, '2019-05-01T00:00:00Z', '18:00', '20:00', 'Torget', 2,
                     10, 5, $3, 1, '', $4)",
            id,
            day(date),
            youths,
            id
        )
        .unwrap();
    }

    async fn correct(pool: &Db, id: &str, version: i64, date: &str, youths: i64) {
        db::execute!(
            pool,
            "INSERT INTO report_versions (report_id, version, date, start_time, end_time, place, officers,
                 persons_checked, persons_21_or_under, youths_identified, drug_offences_reported, notes,
                 reason, corrected_by)
             VALUES ($1, $2, $3, '18:00', '20:00', 'Torget', 2, 8, 5, $4, 0, '', 'fel', 1)",
            id,
            version,
            day(date),
            youths
        )
        .unwrap();
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    async fn kept(pool: &Db) -> Vec<(NaiveDate, i64, i64, i64)> {
        db::all!(
            pool,
            "SELECT day, reports, youths_identified, persons_checked FROM report_tallies ORDER BY day"
        )
        .unwrap()
    }

    #[tokio::test]
    async fn tallies_follow_reports_corrections_voids_and_marks() {
        let pool = seeded().await;
        operation(&pool, "a", "2019-05-01", 2).await;
        operation(&pool, "b", "2019-05-01", 1).await;
        operation(&pool, "c", "2019-05-03", 0).await;
        assert_eq!(
            kept(&pool).await,
            vec![(day("2019-05-01"), 2, 3, 20), (day("2019-05-03"), 1, 0, 10)]
        );
        // A correction moves "a" to another day with other counts, a second one changes it again.
        correct(&pool, "a", 2, "2019-05-02", 4).await;
        correct(&pool, "a", 3, "2019-05-02", 5).await;
        assert_eq!(
            kept(&pool).await,
            vec![
                (day("2019-05-01"), 1, 1, 10),
                (day("2019-05-02"), 1, 5, 8),
                (day("2019-05-03"), 1, 0, 10)
            ]
        );
        // A void takes the current version out; a correction of a voided report changes nothing.
        db::execute!(
            &pool,
            "INSERT INTO report_voids (report_id, reason, voided_by) VALUES ('a', 'dubbel', 1)"
        )
        .unwrap();
        correct(&pool, "a", 4, "2019-05-03", 9).await;
        assert_eq!(
            kept(&pool).await,
            vec![(day("2019-05-01"), 1, 1, 10), (day("2019-05-03"), 1, 0, 10)]
        );
        // Office hours held count once per occurrence.
        db::execute!(
            &pool,
            "INSERT INTO office_hour_extras (id, place, kind, date, start_time, end_time)
             VALUES (1, 'Sävsjö', 'office', '2019-05-06', '10:00', '12:00'),
                    (2, 'Sävsjö', 'office', '2019-05-06', '14:00', '16:00')"
        )
        .unwrap();
        db::execute!(
            &pool,
            "INSERT INTO office_hour_held (extra_id, date, recorded_by) VALUES (1, '2019-05-06', 1), (2, '2019-05-06', 1)"
        )
        .unwrap();
        let held: Vec<(i64, NaiveDate, i64)> = db::all!(
            &pool,
            "SELECT police_area_id, day, held FROM office_hour_tallies"
        )
        .unwrap();
        assert_eq!(held, vec![(0, day("2019-05-06"), 2)]);
        assert_eq!(check(&pool).await.unwrap(), vec![]);
    }

    #[tokio::test]
    async fn check_names_every_tally_that_differs_from_the_record() {
        let pool = seeded().await;
        operation(&pool, "a", "2019-05-01", 2).await;
        assert!(check(&pool).await.unwrap().is_empty());
        // Tampered tallies, as a bug or a hand edit would leave them.
        db::execute!(&pool, "UPDATE report_tallies SET youths_identified = 7").unwrap();
        db::execute!(
            &pool,
            "INSERT INTO office_hour_tallies VALUES (0, '2019-06-01', 1)"
        )
        .unwrap();
        let differences = check(&pool).await.unwrap();
        assert_eq!(differences.len(), 2, "{differences:?}");
        assert_eq!(
            (
                differences[0].kept.youths_identified,
                differences[0].recorded.youths_identified
            ),
            (7, 2)
        );
        assert_eq!(
            differences[1].key,
            Key::OfficeHoursHeld {
                area: 0,
                day: day("2019-06-01")
            }
        );
        assert_eq!(
            differences[0].to_string(),
            "activity 3 targeted_operation 2019-05-01: tallies say 1 reports (youths 7, checked 10, \
             21 or under 5, offences 1, counted 0), the record says 1 reports (youths 2, checked 10, \
             21 or under 5, offences 1, counted 0)"
        );
    }
}
