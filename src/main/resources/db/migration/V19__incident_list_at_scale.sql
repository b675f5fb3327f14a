-- Hindsight schema, part 19: the incident list costs the same with years of history. The counts its status tabs
-- show and the tags and services its filters suggest are kept by the database itself as incidents are written
-- (any writer: the portal, imports, the seed command, a restore, the Trash), instead of counted over every
-- incident per request; indexes match each filter and order of the list and of the API.

-- Substring search (the list's and the API's `q`, case-insensitive) through trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- How many incidents outside the Trash have each status and severity.
CREATE TABLE incident_tally (
    status    varchar(20) NOT NULL,
    severity  varchar(4)  NOT NULL,
    incidents bigint      NOT NULL,
    PRIMARY KEY (status, severity)
);
COMMENT ON TABLE incident_tally IS 'Derived from incident by triggers: not backed up, rebuilt as incidents are restored.';

-- Every tag and affected service in use by an incident outside the Trash, with how many use it.
CREATE TABLE incident_known_tag (
    tag       text   PRIMARY KEY,
    incidents bigint NOT NULL
);
COMMENT ON TABLE incident_known_tag IS 'Derived from incident by triggers: not backed up, rebuilt as incidents are restored.';

CREATE TABLE incident_known_service (
    service   text   PRIMARY KEY,
    incidents bigint NOT NULL
);
COMMENT ON TABLE incident_known_service IS 'Derived from incident by triggers: not backed up, rebuilt as incidents are restored.';

-- One function for every writing statement: the rows it wrote (new_rows) count up, the rows it replaced or removed
-- (old_rows) count down, each only while outside the Trash; one upsert per statement, keys in a fixed order (so two
-- writers never wait for each other crosswise). Statement-level, so a restore or the seed adding 100,000 incidents
-- updates each count once rather than once per row. search_path is fixed at creation, so the triggers of a scratch
-- schema (a restore of an older archive) keep to that schema's tables.
CREATE TYPE incident_derived_delta AS (status varchar(20), severity varchar(4), tags text[], services text[], n int);

CREATE FUNCTION incident_derived_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    delta incident_derived_delta[];
    gone  text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(ROW(status, severity, tags, affected_services, 1)::incident_derived_delta) INTO delta
        FROM new_rows WHERE deleted_at IS NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(d) INTO delta FROM (
            SELECT ROW(status, severity, tags, affected_services, 1)::incident_derived_delta FROM new_rows WHERE deleted_at IS NULL
            UNION ALL
            SELECT ROW(status, severity, tags, affected_services, -1)::incident_derived_delta FROM old_rows WHERE deleted_at IS NULL
        ) s(d);
    ELSE
        SELECT array_agg(ROW(status, severity, tags, affected_services, -1)::incident_derived_delta) INTO delta
        FROM old_rows WHERE deleted_at IS NULL;
    END IF;
    IF delta IS NULL THEN
        RETURN NULL;
    END IF;

    INSERT INTO incident_tally AS t (status, severity, incidents)
    SELECT status, severity, sum(n) FROM unnest(delta)
    GROUP BY status, severity HAVING sum(n) <> 0 ORDER BY status, severity
    ON CONFLICT (status, severity) DO UPDATE SET incidents = t.incidents + excluded.incidents;

    WITH changed AS (
        INSERT INTO incident_known_tag AS k (tag, incidents)
        SELECT tag, sum(n) FROM unnest(delta) d,
            LATERAL (SELECT DISTINCT u AS tag FROM unnest(d.tags) u) x
        GROUP BY tag HAVING sum(n) <> 0 ORDER BY tag
        ON CONFLICT (tag) DO UPDATE SET incidents = k.incidents + excluded.incidents
        RETURNING tag, incidents)
    SELECT array_agg(tag) INTO gone FROM changed WHERE incidents <= 0;
    IF gone IS NOT NULL THEN
        DELETE FROM incident_known_tag WHERE tag = ANY (gone) AND incidents <= 0;
    END IF;

    WITH changed AS (
        INSERT INTO incident_known_service AS k (service, incidents)
        SELECT service, sum(n) FROM unnest(delta) d,
            LATERAL (SELECT DISTINCT u AS service FROM unnest(d.services) u) x
        GROUP BY service HAVING sum(n) <> 0 ORDER BY service
        ON CONFLICT (service) DO UPDATE SET incidents = k.incidents + excluded.incidents
        RETURNING service, incidents)
    SELECT array_agg(service) INTO gone FROM changed WHERE incidents <= 0;
    IF gone IS NOT NULL THEN
        DELETE FROM incident_known_service WHERE service = ANY (gone) AND incidents <= 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER incident_derived_insert AFTER INSERT ON incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_derived_change();
CREATE TRIGGER incident_derived_update AFTER UPDATE ON incident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_derived_change();
CREATE TRIGGER incident_derived_delete AFTER DELETE ON incident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_derived_change();

-- Emptying incident (a restore does, before it loads the archive) empties what is derived from it.
CREATE FUNCTION incident_derived_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    DELETE FROM incident_tally;
    DELETE FROM incident_known_tag;
    DELETE FROM incident_known_service;
    RETURN NULL;
END
$$;
CREATE TRIGGER incident_derived_truncate AFTER TRUNCATE ON incident
    FOR EACH STATEMENT EXECUTE FUNCTION incident_derived_truncate();

-- What is there already.
INSERT INTO incident_tally (status, severity, incidents)
SELECT status, severity, count(*) FROM incident WHERE deleted_at IS NULL GROUP BY status, severity;
INSERT INTO incident_known_tag (tag, incidents)
SELECT tag, count(DISTINCT i.id) FROM incident i, unnest(i.tags) tag WHERE i.deleted_at IS NULL GROUP BY tag;
INSERT INTO incident_known_service (service, incidents)
SELECT service, count(DISTINCT i.id) FROM incident i, unnest(i.affected_services) service WHERE i.deleted_at IS NULL
GROUP BY service;

-- The list's orders, each with its keyset (a page starts after the last row of the one before); ties by id.
-- Newest / oldest use incident_started_at_idx (V1); within a status tab:
CREATE INDEX incident_list_status_idx ON incident (status, started_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX incident_list_severity_idx ON incident (severity, started_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX incident_list_updated_idx ON incident (updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX incident_list_title_idx ON incident (lower(title), id) WHERE deleted_at IS NULL;
-- Text in the title or summary (lower(x) LIKE '%text%'); tags and services use the GIN indexes of V1.
CREATE INDEX incident_title_trgm_idx ON incident USING gin (lower(title) gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX incident_summary_trgm_idx ON incident USING gin (lower(summary) gin_trgm_ops) WHERE deleted_at IS NULL;
-- What the planner knows of those texts: statistics of the expressions (partial indexes lend none), so a common word
-- walks the list's order and stops at a page, and a rare one reads its few matches through the trigram indexes.
CREATE STATISTICS incident_text_stats ON (lower(title)), (lower(summary)) FROM incident;
