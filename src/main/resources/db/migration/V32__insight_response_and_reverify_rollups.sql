-- Hindsight schema, part 33: the last two insights datasets that read history per request get rollups too.
--
-- Incidents per month by severity and their response times (median and 90th percentile of the time to detect,
-- mitigate, resolve) read every incident of the range (16,500 a year at 100,000 incidents). Percentiles do not add up
-- across months, but the page shows them per month: a month's exact percentile_cont values are stored with the month,
-- for each severity and for all severities together ('' ), per service as the other rollups ('' = any service).
--
-- Re-verifications due counted every ticked checklist item whose re-verification date had passed, whenever its
-- incident was (29,000 at 100,000 incidents). They are now rolled up per month of the due date: "overdue" is every
-- month before the current one from the rollup plus the current month's items read live, "due within 30 days" is
-- read live (at most two months of due dates, through incident_checklist_item_reverify_due_idx).
--
-- Both are kept as V31 keeps the others: the triggers note the months touched in insight_pending (rollup 4 =
-- incidents, 5 = re-verifications) and the deferred flush recomputes them once per transaction at commit.

CREATE TABLE insight_incident_month (
    service   text               NOT NULL,
    month     date               NOT NULL,
    severity  varchar(4)         NOT NULL, -- SEV1..SEV4, or '' for every severity
    incidents bigint             NOT NULL,
    detect    double precision[],          -- percentile_cont(ARRAY[0.5, 0.9]) of the seconds to detect; NULL if none
    mitigate  double precision[],
    resolve   double precision[],
    PRIMARY KEY (service, month, severity)
);
COMMENT ON TABLE insight_incident_month IS 'Derived from incident by triggers: not backed up, rebuilt as incidents are restored.';

CREATE TABLE insight_reverify_month (
    service  text        NOT NULL,
    month    date        NOT NULL, -- month (UTC) of reverify_due_at
    severity varchar(4)  NOT NULL,
    slug     varchar(60) NOT NULL,
    items    bigint      NOT NULL,
    PRIMARY KEY (service, month, severity, slug)
);
COMMENT ON TABLE insight_reverify_month IS 'Derived from incident checklist items by triggers: not backed up, rebuilt as they are restored.';

-- What insight_incident_month holds for [span_start, span_end), from the incidents themselves (also the edges of a
-- range that are not whole past months). only_service: NULL every service's rows, '' the "any service" rows, a name
-- only that service's. only_severity NULL: every severity (and the '' rows).
CREATE FUNCTION insight_incident_rows(span_start timestamptz, span_end timestamptz, only_service text, only_severity text)
    RETURNS TABLE (service text, month date, severity varchar(4), incidents bigint, detect double precision[],
                   mitigate double precision[], resolve double precision[])
    LANGUAGE sql STABLE
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    SELECT s.service, date_trunc('month', i.started_at AT TIME ZONE 'UTC')::date, coalesce(i.severity, '')::varchar(4), count(*),
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM i.detected_at - i.started_at)),
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM i.mitigated_at - i.started_at)),
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM i.resolved_at - i.started_at))
    FROM incident i
         CROSS JOIN LATERAL (SELECT '' UNION SELECT DISTINCT u FROM unnest(i.affected_services) u) AS s(service)
    WHERE i.deleted_at IS NULL AND i.started_at >= span_start AND i.started_at < span_end
      AND (only_severity IS NULL OR i.severity = only_severity)
      AND (only_service IS NULL OR only_service = '' OR i.affected_services @> ARRAY[only_service])
      AND (only_service IS NULL OR s.service = only_service)
    GROUP BY GROUPING SETS ((s.service, date_trunc('month', i.started_at AT TIME ZONE 'UTC'), i.severity),
                            (s.service, date_trunc('month', i.started_at AT TIME ZONE 'UTC')))
$$;

-- What insight_reverify_month holds for the due dates in [span_start, span_end): ticked items by their incident.
CREATE FUNCTION insight_reverify_rows(span_start timestamptz, span_end timestamptz)
    RETURNS TABLE (service text, month date, severity varchar(4), slug varchar(60), items bigint)
    LANGUAGE sql STABLE
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    SELECT s.service, date_trunc('month', ci.reverify_due_at AT TIME ZONE 'UTC')::date, i.severity, c.slug, count(*)
    FROM incident_checklist_item ci
         JOIN incident_checklist c ON c.id = ci.checklist_id
         JOIN incident i ON i.id = c.incident_id AND i.deleted_at IS NULL
         CROSS JOIN LATERAL (SELECT '' UNION SELECT DISTINCT u FROM unnest(i.affected_services) u) AS s(service)
    WHERE ci.state = 'DONE' AND ci.reverify_due_at >= span_start AND ci.reverify_due_at < span_end
    GROUP BY 1, 2, 3, 4
