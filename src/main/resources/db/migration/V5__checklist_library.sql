-- Hindsight schema, part 5: the remediation checklist library every installation starts with.
-- Teams edit it afterwards; each edit becomes a new version.

INSERT INTO checklist_template (slug, version, name, failure_pattern) VALUES ('backups-restore-drills', 1, 'Backups and restore drills', 'Data was lost, damaged or at risk, and the way back depended on a backup.');
INSERT INTO checklist_template_item (template_id, position, text, why, guidance_url, verify_every_days, requires_evidence) VALUES
    ((SELECT id FROM checklist_template WHERE slug = 'backups-restore-drills' AND version = 1), 1, 'Automated backups run for every production database', 'A backup nobody has to remember is the only kind that exists on a bad day.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'backups-restore-drills' AND version = 1), 2, 'A restore was actually tested within the last 30 days', 'An untested backup is a hope, not a backup. Restore into a scratch database and check the newest rows.', 'https://www.postgresql.org/docs/current/backup.html', 30, true),
    ((SELECT id FROM checklist_template WHERE slug = 'backups-restore-drills' AND version = 1), 3, 'Backup jobs are monitored and alert when they fail or go stale', 'Backups fail silently; the alert tells you before you need them.', NULL, 90, false),
    ((SELECT id FROM checklist_template WHERE slug = 'backups-restore-drills' AND version = 1), 4, 'The time a full restore takes is known and written down', 'Knowing it takes four hours changes what you promise customers in the first ten minutes.', NULL, NULL, true),
    ((SELECT id FROM checklist_template WHERE slug = 'backups-restore-drills' AND version = 1), 5, 'Backups are stored away from the server they protect', 'A backup on the same disk disappears with it.', NULL, NULL, false);

INSERT INTO checklist_template (slug, version, name, failure_pattern) VALUES ('env-database-targeting', 1, 'Environment and database targeting', 'An application, job or person was connected to another database or environment than everyone believed.');
INSERT INTO checklist_template_item (template_id, position, text, why, guidance_url, verify_every_days, requires_evidence) VALUES
    ((SELECT id FROM checklist_template WHERE slug = 'env-database-targeting' AND version = 1), 1, 'Production connection target verified after each configuration change', 'Read back which host and database the running application uses, not what the change intended.', NULL, NULL, true),
    ((SELECT id FROM checklist_template WHERE slug = 'env-database-targeting' AND version = 1), 2, 'Look-alike database names removed or renamed', 'Names one letter apart will be confused again, by people and by scripts.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'env-database-targeting' AND version = 1), 3, 'The environment is shown in every UI and shell prompt', 'A red PRODUCTION badge makes the wrong window obvious before anything is typed.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'env-database-targeting' AND version = 1), 4, 'Read-only credentials exist for inspecting production', 'Looking should not carry the power to delete.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'env-database-targeting' AND version = 1), 5, 'Destructive statements need a second person or run inside a transaction', 'A pause and a second pair of eyes turn a confused moment into a harmless one.', NULL, 90, false);

INSERT INTO checklist_template (slug, version, name, failure_pattern) VALUES ('auth-token-lifecycle', 1, 'Authentication token lifecycle', 'Sign-in, sessions or tokens misbehaved: people were logged out, saw errors after login, or sessions broke under load.');
INSERT INTO checklist_template_item (template_id, position, text, why, guidance_url, verify_every_days, requires_evidence) VALUES
    ((SELECT id FROM checklist_template WHERE slug = 'auth-token-lifecycle' AND version = 1), 1, 'Token expiry is verified on the server for every request', 'A token that is never checked for expiry is a session that never ends, or ends at random.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'auth-token-lifecycle' AND version = 1), 2, 'Active users get fresh tokens before the old ones expire', 'Sliding renewal keeps working people signed in without a forced logout.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'auth-token-lifecycle' AND version = 1), 3, 'Concurrent refreshes are safe (single-flight, or rotation with an overlap window)', 'Parallel requests that each refresh must not sign each other out.', NULL, NULL, true),
    ((SELECT id FROM checklist_template WHERE slug = 'auth-token-lifecycle' AND version = 1), 4, 'Pages wait for authentication to settle before loading content', 'Content requested before sign-in completes comes back unauthorized.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'auth-token-lifecycle' AND version = 1), 5, 'Logout revokes the session on the server', 'Deleting a cookie in one browser does not end a stolen copy.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'auth-token-lifecycle' AND version = 1), 6, 'Authentication tested across the whole application, not on one page', 'Auth bugs live where pages, tabs and background requests meet.', NULL, NULL, true);

INSERT INTO checklist_template (slug, version, name, failure_pattern) VALUES ('config-deploy-safety', 1, 'Config and deploy change safety', 'A configuration change or deploy caused the incident.');
INSERT INTO checklist_template_item (template_id, position, text, why, guidance_url, verify_every_days, requires_evidence) VALUES
    ((SELECT id FROM checklist_template WHERE slug = 'config-deploy-safety' AND version = 1), 1, 'Configuration changes are reviewed as a diff before they ship', 'The line that pointed production elsewhere is easy to spot in a diff and hard to spot in a form.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'config-deploy-safety' AND version = 1), 2, 'Changes roll out gradually and can be rolled back in minutes', 'A small blast radius and a fast way back make mistakes cheap.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'config-deploy-safety' AND version = 1), 3, 'A smoke test runs against production after every deploy', 'It answers ''is it really working?'' before customers do.', NULL, NULL, true),
    ((SELECT id FROM checklist_template WHERE slug = 'config-deploy-safety' AND version = 1), 4, 'Differences between environments are listed and explained', 'Unknown differences are where ''it worked in staging'' comes from.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'config-deploy-safety' AND version = 1), 5, 'Rollback has been rehearsed recently', 'A rollback that has never been tried is another untested backup.', NULL, 90, true);

INSERT INTO checklist_template (slug, version, name, failure_pattern) VALUES ('general', 1, 'General', 'Any incident: the basics of a good response and a useful postmortem.');
INSERT INTO checklist_template_item (template_id, position, text, why, guidance_url, verify_every_days, requires_evidence) VALUES
    ((SELECT id FROM checklist_template WHERE slug = 'general' AND version = 1), 1, 'The timeline was written down while it was fresh', 'Memories rewrite themselves within days.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'general' AND version = 1), 2, 'Customers and stakeholders were told what happened', 'Silence costs more trust than the incident.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'general' AND version = 1), 3, 'Every action item has an owner and a due date', 'Items without owners are wishes.', NULL, NULL, false),
    ((SELECT id FROM checklist_template WHERE slug = 'general' AND version = 1), 4, 'The postmortem was shared with the teams who can learn from it', 'Someone else is about to make the same mistake.', NULL, NULL, false);
