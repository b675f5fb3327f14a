-- Hindsight schema, part 35: one way to keep every insights rollup, and no lost month when a parent and its children
-- change at the same time.
--
-- V24 recomputed three rollups per month, V31 deferred that to commit through a work list, and V32 added two more
-- rollups with a second copy of the same machinery (a recompute function, a note function, rollup numbers 4 and 5).
-- Here there is one of each: insight_pending holds the months to recompute per rollup (named by its table),
-- insight_recompute_month recomputes one month of any rollup, and insight_flush runs once per writing transaction, at
-- commit.
--
-- The race it also closes: the months a change touches were computed when the statement ran, from what that statement
-- could see. Trashing an incident noted the re-verification months of its ticked items; a checklist item ticked at the
-- same moment in another transaction was not ticked yet for it, and that transaction, committing first, recomputed its
-- month while the incident was not trashed yet for it: the month kept counting the item of a trashed incident (the
-- same for action items added to, and lesson cards or checklists of, an incident moved or trashed at the same time).
-- Now every change that depends on another row notes the incident instead (insight_pending_incident), and the months
-- are read at commit, under a transaction-level advisory lock per incident (256 buckets of incident ids, so a bulk
-- write takes at most 256 locks): of two transactions writing an incident and its children, the second to commit waits
-- for the first, then reads the months from what the first committed. Either order ends with the right rollups.
--
-- And re-verifications due get a rollup by day (insight_reverify_day, kept with insight_reverify_month): "overdue" and
-- "due within 30 days" read the days of this month and the next from it, and only the items due today and on the
-- 30th day ahead live (the two days the instant of the request cuts), where they read up to two months of items.

DROP TABLE insight_pending CASCADE; -- empty outside a writing transaction; takes V31's constraint trigger with it

