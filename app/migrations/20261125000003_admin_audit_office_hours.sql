-- Admin editing: publishing, optimistic versions, report corrections and voids, office hours, and the
-- insert-only audit log. Nothing in the record can be deleted, and the audit log cannot be changed at all.

-- Agreements that existed before publishing was possible were public, and stay so. New ones start hidden.
ALTER TABLE agreements ADD COLUMN published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1));

-- `version` is bumped by every edit; a save names the version it started from (edit conflicts).
ALTER TABLE agreements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE promises   ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE activities ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users      ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- A correction of a report: the whole corrected content, as version 2, 3, … of the report. Version 1 is the
-- row in `reports` as the officer sent it, which never changes (it is the sync's idempotency key).
CREATE TABLE report_versions (
    report_id               TEXT    NOT NULL REFERENCES reports (id),
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
    PRIMARY KEY (report_id, version)
);

-- A voided report is kept but no longer counted.
CREATE TABLE report_voids (
    report_id  TEXT    PRIMARY KEY REFERENCES reports (id),
    reason     TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    voided_by  INTEGER NOT NULL REFERENCES users (id),
    voided_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Each report as it stands now: its latest version, and whether it is voided. Everything that counts reads
-- this view, never `reports` directly.
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
       x.report_id IS NOT NULL AS voided
FROM reports r
LEFT JOIN report_versions v
       ON v.report_id = r.id
      AND v.version = (SELECT max(version) FROM report_versions WHERE report_id = r.id)
LEFT JOIN report_voids x ON x.report_id = r.id;

-- The record is never rewritten or deleted: corrections and voids are new rows.
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
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'accounts are never deleted: disable them instead'); END;

-- Office hours: weekly slots in Europe/Stockholm local time, and their exceptions.
CREATE TABLE office_hour_slots (
    id          INTEGER PRIMARY KEY,
    place       TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('office', 'centre')),
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO 8601: 1 is Monday
    start_time  TEXT    NOT NULL,                                   -- HH:MM
    end_time    TEXT    NOT NULL,
    valid_from  TEXT    NOT NULL,
    valid_to    TEXT,                                               -- NULL: until further notice
    example     INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 1,
    CHECK (start_time < end_time),
    CHECK (valid_to IS NULL OR valid_from <= valid_to)
);

CREATE TABLE office_hour_cancellations (
    id          INTEGER PRIMARY KEY,
    slot_id     INTEGER NOT NULL REFERENCES office_hour_slots (id),
    date        TEXT    NOT NULL,
    reason      TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (slot_id, date)
);

CREATE TABLE office_hour_extras (
    id          INTEGER PRIMARY KEY,
    place       TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('office', 'centre')),
    date        TEXT    NOT NULL,
    start_time  TEXT    NOT NULL,
    end_time    TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (start_time < end_time)
);

-- Who changed what, when, with the before and after as JSON. Insert-only, enforced here.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor_id   INTEGER REFERENCES users (id),
    actor      TEXT    NOT NULL, -- the username at the time, or 'system' / 'cli'
    action     TEXT    NOT NULL, -- e.g. 'agreement.update'
    entity     TEXT    NOT NULL, -- e.g. 'agreement'
    entity_id  TEXT    NOT NULL,
    before     TEXT,             -- JSON, NULL for a creation
    after      TEXT              -- JSON
);
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is insert-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is insert-only'); END;
