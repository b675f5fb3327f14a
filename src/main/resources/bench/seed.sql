-- Benchmark data, set-based: `java -jar quarkus-run.jar seed --incidents N` (io.hindsight.bench.SeedCommand)
-- runs these statements in one transaction, in order, after setting
--   hindsight.seed.count     how many incidents to add
--   hindsight.seed.after     the highest incident id before this run (every statement touches only newer rows)
--   hindsight.seed.password  the bcrypt hash the seeded people sign in with
-- Incidents spread over the six years before now; vocabulary is combined from word lists so that
-- text filters, tags and services see realistic variety. Statements end with a semicolon at the end of a line.

SELECT setseed(0.4242);

-- Search documents (V21) are built once, at the end, rather than after each statement that adds a part.
SELECT set_config('hindsight.search_deferred', 'on', true);

CREATE TEMP TABLE seed_vocab ON COMMIT DROP AS SELECT
    ARRAY['checkout-api', 'payments', 'search', 'auth-service', 'billing', 'notifications', 'api-gateway', 'user-profile',
          'inventory', 'orders', 'reporting', 'image-resizer', 'email-sender', 'scheduler', 'session-store', 'cdn',
          'web-frontend', 'mobile-backend', 'ledger', 'exports', 'webhooks', 'feature-flags', 'audit-log',
          'analytics-pipeline', 'recommendations', 'pricing', 'shipping', 'catalog', 'identity-provider', 'message-queue',
          'primary-database', 'read-replica', 'cache-cluster', 'object-storage', 'load-balancer', 'dns', 'vpn',
          'ci-pipeline', 'kubernetes-cluster', 'backup-jobs'] AS services,
    ARRAY['Elevated 5xx errors', 'Slow responses', 'Timeouts', 'Failed sign-ins', 'Duplicate charges', 'Missing emails',
          'Stale search results', 'Partial outage', 'Full outage', 'Data not saving', 'Empty dashboards', 'Queue backlog',
          'Memory exhaustion', 'Disk full', 'High CPU', 'Connection pool exhaustion', 'Expired sessions', 'Wrong totals',
          'Lost uploads', 'Replication lag', 'Certificate errors', 'Login loops', 'Delayed webhooks', 'Corrupted exports',
          'Missing invoices', 'Stuck deploys', 'Rate limiting of real users', 'Broken images', 'Unreadable reports',
          'Flapping health checks'] AS symptoms,
    ARRAY['a database migration', 'an expired TLS certificate', 'a config change', 'a token refresh race',
          'a look-alike database name', 'a full disk', 'a cache stampede', 'a DNS change', 'a dependency upgrade',
          'a leap-second bug', 'a retry storm', 'a missing index', 'a runaway cron job', 'a schema change',
          'a cloud provider outage', 'a mis-sized connection pool', 'a bad feature flag', 'a restore from the wrong backup',
          'an unbounded query', 'clock skew', 'a memory leak', 'a noisy neighbour', 'a network partition',
          'an expired API token', 'a deleted environment variable', 'a load balancer rule', 'a rotated secret',
          'a partial deploy', 'a log volume spike', 'a time zone change'] AS causes,
    ARRAY['database', 'network', 'dns', 'deploy', 'config', 'certificate', 'capacity', 'auth', 'token', 'session',
          'backup', 'restore', 'data-loss', 'latency', 'availability', 'security', 'third-party', 'queue', 'cache',
          'storage', 'monitoring', 'alerting', 'on-call', 'customer-facing', 'internal', 'migration', 'kubernetes',
          'cloud', 'payments', 'email', 'search', 'performance', 'release', 'rollback', 'feature-flag', 'human-error',
          'automation', 'runbook', 'replication', 'observability'] AS tags,
    ARRAY['an alert on the error rate paged the on-call engineer', 'a customer wrote to support first',
          'a synthetic check failed three times in a row', 'an engineer noticed it on the dashboard',
          'the status page monitor fired', 'a partner called their account manager'] AS detections,
    ARRAY['Customers could not complete their purchases.', 'Some customers saw error pages and retried.',
          'Colleagues in support could not look up accounts.', 'Reports arrived hours late.',
          'A few customers were charged twice and refunded the same day.', 'No customer noticed; internal tools were slow.',
          'Sign-in failed for about a third of the people who tried.', 'Exports and emails were delayed.'] AS impacts,
    ARRAY['Alert on the symptom customers feel, not on the cause we expect.',
          'Show which database the app is connected to on every admin page.', 'Rehearse restores, not just backups.',
          'Roll out configuration changes gradually, like code.',
          'Give every expiring secret an owner and a calendar reminder.',
          'Refresh tokens with single-flight, never in parallel.', 'Bound every query that a user can trigger.',
          'Keep runbooks next to the alerts that need them.',
          'Name databases so that production cannot be mistaken for staging.',
          'Make rollbacks one command and practise them.', 'Cap retries with jitter and a budget.',
          'Watch disk growth as a trend, not a threshold.', 'Put an index behind every filter the interface offers.',
          'Page a human only for what needs a human.', 'Write the timeline while it happens.',
          'Test with production-sized data before release.', 'Decide who leads the response in the first five minutes.',
          'Tell customers early, even when we do not know much yet.',
          'Verify that the backup can be read, not just that it exists.',
          'Keep time zones out of scheduled jobs.'] AS lessons,
    ARRAY['The dashboard proudly showed zero errors the whole time.',
          'Three people restarted the same service within a minute of each other.',
          'The runbook said to call someone who had left two years earlier.',
          'The alert arrived in a channel everybody had muted.',
          'The fix was one character; finding it took four hours.',
          'Staging was fine, because staging was pointing at production.'] AS laughs,
    ARRAY['Alert on p99 latency of %s', 'Add a runbook for %s failover', 'Load-test %s with production-sized data',
          'Rotate the credentials of %s automatically', 'Add an index for the slow query in %s',
          'Show the connected database in %s', 'Rehearse a restore of %s', 'Roll out %s changes behind a feature flag',
          'Cap retries from %s with a budget', 'Monitor certificate expiry for %s', 'Add a synthetic check for %s',
          'Document who owns %s', 'Limit the connection pool of %s per instance',
          'Make %s deploys roll back automatically', 'Alert on disk growth of %s', 'Write the on-call guide for %s',
          'Remove the look-alike database beside %s', 'Record timeline events from %s automatically'] AS actions,
    ARRAY['Alert fired: error rate of %s above 5 %%', 'Support reported customers unable to use %s',
          'Synthetic check for %s failed three times in a row'] AS detection_steps,
    ARRAY['Rolled back the last deploy of %s', 'Scaled %s from 4 to 8 instances', 'Restarted the workers of %s',
          'Failed over %s to the standby', 'Disabled the new feature flag in %s', 'Paused the batch jobs of %s'] AS action_steps,
    ARRAY['Posted an update on the status page about %s', 'Told the support team what to say about %s',
          'Opened an incident channel for %s'] AS communication_steps,
    ARRAY['Error rate of %s back to normal', 'Noticed the connection pool of %s was exhausted',
          'Saw replication lag on %s climbing', 'Queue of %s drained'] AS observation_steps;