$$;

-- Recomputes the given months of the two new rollups, in month order under one advisory lock per rollup and month.
CREATE FUNCTION insight_recompute_more_now(incident_months date[], reverify_months date[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    m date;
BEGIN
    FOR m IN SELECT DISTINCT x FROM unnest(incident_months) x WHERE x IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('insight_incident_month'), (m - date '1970-01-01'));
        DELETE FROM insight_incident_month WHERE month = m;
        INSERT INTO insight_incident_month
        SELECT * FROM insight_incident_rows(m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC', NULL, NULL);
    END LOOP;
    FOR m IN SELECT DISTINCT x FROM unnest(reverify_months) x WHERE x IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('insight_reverify_month'), (m - date '1970-01-01'));
        DELETE FROM insight_reverify_month WHERE month = m;
        INSERT INTO insight_reverify_month
        SELECT * FROM insight_reverify_rows(m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC');
    END LOOP;
END
$$;

-- What the triggers call for the new rollups: note the months for the commit (4 = incidents, 5 = re-verifications).
CREATE FUNCTION insight_note(which smallint, months date[]) RETURNS void
    LANGUAGE sql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    INSERT INTO insight_pending (tx, rollup, month)
    SELECT DISTINCT pg_current_xact_id()::text::bigint, which, x FROM unnest(months) x
    WHERE x IS NOT NULL
    ON CONFLICT DO NOTHING
$$;

-- The months of the re-verification dates of the items of some checklists, or of some incidents' checklists.
CREATE FUNCTION insight_reverify_months_of(checklists bigint[], incidents bigint[]) RETURNS date[]
    LANGUAGE sql STABLE
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    SELECT ARRAY(
        SELECT DISTINCT insight_month(ci.reverify_due_at)
        FROM incident_checklist_item ci
        WHERE ci.reverify_due_at IS NOT NULL AND ci.state = 'DONE'
          AND ci.checklist_id IN (SELECT x FROM unnest(checklists) x
                                  UNION SELECT c.id FROM incident_checklist c WHERE c.incident_id = ANY (incidents)))
$$;

CREATE OR REPLACE FUNCTION insight_flush() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    labels     date[];
    actions    date[];
    checklists date[];
    incidents  date[];
    reverifies date[];
BEGIN
    WITH taken AS (
        DELETE FROM insight_pending WHERE tx = pg_current_xact_id()::text::bigint RETURNING rollup, month)
    SELECT array_agg(month) FILTER (WHERE rollup = 1), array_agg(month) FILTER (WHERE rollup = 2),
           array_agg(month) FILTER (WHERE rollup = 3), array_agg(month) FILTER (WHERE rollup = 4),
           array_agg(month) FILTER (WHERE rollup = 5)
    INTO labels, actions, checklists, incidents, reverifies
    FROM taken;
    IF labels IS NOT NULL OR actions IS NOT NULL OR checklists IS NOT NULL THEN
        PERFORM insight_recompute_now(labels, actions, checklists);
    END IF;
    IF incidents IS NOT NULL OR reverifies IS NOT NULL THEN
        PERFORM insight_recompute_more_now(incidents, reverifies);
    END IF;
    RETURN NULL;
END
$$;

-- Incidents: as V24, and also the incident months when the start, severity, services, Trash or the detected,
-- mitigated, resolved times change, and the re-verification months of their checklists when what those are counted
-- by (severity, services, Trash) changes.
CREATE OR REPLACE FUNCTION insight_incident_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    ids             bigint[];
    months          date[];
    response_months date[];
    regrouped       bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(id), array_agg(DISTINCT insight_month(started_at)) INTO ids, months FROM new_rows;
        response_months := months;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.id), array_agg(DISTINCT insight_month(n.started_at)) || array_agg(DISTINCT insight_month(o.started_at))
        INTO ids, months
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.started_at, n.severity, n.tags, n.affected_services, n.deleted_at)
              IS DISTINCT FROM (o.started_at, o.severity, o.tags, o.affected_services, o.deleted_at);
        SELECT array_agg(DISTINCT insight_month(n.started_at)) || array_agg(DISTINCT insight_month(o.started_at))
        INTO response_months
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.started_at, n.severity, n.affected_services, n.deleted_at, n.detected_at, n.mitigated_at, n.resolved_at)
              IS DISTINCT FROM (o.started_at, o.severity, o.affected_services, o.deleted_at, o.detected_at, o.mitigated_at, o.resolved_at);
        regrouped := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                           WHERE (n.severity, n.affected_services, n.deleted_at) IS DISTINCT FROM (o.severity, o.affected_services, o.deleted_at));
        IF cardinality(regrouped) > 0 THEN
            PERFORM insight_note(5::smallint, insight_reverify_months_of(NULL, regrouped));
        END IF;
    ELSE
        SELECT array_agg(id), array_agg(DISTINCT insight_month(started_at)) INTO ids, months FROM old_rows;
        response_months := months;
    END IF;
    IF response_months IS NOT NULL THEN
        PERFORM insight_note(4::smallint, response_months);
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

