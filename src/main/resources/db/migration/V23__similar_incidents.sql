-- Hindsight schema, part 25: "this happened before" — similar incidents and whether a fix held.
--
-- Similarity is computed when a page asks, from what each incident already stores, for a bounded set of candidates
-- (io.hindsight.similar.SimilarIncidents): trigram similarity of the titles (pg_trgm), shared services, tags and
-- contributing factors, and the words the titles and summaries share. The words are kept per incident as a stored
-- tsvector (parsed once, when the incident is written): the title's words with weight A, then the first 1,000
-- characters of the summary, without words every incident report uses ("customers", "minutes", "error", …), which
-- would make everything look alike. Positions are kept so that a shared phrase ("connection string") can be named.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The words of an incident for similarity; the generated column below and the new-incident form's suggestions
-- (which have no stored row yet) use the same function, so both see the same words.
CREATE FUNCTION incident_similar_terms(title text, summary text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT pg_catalog.ts_delete(
           pg_catalog.setweight(pg_catalog.to_tsvector('pg_catalog.english'::pg_catalog.regconfig, left(coalesce(title, ''), 300)), 'A')
           || pg_catalog.to_tsvector('pg_catalog.english'::pg_catalog.regconfig, left(coalesce(summary, ''), 1000)),
           ARRAY['affect', 'caus', 'could', 'custom', 'day', 'engin', 'error', 'fail', 'failur', 'got', 'hour', 'impact',
                 'incid', 'issu', 'made', 'make', 'mani', 'minut', 'new', 'notic', 'outag', 'peopl', 'problem', 'saw',
                 'see', 'seen', 'servic', 'someon', 'still', 'team', 'time', 'trigger', 'user', 'went', 'would'])
$$;

ALTER TABLE incident ADD COLUMN similar_terms tsvector GENERATED ALWAYS AS (incident_similar_terms(title, summary)) STORED;

-- Candidates that share words with a title: "incidents whose words include two of these" (a GIN search, bounded).
CREATE INDEX incident_similar_terms_idx ON incident USING gin (similar_terms) WHERE deleted_at IS NULL;

-- Candidates that share a contributing factor: the published lesson cards' factors, newest first.
-- (lesson_card_factor_idx of V18 already indexes factor_keys.)

-- Recurrences read the ticked items of an incident's checklists.
CREATE INDEX IF NOT EXISTS incident_checklist_item_checklist_idx ON incident_checklist_item (checklist_id, position);
