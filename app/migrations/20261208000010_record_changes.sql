-- The change counter also counts, apart, the changes to the record: reports, their corrections and voids,
-- and office hours marked held. A page that shows many agreements at a glance may let a burst of those
-- settle for a moment instead of being rendered again for each one (`web::cache`); any other change still
-- shows at once.
ALTER TABLE changes ADD COLUMN records INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER changes_reports_insert;
DROP TRIGGER changes_report_versions_insert;
DROP TRIGGER changes_report_voids_insert;
DROP TRIGGER changes_office_hour_held_insert;
CREATE TRIGGER changes_reports_insert AFTER INSERT ON reports
    BEGIN UPDATE changes SET generation = generation + 1, records = records + 1; END;
CREATE TRIGGER changes_report_versions_insert AFTER INSERT ON report_versions
    BEGIN UPDATE changes SET generation = generation + 1, records = records + 1; END;
CREATE TRIGGER changes_report_voids_insert AFTER INSERT ON report_voids
    BEGIN UPDATE changes SET generation = generation + 1, records = records + 1; END;
CREATE TRIGGER changes_office_hour_held_insert AFTER INSERT ON office_hour_held
    BEGIN UPDATE changes SET generation = generation + 1, records = records + 1; END;
