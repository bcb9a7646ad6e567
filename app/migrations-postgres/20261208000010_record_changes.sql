-- A change's notification names the table it was made to, so that each instance can count the changes to
-- the record (reports, their corrections and voids, office hours marked held) apart: a page that shows many
-- agreements at a glance may let a burst of those settle for a moment instead of being rendered again for
-- each one (`web::cache`); any other change still shows at once. Notifications with different payloads are
-- not merged, so a transaction that changes the record and something else is seen as both.
CREATE OR REPLACE FUNCTION bump_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lofte_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
