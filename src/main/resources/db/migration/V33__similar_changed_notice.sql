-- Hindsight schema: tell every portal instance when what "This happened before" and "did the fix work?" read has
-- changed, so each can keep the incident page's panel in memory between changes (io.hindsight.similar.SimilarCache).
--
-- A statement that writes any table the panel reads sends a notice on the channel hindsight_similar_changed, with the
-- group of tables as its payload: 'similar' for the similar incidents (incidents, postmortems and their lesson cards),
-- 'fixes' for the recurrences (action items and checklists). PostgreSQL delivers a notice only when the transaction
-- commits, and sends one notice per channel and payload per transaction however many statements wrote, so a bulk
-- write costs one notice. A rolled-back write sends none.

CREATE FUNCTION similar_changed() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('hindsight_similar_changed', TG_ARGV[0]);
    RETURN NULL;
END
$$;

CREATE TRIGGER incident_similar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident
    FOR EACH STATEMENT EXECUTE FUNCTION similar_changed('similar');
CREATE TRIGGER postmortem_similar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON postmortem
    FOR EACH STATEMENT EXECUTE FUNCTION similar_changed('similar');
CREATE TRIGGER lesson_card_similar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lesson_card
    FOR EACH STATEMENT EXECUTE FUNCTION similar_changed('similar');
CREATE TRIGGER action_item_similar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON action_item
    FOR EACH STATEMENT EXECUTE FUNCTION similar_changed('fixes');
CREATE TRIGGER incident_checklist_similar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident_checklist
    FOR EACH STATEMENT EXECUTE FUNCTION similar_changed('fixes');
CREATE TRIGGER incident_checklist_item_similar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident_checklist_item
    FOR EACH STATEMENT EXECUTE FUNCTION similar_changed('fixes');
