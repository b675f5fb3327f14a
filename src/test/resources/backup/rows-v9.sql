-- Representative rows of an installation at schema version 9, in SQL valid at that version. The rows
-- sit in the tables that later migrations change: timeline entries without an author (V10),
-- postmortems before revisions (V11), records before their version columns (V12), incidents before
-- the Trash (V13), audit events under the old foreign key (V14), an installation before it named its
-- environment (V15). Every timestamp is fixed, so a regenerated archive has the same rows.
UPDATE installation SET id = '0b5e2a64-9c1d-4c51-8a47-3f0c2d7e9a19', name = 'Hindsight of old',
                        created_at = '2026-01-05T09:00:00Z';
UPDATE checklist_template SET created_at = '2026-01-05T09:00:00Z';

INSERT INTO app_user (id, email, name, role, password_hash, created_at, password_changed_at) VALUES
  (1, 'ada@old.example', 'Ada Admin', 'ADMIN', '$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$bm90LWEtcmVhbC1oYXNoLW9ubHktYS1maXh0dXJl',
   '2026-01-05T09:05:00Z', '2026-01-05T09:05:00Z'),
  (2, 'eli@old.example', 'Eli Editor', 'EDITOR', '$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$bm90LWEtcmVhbC1oYXNoLW9ubHktYS1maXh0dXJl',
   '2026-01-06T10:00:00Z', '2026-01-06T10:00:00Z');

INSERT INTO incident (id, title, summary, severity, status, started_at, detected_at, mitigated_at, resolved_at,
                      customer_impact, affected_services, tags, created_at, updated_at, version) VALUES
  (1, 'Nightly job wrote to the wrong database', 'The reporting job pointed at production.', 'SEV1', 'PUBLISHED',
   '2026-01-10T02:00:00Z', '2026-01-10T02:14:00Z', '2026-01-10T03:00:00Z', '2026-01-10T05:30:00Z',
   'Reports were missing for 3 hours.', '{reporting,postgres}', '{database,config}',
   '2026-01-10T02:20:00Z', '2026-01-12T16:00:00Z', 4),
  (2, 'Login page slow — “ünïcode” & <tags>', '', 'SEV3', 'RESOLVED',
   '2026-02-01T08:00:00Z', NULL, NULL, '2026-02-01T09:00:00Z', '', '{}', '{}',
   '2026-02-01T08:10:00Z', '2026-02-01T09:00:00Z', 1);

INSERT INTO timeline_entry (id, incident_id, occurred_at, kind, description, created_at) VALUES
  (1, 1, '2026-01-10T02:14:00Z', 'DETECTION', 'Alert: row count in reports dropped to zero.', '2026-01-10T02:20:00Z'),
  (2, 1, '2026-01-10T03:00:00Z', 'ACTION', 'Job stopped; connection string corrected.', '2026-01-10T03:05:00Z'),
  (3, 2, '2026-02-01T08:30:00Z', 'OBSERVATION', 'p99 latency 4 s on /login.', '2026-02-01T08:31:00Z');

INSERT INTO postmortem (id, incident_id, template_id, summary, impact, timeline_notes, laugh, learn, fix, share,
                        created_at, updated_at, version, status, published_at, no_action_reason) VALUES
  (1, 1, (SELECT id FROM postmortem_template WHERE slug = 'wrong-database'), 'The job used the production URL.',
   'Three hours of missing reports.', '', 'The database was named almost like the right one.',
   'Environments must be visible in the connection.', 'Name databases by environment.', 'Shared at the weekly review.',
   '2026-01-10T06:00:00Z', '2026-01-12T16:00:00Z', 7, 'PUBLISHED', '2026-01-12T16:00:00Z', ''),
  (2, 2, (SELECT id FROM postmortem_template WHERE slug = 'general'), 'Draft.', '', '', '', '', '', '',
   '2026-02-01T09:10:00Z', '2026-02-01T09:10:00Z', 0, 'DRAFT', NULL, '');

INSERT INTO postmortem_contributor (postmortem_id, user_id, first_edit_at, last_edit_at, edits) VALUES
  (1, 2, '2026-01-10T06:00:00Z', '2026-01-12T15:00:00Z', 5),
  (1, 1, '2026-01-12T15:30:00Z', '2026-01-12T16:00:00Z', 1);

INSERT INTO postmortem_reviewer (id, postmortem_id, user_id, decision, decided_at, asked_at) VALUES
  (1, 1, 1, 'APPROVED', '2026-01-12T15:55:00Z', '2026-01-12T15:00:00Z');

INSERT INTO action_item (id, incident_id, title, owner_id, due_on, priority, status, reason, tracker_url, kind,
                         created_at, updated_at, completed_at, version) VALUES
  (1, 1, 'Put the environment in every database name', 2, '2026-02-15', 'P1', 'IN_PROGRESS', '', NULL, 'PREVENT',
   '2026-01-11T10:00:00Z', '2026-01-20T10:00:00Z', NULL, 2);

INSERT INTO incident_checklist (id, incident_id, template_id, slug, attached_at, attached_by) VALUES
  (1, 1, (SELECT id FROM checklist_template WHERE slug = 'backups-restore-drills' AND current), 'backups-restore-drills',
   '2026-01-11T10:30:00Z', 2);
INSERT INTO incident_checklist_item (id, checklist_id, position, text, why, verify_every_days, requires_evidence, state,
                                     note, changed_by, changed_at, reverify_due_at)
SELECT 100 + position, 1, position, text, why, verify_every_days, requires_evidence,
       CASE WHEN position = 1 THEN 'DONE' ELSE 'OPEN' END, CASE WHEN position = 1 THEN 'Nightly pg_dump since 2025.' ELSE '' END,
       CASE WHEN position = 1 THEN 2 END, CASE WHEN position = 1 THEN timestamptz '2026-01-11T11:00:00Z' END, NULL
FROM checklist_template_item WHERE template_id = (SELECT id FROM checklist_template WHERE slug = 'backups-restore-drills' AND current);

INSERT INTO share_link (id, postmortem_id, token_hash, created_by, created_at, expires_at) VALUES
  (1, 1, 'f1c3a0d1e2b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0', 1, '2026-01-12T16:10:00Z', '2026-04-12T16:10:00Z');

INSERT INTO audit_event (id, occurred_at, actor_id, action, subject, detail, ip) VALUES
  (1, '2026-01-05T09:05:00Z', NULL, 'user.created', 'user:1', 'role=ADMIN; first admin', '127.0.0.1'),
  (2, '2026-01-12T16:00:00Z', 1, 'postmortem.published', 'postmortem:1', '', '10.0.0.7');

SELECT setval(pg_get_serial_sequence(t, 'id'), 1000, false)
FROM unnest(ARRAY['app_user', 'incident', 'timeline_entry', 'postmortem', 'postmortem_reviewer', 'action_item',
                  'incident_checklist', 'incident_checklist_item', 'share_link', 'audit_event']) AS t;
