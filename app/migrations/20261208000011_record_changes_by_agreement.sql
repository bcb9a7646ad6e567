-- Which agreement a change to the record was made to: a page that shows one agreement's record (its page,
-- its progress) stays current through reports to other agreements, instead of being rendered again for
-- every report in the country (`web::cache::freshness`).
--
-- `at` is the change counter's `records` just after the agreement's latest change, so a reader that knows
-- the counter up to some value asks for the agreements changed since with `at` greater than it. Held office
-- hours count for every agreement of their police area and are kept under agreement 0: any agreement.
CREATE TABLE record_changes (
    agreement_id INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL
);
CREATE INDEX record_changes_at ON record_changes (at);

DROP TRIGGER changes_reports_insert;
DROP TRIGGER changes_report_versions_insert;
DROP TRIGGER changes_report_voids_insert;
DROP TRIGGER changes_office_hour_held_insert;
CREATE TRIGGER changes_reports_insert AFTER INSERT ON reports BEGIN
    UPDATE changes SET generation = generation + 1, records = records + 1;
    INSERT INTO record_changes (agreement_id, at)
    SELECT p.agreement_id, (SELECT records FROM changes WHERE id = 1)
    FROM activities x JOIN promises p ON p.id = x.promise_id WHERE x.id = NEW.activity_id
    ON CONFLICT (agreement_id) DO UPDATE SET at = excluded.at;
END;
CREATE TRIGGER changes_report_versions_insert AFTER INSERT ON report_versions BEGIN
    UPDATE changes SET generation = generation + 1, records = records + 1;
    INSERT INTO record_changes (agreement_id, at)
    SELECT p.agreement_id, (SELECT records FROM changes WHERE id = 1)
    FROM reports r JOIN activities x ON x.id = r.activity_id JOIN promises p ON p.id = x.promise_id
    WHERE r.id = NEW.report_id
    ON CONFLICT (agreement_id) DO UPDATE SET at = excluded.at;
END;
CREATE TRIGGER changes_report_voids_insert AFTER INSERT ON report_voids BEGIN
    UPDATE changes SET generation = generation + 1, records = records + 1;
    INSERT INTO record_changes (agreement_id, at)
    SELECT p.agreement_id, (SELECT records FROM changes WHERE id = 1)
    FROM reports r JOIN activities x ON x.id = r.activity_id JOIN promises p ON p.id = x.promise_id
    WHERE r.id = NEW.report_id
    ON CONFLICT (agreement_id) DO UPDATE SET at = excluded.at;
END;
CREATE TRIGGER changes_office_hour_held_insert AFTER INSERT ON office_hour_held BEGIN
    UPDATE changes SET generation = generation + 1, records = records + 1;
    INSERT INTO record_changes (agreement_id, at)
    VALUES (0, (SELECT records FROM changes WHERE id = 1))
    ON CONFLICT (agreement_id) DO UPDATE SET at = excluded.at;
END;
