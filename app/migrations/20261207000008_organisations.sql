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
