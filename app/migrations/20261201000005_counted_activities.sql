-- Any activity can be counted: the measure `count` names what it counts (`unit`, plural, and
-- `unit_singular`), targets can apply per month or per ISO week, and officers report such activities as
-- `activity` reports with a `count` (how many were done). Also: agreements can be marked as example data,
-- and the first admin can be created from a one-time link.
--
-- SQLite cannot change a CHECK constraint in place, so `activities`, `reports`, `report_versions` and
-- `report_voids` are rebuilt and every row is copied unchanged. The new tables first reference each other
-- by their new names, so dropping the old ones deletes no row that is still referenced; renaming them
-- then points every reference at the new tables. The view and the triggers are recreated as they were,
-- with the new column.

DROP VIEW current_reports;

CREATE TABLE activities_new (
    id             INTEGER PRIMARY KEY,
    promise_id     INTEGER NOT NULL REFERENCES promises (id),
    position       INTEGER NOT NULL,
    text           TEXT    NOT NULL,
    owner          TEXT    NOT NULL CHECK (owner IN ('police', 'municipality', 'joint')),
    measure        TEXT    NOT NULL CHECK (measure IN ('targeted_operation', 'collaboration_meeting',
                                                       'office_hours', 'youths_identified', 'count', 'none')),
    target         INTEGER          CHECK (target IS NULL OR target > 0),
    cadence        TEXT    NOT NULL CHECK (cadence IN ('period', 'calendar_year', 'month', 'week')),
    version        INTEGER NOT NULL DEFAULT 1,
    -- What a `count` activity counts, e.g. "trygghetsvandringar" / "trygghetsvandring"; only for `count`.
    unit           TEXT,
    unit_singular  TEXT,
    UNIQUE (promise_id, position),
    CHECK (measure <> 'none' OR target IS NULL),
    CHECK ((measure = 'count') = (unit IS NOT NULL AND unit_singular IS NOT NULL)),
    CHECK (unit IS NULL OR length(trim(unit)) > 0),
    CHECK (unit_singular IS NULL OR length(trim(unit_singular)) > 0)
);
INSERT INTO activities_new (id, promise_id, position, text, owner, measure, target, cadence, version)
SELECT id, promise_id, position, text, owner, measure, target, cadence, version FROM activities;

CREATE TABLE reports_new (
    id                      TEXT    PRIMARY KEY,
    kind                    TEXT    NOT NULL CHECK (kind IN ('targeted_operation', 'collaboration_meeting',
                                                             'activity')),
    activity_id             INTEGER NOT NULL REFERENCES activities_new (id),
    officer_id              INTEGER NOT NULL REFERENCES users (id),
    date                    TEXT    NOT NULL,
    created_at              TEXT    NOT NULL,
    received_at             TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- targeted operations (and, but for the counts of people, activities)
    start_time              TEXT,
    end_time                TEXT,
    place                   TEXT,
    officers                INTEGER,
    persons_checked         INTEGER,
    persons_21_or_under     INTEGER,
    youths_identified       INTEGER,
    drug_offences_reported  INTEGER,
    notes                   TEXT,
    -- collaboration meetings
    organisations           TEXT,  -- JSON array of names
    summary                 TEXT,
    content                 TEXT    NOT NULL,
    -- activities: how many were done
    count                   INTEGER,
    CHECK (kind <> 'targeted_operation' OR (
        start_time IS NOT NULL AND end_time IS NOT NULL AND start_time < end_time AND place IS NOT NULL
        AND officers >= 1 AND persons_checked >= 0
        AND persons_21_or_under BETWEEN 0 AND persons_checked
        AND youths_identified BETWEEN 0 AND persons_21_or_under
        AND drug_offences_reported >= 0 AND notes IS NOT NULL)),
    CHECK (kind <> 'collaboration_meeting' OR (organisations IS NOT NULL AND summary IS NOT NULL)),
    CHECK (kind <> 'activity' OR (
        place IS NOT NULL AND officers >= 1 AND count >= 1 AND notes IS NOT NULL
        AND persons_checked IS NULL AND persons_21_or_under IS NULL AND youths_identified IS NULL
        AND (start_time IS NULL OR end_time IS NULL OR start_time < end_time)))
);
INSERT INTO reports_new (id, kind, activity_id, officer_id, date, created_at, received_at, start_time, end_time,
                         place, officers, persons_checked, persons_21_or_under, youths_identified,
                         drug_offences_reported, notes, organisations, summary, content)
SELECT id, kind, activity_id, officer_id, date, created_at, received_at, start_time, end_time,
       place, officers, persons_checked, persons_21_or_under, youths_identified,
       drug_offences_reported, notes, organisations, summary, content
FROM reports;