-- Months to recompute at commit, per transaction and rollup (the rollup's table name).
CREATE TABLE insight_pending (
    tx     bigint NOT NULL,
    rollup text   NOT NULL,
    month  date   NOT NULL,
    PRIMARY KEY (tx, rollup, month)
);
COMMENT ON TABLE insight_pending IS 'Derived work list of the insights rollups: empty outside a writing transaction, never backed up.';

-- Incidents whose months of a rollup are read at commit, under the incident's lock; rollup '' only takes the lock.
CREATE TABLE insight_pending_incident (
    tx          bigint NOT NULL,
    rollup      text   NOT NULL,
    incident_id bigint NOT NULL,
    PRIMARY KEY (tx, rollup, incident_id)
);
COMMENT ON TABLE insight_pending_incident IS 'Derived work list of the insights rollups: empty outside a writing transaction, never backed up.';

-- One row per writing transaction: its insert queues the flush at commit (once, however many rows were noted).
CREATE TABLE insight_flush_due (
    tx bigint PRIMARY KEY
);
COMMENT ON TABLE insight_flush_due IS 'Derived work list of the insights rollups: empty outside a writing transaction, never backed up.';

-- Ticked checklist items by the day (UTC) of their re-verification date; kept month by month with insight_reverify_month.
CREATE TABLE insight_reverify_day (
    service  text        NOT NULL,
    day      date        NOT NULL,
    severity varchar(4)  NOT NULL,
    slug     varchar(60) NOT NULL,
    items    bigint      NOT NULL,
    PRIMARY KEY (service, day, severity, slug)
);
COMMENT ON TABLE insight_reverify_day IS 'Derived from incident checklist items by triggers: not backed up, rebuilt as they are restored.';

-- What insight_reverify_day holds for the due dates in [span_start, span_end): ticked items by their incident.
CREATE FUNCTION insight_reverify_day_rows(span_start timestamptz, span_end timestamptz)
    RETURNS TABLE (service text, day date, severity varchar(4), slug varchar(60), items bigint)
    LANGUAGE sql STABLE
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    SELECT s.service, (ci.reverify_due_at AT TIME ZONE 'UTC')::date, i.severity, c.slug, count(*)
    FROM incident_checklist_item ci
         JOIN incident_checklist c ON c.id = ci.checklist_id
         JOIN incident i ON i.id = c.incident_id AND i.deleted_at IS NULL
         CROSS JOIN LATERAL (SELECT '' UNION SELECT DISTINCT u FROM unnest(i.affected_services) u) AS s(service)
    WHERE ci.state = 'DONE' AND ci.reverify_due_at >= span_start AND ci.reverify_due_at < span_end
    GROUP BY 1, 2, 3, 4
$$;

-- What the triggers call. Months known from the written rows themselves:
CREATE FUNCTION insight_note_months(rollup text, months date[]) RETURNS void
    LANGUAGE sql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    INSERT INTO insight_flush_due (tx)
    SELECT pg_current_xact_id()::text::bigint WHERE EXISTS (SELECT FROM unnest(months) x WHERE x IS NOT NULL)
    ON CONFLICT DO NOTHING;
    INSERT INTO insight_pending (tx, rollup, month)
    SELECT DISTINCT pg_current_xact_id()::text::bigint, rollup, x FROM unnest(months) x
    WHERE x IS NOT NULL
    ON CONFLICT DO NOTHING;
$$;

-- Incidents whose months depend on rows other transactions may be changing: read at commit, under their locks.
CREATE FUNCTION insight_note_incidents(rollup text, incidents bigint[]) RETURNS void
    LANGUAGE sql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
    INSERT INTO insight_flush_due (tx)
    SELECT pg_current_xact_id()::text::bigint WHERE EXISTS (SELECT FROM unnest(incidents) x WHERE x IS NOT NULL)
    ON CONFLICT DO NOTHING;
    INSERT INTO insight_pending_incident (tx, rollup, incident_id)
    SELECT DISTINCT pg_current_xact_id()::text::bigint, rollup, x FROM unnest(incidents) x
    WHERE x IS NOT NULL
    ON CONFLICT DO NOTHING;
$$;

-- The months of a rollup that these incidents' rows fall in, as committed now: the months they started in (labels,
-- checklists, incidents), of their action items' events, of their ticked items' re-verification dates.
CREATE FUNCTION insight_months_of(rollup text, incidents bigint[]) RETURNS SETOF date
    LANGUAGE plpgsql STABLE
    SET search_path FROM CURRENT
    SET jit = off
AS $$
BEGIN
    IF rollup = 'insight_action_day' THEN
        RETURN QUERY
            SELECT insight_month(a.created_at) FROM action_item a WHERE a.incident_id = ANY (incidents)
            UNION SELECT insight_month(a.completed_at) FROM action_item a WHERE a.incident_id = ANY (incidents)
            UNION SELECT date_trunc('month', a.due_on::timestamp)::date FROM action_item a WHERE a.incident_id = ANY (incidents);
    ELSIF rollup = 'insight_reverify_month' THEN
        RETURN QUERY
            SELECT DISTINCT insight_month(ci.reverify_due_at)
            FROM incident_checklist c JOIN incident_checklist_item ci ON ci.checklist_id = c.id
            WHERE c.incident_id = ANY (incidents) AND ci.state = 'DONE' AND ci.reverify_due_at IS NOT NULL;
    ELSIF rollup IN ('insight_label_month', 'insight_checklist_month', 'insight_incident_month') THEN
        RETURN QUERY SELECT DISTINCT insight_month(i.started_at) FROM incident i WHERE i.id = ANY (incidents);
    ELSE
        RAISE EXCEPTION 'unknown insights rollup %', rollup;
    END IF;
END
$$;

