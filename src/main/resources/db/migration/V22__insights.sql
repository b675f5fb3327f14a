-- Insights: the monthly charts read incidents by the month they started and action items by the month they were
-- opened, done or due. These indexes let each chart read only the months of its range, never the whole history.

-- Incidents per month by severity and their response times: everything the aggregate reads is in the index, so a
-- range of months is an index-only scan once the table is vacuumed. Trashed incidents never count.
CREATE INDEX incident_insight_month_idx ON incident (started_at)
    INCLUDE (severity, detected_at, mitigated_at, resolved_at)
    WHERE deleted_at IS NULL;

-- Action items opened, done and overdue per month.
CREATE INDEX action_item_created_idx ON action_item (created_at);
CREATE INDEX action_item_completed_idx ON action_item (completed_at) WHERE status = 'DONE';
CREATE INDEX action_item_overdue_month_idx ON action_item (due_on) WHERE status IN ('OPEN', 'IN_PROGRESS');
