-- Hindsight schema, part 36: "This happened before" finds its candidates through an index of what incidents share.
--
-- The similar panel (io.hindsight.similar.SimilarIncidents) scores a bounded set of candidates. Those that share title
-- words with the subject were found by reading the newest 3,000 incidents and testing each against a tsquery of the
-- title's word pairs: a fixed cost of thousands of rows on every first view of an incident, whatever it shares.
-- Now every incident outside the Trash has one row here per title word, affected service and tag (its features), kept
-- by the database as incidents are written, so "the newest incidents with this word / service / tag" is one short
-- range of an index, read newest first and cut after a few dozen rows: the rows read depend on how many features the
-- subject has, never on how many incidents are stored.

CREATE TABLE incident_similar_feature (
    -- 'w:' and a title word (a lexeme of the title, as incident_similar_terms parses it), 's:' and an affected
    -- service, 't:' and a tag
    feature     text        NOT NULL,
    started_at  timestamptz NOT NULL,
    incident_id bigint      NOT NULL
);
COMMENT ON TABLE incident_similar_feature IS 'Derived from incident by triggers: not backed up, rebuilt as incidents are restored.';

-- The newest incidents with a feature: an index-only scan of one key, newest first.
CREATE INDEX incident_similar_feature_newest_idx ON incident_similar_feature (feature, started_at DESC, incident_id DESC);
-- An incident's rows, replaced when it is edited, trashed, restored or deleted.
CREATE INDEX incident_similar_feature_incident_idx ON incident_similar_feature (incident_id);

-- The features of an incident; the panel computes the subject's with the same function.
CREATE FUNCTION incident_similar_features(title text, services text[], tags text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path FROM CURRENT
AS $$
SELECT ARRAY(SELECT 'w:' || w FROM unnest(pg_catalog.tsvector_to_array(incident_similar_terms(title, ''))) AS w
             UNION
             SELECT 's:' || s FROM unnest(coalesce(services, '{}')) AS s
             UNION
             SELECT 't:' || t FROM unnest(coalesce(tags, '{}')) AS t)
$$;

-- One function for every writing statement, as for the list's counts (V19): statement-level, so the seed command
-- or a restore adding 100,000 incidents writes the features in one insert. An update replaces the rows of the
-- incidents whose title, start, services, tags or place in the Trash changed, and of no other.
CREATE FUNCTION incident_similar_feature_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO incident_similar_feature (feature, started_at, incident_id)
        SELECT f, n.started_at, n.id
        FROM new_rows n CROSS JOIN LATERAL unnest(incident_similar_features(n.title, n.affected_services, n.tags)) AS f
        WHERE n.deleted_at IS NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        WITH changed AS (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.title, n.started_at, n.affected_services, n.tags, n.deleted_at IS NULL)
                  IS DISTINCT FROM (o.title, o.started_at, o.affected_services, o.tags, o.deleted_at IS NULL)
        ), gone AS (
            DELETE FROM incident_similar_feature x USING changed c WHERE x.incident_id = c.id
        )
        INSERT INTO incident_similar_feature (feature, started_at, incident_id)
        SELECT f, n.started_at, n.id
        FROM new_rows n JOIN changed c ON c.id = n.id
             CROSS JOIN LATERAL unnest(incident_similar_features(n.title, n.affected_services, n.tags)) AS f
        WHERE n.deleted_at IS NULL;
    ELSE
        DELETE FROM incident_similar_feature x USING old_rows o WHERE x.incident_id = o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER incident_similar_feature_insert AFTER INSERT ON incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_similar_feature_change();
CREATE TRIGGER incident_similar_feature_update AFTER UPDATE ON incident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_similar_feature_change();
CREATE TRIGGER incident_similar_feature_delete AFTER DELETE ON incident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_similar_feature_change();

-- Emptying incident (a restore does, before it loads the archive) empties its features.
CREATE FUNCTION incident_similar_feature_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    DELETE FROM incident_similar_feature;
    RETURN NULL;
END
$$;
CREATE TRIGGER incident_similar_feature_truncate AFTER TRUNCATE ON incident
    FOR EACH STATEMENT EXECUTE FUNCTION incident_similar_feature_truncate();

-- What is there already.
INSERT INTO incident_similar_feature (feature, started_at, incident_id)
SELECT f, i.started_at, i.id
FROM incident i CROSS JOIN LATERAL unnest(incident_similar_features(i.title, i.affected_services, i.tags)) AS f
WHERE i.deleted_at IS NULL;
ANALYZE incident_similar_feature;