-- Several people own action items, write and review postmortems; the first eight are editors the
-- benchmark signs in as. An existing seeded person keeps their account (and gets the new password).
INSERT INTO app_user (email, name, role, password_hash, created_at, password_changed_at)
SELECT 'person' || lpad(n::text, 2, '0') || '@seed.hindsight.example',
       (ARRAY['Amara Okafor', 'Bjorn Lindqvist', 'Chen Wei', 'Dana Kowalski', 'Elif Yilmaz', 'Felipe Santos',
              'Grace Mensah', 'Hiro Tanaka', 'Ines Duarte', 'Jonas Becker', 'Kavya Iyer', 'Liam Byrne', 'Maya Cohen',
              'Nikolai Petrov', 'Olga Nowak', 'Priya Raman', 'Quentin Moreau', 'Rosa Alvarez', 'Sami Haddad',
              'Tove Berg', 'Uma Das', 'Victor Nguyen', 'Wanjiru Kamau', 'Yusuf Demir'])[n],
       CASE WHEN n <= 20 THEN 'EDITOR' ELSE 'VIEWER' END,
       current_setting('hindsight.seed.password'), now() - interval '6 years', now()
FROM generate_series(1, 24) AS n
ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash, password_changed_at = now(),
                                           disabled_at = NULL, version = app_user.version + 1;

CREATE TEMP TABLE seed_people ON COMMIT DROP AS
SELECT array_agg(id ORDER BY id) AS ids FROM app_user WHERE email LIKE '%@seed.hindsight.example' AND role = 'EDITOR';

