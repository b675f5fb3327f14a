-- Hindsight schema, part 20: indexes that keep the dashboard, the action item list and the incident page working on
-- what they show, however many incidents are stored.

-- Dashboard: open incidents, most severe first, newest first (the query names the same statuses literally).
CREATE INDEX incident_open_idx ON incident (severity, started_at DESC, id)
    WHERE status IN ('INVESTIGATING', 'MITIGATED') AND deleted_at IS NULL;
-- Dashboard: the latest incidents in one status (in review, recently published).
CREATE INDEX incident_status_updated_idx ON incident (status, updated_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Incident page: the checklist items of an incident's checklists (progress, the checklists tab).
CREATE INDEX incident_checklist_item_checklist_idx ON incident_checklist_item (checklist_id, position);

-- Action items are listed pending first, then by due date (none last), then by id; pages continue after the last row
-- shown (keyset). Every filter of the list has an index in that order, so a page reads about the rows it shows.
-- The sort key of the due date is COALESCE(due_on, 'infinity'), and "done" is status NOT IN ('OPEN', 'IN_PROGRESS'):
-- the queries in ActionItemListing use exactly these expressions.
CREATE INDEX action_item_pending_idx ON action_item ((COALESCE(due_on, 'infinity'::date)), id)
    WHERE status IN ('OPEN', 'IN_PROGRESS');
CREATE INDEX action_item_owner_pending_idx ON action_item (owner_id, (COALESCE(due_on, 'infinity'::date)), id)
    WHERE status IN ('OPEN', 'IN_PROGRESS');
CREATE INDEX action_item_all_idx ON action_item ((status NOT IN ('OPEN', 'IN_PROGRESS')), (COALESCE(due_on, 'infinity'::date)), id);
CREATE INDEX action_item_owner_all_idx
    ON action_item (owner_id, (status NOT IN ('OPEN', 'IN_PROGRESS')), (COALESCE(due_on, 'infinity'::date)), id);
CREATE INDEX action_item_status_idx ON action_item (status, (COALESCE(due_on, 'infinity'::date)), id);
-- Replaces action_item_owner_idx (owner_id, status, due_on), which served the same filters in no useful order.
CREATE INDEX action_item_owner_status_idx ON action_item (owner_id, status, (COALESCE(due_on, 'infinity'::date)), id);
DROP INDEX action_item_owner_idx;

-- Dashboard: changes requested on my postmortems, newest decision first.
CREATE INDEX postmortem_reviewer_decision_idx ON postmortem_reviewer (decision, decided_at DESC, id DESC);

-- Dashboard: re-verifications due, soonest first. The query binds the state as a parameter, which a partial index on
-- state = 'DONE' cannot serve once the statement is prepared generically; this one can.
CREATE INDEX incident_checklist_item_reverify_due_idx ON incident_checklist_item (state, reverify_due_at)
    WHERE reverify_due_at IS NOT NULL;
DROP INDEX incident_checklist_item_reverify_idx;
