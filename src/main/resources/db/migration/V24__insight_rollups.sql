-- Hindsight schema, part 24: the insights page reads monthly rollups instead of every incident, action item and
-- checklist item of its range. Three derived tables hold, per calendar month (UTC) × severity × service, what the
-- charts add up: the tags, services and contributing factors of the incidents started that month; the action items
-- opened, done and due in it (by day); the checklist items of the incidents started in it. The service '' is "any service":
-- every incident counts once there, and once more under each service it affected, so a filter on one service reads
-- only its own rows. A page reads the whole months of its range from the rollups and the days at its edges (a range
-- starting mid-month, the month still running) from the source tables through the same function that fills the
-- rollups, so both always agree.
--
-- Kept current by statement-level triggers: each writing statement recomputes the months it touched (once, however
-- many rows it wrote), under a per-month advisory lock so that two writers of one month take turns. Medians and 90th
-- percentiles are not additive and stay exact: they are read from incident_insight_month_idx (V22), which now also
-- carries the affected services so that a service filter is an index-only scan too.

-- Tags, services and contributing factors of the incidents started in a month.
CREATE TABLE insight_label_month (
    service   text       NOT NULL,
    month     date       NOT NULL,
    severity  varchar(4) NOT NULL,
    kind      varchar(7) NOT NULL,
    label     text       NOT NULL,
    incidents bigint     NOT NULL,
    PRIMARY KEY (service, month, severity, kind, label)
);
COMMENT ON TABLE insight_label_month IS 'Derived from incident and lesson_card by triggers: not backed up, rebuilt as incidents are restored.';

-- Action items opened, done, and still open although due, per day of each event, by their incident: by day, so that
-- "overdue" (due before today) and any range of days read the rollup alone.
CREATE TABLE insight_action_day (
    service  text       NOT NULL,
    day      date       NOT NULL,
    severity varchar(4) NOT NULL,
    opened   bigint     NOT NULL,
    done     bigint     NOT NULL,
    open_due bigint     NOT NULL,
    PRIMARY KEY (service, day, severity)
);
COMMENT ON TABLE insight_action_day IS 'Derived from action_item and incident by triggers: not backed up, rebuilt as they are restored.';

-- Checklists attached to the incidents started in a month and the states of their items.
CREATE TABLE insight_checklist_month (
    service        text        NOT NULL,
    month          date        NOT NULL,
    severity       varchar(4)  NOT NULL,
    slug           varchar(60) NOT NULL,
    attached       bigint      NOT NULL,
    items          bigint      NOT NULL,
    done           bigint      NOT NULL,
    not_applicable bigint      NOT NULL,
    open           bigint      NOT NULL,
    PRIMARY KEY (service, month, severity, slug)
);
COMMENT ON TABLE insight_checklist_month IS 'Derived from incident checklists by triggers: not backed up, rebuilt as they are restored.';

-- The row functions: what a rollup holds for [span_start, span_end), computed from the source tables. only_service
-- NULL gives every service's rows (filling the rollup); '' only the "any service" rows; a name only that service's.
-- only_severity NULL gives every severity.
-- jit is off in every function here: the planner's estimates through CTEs and unnest are far above the few thousand
-- rows of a month, and compiling the expressions took seconds where running them takes milliseconds.
CREATE FUNCTION insight_label_rows(span_start timestamptz, span_end timestamptz, only_service text, only_severity text)
    RETURNS TABLE (service text, month date, severity varchar(4), kind varchar(7), label text, incidents bigint)
    LANGUAGE sql STABLE
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    -- Each incident's labels and service slices side by side (laterals, no join between sets whose sizes a generic
    -- plan cannot know), so the cost is linear in the incidents of the span.
    SELECT s.service, date_trunc('month', i.started_at AT TIME ZONE 'UTC')::date, i.severity, l.kind, l.label, count(*)
    FROM incident i
         CROSS JOIN LATERAL (SELECT '' UNION SELECT DISTINCT u FROM unnest(i.affected_services) u) AS s(service)
         CROSS JOIN LATERAL (
             SELECT 'tag'::varchar(7), t FROM unnest(i.tags) AS t
             UNION ALL
             SELECT 'service', x FROM unnest(i.affected_services) AS x
             UNION ALL
             SELECT 'factor', k FROM lesson_card c CROSS JOIN LATERAL unnest(c.factor_keys) AS k WHERE c.incident_id = i.id
         ) AS l(kind, label)
    WHERE i.deleted_at IS NULL AND i.started_at >= span_start AND i.started_at < span_end
      AND (only_severity IS NULL OR i.severity = only_severity)
      AND (only_service IS NULL OR only_service = '' OR i.affected_services @> ARRAY[only_service])
      AND (only_service IS NULL OR s.service = only_service)
    GROUP BY 1, 2, 3, 4, 5