-- Incidents: mostly published, a few recent ones still open or in review.
INSERT INTO incident (title, summary, severity, status, started_at, detected_at, mitigated_at, resolved_at,
                      customer_impact, affected_services, tags, created_at, updated_at, declared_by)
SELECT left(s.symptom || ' in ' || replace(s.service, '-', ' ') || ' after ' || s.cause, 200),
       s.symptom || ' for customers of ' || replace(s.service, '-', ' ') || ' for about ' || s.minutes
           || ' minutes. The trigger was ' || s.cause || '; ' || s.detection || '.',
       (ARRAY['SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3', 'SEV4', 'SEV4'])[1 + floor(random() * 8)::int],
       s.status, s.started_at, s.started_at + interval '4 minutes',
       CASE WHEN s.status <> 'INVESTIGATING' THEN s.started_at + s.minutes * interval '1 minute' END,
       CASE WHEN s.status NOT IN ('INVESTIGATING', 'MITIGATED') THEN s.started_at + s.minutes * interval '2 minutes' END,
       s.impact, s.services, s.tags, s.started_at,
       s.started_at + s.minutes * interval '2 minutes' + interval '3 days', s.declared_by
FROM (SELECT g,
             v.services[1 + floor(random() * array_length(v.services, 1))::int] AS service,
             v.symptoms[1 + floor(random() * array_length(v.symptoms, 1))::int] AS symptom,
             v.causes[1 + floor(random() * array_length(v.causes, 1))::int] AS cause,
             v.detections[1 + floor(random() * array_length(v.detections, 1))::int] AS detection,
             v.impacts[1 + floor(random() * array_length(v.impacts, 1))::int] AS impact,
             10 + floor(random() * 170)::int AS minutes,
             now() - (6 * 365 * 24 * 60) * interval '1 minute' * (1 - g::double precision / c.n) AS started_at,
             CASE
                 WHEN g > c.n - greatest(2, c.n / 500) THEN (ARRAY['INVESTIGATING', 'MITIGATED'])[1 + g % 2]
                 WHEN g > c.n - greatest(4, c.n / 50) THEN (ARRAY['RESOLVED', 'IN_REVIEW'])[1 + g % 2]
                 WHEN random() < 0.88 THEN 'PUBLISHED'
                 ELSE 'RESOLVED'
             END AS status,
             ARRAY(SELECT DISTINCT v.services[1 + floor(random() * array_length(v.services, 1))::int]
                   FROM generate_series(1, 1 + g % 3) ORDER BY 1) AS services,
             ARRAY(SELECT DISTINCT v.tags[1 + floor(random() * array_length(v.tags, 1))::int]
                   FROM generate_series(1, 1 + g % 4) ORDER BY 1) AS tags,
             p.ids[1 + floor(random() * array_length(p.ids, 1))::int] AS declared_by
      FROM (SELECT current_setting('hindsight.seed.count')::int AS n) c
           CROSS JOIN generate_series(1, (SELECT current_setting('hindsight.seed.count')::int)) AS g
           CROSS JOIN seed_vocab v CROSS JOIN seed_people p) s
ORDER BY s.started_at;

-- Timelines: detection first, then actions and updates, an observation last.
INSERT INTO timeline_entry (incident_id, occurred_at, kind, description, created_at, created_by)
SELECT i.id, i.started_at + k * interval '7 minutes',
       CASE WHEN k = 1 THEN 'DETECTION' WHEN k = 3 + i.id % 4 THEN 'OBSERVATION'
            WHEN random() < 0.7 THEN 'ACTION' ELSE 'COMMUNICATION' END,
       format(CASE WHEN k = 1 THEN v.detection_steps[1 + floor(random() * 3)::int]
                   WHEN k = 3 + i.id % 4 THEN v.observation_steps[1 + floor(random() * 4)::int]
                   WHEN random() < 0.7 THEN v.action_steps[1 + floor(random() * 6)::int]
                   ELSE v.communication_steps[1 + floor(random() * 3)::int] END,
              replace(i.affected_services[1], '-', ' ')),
       i.started_at + k * interval '7 minutes', i.declared_by
FROM incident i CROSS JOIN seed_vocab v CROSS JOIN LATERAL generate_series(1, 3 + i.id % 4) AS k
WHERE i.id > current_setting('hindsight.seed.after')::bigint;

-- Postmortems: published with the incident, in review, and drafts for some resolved incidents.
INSERT INTO postmortem (incident_id, template_id, summary, impact, timeline_notes, laugh, learn, fix, share, status,
                        published_at, created_at, updated_at)