-- Recomputes one month of one rollup from its row function, under the rollup's advisory lock for that month (the same
-- keys as V24 and V32), so that two writers of one month take turns.
CREATE FUNCTION insight_recompute_month(rollup text, m date) RETURNS void
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    span_start timestamptz := m::timestamp AT TIME ZONE 'UTC';
    span_end   timestamptz := (m + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(rollup), (m - date '1970-01-01'));
    IF rollup = 'insight_label_month' THEN
        DELETE FROM insight_label_month WHERE month = m;
        INSERT INTO insight_label_month SELECT * FROM insight_label_rows(span_start, span_end, NULL, NULL);
    ELSIF rollup = 'insight_action_day' THEN
        DELETE FROM insight_action_day WHERE day >= m AND day < m + interval '1 month';
        INSERT INTO insight_action_day SELECT * FROM insight_action_rows(span_start, span_end);
    ELSIF rollup = 'insight_checklist_month' THEN
        DELETE FROM insight_checklist_month WHERE month = m;
        INSERT INTO insight_checklist_month SELECT * FROM insight_checklist_rows(span_start, span_end, NULL, NULL);
    ELSIF rollup = 'insight_incident_month' THEN
        DELETE FROM insight_incident_month WHERE month = m;
        INSERT INTO insight_incident_month SELECT * FROM insight_incident_rows(span_start, span_end, NULL, NULL);
    ELSIF rollup = 'insight_reverify_month' THEN -- and its days
        DELETE FROM insight_reverify_day WHERE day >= m AND day < m + interval '1 month';
        INSERT INTO insight_reverify_day SELECT * FROM insight_reverify_day_rows(span_start, span_end);
        DELETE FROM insight_reverify_month WHERE month = m;
        INSERT INTO insight_reverify_month
        SELECT d.service, m, d.severity, d.slug, sum(d.items)::bigint FROM insight_reverify_day d
        WHERE d.day >= m AND d.day < m + interval '1 month'
        GROUP BY d.service, d.severity, d.slug;
    ELSE
        RAISE EXCEPTION 'unknown insights rollup %', rollup;
    END IF;
END
$$;

-- At commit, once per writing transaction: lock the noted incidents (in bucket order, before any month lock, so two
-- flushes never wait for each other in a cycle), add the months read from them now, then recompute every noted month
-- in rollup and month order. Each statement here reads what is committed when it starts, so after waiting for a lock
-- it sees what the transaction that held it committed.
CREATE OR REPLACE FUNCTION insight_flush() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    me      bigint := pg_current_xact_id()::text::bigint;
    bucket  int;
    rollups text[];
    months  date[];
BEGIN
    DELETE FROM insight_flush_due WHERE tx = me;
    FOR bucket IN SELECT DISTINCT (p.incident_id % 256)::int FROM insight_pending_incident p WHERE p.tx = me ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('insight_incident'), bucket);
    END LOOP;
    WITH taken AS (
        DELETE FROM insight_pending_incident p WHERE p.tx = me RETURNING p.rollup, p.incident_id
    ), by_rollup AS (
        SELECT t.rollup, array_agg(t.incident_id) AS ids FROM taken t WHERE t.rollup <> '' GROUP BY t.rollup
    )
    INSERT INTO insight_pending (tx, rollup, month)
    SELECT DISTINCT me, b.rollup, m.month
    FROM by_rollup b CROSS JOIN LATERAL insight_months_of(b.rollup, b.ids) AS m(month)
    WHERE m.month IS NOT NULL
    ON CONFLICT DO NOTHING;
    WITH taken AS (
        DELETE FROM insight_pending p WHERE p.tx = me RETURNING p.rollup, p.month)
    SELECT array_agg(t.rollup ORDER BY t.rollup, t.month), array_agg(t.month ORDER BY t.rollup, t.month)
    INTO rollups, months
    FROM taken t;
    FOR k IN 1 .. coalesce(cardinality(months), 0) LOOP
        PERFORM insight_recompute_month(rollups[k], months[k]);
    END LOOP;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER insight_flush AFTER INSERT ON insight_flush_due
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION insight_flush();

