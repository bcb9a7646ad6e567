-- Writers that do not touch the same rows no longer wait on each other.
--
-- 1. The public pages' change counter was one row that a statement trigger bumped on every table the pages
--    read, so every writing transaction, on every instance, held that row's lock until it committed: a
--    second writer waited for the first whatever it wrote. Now the same triggers send a notification on
--    the channel `lofte_changes`. PostgreSQL delivers a notification only when its transaction commits (so
--    no instance learns of a change before it can read it), once per transaction however many statements
--    sent it, to every instance that listens (`web::cache::Freshness`). Committing a notifying transaction
--    takes PostgreSQL's notification queue lock for the moment of the commit only, not for the
--    transaction's length.
-- 2. The report tallies were kept by a row trigger, one PL/pgSQL call per report. They are now kept by a
--    statement trigger that adds a statement's new reports grouped by activity, kind and day, in one
--    INSERT … ON CONFLICT, in key order (so two statements meet on their rows in the same order and cannot
--    deadlock). The sums stay exact: the rows of one day and activity are still locked by each writer that
--    adds to them, until it commits.

CREATE OR REPLACE FUNCTION bump_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lofte_changes', '');
    RETURN NULL;
END;
$$;

DROP TABLE changes;

DROP TRIGGER report_tallies_add_report ON reports;
DROP FUNCTION report_tallies_add_report();

CREATE FUNCTION report_tallies_add_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_tallies AS t
    SELECT activity_id, kind, date, count(*), coalesce(sum(youths_identified), 0),
           coalesce(sum(persons_checked), 0), coalesce(sum(persons_21_or_under), 0),
           coalesce(sum(drug_offences_reported), 0), coalesce(sum(count), 0)
    FROM new_reports
    GROUP BY activity_id, kind, date
    ORDER BY activity_id, kind, date
    ON CONFLICT (activity_id, kind, day) DO UPDATE SET
        reports = t.reports + excluded.reports,
        youths_identified = t.youths_identified + excluded.youths_identified,
        persons_checked = t.persons_checked + excluded.persons_checked,
        persons_21_or_under = t.persons_21_or_under + excluded.persons_21_or_under,
        drug_offences_reported = t.drug_offences_reported + excluded.drug_offences_reported,
        units = t.units + excluded.units;
    RETURN NULL;
END;
$$;
CREATE TRIGGER report_tallies_add_reports AFTER INSERT ON reports
    REFERENCING NEW TABLE AS new_reports
    FOR EACH STATEMENT EXECUTE FUNCTION report_tallies_add_reports();