SELECT i.id, t.id,
       i.summary || ' It was resolved by ' || lower(v.action_steps[1 + floor(random() * 6)::int]) || '.',
       '### Who was affected' || chr(10) || '- ' || i.customer_impact || chr(10) || '### How long' || chr(10)
           || '- From ' || to_char(i.started_at, 'YYYY-MM-DD HH24:MI') || ' until it was resolved.' || chr(10)
           || '### Data' || chr(10) || '- No data was lost.',
       'The first theory was ' || v.causes[1 + floor(random() * 30)::int] || ', which cost us twenty minutes. '
           || 'Once the graphs of ' || replace(i.affected_services[1], '-', ' ') || ' were side by side the real trigger was obvious.',
       v.laughs[1 + floor(random() * 6)::int],
       '### Contributing factors' || chr(10)
           || (SELECT string_agg(CASE WHEN random() < 0.4 THEN '- [x] ' ELSE '- [ ] ' END || f, chr(10))
               FROM unnest(t.contributing_factors) AS f WHERE i.id > 0) || chr(10)
           || '### What went well' || chr(10) || '- ' || v.detections[1 + floor(random() * 6)::int] || '.' || chr(10)
           || '### Where we got lucky' || chr(10) || '- It happened during office hours.' || chr(10)
           || '### Lessons' || chr(10) || '- ' || v.lessons[1 + floor(random() * 20)::int] || chr(10)
           || '- ' || v.lessons[1 + floor(random() * 20)::int],
       '### Detect' || chr(10) || '- ' || format(v.actions[1 + floor(random() * 18)::int], replace(i.affected_services[1], '-', ' '))
           || chr(10) || '### Prevent' || chr(10) || '- '
           || format(v.actions[1 + floor(random() * 18)::int], replace(i.affected_services[1], '-', ' ')),
       '### Audience' || chr(10) || '- Every team that runs ' || replace(i.affected_services[1], '-', ' ') || '.' || chr(10)
           || '### The short version' || chr(10) || '- ' || i.title || '.',
       CASE i.status WHEN 'PUBLISHED' THEN 'PUBLISHED' WHEN 'IN_REVIEW' THEN 'IN_REVIEW' ELSE 'DRAFT' END,
       CASE WHEN i.status = 'PUBLISHED' THEN i.updated_at END,
       i.resolved_at, i.updated_at
FROM incident i CROSS JOIN seed_vocab v
     JOIN postmortem_template t ON t.position = 1 + i.id % 4
WHERE i.id > current_setting('hindsight.seed.after')::bigint
  AND (i.status IN ('PUBLISHED', 'IN_REVIEW') OR (i.status = 'RESOLVED' AND i.id % 2 = 0));

-- Who wrote them, and who reviewed them (approved when published, pending while in review).
INSERT INTO postmortem_contributor (postmortem_id, user_id, first_edit_at, last_edit_at, edits)
SELECT pm.id, i.declared_by, pm.created_at, pm.updated_at, 1 + floor(random() * 6)::int
FROM postmortem pm JOIN incident i ON i.id = pm.incident_id
WHERE pm.incident_id > current_setting('hindsight.seed.after')::bigint AND i.declared_by IS NOT NULL;

INSERT INTO postmortem_reviewer (postmortem_id, user_id, decision, decided_at, asked_at)
SELECT pm.id, r.reviewer, CASE WHEN pm.status = 'PUBLISHED' THEN 'APPROVED' ELSE 'PENDING' END,
       CASE WHEN pm.status = 'PUBLISHED' THEN pm.published_at END, pm.created_at
FROM postmortem pm JOIN incident i ON i.id = pm.incident_id CROSS JOIN seed_people p
     CROSS JOIN LATERAL (SELECT p.ids[1 + (array_position(p.ids, i.declared_by) + 2 + (pm.id % 5)::int) % array_length(p.ids, 1)]
                         AS reviewer) r
WHERE pm.incident_id > current_setting('hindsight.seed.after')::bigint AND pm.status IN ('PUBLISHED', 'IN_REVIEW')
  AND r.reviewer IS DISTINCT FROM i.declared_by;

-- Action items from the postmortems, owned by several people: old ones mostly done, newer ones open,
-- some overdue, some due in the coming weeks.
INSERT INTO action_item (incident_id, title, owner_id, due_on, priority, status, reason, kind, created_at, updated_at,
                         completed_at)
