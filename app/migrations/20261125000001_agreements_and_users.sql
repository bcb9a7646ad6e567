-- Agreements, their promises and activities, and the accounts of officers and admins.
-- Dates are ISO 8601 text (YYYY-MM-DD), times are RFC 3339 UTC text.

CREATE TABLE agreements (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    municipality  TEXT    NOT NULL,
    police_area   TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    valid_from    TEXT    NOT NULL,
    valid_to      TEXT    NOT NULL,
    signed_on     TEXT    NOT NULL,
    background    TEXT    NOT NULL,
    follow_up     TEXT    NOT NULL,
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (valid_from <= valid_to)
);

CREATE TABLE signatories (
    id            INTEGER PRIMARY KEY,
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id),
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    organisation  TEXT    NOT NULL,
    UNIQUE (agreement_id, position)
);

CREATE TABLE promises (
    id            INTEGER PRIMARY KEY,
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id),
    position      INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    UNIQUE (agreement_id, position)
);

CREATE TABLE activities (
    id            INTEGER PRIMARY KEY,
    promise_id    INTEGER NOT NULL REFERENCES promises (id),
    position      INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    owner         TEXT    NOT NULL CHECK (owner IN ('police', 'municipality', 'joint')),
    measure       TEXT    NOT NULL CHECK (measure IN ('targeted_operation', 'collaboration_meeting',
                                                      'office_hours', 'youths_identified', 'none')),
    target        INTEGER          CHECK (target IS NULL OR target > 0),
    cadence       TEXT    NOT NULL CHECK (cadence IN ('period', 'calendar_year')),
    UNIQUE (promise_id, position),
    CHECK (measure <> 'none' OR target IS NULL)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash  TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'officer')),
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
