-- The audit log is append-only: rows are inserted, never changed or removed.

-- An account leaving must not touch its events: the actor id stays as written (the log names a
-- deleted account by its number) instead of being set to NULL by a foreign key.
ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_actor_id_fkey;

CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % of audit event % refused', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'The audit log keeps every event as it was written; record a new event instead.';
END;
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

-- The admin page and API filter by action, actor and subject, newest first.
CREATE INDEX audit_event_action_idx ON audit_event (action, id DESC);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, id DESC);
CREATE INDEX audit_event_subject_idx ON audit_event (subject, id DESC);
