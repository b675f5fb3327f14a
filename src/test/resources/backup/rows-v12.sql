-- What an installation at schema version 12 adds to the rows of version 9 (rows-v9.sql runs first):
-- a timeline entry with its author (V10), revisions and an open amendment of the published
-- postmortem (V11), and records edited after V12 gave them version counters. Incidents still have
-- no Trash (V13) and the installation no environment (V15).
INSERT INTO timeline_entry (id, incident_id, occurred_at, kind, description, created_at, created_by, version) VALUES
  (4, 1, '2026-01-10T05:30:00Z', 'COMMUNICATION', 'Status page: resolved.', '2026-03-02T10:00:00Z', 2, 1);
UPDATE incident_checklist_item SET version = 2 WHERE id = 101;

INSERT INTO revision (id, entity_type, entity_id, incident_id, sequence, author_id, created_at, kind, snapshot, summary) VALUES
  (1, 'POSTMORTEM', 1, 1, 1, 2, '2026-03-02T11:00:00Z', 'SAVE',
   '{"summary": "The job used the production URL.", "learn": "Environments must be visible in the connection."}', 'summary, learn'),
  (2, 'TIMELINE_ENTRY', 4, 1, 1, 2, '2026-03-02T10:00:00Z', 'CREATE',
   '{"kind": "COMMUNICATION", "description": "Status page: resolved."}', '');

INSERT INTO postmortem_amendment (id, postmortem_id, status, summary, impact, timeline_notes, laugh, learn, fix, share,
                                  created_by, created_at, updated_at) VALUES
  (1, 1, 'DRAFT', 'The job used the production URL, copied from a runbook.', 'Three hours of missing reports.', '',
   'The database was named almost like the right one.', 'Environments must be visible in the connection.',
   'Name databases by environment.', 'Shared at the weekly review.', 2, '2026-03-03T09:00:00Z', '2026-03-03T09:00:00Z');

SELECT setval(pg_get_serial_sequence(t, 'id'), 1000, false)
FROM unnest(ARRAY['timeline_entry', 'revision', 'postmortem_amendment']) AS t;
