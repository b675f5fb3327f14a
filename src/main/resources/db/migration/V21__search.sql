-- Hindsight schema, part 21: full-text search over everything written about an incident.
--
-- One search document per incident, kept current by the database: statement-level triggers on the incident and
-- every table that holds its text (postmortem, timeline, action items, checklists) rebuild the documents of the
-- incidents a statement touched, once per statement (a bulk insert of 100,000 rows rebuilds each document once).
-- Searches read only the stored tsvector through its GIN index; nothing is parsed per query except the page's
-- snippets.
--
-- Weights: A the title; B the summaries and the Learn section (the lessons); C customer impact, the other
-- postmortem sections, tags and services; D timeline entries, action items and checklist notes. Each piece of
-- text is cut at a length that keeps a document far below PostgreSQL's 1 MB tsvector limit, so no save can fail
-- because its text is long (words past the cut are not found).
--
-- The filters a search offers are copied next to the document (kept current by the same triggers), so that a
-- search reads one table. Incidents in the Trash keep their document, marked in_trash, and are never shown.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE search_document (
    incident_id  bigint       PRIMARY KEY REFERENCES incident (id) ON DELETE CASCADE,
    -- the title alone (weight A): candidates whose title matches are ranked first
    title_vector tsvector     NOT NULL,
    document     tsvector     NOT NULL,
    started_at   timestamptz  NOT NULL,
    severity     varchar(4)   NOT NULL,
    status       varchar(20)  NOT NULL,
    tags         text[]       NOT NULL,
    services     text[]       NOT NULL,
    published    boolean      NOT NULL,
    in_trash     boolean      NOT NULL
);
CREATE INDEX search_document_gin_idx ON search_document USING gin (document);
CREATE INDEX search_document_tags_idx ON search_document USING gin (tags);
CREATE INDEX search_document_services_idx ON search_document USING gin (services);

-- Words of titles, tags and services, for "Did you mean …" on a misspelt short query (trigram similarity).
-- Words are only added: a suggestion is offered only when it finds something visible, so a word whose last
-- incident changed or went to the Trash is never shown.
CREATE TABLE search_word (
    word text PRIMARY KEY
);
CREATE INDEX search_word_trgm_idx ON search_word USING gin (word gin_trgm_ops);

-- Each piece of text is parsed once, when it is written: the tables that hold an incident's longer text carry
-- their part of the document as a stored generated column, and an incident's document is put together from them
-- (concatenating tsvectors parses nothing). Only the incident's own short fields are parsed when it is rebuilt.
CREATE AGGREGATE search_vector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

ALTER TABLE postmortem ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', left(summary || E'\n' || learn, 60000)), 'B')
    || setweight(to_tsvector('english', left(impact || E'\n' || timeline_notes || E'\n' || laugh || E'\n' || fix
                                             || E'\n' || share, 80000)), 'C')) STORED;
ALTER TABLE timeline_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', left(description, 10000)), 'D')) STORED;
ALTER TABLE action_item ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', left(title || E'\n' || reason, 10000)), 'D')) STORED;
ALTER TABLE incident_checklist_item ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', left(note, 10000)), 'D')) STORED;

-- A rebuild reads an incident's checklist items through their checklist.
CREATE INDEX IF NOT EXISTS incident_checklist_item_checklist_idx ON incident_checklist_item (checklist_id, id);

-- Rebuilds the documents of the given incidents (those that no longer exist are skipped; their document went
-- with them). At most the first 100 timeline entries, action items and checklist notes count, so that no
-- incident's document can outgrow what a tsvector holds.
CREATE FUNCTION search_refresh(ids bigint[]) RETURNS void
    LANGUAGE sql SET search_path FROM CURRENT AS $$
INSERT INTO search_document (incident_id, title_vector, document, started_at, severity, status, tags, services,
                             published, in_trash)
SELECT i.id, title_vector,
       title_vector
       || setweight(to_tsvector('english', left(i.summary, 20000)), 'B')
       || setweight(to_tsvector('english', left(i.customer_impact || E'\n' || array_to_string(i.tags, ' ') || E'\n'
                                                || array_to_string(i.affected_services, ' '), 20000)), 'C')
       || coalesce(p.search_vector, '')
       || coalesce((SELECT search_vector_agg(v ORDER BY o, id) FROM (
              SELECT e.search_vector AS v, e.occurred_at AS o, e.id FROM timeline_entry e
              WHERE e.incident_id = i.id ORDER BY e.occurred_at, e.id LIMIT 100) t), '')
       || coalesce((SELECT search_vector_agg(v ORDER BY id) FROM (
              SELECT ai.search_vector AS v, ai.id FROM action_item ai
              WHERE ai.incident_id = i.id ORDER BY ai.id LIMIT 100) a), '')
       || coalesce((SELECT search_vector_agg(v ORDER BY id) FROM (
              SELECT ci.search_vector AS v, ci.id FROM incident_checklist ic
              JOIN incident_checklist_item ci ON ci.checklist_id = ic.id
              WHERE ic.incident_id = i.id AND ci.note <> '' ORDER BY ci.id LIMIT 100) c), ''),
       i.started_at, i.severity, i.status, i.tags, i.affected_services,
       coalesce(p.status = 'PUBLISHED', false), i.deleted_at IS NOT NULL
