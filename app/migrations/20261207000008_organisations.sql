-- Organisations: police areas (created by admins), the municipalities an agreement belongs to (by their
-- SCB code, the reference data is in the binary), the police area of each agreement and office hour, and
-- the scope of each account. Existing rows are moved to codes by the app at start (`places::db::adopt`),
-- which reads the reference data; what it cannot place, `lofte check` reports.

CREATE TABLE police_areas (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    region      TEXT    NOT NULL CHECK (region IN ('nord', 'mitt', 'stockholm', 'ost', 'vast', 'syd',
                                                   'bergslagen')),
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE agreement_municipalities (
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id),
    position      INTEGER NOT NULL,
    code          TEXT    NOT NULL CHECK (length(code) = 4),
    PRIMARY KEY (agreement_id, code),
    UNIQUE (agreement_id, position)
);
CREATE INDEX agreement_municipalities_by_code ON agreement_municipalities (code);

ALTER TABLE agreements ADD COLUMN police_area_id INTEGER REFERENCES police_areas (id);
ALTER TABLE office_hour_slots ADD COLUMN police_area_id INTEGER REFERENCES police_areas (id);
ALTER TABLE office_hour_extras ADD COLUMN police_area_id INTEGER REFERENCES police_areas (id);
ALTER TABLE users ADD COLUMN scope TEXT NOT NULL DEFAULT 'national';

-- The public pages show both: their changes renew the page cache.
CREATE TRIGGER changes_police_areas_insert AFTER INSERT ON police_areas BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_police_areas_update AFTER UPDATE ON police_areas BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_agreement_municipalities_insert AFTER INSERT ON agreement_municipalities BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER changes_agreement_municipalities_delete AFTER DELETE ON agreement_municipalities BEGIN UPDATE changes SET generation = generation + 1; END;

-- Held office hours count towards the agreements of their own police area only: the tallies are kept per
-- police area and day (0 for an office hour without a police area, until the app places it).
DROP TRIGGER office_hour_tallies_add;
DROP TABLE office_hour_tallies;
CREATE TABLE office_hour_tallies (
    police_area_id  INTEGER NOT NULL,
    day             TEXT    NOT NULL,
    held            INTEGER NOT NULL,
    PRIMARY KEY (police_area_id, day)
) WITHOUT ROWID;
INSERT INTO office_hour_tallies SELECT 0, date, count(*) FROM office_hour_held GROUP BY date;
CREATE TRIGGER office_hour_tallies_add AFTER INSERT ON office_hour_held
BEGIN
    INSERT INTO office_hour_tallies VALUES (
        coalesce((SELECT police_area_id FROM office_hour_slots WHERE id = NEW.slot_id),
                 (SELECT police_area_id FROM office_hour_extras WHERE id = NEW.extra_id), 0),
        NEW.date, 1)
    ON CONFLICT (police_area_id, day) DO UPDATE SET held = held + 1;
END;