$$;

CREATE FUNCTION insight_action_rows(span_start timestamptz, span_end timestamptz)
    RETURNS TABLE (service text, day date, severity varchar(4), opened bigint, done bigint, open_due bigint)
    LANGUAGE sql STABLE
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    WITH events AS (
        SELECT a.incident_id, (a.created_at AT TIME ZONE 'UTC')::date AS day, 1 AS opened, 0 AS done, 0 AS open_due
        FROM action_item a
        WHERE a.created_at >= span_start AND a.created_at < span_end
        UNION ALL
        SELECT a.incident_id, (a.completed_at AT TIME ZONE 'UTC')::date, 0, 1, 0
        FROM action_item a
        WHERE a.status = 'DONE' AND a.completed_at >= span_start AND a.completed_at < span_end
        UNION ALL
        SELECT a.incident_id, a.due_on, 0, 0, 1
        FROM action_item a
        WHERE a.status IN ('OPEN', 'IN_PROGRESS')
          AND a.due_on >= (span_start AT TIME ZONE 'UTC')::date AND a.due_on < (span_end AT TIME ZONE 'UTC')::date
    )
    SELECT s.service, e.day, i.severity, sum(e.opened), sum(e.done), sum(e.open_due)
    FROM events e
         JOIN incident i ON i.id = e.incident_id AND i.deleted_at IS NULL
         CROSS JOIN LATERAL (SELECT '' UNION SELECT DISTINCT u FROM unnest(i.affected_services) u) AS s(service)
    GROUP BY s.service, e.day, i.severity
$$;

CREATE FUNCTION insight_checklist_rows(span_start timestamptz, span_end timestamptz, only_service text, only_severity text)
    RETURNS TABLE (service text, month date, severity varchar(4), slug varchar(60), attached bigint, items bigint, done bigint,
                   not_applicable bigint, open bigint)
    LANGUAGE sql STABLE
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    WITH per_checklist AS (
        SELECT date_trunc('month', i.started_at AT TIME ZONE 'UTC')::date AS month, i.severity, i.affected_services, c.slug,
               count(ci.id) AS items,
               count(ci.id) FILTER (WHERE ci.state = 'DONE') AS done,
               count(ci.id) FILTER (WHERE ci.state = 'NOT_APPLICABLE') AS not_applicable,
               count(ci.id) FILTER (WHERE ci.state = 'OPEN') AS open
        FROM incident i
             JOIN incident_checklist c ON c.incident_id = i.id
             LEFT JOIN incident_checklist_item ci ON ci.checklist_id = c.id
        WHERE i.deleted_at IS NULL AND i.started_at >= span_start AND i.started_at < span_end
          AND (only_severity IS NULL OR i.severity = only_severity)
          AND (only_service IS NULL OR only_service = '' OR i.affected_services @> ARRAY[only_service])
        GROUP BY c.id, i.id
    )
    SELECT s.service, p.month, p.severity, p.slug, count(*), sum(p.items), sum(p.done), sum(p.not_applicable), sum(p.open)
    FROM per_checklist p
         CROSS JOIN LATERAL (SELECT '' UNION SELECT DISTINCT u FROM unnest(p.affected_services) u) AS s(service)
    WHERE only_service IS NULL OR s.service = only_service
    GROUP BY s.service, p.month, p.severity, p.slug
$$;

