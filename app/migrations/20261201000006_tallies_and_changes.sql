-- Progress without scanning the record (after the counted activities, so that the tallies also sum what
-- `activity` reports count, and the triggers sit on the rebuilt tables): tallies per activity, kind and day, kept by triggers in the same
-- transaction as every report, correction, void and office-hour mark, whoever writes. `lofte check` derives
-- them from the record again and reports any difference.
-- And a change counter that every write the public pages depend on bumps, so that a cached page is known
-- to be current (also across several server processes sharing the database).

CREATE TABLE report_tallies (
    activity_id             INTEGER NOT NULL REFERENCES activities (id),
    kind                    TEXT    NOT NULL,
    day                     TEXT    NOT NULL,
    reports                 INTEGER NOT NULL,
    youths_identified       INTEGER NOT NULL,
    persons_checked         INTEGER NOT NULL,
    persons_21_or_under     INTEGER NOT NULL,
    drug_offences_reported  INTEGER NOT NULL,
    units                   INTEGER NOT NULL,
    PRIMARY KEY (activity_id, kind, day)
) WITHOUT ROWID;

CREATE TABLE office_hour_tallies (
    day   TEXT    PRIMARY KEY,
    held  INTEGER NOT NULL
) WITHOUT ROWID;

-- Filled from the record as it stands (the same query `lofte check` compares with).
INSERT INTO report_tallies
SELECT activity_id, kind, date, count(*), coalesce(sum(youths_identified), 0),
       coalesce(sum(persons_checked), 0), coalesce(sum(persons_21_or_under), 0),
       coalesce(sum(drug_offences_reported), 0), coalesce(sum(count), 0)
FROM current_reports WHERE NOT voided
GROUP BY activity_id, kind, date;

INSERT INTO office_hour_tallies SELECT date, count(*) FROM office_hour_held GROUP BY date;

-- A new report counts once on its day.
CREATE TRIGGER report_tallies_add_report AFTER INSERT ON reports
BEGIN
    INSERT INTO report_tallies
    VALUES (NEW.activity_id, NEW.kind, NEW.date, 1, coalesce(NEW.youths_identified, 0),
            coalesce(NEW.persons_checked, 0), coalesce(NEW.persons_21_or_under, 0),
            coalesce(NEW.drug_offences_reported, 0), coalesce(NEW.count, 0))
    ON CONFLICT (activity_id, kind, day) DO UPDATE SET
        reports = reports + 1,
        youths_identified = youths_identified + excluded.youths_identified,
        persons_checked = persons_checked + excluded.persons_checked,
        persons_21_or_under = persons_21_or_under + excluded.persons_21_or_under,
        drug_offences_reported = drug_offences_reported + excluded.drug_offences_reported,
        units = units + excluded.units;
END;

-- A correction takes the report's current version out (before the new version is there) and puts the new
-- one in. A voided report counts nowhere, corrected or not.
CREATE TRIGGER report_tallies_remove_corrected BEFORE INSERT ON report_versions
WHEN NOT EXISTS (SELECT 1 FROM report_voids WHERE report_id = NEW.report_id)
BEGIN
    UPDATE report_tallies SET
        reports = report_tallies.reports - 1,
        youths_identified = report_tallies.youths_identified - coalesce(c.youths_identified, 0),
        persons_checked = report_tallies.persons_checked - coalesce(c.persons_checked, 0),
        persons_21_or_under = report_tallies.persons_21_or_under - coalesce(c.persons_21_or_under, 0),
        drug_offences_reported = report_tallies.drug_offences_reported - coalesce(c.drug_offences_reported, 0),
        units = report_tallies.units - coalesce(c.count, 0)
    FROM current_reports c
    WHERE c.id = NEW.report_id
      AND report_tallies.activity_id = c.activity_id AND report_tallies.kind = c.kind
      AND report_tallies.day = c.date;
    DELETE FROM report_tallies
    WHERE reports = 0 AND activity_id = (SELECT activity_id FROM reports WHERE id = NEW.report_id);
END;

