-- Hindsight schema, part 38: a filtered search and the newest title hits cost the same at any history.
--
-- A filter on a service, a tag, a severity or a status used to be applied after the text index had built the
-- bitmap of every document using the word (69,000 for "database" at 100,000 incidents), or through separate GIN
-- indexes whose bitmaps were built in full and then intersected. One GIN index now holds the document and those
-- filter columns (btree_gin gives varchar columns a GIN operator class; services and tags use the array one), so
-- a search with filters intersects them inside the index and reads only the documents that pass. A GIN index over
-- several columns serves a condition on any of them alone as well as its single-column indexes did, so it
-- replaces them. btree_gin ships with PostgreSQL (contrib) and is a trusted extension: the database's owner may
-- create it, as for pg_trgm (V21).
--
-- The newest title hits of a query with many matches are found by walking the date index (V28, V34); it now
-- carries the title's tsvector too, so that walk tests the title inside the index and fetches no row (before: one
-- row fetched per document passed, or every title hit sorted: 3,882 buffers for replica* at 100,000 incidents).
-- A title is at most 200 characters, so its tsvector stays far below what an index entry holds.

CREATE EXTENSION IF NOT EXISTS btree_gin;

DROP INDEX search_document_gin_idx;
DROP INDEX search_document_tags_idx;
DROP INDEX search_document_services_idx;
CREATE INDEX search_document_gin_idx ON search_document USING gin (document, services, tags, severity, status);

DROP INDEX search_document_recent_idx;
CREATE INDEX search_document_recent_idx ON search_document (started_at DESC, incident_id DESC)
    INCLUDE (in_trash, severity, status, published, title_vector);
