-- Every entry the Atom feeds have shown, by a key made of what it is about (`agreement:12:published`,
-- `agreement:12:day:2026-12-07`): its lasting id, the content it last had, and when that content last
-- changed. Ids are never reused or changed; `updated` moves only when the content does.
CREATE TABLE feed_entries (
    key      text        PRIMARY KEY,
    id       text        NOT NULL UNIQUE,
    content  text        NOT NULL,
    updated  timestamptz NOT NULL
);