SELECT a.incident_id, a.title, a.owner_id, a.due_on, a.priority, a.status,
       CASE WHEN a.status = 'WONT_DO' THEN 'Replaced by the platform team''s shared alerting.' ELSE '' END,
       a.kind, a.created_at, a.created_at + interval '1 day',
       CASE WHEN a.status IN ('DONE', 'WONT_DO') THEN a.created_at + interval '12 days' END
FROM (SELECT i.id AS incident_id,
             left(format(v.actions[1 + floor(random() * 18)::int],
                         replace(i.affected_services[1 + (k - 1) % array_length(i.affected_services, 1)], '-', ' ')), 200) AS title,
             p.ids[1 + floor(random() * array_length(p.ids, 1))::int] AS owner_id,
             (i.resolved_at + (14 + floor(random() * 90)::int) * interval '1 day')::date AS due_on,
             (ARRAY['P1', 'P2', 'P2', 'P3'])[1 + floor(random() * 4)::int] AS priority,
             CASE WHEN i.started_at < now() - interval '1 year' THEN
                      (ARRAY['DONE', 'DONE', 'DONE', 'DONE', 'DONE', 'DONE', 'DONE', 'DONE', 'WONT_DO', 'OPEN'])[1 + floor(random() * 10)::int]
                  ELSE (ARRAY['OPEN', 'OPEN', 'IN_PROGRESS', 'DONE', 'DONE'])[1 + floor(random() * 5)::int] END AS status,
             (ARRAY['DETECT', 'MITIGATE', 'PREVENT'])[1 + k % 3] AS kind,
             i.resolved_at AS created_at
      FROM incident i CROSS JOIN seed_vocab v CROSS JOIN seed_people p
           CROSS JOIN LATERAL generate_series(1, 1 + i.id % 4) AS k
      WHERE i.id > current_setting('hindsight.seed.after')::bigint AND i.resolved_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM postmortem pm WHERE pm.incident_id = i.id)) a;

-- Checklists from the library on about a third of the incidents, their items mostly ticked off.
INSERT INTO incident_checklist (incident_id, template_id, slug, attached_at, attached_by)
SELECT i.id, ct.id, ct.slug, i.started_at + interval '1 hour', i.declared_by
FROM incident i
     CROSS JOIN LATERAL (SELECT t.id, t.slug FROM checklist_template t WHERE t.current AND i.id > 0
                         ORDER BY random() LIMIT 1 + i.id % 2) ct
WHERE i.id > current_setting('hindsight.seed.after')::bigint AND i.id % 3 = 0;

INSERT INTO incident_checklist_item (checklist_id, position, text, why, guidance_url, verify_every_days, requires_evidence,
                                     state, note, changed_by, changed_at, reverify_due_at)
SELECT x.checklist_id, x.position, x.text, x.why, x.guidance_url, x.verify_every_days, x.requires_evidence, x.state,
       CASE WHEN x.state = 'DONE' AND x.requires_evidence THEN 'Evidence: see the linked runbook and the drill log.'
            WHEN x.state = 'NOT_APPLICABLE' THEN 'Not part of this system.' ELSE '' END,
       CASE WHEN x.state <> 'OPEN' THEN x.attached_by END,
       CASE WHEN x.state <> 'OPEN' THEN x.changed_at END,
       CASE WHEN x.state = 'DONE' AND x.verify_every_days IS NOT NULL
            THEN x.changed_at + x.verify_every_days * interval '1 day' END
FROM (SELECT c.id AS checklist_id, ti.position, ti.text, ti.why, ti.guidance_url, ti.verify_every_days, ti.requires_evidence,
             c.attached_by, c.attached_at + interval '2 days' AS changed_at,
             CASE WHEN i.status = 'PUBLISHED' AND random() < 0.85 THEN 'DONE'
                  WHEN random() < 0.1 THEN 'NOT_APPLICABLE' ELSE 'OPEN' END AS state
      FROM incident_checklist c JOIN incident i ON i.id = c.incident_id
           JOIN checklist_template_item ti ON ti.template_id = c.template_id
      WHERE c.incident_id > current_setting('hindsight.seed.after')::bigint) x;

-- Statistics first, so that rebuilding each document reads its parts through their indexes.
ANALYZE incident, postmortem, timeline_entry, action_item, incident_checklist, incident_checklist_item;

SELECT search_refresh(ARRAY(SELECT id FROM incident WHERE id > current_setting('hindsight.seed.after')::bigint));
SELECT set_config('hindsight.search_deferred', 'off', true);