-- Incidents: the months they started in, before and after, when what the rollups group or measure by changes (start,
-- severity, tags, services, the Trash; for insight_incident_month also the detected, mitigated and resolved times);
-- and, read at commit, the months of their action items and, when severity, services or the Trash changed, of their
-- ticked items' re-verifications. Other edits cost nothing.
CREATE OR REPLACE FUNCTION insight_incident_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    ids             bigint[];
    months          date[];
    response_months date[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT insight_month(started_at)) INTO months FROM new_rows;
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
        PERFORM insight_note_incidents('insight_reverify_month', ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.severity, n.affected_services, n.deleted_at) IS DISTINCT FROM (o.severity, o.affected_services, o.deleted_at)));
    ELSE
        SELECT array_agg(id), array_agg(DISTINCT insight_month(started_at)) INTO ids, months FROM old_rows;
        response_months := months;
    END IF;
    IF response_months IS NOT NULL THEN
        PERFORM insight_note_months('insight_incident_month', response_months);
    END IF;
    IF months IS NOT NULL THEN
        PERFORM insight_note_months('insight_label_month', months);
        PERFORM insight_note_months('insight_checklist_month', months);
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM insight_note_incidents('insight_action_day', ids);
    END IF;
    RETURN NULL;
END
$$;

-- Action items: the months of their events, before and after; their incidents are locked at commit, so that an
-- incident trashed or regrouped at the same time is read after (or before) them, never beside them.
CREATE OR REPLACE FUNCTION insight_action_item_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    months    date[];
    incidents bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        months := ARRAY(SELECT insight_month(created_at) FROM new_rows UNION SELECT insight_month(completed_at) FROM new_rows
                        UNION SELECT date_trunc('month', due_on::timestamp)::date FROM new_rows);
        incidents := ARRAY(SELECT incident_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        WITH changed AS (
            SELECT n.incident_id AS n_incident, o.incident_id AS o_incident,
                   n.created_at AS n_created, n.completed_at AS n_completed, n.due_on AS n_due,
                   o.created_at AS o_created, o.completed_at AS o_completed, o.due_on AS o_due
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.incident_id, n.status, n.created_at, n.completed_at, n.due_on)
                  IS DISTINCT FROM (o.incident_id, o.status, o.created_at, o.completed_at, o.due_on))
        SELECT ARRAY(SELECT insight_month(n_created) FROM changed UNION SELECT insight_month(n_completed) FROM changed
                     UNION SELECT date_trunc('month', n_due::timestamp)::date FROM changed
                     UNION SELECT insight_month(o_created) FROM changed UNION SELECT insight_month(o_completed) FROM changed
                     UNION SELECT date_trunc('month', o_due::timestamp)::date FROM changed),
               ARRAY(SELECT n_incident FROM changed UNION SELECT o_incident FROM changed)
        INTO months, incidents;
    ELSE
        months := ARRAY(SELECT insight_month(created_at) FROM old_rows UNION SELECT insight_month(completed_at) FROM old_rows
                        UNION SELECT date_trunc('month', due_on::timestamp)::date FROM old_rows);
        incidents := ARRAY(SELECT incident_id FROM old_rows);
    END IF;
    PERFORM insight_note_months('insight_action_day', months);
    PERFORM insight_note_incidents('', incidents);
    RETURN NULL;
END
$$;

