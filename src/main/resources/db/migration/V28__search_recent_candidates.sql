-- Hindsight schema, part 29: a search for a common word costs the same however many incidents mention it.
--
-- A query with more than 1,000 matches is not ranked over all of them (see SearchService): its candidates are the
-- newest documents whose title matches, then the newest whose text matches, read newest first through the date
-- index below and stopped as soon as enough are found. A title that matches a rarer word is found through the
-- title's own GIN index instead.
--
-- The date index is not partial (WHERE NOT in_trash) on purpose: a partial index whose condition a query repeats
-- is a way to read the whole table in some order, and the planner would then walk it for a count rather than use
-- the GIN index; without an order to serve, a full index is never chosen for that.

CREATE INDEX search_document_recent_idx ON search_document (started_at DESC, incident_id DESC);
CREATE INDEX search_document_title_gin_idx ON search_document USING gin (title_vector);
