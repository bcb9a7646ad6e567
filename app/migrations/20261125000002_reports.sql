-- Field reports. Counts only: nothing here identifies a member of the public.
-- The id is the officer's device-made UUID and the idempotency key: a repost of the same report is
-- recognised by comparing `content`, the report's canonical JSON.

CREATE TABLE reports (
    id                      TEXT    PRIMARY KEY,
    kind                    TEXT    NOT NULL CHECK (kind IN ('targeted_operation', 'collaboration_meeting')),
    activity_id             INTEGER NOT NULL REFERENCES activities (id),
    officer_id              INTEGER NOT NULL REFERENCES users (id),
    date                    TEXT    NOT NULL,
    created_at              TEXT    NOT NULL,
    received_at             TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- targeted operations
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
    CHECK (kind <> 'targeted_operation' OR (
        start_time IS NOT NULL AND end_time IS NOT NULL AND start_time < end_time AND place IS NOT NULL
        AND officers >= 1 AND persons_checked >= 0
        AND persons_21_or_under BETWEEN 0 AND persons_checked
        AND youths_identified BETWEEN 0 AND persons_21_or_under
        AND drug_offences_reported >= 0 AND notes IS NOT NULL)),
    CHECK (kind <> 'collaboration_meeting' OR (organisations IS NOT NULL AND summary IS NOT NULL))
);

CREATE INDEX reports_by_activity_date ON reports (activity_id, date);
CREATE INDEX reports_by_officer ON reports (officer_id, received_at);