FROM incident i
CROSS JOIN LATERAL (SELECT setweight(to_tsvector('english', i.title), 'A') AS title_vector) tv
LEFT JOIN postmortem p ON p.incident_id = i.id
WHERE i.id IN (SELECT unnest(ids))
ON CONFLICT (incident_id) DO UPDATE SET
    title_vector = EXCLUDED.title_vector, document = EXCLUDED.document, started_at = EXCLUDED.started_at,
    severity = EXCLUDED.severity, status = EXCLUDED.status, tags = EXCLUDED.tags, services = EXCLUDED.services,
    published = EXCLUDED.published, in_trash = EXCLUDED.in_trash;

INSERT INTO search_word (word)
SELECT DISTINCT w
FROM incident i,
     regexp_split_to_table(lower(i.title || ' ' || array_to_string(i.tags, ' ') || ' '
                                 || array_to_string(i.affected_services, ' ')), '[^[:alnum:]]+') AS w
WHERE i.id IN (SELECT unnest(ids)) AND length(w) BETWEEN 3 AND 40
ON CONFLICT (word) DO NOTHING;
$$;

-- A restore loads every table, this one included, after the incidents whose triggers already wrote the
-- documents: the archive's row replaces the one written (they are equal, being built from the same rows), so a
-- restore neither fails on the key nor ends with documents other than the archive's.
CREATE FUNCTION search_document_replace() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE search_document SET title_vector = NEW.title_vector, document = NEW.document, started_at = NEW.started_at,
        severity = NEW.severity, status = NEW.status, tags = NEW.tags, services = NEW.services,
        published = NEW.published, in_trash = NEW.in_trash
    WHERE incident_id = NEW.incident_id;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER search_document_replace BEFORE INSERT ON search_document
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION search_document_replace();

CREATE FUNCTION search_word_keep() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM search_word WHERE word = NEW.word) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER search_word_keep BEFORE INSERT ON search_word
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION search_word_keep();

-- The statement-level triggers: each sees the rows its statement changed (a transition table) and rebuilds the
-- documents of their incidents once. A bulk load that writes an incident's parts in several statements (the
-- benchmark seed) sets hindsight.search_deferred to on for its transaction and rebuilds the documents of what it
-- added once, at its end.
CREATE FUNCTION search_refresh_incidents() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF current_setting('hindsight.search_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM search_refresh(ARRAY(SELECT id FROM changed_rows));
    RETURN NULL;
END;
$$;

CREATE FUNCTION search_refresh_children() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF current_setting('hindsight.search_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM search_refresh(ARRAY(SELECT DISTINCT incident_id FROM changed_rows));
    RETURN NULL;
END;
$$;

CREATE FUNCTION search_refresh_checklist_items() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF current_setting('hindsight.search_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM search_refresh(ARRAY(SELECT DISTINCT ic.incident_id FROM changed_rows r
                                 JOIN incident_checklist ic ON ic.id = r.checklist_id));
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_incident_inserted AFTER INSERT ON incident REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_incidents();
CREATE TRIGGER search_incident_updated AFTER UPDATE ON incident REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_incidents();

CREATE TRIGGER search_postmortem_inserted AFTER INSERT ON postmortem REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();
CREATE TRIGGER search_postmortem_updated AFTER UPDATE ON postmortem REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();
CREATE TRIGGER search_postmortem_deleted AFTER DELETE ON postmortem REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();

CREATE TRIGGER search_timeline_inserted AFTER INSERT ON timeline_entry REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();
CREATE TRIGGER search_timeline_updated AFTER UPDATE ON timeline_entry REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();
CREATE TRIGGER search_timeline_deleted AFTER DELETE ON timeline_entry REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();

CREATE TRIGGER search_action_item_inserted AFTER INSERT ON action_item REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();
CREATE TRIGGER search_action_item_updated AFTER UPDATE ON action_item REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();
CREATE TRIGGER search_action_item_deleted AFTER DELETE ON action_item REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();

-- A checklist removed from an incident takes its items (and their notes) with it.
CREATE TRIGGER search_checklist_deleted AFTER DELETE ON incident_checklist REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_children();
CREATE TRIGGER search_checklist_item_inserted AFTER INSERT ON incident_checklist_item REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_checklist_items();
CREATE TRIGGER search_checklist_item_updated AFTER UPDATE ON incident_checklist_item REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_checklist_items();
CREATE TRIGGER search_checklist_item_deleted AFTER DELETE ON incident_checklist_item REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_checklist_items();

-- Documents for the incidents recorded before this version.
SELECT search_refresh(ARRAY(SELECT id FROM incident));
