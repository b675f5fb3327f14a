-- Optimistic locking on every record people edit in forms or through the API: a save names the
-- version it started from, and a save over a newer version is refused instead of silently
-- overwriting it. incident, postmortem, action_item and app_user have had a version from the start.
ALTER TABLE timeline_entry ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE incident_checklist_item ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- checklist_template.version numbers the library's published versions of a checklist (each edit is a
-- new row); the row's own lock counter needs another name.
ALTER TABLE checklist_template ADD COLUMN lock_version bigint NOT NULL DEFAULT 0;