-- Lesson cards and checklists: as V24; a checklist moved to another incident or library checklist also moves its
-- ticked items' re-verifications (a deleted checklist's items are deleted with it and note their own months).
CREATE OR REPLACE FUNCTION insight_incident_part_change() RETURNS trigger
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
        IF TG_OP = 'UPDATE' THEN
            PERFORM insight_note(5::smallint, insight_reverify_months_of(ARRAY(
                SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.incident_id, n.slug) IS DISTINCT FROM (o.incident_id, o.slug)), NULL));
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- Checklist items: as V24, and the months of their re-verification dates, before and after, when the state, the
-- date or the checklist changed.
CREATE OR REPLACE FUNCTION insight_checklist_item_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    checklists bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        checklists := ARRAY(SELECT checklist_id FROM new_rows);
        PERFORM insight_note(5::smallint, ARRAY(SELECT insight_month(reverify_due_at) FROM new_rows WHERE state = 'DONE'));
    ELSIF TG_OP = 'UPDATE' THEN
        checklists := ARRAY(SELECT n.checklist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                            WHERE (n.checklist_id, n.state) IS DISTINCT FROM (o.checklist_id, o.state)
                            UNION SELECT o.checklist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                            WHERE (n.checklist_id, n.state) IS DISTINCT FROM (o.checklist_id, o.state));
        PERFORM insight_note(5::smallint, ARRAY(
            SELECT insight_month(n.reverify_due_at) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.checklist_id, n.state, n.reverify_due_at) IS DISTINCT FROM (o.checklist_id, o.state, o.reverify_due_at)
            UNION SELECT insight_month(o.reverify_due_at) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.checklist_id, n.state, n.reverify_due_at) IS DISTINCT FROM (o.checklist_id, o.state, o.reverify_due_at)));
    ELSE
        checklists := ARRAY(SELECT checklist_id FROM old_rows);
        PERFORM insight_note(5::smallint, ARRAY(SELECT insight_month(reverify_due_at) FROM old_rows WHERE state = 'DONE'));
    END IF;
    IF cardinality(checklists) > 0 THEN
        PERFORM insight_recompute(NULL, NULL, ARRAY(
            SELECT DISTINCT insight_month(i.started_at) FROM incident_checklist c JOIN incident i ON i.id = c.incident_id
            WHERE c.id = ANY (checklists)));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION insight_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
BEGIN
    DELETE FROM insight_label_month;
    DELETE FROM insight_action_day;
    DELETE FROM insight_checklist_month;
    DELETE FROM insight_incident_month;
    DELETE FROM insight_reverify_month;
    RETURN NULL;
END
$$;

-- What is there already.
SELECT insight_recompute_more_now(
    ARRAY(SELECT DISTINCT insight_month(started_at) FROM incident),
    ARRAY(SELECT DISTINCT insight_month(reverify_due_at) FROM incident_checklist_item WHERE state = 'DONE' AND reverify_due_at IS NOT NULL));

-- The recurrence panel takes the most recent fixes of its range, newest first: ticked checklist items by the time they
-- were ticked (action items have action_item_completed_idx, V22).
CREATE INDEX incident_checklist_item_done_changed_idx ON incident_checklist_item (changed_at) WHERE state = 'DONE';