-- Lesson cards and checklists: the months their incidents started in, read at commit (labels for lesson cards,
-- checklists for checklists); a checklist moved to another incident or library checklist also moves the
-- re-verifications of its ticked items (read at commit from both incidents).
CREATE OR REPLACE FUNCTION insight_incident_part_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT incident_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        ids := ARRAY(SELECT incident_id FROM new_rows UNION SELECT incident_id FROM old_rows);
    ELSE
        ids := ARRAY(SELECT incident_id FROM old_rows);
    END IF;
    IF TG_TABLE_NAME = 'lesson_card' THEN
        PERFORM insight_note_incidents('insight_label_month', ids);
    ELSE
        PERFORM insight_note_incidents('insight_checklist_month', ids);
        IF TG_OP = 'UPDATE' THEN
            PERFORM insight_note_incidents('insight_reverify_month', ARRAY(
                SELECT n.incident_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.incident_id, n.slug) IS DISTINCT FROM (o.incident_id, o.slug)
                UNION SELECT o.incident_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.incident_id, n.slug) IS DISTINCT FROM (o.incident_id, o.slug)));
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- Checklist items: the months of their re-verification dates, before and after, when the state, the date or the
-- checklist changed; and, read at commit, the month their checklist's incident started in.
CREATE OR REPLACE FUNCTION insight_checklist_item_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
    SET jit = off
AS $$
DECLARE
    counted   bigint[]; -- checklists whose item counts changed
    reverify  bigint[]; -- checklists whose ticked items' dates changed
BEGIN
    IF TG_OP = 'INSERT' THEN
        counted := ARRAY(SELECT checklist_id FROM new_rows);
        PERFORM insight_note_months('insight_reverify_month', ARRAY(SELECT insight_month(reverify_due_at) FROM new_rows WHERE state = 'DONE'));
    ELSIF TG_OP = 'UPDATE' THEN
        counted := ARRAY(SELECT n.checklist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE (n.checklist_id, n.state) IS DISTINCT FROM (o.checklist_id, o.state)
                         UNION SELECT o.checklist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE (n.checklist_id, n.state) IS DISTINCT FROM (o.checklist_id, o.state));
        reverify := ARRAY(SELECT n.checklist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                          WHERE (n.checklist_id, n.state, n.reverify_due_at) IS DISTINCT FROM (o.checklist_id, o.state, o.reverify_due_at)
                          UNION SELECT o.checklist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                          WHERE (n.checklist_id, n.state, n.reverify_due_at) IS DISTINCT FROM (o.checklist_id, o.state, o.reverify_due_at));
        PERFORM insight_note_months('insight_reverify_month', ARRAY(
            SELECT insight_month(n.reverify_due_at) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.checklist_id, n.state, n.reverify_due_at) IS DISTINCT FROM (o.checklist_id, o.state, o.reverify_due_at)
            UNION SELECT insight_month(o.reverify_due_at) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.checklist_id, n.state, n.reverify_due_at) IS DISTINCT FROM (o.checklist_id, o.state, o.reverify_due_at)));
    ELSE
        counted := ARRAY(SELECT checklist_id FROM old_rows);
        PERFORM insight_note_months('insight_reverify_month', ARRAY(SELECT insight_month(reverify_due_at) FROM old_rows WHERE state = 'DONE'));
    END IF;
    IF cardinality(counted) > 0 THEN
        PERFORM insight_note_incidents('insight_checklist_month', ARRAY(
            SELECT DISTINCT c.incident_id FROM incident_checklist c WHERE c.id = ANY (counted)));
    END IF;
    IF cardinality(reverify) > 0 THEN -- their incidents only locked: the months are the items' own
        PERFORM insight_note_incidents('', ARRAY(SELECT DISTINCT c.incident_id FROM incident_checklist c WHERE c.id = ANY (reverify)));
    END IF;
    RETURN NULL;
END
$$;

-- The two copies of the recompute and the note functions they replace.
DROP FUNCTION insight_recompute(date[], date[], date[]);
DROP FUNCTION insight_recompute_now(date[], date[], date[]);
DROP FUNCTION insight_recompute_more_now(date[], date[]);
DROP FUNCTION insight_note(smallint, date[]);
DROP FUNCTION insight_reverify_months_of(bigint[], bigint[]);

-- Emptying incident (a restore does) empties every rollup, the new one too.
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
    DELETE FROM insight_reverify_day;
    RETURN NULL;
END
$$;

-- What is there already.
INSERT INTO insight_reverify_day SELECT * FROM insight_reverify_day_rows('-infinity', 'infinity');
