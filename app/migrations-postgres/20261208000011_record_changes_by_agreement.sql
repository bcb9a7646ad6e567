-- A change to the record names the agreement it was made to in its notification (`reports:12`), so that a
-- page showing one agreement's record (its page, its progress) stays current through reports to other
-- agreements instead of being rendered again for every report in the country (`web::cache::freshness`).
-- One notification per agreement and transaction: PostgreSQL merges equal ones. Held office hours count for
-- every agreement of their police area and keep the bare table name: any agreement.
CREATE FUNCTION notify_report_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lofte_changes', TG_TABLE_NAME || ':' || changed.agreement_id)
    FROM (SELECT DISTINCT p.agreement_id
          FROM new_rows r JOIN activities x ON x.id = r.activity_id JOIN promises p ON p.id = x.promise_id)
         AS changed;
    RETURN NULL;
END;
$$;

CREATE FUNCTION notify_report_changes_by_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lofte_changes', TG_TABLE_NAME || ':' || changed.agreement_id)
    FROM (SELECT DISTINCT p.agreement_id
          FROM new_rows n JOIN reports r ON r.id = n.report_id JOIN activities x ON x.id = r.activity_id
          JOIN promises p ON p.id = x.promise_id)
         AS changed;
    RETURN NULL;
END;
$$;

DROP TRIGGER changes_reports ON reports;
DROP TRIGGER changes_report_versions ON report_versions;
DROP TRIGGER changes_report_voids ON report_voids;
CREATE TRIGGER changes_reports AFTER INSERT ON reports REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_report_changes();
CREATE TRIGGER changes_report_versions AFTER INSERT ON report_versions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_report_changes_by_report();
CREATE TRIGGER changes_report_voids AFTER INSERT ON report_voids REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_report_changes_by_report();