CREATE TABLE report_versions_new (
    report_id               TEXT    NOT NULL REFERENCES reports_new (id),
    version                 INTEGER NOT NULL CHECK (version >= 2),
    date                    TEXT    NOT NULL,
    start_time              TEXT,
    end_time                TEXT,
    place                   TEXT,
    officers                INTEGER,
    persons_checked         INTEGER,
    persons_21_or_under     INTEGER,
    youths_identified       INTEGER,
    drug_offences_reported  INTEGER,
    notes                   TEXT,
    organisations           TEXT,
    summary                 TEXT,
    reason                  TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    corrected_by            INTEGER NOT NULL REFERENCES users (id),
    corrected_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    count                   INTEGER CHECK (count IS NULL OR count >= 1),
    PRIMARY KEY (report_id, version)
);
INSERT INTO report_versions_new (report_id, version, date, start_time, end_time, place, officers,
                                 persons_checked, persons_21_or_under, youths_identified,
                                 drug_offences_reported, notes, organisations, summary, reason,
                                 corrected_by, corrected_at)
SELECT report_id, version, date, start_time, end_time, place, officers,
       persons_checked, persons_21_or_under, youths_identified,
       drug_offences_reported, notes, organisations, summary, reason, corrected_by, corrected_at
FROM report_versions;

CREATE TABLE report_voids_new (
    report_id  TEXT    PRIMARY KEY REFERENCES reports_new (id),
    reason     TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    voided_by  INTEGER NOT NULL REFERENCES users (id),
    voided_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO report_voids_new (report_id, reason, voided_by, voided_at)
SELECT report_id, reason, voided_by, voided_at FROM report_voids;

-- Children first: nothing references a table when it is dropped. The triggers go with their tables.
DROP TABLE report_voids;
DROP TABLE report_versions;
DROP TABLE reports;
DROP TABLE activities;

ALTER TABLE activities_new RENAME TO activities;
ALTER TABLE reports_new RENAME TO reports;
ALTER TABLE report_versions_new RENAME TO report_versions;
ALTER TABLE report_voids_new RENAME TO report_voids;

CREATE INDEX reports_by_activity_date ON reports (activity_id, date);
CREATE INDEX reports_by_officer ON reports (officer_id, received_at);

CREATE VIEW current_reports AS
SELECT r.id, r.kind, r.activity_id, r.officer_id, r.created_at, r.received_at,
       coalesce(v.version, 1) AS version,
       CASE WHEN v.report_id IS NULL THEN r.date ELSE v.date END AS date,
       CASE WHEN v.report_id IS NULL THEN r.start_time ELSE v.start_time END AS start_time,
       CASE WHEN v.report_id IS NULL THEN r.end_time ELSE v.end_time END AS end_time,
       CASE WHEN v.report_id IS NULL THEN r.place ELSE v.place END AS place,
       CASE WHEN v.report_id IS NULL THEN r.officers ELSE v.officers END AS officers,
       CASE WHEN v.report_id IS NULL THEN r.persons_checked ELSE v.persons_checked END AS persons_checked,
       CASE WHEN v.report_id IS NULL THEN r.persons_21_or_under ELSE v.persons_21_or_under END
           AS persons_21_or_under,
       CASE WHEN v.report_id IS NULL THEN r.youths_identified ELSE v.youths_identified END AS youths_identified,
       CASE WHEN v.report_id IS NULL THEN r.drug_offences_reported ELSE v.drug_offences_reported END
           AS drug_offences_reported,
       CASE WHEN v.report_id IS NULL THEN r.notes ELSE v.notes END AS notes,
       CASE WHEN v.report_id IS NULL THEN r.organisations ELSE v.organisations END AS organisations,
       CASE WHEN v.report_id IS NULL THEN r.summary ELSE v.summary END AS summary,
       x.report_id IS NOT NULL AS voided,
       CASE WHEN v.report_id IS NULL THEN r.count ELSE v.count END AS count
FROM reports r
LEFT JOIN report_versions v
       ON v.report_id = r.id
      AND v.version = (SELECT max(version) FROM report_versions WHERE report_id = r.id)
LEFT JOIN report_voids x ON x.report_id = r.id;

CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports
BEGIN SELECT RAISE(ABORT, 'reports are never changed: add a correction instead'); END;
CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports
BEGIN SELECT RAISE(ABORT, 'reports are never deleted: void them instead'); END;
CREATE TRIGGER report_versions_no_update BEFORE UPDATE ON report_versions
BEGIN SELECT RAISE(ABORT, 'report versions are never changed'); END;
CREATE TRIGGER report_versions_no_delete BEFORE DELETE ON report_versions
BEGIN SELECT RAISE(ABORT, 'report versions are never deleted'); END;
CREATE TRIGGER report_voids_no_update BEFORE UPDATE ON report_voids
BEGIN SELECT RAISE(ABORT, 'voids are never changed'); END;
CREATE TRIGGER report_voids_no_delete BEFORE DELETE ON report_voids
BEGIN SELECT RAISE(ABORT, 'voids are never deleted'); END;

-- Example data (`lofte demo`): its public pages say so.
ALTER TABLE agreements ADD COLUMN example INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1));

-- The one-time link for creating the first admin in the browser: only the token's SHA-256 is kept.
CREATE TABLE first_admin_tokens (
    token_hash  TEXT    PRIMARY KEY,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT
);
