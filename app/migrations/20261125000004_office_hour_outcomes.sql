-- Officers mark each occurrence of the office hours as held or cancelled. Held occurrences are what the
-- office-hours activity counts; a cancelled one shows struck through, like the admin's cancellations.

-- A one-off extra can be cancelled too; a slot's occurrence is cancelled in office_hour_cancellations.
ALTER TABLE office_hour_extras ADD COLUMN cancelled_reason TEXT
    CHECK (cancelled_reason IS NULL OR length(trim(cancelled_reason)) > 0);

CREATE TABLE office_hour_held (
    id          INTEGER PRIMARY KEY,
    slot_id     INTEGER REFERENCES office_hour_slots (id),
    extra_id    INTEGER REFERENCES office_hour_extras (id),
    date        TEXT    NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((slot_id IS NULL) <> (extra_id IS NULL)),
    -- Counted once: one row per occurrence.
    UNIQUE (slot_id, date),
    UNIQUE (extra_id)
);

-- An occurrence is held or cancelled, never both, whoever writes.
CREATE TRIGGER office_hour_held_not_cancelled BEFORE INSERT ON office_hour_held
WHEN EXISTS (SELECT 1 FROM office_hour_cancellations c WHERE c.slot_id = NEW.slot_id AND c.date = NEW.date)
  OR EXISTS (SELECT 1 FROM office_hour_extras e WHERE e.id = NEW.extra_id AND e.cancelled_reason IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the occurrence is cancelled');
END;

CREATE TRIGGER office_hour_cancelled_not_held BEFORE INSERT ON office_hour_cancellations
WHEN EXISTS (SELECT 1 FROM office_hour_held h WHERE h.slot_id = NEW.slot_id AND h.date = NEW.date)
BEGIN
    SELECT RAISE(ABORT, 'the occurrence was held');
END;

CREATE TRIGGER office_hour_extra_cancelled_not_held BEFORE UPDATE OF cancelled_reason ON office_hour_extras
WHEN NEW.cancelled_reason IS NOT NULL AND EXISTS (SELECT 1 FROM office_hour_held h WHERE h.extra_id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the occurrence was held');
END;

-- What was held is part of the record: it is never changed or removed.
CREATE TRIGGER office_hour_held_no_update BEFORE UPDATE ON office_hour_held
BEGIN
    SELECT RAISE(ABORT, 'office_hour_held is insert-only');
END;

CREATE TRIGGER office_hour_held_no_delete BEFORE DELETE ON office_hour_held
BEGIN
    SELECT RAISE(ABORT, 'office_hour_held is insert-only');
END;
