-- Hindsight schema, part 35: a filtered search walks the date index alone.
--
-- A search with more than 1,000 matches reads the newest documents through search_document_recent_idx (V28) and
-- stops once enough match (SearchService). With a filter on severity, status or publication, most of the documents
-- it passes are left out by the filter, and each used to be fetched from the heap just to read those columns: for
-- "database" with SEV1 and published only, about 12,000 buffers at 100,000 incidents. The index now carries the
-- filter columns (and the Trash flag), so the walk is an index-only scan that fetches a document only once it passed
-- the filters. Still not partial, for the reason given in V28.

DROP INDEX search_document_recent_idx;
CREATE INDEX search_document_recent_idx ON search_document (started_at DESC, incident_id DESC)
    INCLUDE (in_trash, severity, status, published);