-- Recomputes the given months of each rollup, in month order under one advisory lock per rollup and month.
CREATE FUNCTION insight_recompute(label_months date[], action_months date[], checklist_months date[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    m date;
BEGIN
    FOR m IN SELECT DISTINCT x FROM unnest(label_months) x WHERE x IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('insight_label_month'), (m - date '1970-01-01'));
        DELETE FROM insight_label_month WHERE month = m;
        INSERT INTO insight_label_month
        SELECT * FROM insight_label_rows(m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC', NULL, NULL);
    END LOOP;
    FOR m IN SELECT DISTINCT x FROM unnest(action_months) x WHERE x IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('insight_action_day'), (m - date '1970-01-01'));
        DELETE FROM insight_action_day WHERE day >= m AND day < m + interval '1 month';
        INSERT INTO insight_action_day
        SELECT * FROM insight_action_rows(m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC');
    END LOOP;
    FOR m IN SELECT DISTINCT x FROM unnest(checklist_months) x WHERE x IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('insight_checklist_month'), (m - date '1970-01-01'));
        DELETE FROM insight_checklist_month WHERE month = m;
        INSERT INTO insight_checklist_month
        SELECT * FROM insight_checklist_rows(m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC', NULL, NULL);
    END LOOP;
END
$$;

CREATE FUNCTION insight_month(at timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE
AS $$ SELECT date_trunc('month', at AT TIME ZONE 'UTC')::date $$;

-- Incidents: a change of what the insights group by (start, severity, tags, services, the Trash) recomputes the
-- months it started in, before and after, and the months of its action items' events. Other edits cost nothing.
CREATE FUNCTION insight_incident_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    ids    bigint[];
    months date[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(id), array_agg(DISTINCT insight_month(started_at)) INTO ids, months FROM new_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.id), array_agg(DISTINCT insight_month(n.started_at)) || array_agg(DISTINCT insight_month(o.started_at))
        INTO ids, months
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.started_at, n.severity, n.tags, n.affected_services, n.deleted_at)
              IS DISTINCT FROM (o.started_at, o.severity, o.tags, o.affected_services, o.deleted_at);
    ELSE
        SELECT array_agg(id), array_agg(DISTINCT insight_month(started_at)) INTO ids, months FROM old_rows;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM insight_recompute(months,
        ARRAY(SELECT insight_month(a.created_at) FROM action_item a WHERE a.incident_id = ANY (ids)
              UNION SELECT insight_month(a.completed_at) FROM action_item a WHERE a.incident_id = ANY (ids)
              UNION SELECT date_trunc('month', a.due_on::timestamp)::date FROM action_item a WHERE a.incident_id = ANY (ids)),
        months);
    RETURN NULL;
END
$$;
CREATE TRIGGER insight_incident_insert AFTER INSERT ON incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_change();
CREATE TRIGGER insight_incident_update AFTER UPDATE ON incident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_change();
CREATE TRIGGER insight_incident_delete AFTER DELETE ON incident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_change();

-- Action items: the months of their events, before and after.
CREATE FUNCTION insight_action_item_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    months date[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        months := ARRAY(SELECT insight_month(created_at) FROM new_rows UNION SELECT insight_month(completed_at) FROM new_rows
                        UNION SELECT date_trunc('month', due_on::timestamp)::date FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        months := ARRAY(
            WITH changed AS (
                SELECT n.created_at AS n_created, n.completed_at AS n_completed, n.due_on AS n_due,
                       o.created_at AS o_created, o.completed_at AS o_completed, o.due_on AS o_due
                FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.incident_id, n.status, n.created_at, n.completed_at, n.due_on)
                      IS DISTINCT FROM (o.incident_id, o.status, o.created_at, o.completed_at, o.due_on))
            SELECT insight_month(n_created) FROM changed UNION SELECT insight_month(n_completed) FROM changed
            UNION SELECT date_trunc('month', n_due::timestamp)::date FROM changed
            UNION SELECT insight_month(o_created) FROM changed UNION SELECT insight_month(o_completed) FROM changed
            UNION SELECT date_trunc('month', o_due::timestamp)::date FROM changed);
    ELSE
        months := ARRAY(SELECT insight_month(created_at) FROM old_rows UNION SELECT insight_month(completed_at) FROM old_rows
                        UNION SELECT date_trunc('month', due_on::timestamp)::date FROM old_rows);
    END IF;
    PERFORM insight_recompute(NULL, months, NULL);
    RETURN NULL;
END
$$;
CREATE TRIGGER insight_action_item_insert AFTER INSERT ON action_item
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_action_item_change();
CREATE TRIGGER insight_action_item_update AFTER UPDATE ON action_item
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_action_item_change();
CREATE TRIGGER insight_action_item_delete AFTER DELETE ON action_item
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_action_item_change();

-- Lesson cards (contributing factors) and checklists: the months their incidents started in.
CREATE FUNCTION insight_incident_part_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    ids    bigint[];
    months date[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT incident_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        ids := ARRAY(SELECT incident_id FROM new_rows UNION SELECT incident_id FROM old_rows);
    ELSE
        ids := ARRAY(SELECT incident_id FROM old_rows);
    END IF;
    months := ARRAY(SELECT DISTINCT insight_month(started_at) FROM incident WHERE id = ANY (ids));
    IF TG_TABLE_NAME = 'lesson_card' THEN
        PERFORM insight_recompute(months, NULL, NULL);
    ELSE
        PERFORM insight_recompute(NULL, NULL, months);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER insight_lesson_card_insert AFTER INSERT ON lesson_card
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_part_change();
CREATE TRIGGER insight_lesson_card_update AFTER UPDATE ON lesson_card
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_part_change();
CREATE TRIGGER insight_lesson_card_delete AFTER DELETE ON lesson_card
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_part_change();
CREATE TRIGGER insight_checklist_insert AFTER INSERT ON incident_checklist
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_part_change();
CREATE TRIGGER insight_checklist_update AFTER UPDATE ON incident_checklist
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_part_change();
CREATE TRIGGER insight_checklist_delete AFTER DELETE ON incident_checklist
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_incident_part_change();

-- Checklist items: the months their checklists' incidents started in, when a state changed.
CREATE FUNCTION insight_checklist_item_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    checklists bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        checklists := ARRAY(SELECT checklist_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        checklists := ARRAY(SELECT n.checklist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                            WHERE (n.checklist_id, n.state) IS DISTINCT FROM (o.checklist_id, o.state)
                            UNION SELECT o.checklist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                            WHERE (n.checklist_id, n.state) IS DISTINCT FROM (o.checklist_id, o.state));
    ELSE
        checklists := ARRAY(SELECT checklist_id FROM old_rows);
    END IF;
    IF cardinality(checklists) > 0 THEN
        PERFORM insight_recompute(NULL, NULL, ARRAY(
            SELECT DISTINCT insight_month(i.started_at) FROM incident_checklist c JOIN incident i ON i.id = c.incident_id
            WHERE c.id = ANY (checklists)));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER insight_checklist_item_insert AFTER INSERT ON incident_checklist_item
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_checklist_item_change();
CREATE TRIGGER insight_checklist_item_update AFTER UPDATE ON incident_checklist_item
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_checklist_item_change();
CREATE TRIGGER insight_checklist_item_delete AFTER DELETE ON incident_checklist_item
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_checklist_item_change();

-- Emptying incident (a restore does, before it loads the archive) empties the rollups; loading refills them.
CREATE FUNCTION insight_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
BEGIN
    DELETE FROM insight_label_month;
    DELETE FROM insight_action_day;
    DELETE FROM insight_checklist_month;
    RETURN NULL;
END
$$;
CREATE TRIGGER insight_truncate AFTER TRUNCATE ON incident FOR EACH STATEMENT EXECUTE FUNCTION insight_truncate();

-- The response-time query with a service filter stays an index-only scan: the services join the covering index.
DROP INDEX incident_insight_month_idx;
CREATE INDEX incident_insight_month_idx ON incident (started_at)
    INCLUDE (severity, detected_at, mitigated_at, resolved_at, affected_services)
    WHERE deleted_at IS NULL;

-- What is there already.
SELECT insight_recompute(
    ARRAY(SELECT DISTINCT insight_month(started_at) FROM incident),
    ARRAY(SELECT insight_month(created_at) FROM action_item UNION SELECT insight_month(completed_at) FROM action_item
          UNION SELECT date_trunc('month', due_on::timestamp)::date FROM action_item),
    ARRAY(SELECT DISTINCT insight_month(started_at) FROM incident));