CREATE TRIGGER report_tallies_add_corrected AFTER INSERT ON report_versions
WHEN NOT EXISTS (SELECT 1 FROM report_voids WHERE report_id = NEW.report_id)
BEGIN
    INSERT INTO report_tallies
    SELECT r.activity_id, r.kind, NEW.date, 1, coalesce(NEW.youths_identified, 0),
           coalesce(NEW.persons_checked, 0), coalesce(NEW.persons_21_or_under, 0),
           coalesce(NEW.drug_offences_reported, 0), coalesce(NEW.count, 0)
    FROM reports r WHERE r.id = NEW.report_id
    ON CONFLICT (activity_id, kind, day) DO UPDATE SET
        reports = reports + 1,
        youths_identified = youths_identified + excluded.youths_identified,
        persons_checked = persons_checked + excluded.persons_checked,
        persons_21_or_under = persons_21_or_under + excluded.persons_21_or_under,
        drug_offences_reported = drug_offences_reported + excluded.drug_offences_reported,
        units = units + excluded.units;
END;

-- A void takes the report's current version out.
CREATE TRIGGER report_tallies_remove_voided AFTER INSERT ON report_voids
BEGIN
    UPDATE report_tallies SET
        reports = report_tallies.reports - 1,
        youths_identified = report_tallies.youths_identified - coalesce(c.youths_identified, 0),
        persons_checked = report_tallies.persons_checked - coalesce(c.persons_checked, 0),
        persons_21_or_under = report_tallies.persons_21_or_under - coalesce(c.persons_21_or_under, 0),
        drug_offences_reported = report_tallies.drug_offences_reported - coalesce(c.drug_offences_reported, 0),
        units = report_tallies.units - coalesce(c.count, 0)
    FROM current_reports c
    WHERE c.id = NEW.report_id
      AND report_tallies.activity_id = c.activity_id AND report_tallies.kind = c.kind
      AND report_tallies.day = c.date;
    DELETE FROM report_tallies
    WHERE reports = 0 AND activity_id = (SELECT activity_id FROM reports WHERE id = NEW.report_id);
END;

-- A held office hour counts once on its day (the table is insert-only).
CREATE TRIGGER office_hour_tallies_add AFTER INSERT ON office_hour_held
BEGIN
    INSERT INTO office_hour_tallies VALUES (NEW.date, 1)
    ON CONFLICT (day) DO UPDATE SET held = held + 1;
END;

-- Corrected dates are looked up by the public lists (the latest operations, one month's operations).
CREATE INDEX report_versions_by_date ON report_versions (date);

-- One row: bumped by every change to what the public pages show.
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  INTEGER NOT NULL
);
INSERT INTO changes VALUES (1, 0);

CREATE TRIGGER changes_agreements_insert AFTER INSERT ON agreements BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_agreements_update AFTER UPDATE ON agreements BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_agreements_delete AFTER DELETE ON agreements BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_signatories_insert AFTER INSERT ON signatories BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_signatories_update AFTER UPDATE ON signatories BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_signatories_delete AFTER DELETE ON signatories BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_promises_insert AFTER INSERT ON promises BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_promises_update AFTER UPDATE ON promises BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_promises_delete AFTER DELETE ON promises BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_activities_insert AFTER INSERT ON activities BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_activities_update AFTER UPDATE ON activities BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_activities_delete AFTER DELETE ON activities BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_reports_insert AFTER INSERT ON reports BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_report_versions_insert AFTER INSERT ON report_versions BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_report_voids_insert AFTER INSERT ON report_voids BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_held_insert AFTER INSERT ON office_hour_held BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_slots_insert AFTER INSERT ON office_hour_slots BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_slots_update AFTER UPDATE ON office_hour_slots BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_slots_delete AFTER DELETE ON office_hour_slots BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_cancellations_insert AFTER INSERT ON office_hour_cancellations BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_cancellations_update AFTER UPDATE ON office_hour_cancellations BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_cancellations_delete AFTER DELETE ON office_hour_cancellations BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_extras_insert AFTER INSERT ON office_hour_extras BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_extras_update AFTER UPDATE ON office_hour_extras BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_office_hour_extras_delete AFTER DELETE ON office_hour_extras BEGIN UPDATE changes SET generation = generation + 1; END;
