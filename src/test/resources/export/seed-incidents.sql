-- Many published incidents at once, each with a postmortem of about 20 kB, a timeline and an
-- action item: the data of the bulk export's volume test (BulkExportVolumeTest) and of
-- bench/export-zip.sh. Set two settings in the same session or transaction first:
--   SELECT set_config('hindsight.seed_tag', 'some-tag', true), set_config('hindsight.seed_count', '5000', true);
-- Every incident carries the tag, which is how the rows are found again and deleted.

INSERT INTO incident (title, summary, severity, status, started_at, detected_at, mitigated_at, resolved_at,
                      customer_impact, affected_services, tags, created_at, updated_at)
SELECT 'Queue backlog ' || g || ': jobs waited | "up to" ' || (g % 90) || ' minutes',
       'Jobs queued behind a consumer that could not renew its lease.',
       (ARRAY ['SEV1', 'SEV2', 'SEV3', 'SEV4'])[1 + g % 4],
       'PUBLISHED',
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour',
       timestamptz '2024-01-01 00:07:00+00' + g * interval '1 hour',
       timestamptz '2024-01-01 00:40:00+00' + g * interval '1 hour',
       timestamptz '2024-01-01 02:00:00+00' + g * interval '1 hour',
       'Some customers waited up to an hour for their exports.',
       ARRAY ['jobs', 'queue'],
       ARRAY [current_setting('hindsight.seed_tag')],
       timestamptz '2025-01-01 00:00:00+00',
       timestamptz '2025-01-01 00:00:00+00'
FROM generate_series(1, CAST(current_setting('hindsight.seed_count') AS integer)) AS g;

INSERT INTO postmortem (incident_id, template_id, summary, impact, timeline_notes, laugh, learn, fix, share,
                        status, published_at, created_at, updated_at)
SELECT i.id,
       (SELECT id FROM postmortem_template WHERE slug = 'general'),
       repeat('The consumer held a lease it could not renew, so every job behind it waited. ', 40),
       repeat('- Exports were late for customers in every region\n', 60),
       repeat('The backlog grew for seven minutes before the age alert fired. ', 45),
       repeat('The queue dashboard proudly showed zero errors the whole time. ', 45),
       '### Lessons' || chr(10) || '- Alert on the age of the oldest job, not on errors.' || chr(10) || chr(10)
           || repeat('Leases that cannot be renewed should be given up loudly. ', 50),
       repeat('- [ ] Give up a lease after three failed renewals' || chr(10), 60),
       repeat('Shared at the Friday demo and in the platform newsletter. ', 50),
       'PUBLISHED', i.resolved_at, i.created_at, i.updated_at
FROM incident i
WHERE i.tags @> ARRAY [current_setting('hindsight.seed_tag')];

INSERT INTO timeline_entry (incident_id, occurred_at, kind, description, created_at)
SELECT i.id, i.started_at + k * interval '9 minutes',
       (ARRAY ['DETECTION', 'ACTION', 'COMMUNICATION', 'OBSERVATION'])[k],
       'Step ' || k || ' of the response | with a pipe', i.created_at
FROM incident i CROSS JOIN generate_series(1, 4) AS k
WHERE i.tags @> ARRAY [current_setting('hindsight.seed_tag')];

INSERT INTO action_item (incident_id, title, priority, status, kind, created_at, updated_at)
SELECT i.id, 'Alert when the oldest job is older than ten minutes', 'P2', 'OPEN', 'DETECT', i.created_at, i.created_at
FROM incident i
WHERE i.tags @> ARRAY [current_setting('hindsight.seed_tag')];
